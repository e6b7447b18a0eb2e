/*
 * Site search: Material's header box and results panel (partials/search.html) on Pagefind's index
 * (pagefind/ at the site root, written after the build by generator/search_index.py).
 *
 * Nothing is downloaded until the reader starts a search (focus, a key, the search button): then
 * pagefind.js loads its WebAssembly, its metadata and only the index chunks the query's words need, and
 * each shown result fetches its own small fragment. Keys as in Material: "/", "s" or "f" open the box,
 * arrows move through the results, Enter follows one, Escape closes.
 *
 * A result lists the page, then its best-matching sections (headings with an id), best first: on the
 * FAQ pages that is the entry whose error text the reader pasted. Titles and excerpts are set as text
 * (only Pagefind's <mark> around matched words becomes markup): page content is untrusted.
 *
 * The results element carries data-query (the query its contents answer) for the browser tests.
 */
(function () {
  "use strict";
  var ROOT = new URL("../../", document.currentScript.src);   // this file is assets/javascripts/search.js
  var SHOWN = 10;       // results rendered at once; the next ten when the reader scrolls to the end
  var SECTIONS = 3;     // sections listed under a page; more behind "N more on this page"
  var DEBOUNCE_MS = 120;

  var config = JSON.parse(document.getElementById("__config").textContent);
  function t(key, n) {
    var text = (config.translations || {})[key] || "";
    return n === undefined ? text : text.replace("#", String(n));
  }

  var engine = null;
  function pagefind() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", ROOT).href).then(function (pf) {
        return pf.options({ baseUrl: ROOT.pathname, excerptLength: 24 }).then(function () {
          pf.init();
          return pf;
        });
      });
    }
    return engine;
  }

  // Pagefind's excerpts are escaped text with <mark> around matches: rebuild them as nodes.
  var decoder = document.createElement("textarea");
  function excerpt(html) {
    var p = document.createElement("p");
    var marked = false;
    html.split(/(<\/?mark>)/).forEach(function (part) {
      if (part === "<mark>") { marked = true; return; }
      if (part === "</mark>") { marked = false; return; }
      decoder.innerHTML = part;
      var text = document.createTextNode(decoder.value);
      if (marked) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        p.appendChild(mark);
      } else {
        p.appendChild(text);
      }
    });
    return p;
  }

  function link(url, title, text, parent) {
    var a = document.createElement("a");
    a.href = url;
    a.className = "md-search-result__link";
    a.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    if (parent) {
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      article.appendChild(icon);
    }
    var heading = document.createElement(parent ? "h1" : "h2");
    heading.textContent = title;
    article.appendChild(heading);
    if (text) article.appendChild(excerpt(text));
    a.appendChild(article);
    return a;
  }

  // What a reader pastes is mostly an error message: drop English stop words (each would match, by
  // prefix, most words of every page and download index chunks for nothing) when other words are left,
  // and read a command-line option "--flag" as "flag".
  var STOP = new Set(("a able about across after all almost also am among an and any are as at be because " +
    "been but by can cannot could dear did do does either else ever every for from get got had has have he " +
    "her hers him his how however i if in into is it its just least let like likely may me might most must " +
    "my neither no nor not of off often on only or other our own rather said say says she should since so " +
    "some than that the their them then there these they this tis to too twas us wants was we were what " +
    "when where which while who whom why will with would yet you your").split(" "));
  function normalise(query) {
    var words = query.replace(/(^|\s)-{2,}(?=\S)/g, "$1").split(/\s+/).filter(Boolean);
    var kept = words.filter(function (w) { return !STOP.has(bare(w)); });
    return (kept.length ? kept : words).join(" ");
  }
  function bare(word) {
    return word.toLowerCase().replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
  }

  // A section's score: first how many of the query's words it holds in full (or as a part of an
  // identifier: `cuda` in `torch.cuda`), then, for each query word, its best match there (a word only
  // begun, `in` in `into`, counts a fifth). So the entry that holds the whole pasted error comes before
  // one that shares most of it under a heavier heading, and a section that repeats one word many
  // times gains nothing from the repetition.
  function scorer(content, terms) {
    var words = content.split(/\s+/);
    function whole(word, t) {
      return word === t || word.split(/[^a-z0-9]+/).indexOf(t) >= 0 || (/[^a-z0-9]/.test(t) && word.indexOf(t) >= 0);
    }
    return function (section) {
      var full = {}, best = {};
      section.weighted_locations.forEach(function (w) {
        var word = bare(words[w.location] || "");
        terms.forEach(function (t) {
          var isWhole = whole(word, t);
          if (isWhole) full[t] = true;
          var value = w.balanced_score * (isWhole ? 1 : 0.2);
          if (isWhole || word.indexOf(t) >= 0) best[t] = Math.max(best[t] || 0, value);
        });
      });
      var sum = Object.keys(best).reduce(function (total, t) { return total + best[t]; }, 0);
      return [Object.keys(full).length, sum];
    };
  }

  function item(data, terms) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var title = (data.meta && data.meta.title) || data.url;
    var score = scorer(data.content, terms);
    var sections = data.sub_results.filter(function (s) { return s.anchor && s.url !== data.url; })
      .map(function (s) { return { s: s, score: score(s) }; })
      .sort(function (x, y) { return (y.score[0] - x.score[0]) || (y.score[1] - x.score[1]); })
      .map(function (x) { return x.s; });
    li.appendChild(link(data.url, title, sections.length ? "" : data.excerpt, true));
    sections.slice(0, SECTIONS).forEach(function (s) { li.appendChild(link(s.url, s.title, s.excerpt, false)); });
    var more = sections.slice(SECTIONS);
    if (more.length) {
      var details = document.createElement("details");
      details.className = "md-search-result__more";
      var summary = document.createElement("summary");
      summary.tabIndex = -1;
      var label = document.createElement("div");
      label.textContent = more.length === 1 ? t("search.result.more.one") : t("search.result.more.other", more.length);
      summary.appendChild(label);
      details.appendChild(summary);
      more.forEach(function (s) { details.appendChild(link(s.url, s.title, s.excerpt, false)); });
      li.appendChild(details);
    }
    return li;
  }

  function terms(query) {
    return normalise(query).split(/\s+/).map(bare).filter(Boolean);
  }

  function mount(root) {
    if (!root || root.dataset.mounted) return;
    root.dataset.mounted = "true";
    var toggle = document.getElementById("__search");
    var form = root.querySelector("form");
    var input = root.querySelector(".md-search__input");
    var output = root.querySelector(".md-search-result");
    var meta = output.querySelector(".md-search-result__meta");
    var list = output.querySelector(".md-search-result__list");
    var scroll = root.querySelector(".md-search__scrollwrap");
    var asked = 0;       // queries started, so a slow answer never replaces a newer one
    var pending = [];    // results found but not yet rendered
    var timer = null;

    function show(query, results, seq) {
      pending = results.slice(SHOWN);
      return Promise.all(results.slice(0, SHOWN).map(function (r) { return r.data(); })).then(function (all) {
        if (seq !== asked) return;
        list.replaceChildren.apply(list, all.map(function (d) { return item(d, terms(query)); }));
        meta.textContent = results.length === 0 ? t("search.result.none")
          : results.length === 1 ? t("search.result.one") : t("search.result.other", results.length);
        output.dataset.query = query;
      });
    }

    function more() {
      if (!pending.length) return;
      var next = pending.slice(0, SHOWN);
      pending = pending.slice(SHOWN);
      Promise.all(next.map(function (r) { return r.data(); })).then(function (all) {
        all.forEach(function (d) { list.appendChild(item(d, terms(input.value))); });
      });
    }

    function run() {
      var query = input.value.trim();
      var seq = ++asked;
      if (!query) {
        pending = [];
        list.replaceChildren();
        meta.textContent = t("search.result.placeholder");
        output.dataset.query = "";
        return;
      }
      pagefind().then(function (pf) { return pf.search(normalise(query)); }).then(function (found) {
        if (seq === asked && found) return show(query, found.results, seq);
      }).catch(function (error) {
        meta.textContent = t("search.result.none");
        console.error("search:", error);
      });
    }

    function open() {
      toggle.checked = true;
      pagefind();
    }

    function close() {
      toggle.checked = false;
      input.blur();
    }

    input.addEventListener("focus", open);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { run(); input.focus(); }); });
    toggle.addEventListener("change", function () {
      if (toggle.checked) { input.focus(); } else { input.blur(); }
    });
    scroll.addEventListener("scroll", function () {
      if (scroll.scrollTop + scroll.clientHeight >= scroll.scrollHeight - 16) more();
    });

    // Keys while the search is open: arrows walk the result links, Enter follows, Escape closes.
    root.addEventListener("keydown", function (ev) {
      var links = Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
      var at = links.indexOf(document.activeElement);
      if (ev.key === "Escape") {
        close();
        ev.preventDefault();
      } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!links.length) return;
        var step = ev.key === "ArrowDown" ? 1 : -1;
        var next = at === -1 ? (step > 0 ? 0 : links.length - 1) : at + step;
        if (next < 0 || next >= links.length) { input.focus(); } else { links[next].focus(); }
        ev.preventDefault();
      } else if (ev.key === "Enter" && document.activeElement === input && links.length) {
        links[0].click();
        ev.preventDefault();
      }
    });
  }

  // "/", "s" or "f" anywhere but in a field open the search box (as in Material).
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (["/", "s", "f"].indexOf(ev.key) === -1) return;
    var target = ev.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var input = document.querySelector("[data-versus-search] .md-search__input");
    if (!input) return;
    ev.preventDefault();
    document.getElementById("__search").checked = true;
    input.focus();
    input.select();
  });

  // base.html drops the theme's autocomplete="off" on its checkbox toggles (invalid there), which kept a
  // browser from restoring an open drawer or search on Back: clear both now and on a page from the cache.
  function clearToggles() {
    ["__drawer", "__search"].forEach(function (id) {
      var toggle = document.getElementById(id);
      if (toggle) toggle.checked = false;
    });
  }
  clearToggles();
  addEventListener("pageshow", function (event) { if (event.persisted) clearToggles(); });

  // Material's document$ emits on every page shown, instant navigation included: mount on each.
  function mountAll() { mount(document.querySelector("[data-versus-search]")); }
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(mountAll);
  } else {
    mountAll();
  }
})();
