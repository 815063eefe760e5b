"use strict";
// codevitals fleet report: the page is rendered on the server with every string escaped;
// this script only sorts tables (by a cell's data-value, else its text) and switches theme.
(function () {
  function key(cell) {
    const raw = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
    const number = Number(raw.replace(/,/g, ""));
    return raw !== "" && !Number.isNaN(number) ? number : raw.toLowerCase();
  }

  function sortBy(table, column, header) {
    const body = table.tBodies[0];
    const ascending = header.getAttribute("aria-sort") !== "ascending";
    const rows = [...body.rows].sort((a, b) => {
      const x = key(a.cells[column]), y = key(b.cells[column]);
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    for (const th of table.tHead.rows[0].cells) th.setAttribute("aria-sort", "none");
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    body.replaceChildren(...rows);
  }

  for (const table of document.querySelectorAll("table.sortable")) {
    [...table.tHead.rows[0].cells].forEach((th, column) => {
      th.setAttribute("aria-sort", "none");
      th.querySelector("button").addEventListener("click", () => sortBy(table, column, th));
    });
  }

  document.getElementById("theme").addEventListener("click", () => {
    const root = document.documentElement;
    const dark = root.dataset.theme ? root.dataset.theme === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
    root.dataset.theme = dark ? "light" : "dark";
  });
})();
