// -- overview -----------------------------------------------------------------------------

function overview() {
  const s = D.summary;
  const cards = [
    ["Code health", fmt(s.health, 1), band(s.health)],
    ["Healthy files", fmt(s.bands[0]), "healthy"],
    ["Warning files", fmt(s.bands[1]), "warning"],
    ["Alert files", fmt(s.bands[2]), "alert"],
    ["Test health", fmt(s.testHealth, 1), band(s.testHealth)],
    ["Code lines", fmt(s.codeLines), ""],
    ["Biomarkers", fmt(s.biomarkers), ""],
    ["Duplicated lines", fmt(s.duplicatedLines), ""],
    ...historyCards(),
    ...dependencyCards(),
    ...trendCards(),
  ];
  document.getElementById("cards").append(...cards.map(card));
  languages();
  planPanel();
  distribution();
  worstFiles();
  worstFunctions();
}

function languages() {
  const s = D.summary;
  const files = (n) => (n === 1 ? "1 file" : `${fmt(n)} files`);
  const analysed = s.languages.map(([name, n, lines]) => `${name} ${files(n)} (${fmt(lines)} code lines)`).join(", ");
  const missing = s.unanalysed.map(([name, n]) => `${name} ${files(n)}`).join(", ");
  const text = (analysed ? `Languages: ${analysed}` : "") + (missing ? `${analysed ? " · " : ""}present but not analysed: ${missing}` : "");
  document.getElementById("languages").textContent = text;
}

function card([label, value, tone]) {
  return el("div", { class: "card" }, el("div", { class: `value h-${tone}`, text: value }), el("div", { class: "label", text: label }));
}

function historyCards() {
  const h = D.history;
  if (!h) return [];
  const tf = h.truckFactor[0];
  return [["Truck factor", fmt(tf), tf <= 1 ? "alert" : tf === 2 ? "warning" : "healthy"], ["Hotspots", fmt(h.hotspots.length), ""]];
}

function dependencyCards() {
  const d = D.dependencies;
  if (!d) return [];
  return d.cards.overview; // worded by the report, unknowns included: never green while any is unknown
}

function distribution() {
  const buckets = Array.from({ length: 9 }, (_, i) => ({ from: i + 1, files: 0, lines: 0 }));
  for (const f of production) {
    const bucket = buckets[Math.min(8, Math.floor(f.health) - 1)];
    bucket.files += 1;
    bucket.lines += f.codeLines;
  }
  const most = Math.max(1, ...buckets.map((b) => b.lines));
  const rows = buckets.reverse().map((b) => el("div", { class: "dist-row" },
    el("span", { text: `${b.from}–${b.from + 1}` }),
    el("div", { class: "dist-bar", style: `width:${(100 * b.lines / most).toFixed(1)}%;background:${color(b.from + 0.5)}` + (b.files ? "" : ";min-width:0"),
      role: "img", "aria-label": `${b.files} files, ${b.lines} code lines with health ${b.from} to ${b.from + 1}` }),
    el("span", { class: "muted", text: b.files === 1 ? "1 file" : `${b.files} files` })));
  document.getElementById("distribution").append(...rows);
}

function worstFiles() {
  const worst = production.filter((f) => f.health < 10).sort((a, b) => a.health - b.health || b.codeLines - a.codeLines).slice(0, TOP);
  const list = document.getElementById("worst-files");
  if (!worst.length) list.append(el("li", { text: "No biomarkers in production code." }));
  for (const f of worst) {
    list.append(el("li", {}, badge(f.health), " ",
      el("button", { class: "linklike path", type: "button", text: f.path, onclick: () => openFile(f) }),
      el("div", { class: "why", text: `${fmt(f.codeLines)} code lines · ${tally(f.biomarkers)}` })));
  }
}

function allFunctions(files) {
  const out = [];
  for (const f of files) for (const fn of f.functions) out.push([fn, f]);
  return out;
}

function worstFunctions() {
  const ranked = allFunctions(production).filter(([fn]) => fn[FN.health] < 10)
    .sort((a, b) => a[0][FN.health] - b[0][FN.health] || b[0][FN.code_lines] - a[0][FN.code_lines]).slice(0, TOP);
  const list = document.getElementById("worst-functions");
  for (const [fn, f] of ranked) {
    const marks = f.biomarkers.filter((b) => b[BM.function] === f.functions.indexOf(fn));
    list.append(el("li", {}, badge(fn[FN.health]), " ", el("strong", { text: fn[FN.name] }), " ",
      el("button", { class: "linklike path", type: "button", text: `${f.path}:${fn[FN.line]}`, onclick: () => openFile(f) }),
      el("div", { class: "why", text: marks.map((b) => `${rule(b[BM.code]).name} ${fmt(b[BM.value])}`).join(", ") })));
  }
}
