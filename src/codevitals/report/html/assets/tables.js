// -- tables -------------------------------------------------------------------------------

function filesTab() {
  const rows = D.files.map((f) => ({ path: f.path, language: f.language, test: f.test, health: f.health, lines: f.codeLines, functions: f.functions.length,
    biomarkers: f.biomarkers.length, file: f, search: f.path.toLowerCase() }));
  const columns = [
    { key: "path", label: "file", render: (v, r) => el("button", { class: "linklike path", type: "button", text: v, onclick: () => openFile(r.file) }) },
    { key: "language", label: "language" },
    { key: "health", label: "health", num: true, render: badge }, { key: "lines", label: "code lines", num: true },
    { key: "functions", label: "functions", num: true }, { key: "biomarkers", label: "biomarkers", num: true },
  ];
  const tests = document.getElementById("files-tests");
  const language = languageFilter("files-language");
  const apply = filtered(document.getElementById("files-filter"), document.getElementById("files-table"), columns, rows, "health",
    (r) => (tests.checked || !r.test) && language.matches(r.file));
  tests.addEventListener("change", apply);
  language.select.addEventListener("change", apply);
  apply();
}

function functionsTab() {
  const all = allFunctions(D.files).sort((a, b) => a[0][FN.health] - b[0][FN.health] || b[0][FN.code_lines] - a[0][FN.code_lines]);
  const language = languageFilter("functions-language");
  const input = document.getElementById("functions-filter");
  const columns = [
    { key: "name", label: "function" },
    { key: "path", label: "where", render: (v, r) => el("button", { class: "linklike path", type: "button", text: v, onclick: () => openFile(r.file) }) },
    { key: "health", label: "health", num: true, render: badge }, { key: "cyclomatic", label: "cyclomatic", num: true },
    { key: "cognitive", label: "cognitive", num: true }, { key: "nesting", label: "nesting", num: true }, { key: "lines", label: "code lines", num: true },
  ];
  const apply = () => {
    // The language is chosen before the cut, so each language shows its own least healthy.
    const chosen = all.filter(([, f]) => language.matches(f));
    const shown = chosen.slice(0, FUNCTION_ROWS);
    document.getElementById("functions-note").textContent = chosen.length > shown.length ? `the ${shown.length} least healthy of ${fmt(chosen.length)} functions` : "";
    const needle = input.value.toLowerCase();
    const rows = shown.map(([fn, f]) => ({ name: fn[FN.name], path: `${f.path}:${fn[FN.line]}`, health: fn[FN.health], cyclomatic: fn[FN.cyclomatic],
      cognitive: fn[FN.cognitive], nesting: fn[FN.nesting], lines: fn[FN.code_lines], file: f, search: `${fn[FN.name]} ${f.path}`.toLowerCase() }));
    sortable(document.getElementById("functions-table"), columns, rows.filter((r) => !needle || r.search.includes(needle)), "health");
  };
  input.addEventListener("input", apply);
  language.select.addEventListener("change", apply);
  apply();
}

function findingsTab() {
  const byPath = (D.findings && D.findings.files) || {};
  const files = new Map(D.files.map((f) => [f.path, f]));
  const rows = Object.entries(byPath).flatMap(([path, found]) => found.items.map(([code, line, severity, message]) => ({
    code, severity, message, where: `${path}:${line}`, file: files.get(path),
    search: `${code} ${path} ${message}`.toLowerCase() })));
  document.getElementById("findings-note").textContent = D.findings
    ? `presets: ${D.findings.presets.join(", ") || "none"} · ${fmt(D.findings.conformance, 1)} % of lines conform` + (D.findings.note ? ` · ${D.findings.note}` : "")
    : "no finding rules ran";
  const columns = [{ key: "code", label: "rule" }, { key: "severity", label: "severity" },
    { key: "where", label: "where", render: (v, r) => (r.file ? el("button", { class: "linklike path", type: "button", text: v, onclick: () => openFile(r.file) }) : v) },
    { key: "message", label: "message" }];
  filtered(document.getElementById("findings-filter"), document.getElementById("findings-table"), columns, rows, "where")();
}

function clonesTab() {
  const rows = D.clones.map((c) => ({ lines: c[0], tokens: c[1], first: `${c[2]}:${c[3]}-${c[4]}`, second: `${c[5]}:${c[6]}-${c[7]}`,
    search: `${c[2]} ${c[5]}`.toLowerCase() }));
  const columns = [{ key: "lines", label: "lines", num: true }, { key: "tokens", label: "tokens", num: true },
    { key: "first", label: "first copy" }, { key: "second", label: "second copy" }];
  filtered(document.getElementById("clones-filter"), document.getElementById("clones-table"), columns, rows, "lines", null, true)();
}

function noticesTab() {
  const rows = D.notices.map((n) => ({ path: n[1] ? `${n[0]}:${n[1]}` : n[0], reason: n[2], message: n[3] }));
  sortable(document.getElementById("notices-table"), [{ key: "path", label: "file" }, { key: "reason", label: "reason" },
    { key: "message", label: "message" }], rows, "path");
}
