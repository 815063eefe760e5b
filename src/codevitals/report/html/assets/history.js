// -- history ----------------------------------------------------------------------------------

function historyTab() {
  const h = D.history;
  if (!h) { hideTab("history"); return; }
  const window = h.windowStart ? `the last ${months(h.windowStart, h.asOf)} months` : "all history";
  document.getElementById("history-summary").textContent =
    `${fmt(h.commits)} commits by ${fmt(h.authors)} authors (${fmt(h.activeAuthors)} active); hotspots and coupling from ${fmt(h.windowCommits)} commits in ${window}` +
    (h.shallow ? " · shallow clone: older history is missing" : "");
  const [tf, tfAuthors] = h.truckFactor;
  document.getElementById("history-cards").append(...[
    ["Truck factor", fmt(tf), tf <= 1 ? "alert" : tf === 2 ? "warning" : "healthy"],
    ["Commits in window", fmt(h.windowCommits), ""],
    ["Active authors", fmt(h.activeAuthors), ""],
    ["Surprising couplings", fmt(h.coupling.filter((c) => c[4]).length), ""],
  ].map(card), el("div", { class: "card wide" }, el("div", { class: "label", text: "Truck factor authors" }), el("div", { text: tfAuthors.join(", ") || "none" })));
  hotspotsTable(h);
  couplingTable(h);
  foldersTable(h);
  lossTable();
  contributorsTable(h);
}

function hotspotsTable(h) {
  const rows = h.hotspots.map(([path, score, changes, authors, health, lines]) => ({ path, score, changes, authors, health, lines, search: path.toLowerCase() }));
  const columns = [
    { key: "path", label: "file", render: (v) => fileLink(v) }, { key: "score", label: "score", num: true },
    { key: "changes", label: "changes", num: true }, { key: "authors", label: "authors", num: true },
    { key: "health", label: "health", num: true, render: badge }, { key: "lines", label: "code lines", num: true },
  ];
  filtered(document.getElementById("hotspots-filter"), document.getElementById("hotspots-table"), columns, rows, "score", null, true)();
}

function couplingTable(h) {
  const rows = h.coupling.map(([first, second, degree, shared, surprising]) => ({ first, second, degree, shared, surprising: surprising ? "yes" : "" }));
  sortable(document.getElementById("coupling-table"), [
    { key: "first", label: "file", render: (v) => fileLink(v) }, { key: "second", label: "changes with", render: (v) => fileLink(v) },
    { key: "degree", label: "degree %", num: true }, { key: "shared", label: "shared changes", num: true }, { key: "surprising", label: "surprising" },
  ], rows, "degree", true);
}

function foldersTable(h) {
  const rows = h.folders.map(([folder, files, tf, tfAuthors, islands, main, mainShare, inactive]) => ({
    folder: folder || "(top level)", files, tf, authors: tfAuthors.join(", "), islands, main: main || "n/a", mainShare, inactive }));
  sortable(document.getElementById("folders-table"), [
    { key: "folder", label: "folder" }, { key: "files", label: "files", num: true }, { key: "tf", label: "truck factor", num: true },
    { key: "authors", label: "held by" }, { key: "islands", label: "islands", num: true },
    { key: "main", label: "main author" }, { key: "mainShare", label: "main share", num: true, render: share },
    { key: "inactive", label: "by inactive authors", num: true, render: share },
  ], rows, "tf");
}

function lossTable() {
  const rows = D.files.filter((f) => f.history && f.history.mainInactive).map((f) => ({
    path: f.path, main: f.history.authors.length ? f.history.authors[0][0] : "n/a", inactive: f.history.inactiveShare, lines: f.codeLines, health: f.health }));
  sortable(document.getElementById("loss-table"), [
    { key: "path", label: "file", render: (v) => fileLink(v) }, { key: "main", label: "main author" },
    { key: "inactive", label: "lines by inactive authors", num: true, render: share }, { key: "lines", label: "code lines", num: true },
    { key: "health", label: "health", num: true, render: badge },
  ], rows, "lines", true);
}

function contributorsTable(h) {
  const rows = h.contributors.map(([name, commits, lines, last, active]) => ({ name, commits, lines, last: date(last), active: active ? "yes" : "no" }));
  sortable(document.getElementById("contributors-table"), [
    { key: "name", label: "author" }, { key: "commits", label: "commits", num: true }, { key: "lines", label: "lines added", num: true },
    { key: "last", label: "last commit" }, { key: "active", label: "active" },
  ], rows, "commits", true);
}

function fileHistoryItems(f) {
  // The history of one file for its detail pane: changes, authors, what changes with it.
  const h = f.history;
  if (!h) return [];
  const spot = D.history.hotspots.find((s) => s[0] === f.path);
  const coupled = D.history.coupling.filter((c) => c[0] === f.path || c[1] === f.path);
  return [
    el("h2", { text: "History" }),
    el("p", {}, `${fmt(h.changes)} changes in the window, ${fmt(h.commits)} commits in all · last change ${fmt(h.age, 1)} months ago · created by `, h.creator, ` on ${date(h.created)}`),
    el("ul", { class: "ranked" }, h.authors.map(([name, part, commits]) => el("li", {}, el("strong", { text: name }),
      el("span", { class: "why", text: ` ${share(part)} of the lines · ${fmt(commits)} commits` + (name === h.authors[0][0] && h.mainInactive ? " · no longer active" : "") })))),
    ...(h.authorCount > h.authors.length ? [el("p", { class: "muted", text: `and ${h.authorCount - h.authors.length} more authors` })] : []),
    ...(spot && spot[6].length ? [el("h2", { text: "Functions that changed most" }), el("ul", { class: "ranked" }, spot[6].slice(0, 8).map(([name, line, , changes, authors, health]) =>
      el("li", {}, badge(health), " ", el("strong", { text: name }), el("span", { class: "why", text: ` line ${line} · ${changes} changes by ${authors} authors` }))))] : []),
    ...(coupled.length ? [el("h2", { text: "Changes together with" }), el("ul", { class: "ranked" }, coupled.map((c) => {
      const other = c[0] === f.path ? c[1] : c[0];
      return el("li", {}, fileLink(other), el("span", { class: "why", text: ` ${fmt(c[2], 0)} % of changes · ${c[3]} shared` + (c[4] ? " · surprising" : "") }));
    }))] : []),
  ];
}
