/*
 * The reader's weights: a form on the rankings and comparison pages that recomputes every composite score,
 * margin and verdict with weights the reader sets, from the page's JSON twin, with the methodology's
 * formula (generator/scoring.py: composite_of, margin_of, close_call_margin):
 *
 *   composite = round1(sum(w * points) / sum(w))      over the components with data, in the twin's order
 *   coverage  = sum(w over components with data) / sum(w)
 *   margin    = round1(base + per_missing_weight * (1 - coverage) + per_missing_evidence * (1 - evidence / 100))
 *   too close = |a - b| <= round1(sqrt(margin_a^2 + margin_b^2))
 *   a lead    = beyond that, and the same way beyond it on the components both have data for
 *
 * round1 rounds halves up, as the build does. Weights live in the URL (`?model.adoption=40`), so a view
 * can be shared. Without JavaScript the form stays hidden and the page shows the build's numbers.
 */
(function () {
  "use strict";

  function round1(x) {
    return Math.floor(x * 10 + 0.5) / 10;
  }

  function fmt(x) {
    return x.toFixed(1);
  }

  // The same loop as the build: sums in the order of the components, nothing reordered.
  function composite(points, weights, order) {
    var total = 0, covered = 0, sum = 0;
    for (var i = 0; i < order.length; i++) {
      var name = order[i];
      if (!(name in weights)) continue;
      total += weights[name];
      if (points[name] === null || points[name] === undefined) continue;
      covered += weights[name];
      sum += weights[name] * points[name];
    }
    if (!covered || !total) return { score: null, coverage: 0 };
    return { score: round1(sum / covered), coverage: covered / total };
  }

  function margin(coverage, evidence, m) {
    return round1(m.base_points + m.per_missing_weight * (1 - coverage) + m.per_missing_evidence * (1 - evidence / 100));
  }

  // Compared in whole tenths, as the build does (generator/verdict.py: beyond): 90.5 - 70.1 is not beyond 20.4.
  function beyond(difference, margin) {
    return Math.round(Math.abs(difference) * 10) > Math.round(margin * 10);
  }

  function closeCall(a, b) {
    return round1(Math.sqrt(a * a + b * b));
  }

  function scoreText(s) {
    return s.score === null ? "no data" : fmt(s.score) + " ± " + fmt(s.margin);
  }

  // An untouched field keeps the build's weight exactly (33.3 / 100 need not be the same number as 0.333).
  function weightsOf(form, type, defaults) {
    var out = {};
    form.querySelectorAll("input[name^='" + type + ".']").forEach(function (input) {
      var name = input.name.slice(type.length + 1), value = parseFloat(input.value);
      if (input.value === input.defaultValue && name in defaults) out[name] = defaults[name];
      else out[name] = isFinite(value) && value >= 0 ? value / 100 : 0;
    });
    return out;
  }

  function score(entry, weights, scoring) {
    var c = composite(entry.points, weights, scoring.order);
    return { score: c.score, coverage: c.coverage, margin: margin(c.coverage, entry.evidence, scoring.margin) };
  }

  function text(cell) {
    return (cell ? cell.textContent : "").replace(/\s+/g, " ").trim();
  }

  function entityId(row) {
    var link = row.querySelector("a[href*='entities/']");
    var m = link && link.getAttribute("href").match(/entities\/([a-z0-9-]+)\/?(?:index\.html)?$/);
    return m ? m[1] : null;
  }

  // ---- the rankings page: every table of scores, re-ranked ------------------------------------------

  function rerank(form, twin) {
    document.querySelectorAll("article table").forEach(function (table) {
      var body = table.tBodies[0];
      if (!body) return;
      var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return entityId(r) in twin.entities; });
      if (!rows.length) return;
      var scored = rows.map(function (row) {
        var id = entityId(row), entry = twin.entities[id];
        var s = score(entry, weightsOf(form, entry.type, twin.scoring.weights[entry.type]), twin.scoring);
        row.cells[2].textContent = s.score === null ? "no data" : fmt(s.score);
        row.cells[3].textContent = s.score === null ? "no data" : fmt(s.margin);
        row.cells[4].textContent = Math.round(s.coverage * 100) + "%";
        row.setAttribute("data-score", s.score === null ? "" : String(s.score));
        return { row: row, s: s, name: entry.name, id: id };
      });
      scored.sort(function (x, y) {
        if ((x.s.score === null) !== (y.s.score === null)) return x.s.score === null ? 1 : -1;
        if (x.s.score !== y.s.score) return y.s.score - x.s.score;
        if (x.name !== y.name) return x.name < y.name ? -1 : 1;
        return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
      });
      scored.forEach(function (item, i) {
        item.row.cells[0].textContent = String(i + 1);
        body.appendChild(item.row);
      });
    });
  }

  // ---- a comparison page: both scores and the score verdict ------------------------------------------

  // Each side's composite over the components both have data for (generator/verdict.py: common_ground):
  // a lead counts only when these give it too.
  function commonGround(points, weights, order) {
    var shared = {}, one = {}, other = {};
    Object.keys(points[0]).forEach(function (k) {
      if (points[0][k] === null || points[1][k] === null || points[1][k] === undefined) return;
      shared[k] = true;
    });
    [one, other].forEach(function (out, i) {
      Object.keys(weights[i]).forEach(function (k) { if (shared[k]) out[k] = weights[i][k]; });
    });
    return [composite(points[0], one, order).score, composite(points[1], other, order).score];
  }

  function compare(form, twin) {
    var ids = [twin.a, twin.b], scores = {}, points = [], weights = [];
    ids.forEach(function (id) {
      var entry = twin.scores[id], mine = {}, defaults = {};
      Object.keys(entry.components).forEach(function (k) {
        mine[k] = entry.components[k].value;
        defaults[k] = entry.components[k].weight;
      });
      points.push(mine);
      weights.push(weightsOf(form, twin.types[id], defaults));
      scores[id] = score({ points: mine, evidence: entry.evidence }, weights[weights.length - 1], twin.scoring);
    });
    document.querySelectorAll("article .versus-matrix table tbody tr").forEach(function (row) {
      if (text(row.cells[0]).indexOf("Composite score") !== 0) return;
      ids.forEach(function (id, i) {
        var cell = row.cells[i + 1], s = scores[id];
        var target = cell.querySelector("a") || cell;
        target.textContent = s.score === null ? "no data" :
          scoreText(s) + " / 100 (data for " + Math.round(s.coverage * 100) + "% of the weight)";
      });
    });
    var out = form.querySelector(".versus-weights__verdict");
    if (!out) return;
    var a = scores[twin.a], b = scores[twin.b], names = twin.names;
    if (!twin.verdict.same_kind) return;
    var leader = null, sentence, m = closeCall(a.margin, b.margin), diff = a.score - b.score;
    if (a.score === null || b.score === null) {
      sentence = "With your weights, one of the two has no scored data.";
    } else if (!beyond(diff, m)) {
      sentence = "With your weights: " + names[twin.a] + " " + scoreText(a) + ", " + names[twin.b] + " " +
        scoreText(b) + "; too close to call (the combined margin is " + fmt(m) + ").";
    } else {
      var lead = diff > 0 ? twin.a : twin.b, trail = diff > 0 ? twin.b : twin.a;
      var common = commonGround(points, weights, twin.scoring.order);
      var gLead = diff > 0 ? common[0] : common[1], gTrail = diff > 0 ? common[1] : common[0];
      var scores2 = scoreText(diff > 0 ? a : b) + " against " + scoreText(diff > 0 ? b : a) + " for " + names[trail];
      var ahead = "With your weights, " + names[lead] + " is ahead by more than the combined margin of " + fmt(m) +
        ", " + scores2;
      if (gLead !== null && gTrail !== null && gLead > gTrail && beyond(gLead - gTrail, m)) {
        leader = lead;
        sentence = "With your weights, " + names[leader] + " scores higher: " + scores2 + " (combined margin " +
          fmt(m) + ").";
      } else if (gLead === null || gTrail === null) {
        sentence = ahead + ", but nothing both have data for carries weight: no score lead.";
      } else {
        sentence = ahead + ", but not on the components both have data for (" + names[lead] + " " + fmt(gLead) +
          ", " + names[trail] + " " + fmt(gTrail) + (gTrail > gLead && beyond(gTrail - gLead, m) ?
            ", where " + names[trail] + " is ahead by more than that margin" : "") + "): no score lead.";
      }
    }
    if (leader !== twin.verdict.leader)
      sentence += " This differs from the verdict with the site's weights.";
    out.textContent = sentence;
    out.setAttribute("data-leader", leader || "");
  }

  // ---- the form --------------------------------------------------------------------------------------

  function fromUrl(form) {
    var params = new URLSearchParams(window.location.search);
    form.querySelectorAll("input[type=number]").forEach(function (input) {
      var value = params.get(input.name);
      if (value !== null && isFinite(parseFloat(value))) input.value = value;
    });
  }

  function toUrl(form) {
    var params = new URLSearchParams(window.location.search);
    form.querySelectorAll("input[type=number]").forEach(function (input) {
      if (input.value === input.defaultValue) params.delete(input.name);
      else params.set(input.name, input.value);
    });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function setUp(form) {
    if (form.dataset.ready) return;
    var link = document.querySelector("a.versus-twin");
    if (!link) return;
    form.dataset.ready = "1";
    fetch(link.href).then(function (response) { return response.json(); }).then(function (twin) {
      var update = twin.entities ? function () { rerank(form, twin); } : function () { compare(form, twin); };
      fromUrl(form);
      form.hidden = false;
      form.addEventListener("input", function () { toUrl(form); update(); });
      form.addEventListener("reset", function () {
        window.setTimeout(function () { toUrl(form); update(); }, 0);
      });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      update();
      form.setAttribute("data-computed", "1");
    });
  }

  function run() {
    document.querySelectorAll("form.versus-weights").forEach(setUp);
  }

  if (typeof document$ !== "undefined") document$.subscribe(run);
  else document.addEventListener("DOMContentLoaded", run);
})();
