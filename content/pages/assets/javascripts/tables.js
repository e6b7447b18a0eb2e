/*
 * Sortable tables, as Material's docs show for tablesort (reference/data-tables/#sortable-tables):
 * re-run on every page through `document$`, so instant navigation keeps working too.
 *
 * Which tables: those in the article with a header row whose every cell is named and at least two
 * body rows. A table inside `.versus-matrix` is a side-by-side matrix (a comparison page): its rows
 * are features in a deliberate order, so it stays as it is.
 *
 * Numbers: a column whose present values are all numbers ("63.4", "85%", "12") sorts as numbers, by a
 * `data-sort` value taken from the cell, so a citation mark after the number cannot change it.
 * Missing values ("no data", an em dash, an empty cell) always sort last, in both directions: a
 * missing value is not a zero, and a table sorted by score should not open with the unknowns.
 */
(function () {
  "use strict";
  var MISSING = /^(no data|n\/a|—|–|-|)$/i;
  var NUMBER = /^[-+]?\d[\d,]*(?:\.\d+)?\s*%?$/;

  function text(cell) {
    return (cell ? cell.textContent : "").replace(/\s+/g, " ").trim();
  }

  function isMissing(cell) {
    return MISSING.test(text(cell));
  }

  function numberOf(cell) {
    // The first number in the cell, without thousands separators or trailing citation marks.
    var m = text(cell).replace(/\[\d+\]/g, "").match(/^[-+]?\d[\d,]*(?:\.\d+)?/);
    return m ? m[0].replace(/,/g, "") : null;
  }

  function sortable(table) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head || !table.tBodies.length || table.tBodies[0].rows.length < 2) return false;
    if (table.closest(".versus-matrix")) return false;
    for (var i = 0; i < head.cells.length; i++)
      if (!text(head.cells[i])) return false;
    return true;
  }

  function prepare(table) {
    var head = table.tHead.rows[table.tHead.rows.length - 1];
    var rows = table.tBodies[0].rows;
    for (var c = 0; c < head.cells.length; c++) {
      var present = 0, numeric = true;
      for (var r = 0; r < rows.length && numeric; r++) {
        var cell = rows[r].cells[c];
        if (isMissing(cell)) continue;
        present++;
        numeric = NUMBER.test(text(cell).replace(/\s*\[\d+\]$/, ""));
      }
      if (!present || !numeric) continue;
      head.cells[c].setAttribute("data-sort-method", "number");
      for (r = 0; r < rows.length; r++) {
        var value = rows[r].cells[c] && !isMissing(rows[r].cells[c]) && numberOf(rows[r].cells[c]);
        if (value) rows[r].cells[c].setAttribute("data-sort", value);
      }
    }
    // After every sort, move the rows without a value in the sorted column to the end, in order.
    table.addEventListener("afterSort", function () {
      var sorted = head.querySelector("[aria-sort]");
      if (!sorted) return;
      var col = sorted.cellIndex;
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.filter.call(body.rows, function (row) { return isMissing(row.cells[col]); })
          .forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  document$.subscribe(function () {
    if (typeof Tablesort === "undefined") return;
    document.querySelectorAll("article table:not([class])").forEach(function (table) {
      if (table.hasAttribute("data-versus-sortable") || !sortable(table)) return;
      table.setAttribute("data-versus-sortable", "");
      prepare(table);
      new Tablesort(table);
    });
  });
})();
