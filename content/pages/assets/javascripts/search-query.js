/*
 * Normalise what a reader types into the search box before Material's search worker sees it.
 *
 * Material appends a trailing wildcard to every query term ("cuda" -> "cuda*"), and Lunr runs
 * wildcard terms past its pipeline, stop-word filter included. A pasted error message therefore
 * searches for "a*", "in*", "with*", "all*"..., which match hundreds of unrelated words and let the
 * entry with the longest heading win over the entry whose text was pasted. And Lunr reads a leading
 * "-" as "must not contain", so "--skip-torch-cuda-test" is a query syntax error and finds nothing.
 *
 * So, for search queries only:
 *   - "--flag" becomes "flag" (command-line options are common in error messages);
 *   - Lunr's own English stop words are dropped when at least one other word is left.
 * A single leading "-" (exclude) or "+" (require) typed on purpose still works.
 *
 * Material posts {type: 2 (QUERY), data: "<text>"} to its worker
 * (src/templates/assets/javascripts/integrations/search/worker/message); the theme version is
 * pinned in pyproject.toml, and tests/browser/test_search.py fails if this stops working.
 */
(function () {
  "use strict";
  if (typeof Worker === "undefined") return;
  var QUERY = 2;
  var STOP = new Set(("a able about across after all almost also am among an and any are as at be because " +
    "been but by can cannot could dear did do does either else ever every for from get got had has have he " +
    "her hers him his how however i if in into is it its just least let like likely may me might most must " +
    "my neither no nor not of off often on only or other our own rather said say says she should since so " +
    "some than that the their them then there these they this tis to too twas us wants was we were what " +
    "when where which while who whom why will with would yet you your").split(" "));

  function normalise(query) {
    var words = query.replace(/(^|\s)-{2,}(?=\S)/g, "$1").split(/\s+/).filter(Boolean);
    var kept = words.filter(function (w) {
      return !STOP.has(w.toLowerCase().replace(/^[^\w]+|[^\w]+$/g, ""));
    });
    return (kept.length ? kept : words).join(" ");
  }

  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      var args = Array.prototype.slice.call(arguments);
      args[0] = { type: QUERY, data: normalise(message.data) };
      return post.apply(this, args);
    }
    return post.apply(this, arguments);
  };
})();
