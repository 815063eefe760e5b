// Unpacking the data, small DOM helpers, tabs, theme and sortable tables.
const source = document.getElementById("codevitals-data");
const D = await unpack(source.textContent.trim());
D.tool = source.dataset.version;
const FN = index(D.columns.function);
const BM = index(D.columns.biomarker);
const TOP = 12;
const FUNCTION_ROWS = 500;

async function unpack(base64) {
  // gzip + base64, unpacked locally: the page never touches the network.
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return JSON.parse(await new Response(stream).text());
}

function index(names) {
  const out = {};
  names.forEach((name, i) => { out[name] = i; });
  return out;
}

// -- small helpers ------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function band(health) {
  if (health === null || health === undefined) return "none";
  return health >= 9 ? "healthy" : health >= 4 ? "warning" : "alert";
}

function hue(health) {
  // 1 → red, 6 → amber, 10 → green.
  const h = Math.max(1, Math.min(10, health));
  return h < 6 ? (h - 1) / 5 * 45 : 45 + (h - 6) / 4 * 75;
}

function color(health) {
  return `hsl(${hue(health).toFixed(0)} ${health >= 9 ? 45 : 72}% ${health >= 9 ? 46 : 58}%)`;
}

function fmt(value, digits) {
  if (value === null || value === undefined) return "n/a";
  return typeof value === "number" && digits !== undefined ? value.toFixed(digits) : value.toLocaleString();
}

function badge(health) {
  return el("span", { class: "badge", style: `background:${color(health)}`, text: fmt(health, 1) });
}

function rule(code) {
  return D.rules[code] || { name: code, title: code, severity: "minor", unit: "", what: "" };
}

function tally(biomarkers) {
  const counts = new Map();
  for (const b of biomarkers) {
    const name = rule(b[BM.code]).name;
    counts.set(name, (counts.get(name) || 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(", ");
}

function code(text) {
  return el("code", { text });
}

function pill(text, tone) {
  return el("span", { class: `pill ${tone || ""}`, text });
}

function date(seconds) {
  return seconds ? new Date(seconds * 1000).toISOString().slice(0, 10) : "n/a";
}

function share(fraction) {
  return fraction === null || fraction === undefined ? "n/a" : `${Math.round(fraction * 100)} %`;
}

const production = D.files.filter((f) => !f.test);
const byPath = new Map(D.files.map((f) => [f.path, f]));

function fileLink(path, label) {
  // Opens the file in the map's detail pane; plain text for a file the report does not hold.
  const f = byPath.get(path);
  const text = label || path;
  return f ? el("button", { class: "linklike path", type: "button", text, onclick: () => openFile(f) }) : el("span", { class: "path", text });
}

function languageFilter(id) {
  // A select of the analysed languages; hidden when there is only one to choose.
  const select = document.getElementById(id);
  const languages = D.summary.languages.map(([name]) => name);
  select.replaceChildren(el("option", { value: "", text: "all" }), ...languages.map((name) => el("option", { value: name, text: name })));
  select.closest("label").hidden = languages.length < 2;
  return { select, matches: (f) => !select.value || f.language === select.value };
}

function hideTab(name) {
  document.getElementById(`tab-${name}`).hidden = true;
}

function months(start, end) {
  return Math.round((end - start) / (30.4375 * 86400));
}

// -- header, tabs, theme ------------------------------------------------------------------

function header() {
  const where = D.root + (D.commit ? ` @ ${D.commit.slice(0, 10)}` : "") + (D.partial ? " · partial results" : "");
  document.getElementById("where").textContent = where;
  document.getElementById("footer").textContent =
    `codevitals ${D.tool} · report schema ${D.schema} · generated offline; this page makes no network requests.`;
}

function tabs() {
  const list = [...document.querySelectorAll('[role="tab"]')];
  function select(tab) {
    for (const other of list) {
      const on = other === tab;
      other.setAttribute("aria-selected", String(on));
      other.tabIndex = on ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !on;
    }
    tab.focus();
    // However the tab was chosen (click, arrow keys, a link), its panel learns it is shown.
    document.getElementById(tab.getAttribute("aria-controls")).dispatchEvent(new Event("show"));
  }
  list.forEach((tab) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const shown = list.filter((t) => !t.hidden);  // tabs without data are hidden
      select(shown[(shown.indexOf(tab) + step + shown.length) % shown.length]);
    });
  });
}

function theme() {
  const root = document.documentElement;
  const button = document.getElementById("theme");
  button.addEventListener("click", () => {
    const dark = root.dataset.theme ? root.dataset.theme === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
    root.dataset.theme = dark ? "light" : "dark";
  });
}

// -- sortable tables -----------------------------------------------------------------

function sortable(table, columns, rows, initial, descending) {
  const state = { key: initial, ascending: !descending };
  const head = el("thead", {}, el("tr", {}, columns.map((c) => el("th", { class: c.num ? "num" : null, scope: "col" },
    el("button", { type: "button", text: c.label, onclick: () => { state.ascending = state.key === c.key ? !state.ascending : true; state.key = c.key; draw(); } })))));
  const body = el("tbody");
  table.replaceChildren(head, body);
  function draw() {
    const sorted = rows.slice().sort((a, b) => {
      const x = a[state.key], y = b[state.key];
      const order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
      return state.ascending ? order : -order;
    });
    columns.forEach((c, i) => head.rows[0].cells[i].setAttribute("aria-sort", c.key === state.key ? (state.ascending ? "ascending" : "descending") : "none"));
    body.replaceChildren(...sorted.map((row) => el("tr", {}, columns.map((c) =>
      el("td", { class: c.num ? "num" : c.key === "path" ? "path" : null }, c.render ? c.render(row[c.key], row) : fmt(row[c.key]))))));
  }
  draw();
  return table;
}

function filtered(input, table, columns, rows, initial, extra, descending) {
  const apply = () => {
    const needle = input.value.toLowerCase();
    sortable(table, columns, rows.filter((r) => (!needle || r.search.includes(needle)) && (!extra || extra(r))), initial, descending);
  };
  input.addEventListener("input", apply);
  return apply;
}
