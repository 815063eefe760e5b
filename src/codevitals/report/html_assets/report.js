"use strict";
// codevitals HTML report. Every string from the repository is set with textContent or as an
// attribute value, never parsed as HTML.
(async function () {
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

  const production = D.files.filter((f) => !f.test);

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
    list.forEach((tab, i) => {
      tab.addEventListener("click", () => select(tab));
      tab.addEventListener("keydown", (event) => {
        const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (step) select(list[(i + step + list.length) % list.length]);
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
    ];
    document.getElementById("cards").append(...cards.map(([label, value, tone]) =>
      el("div", { class: "card" }, el("div", { class: `value h-${tone}`, text: value }), el("div", { class: "label", text: label }))));
    distribution();
    worstFiles();
    worstFunctions();
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

  // -- hotspot map --------------------------------------------------------------------------

  function tree(files) {
    const root = { name: D.root, path: "", folders: new Map(), files: [], size: 0, weighted: 0 };
    for (const f of files) {
      if (f.codeLines <= 0) continue;
      let node = root;
      const parts = f.path.split("/");
      for (const part of parts.slice(0, -1)) {
        if (!node.folders.has(part)) {
          node.folders.set(part, { name: part, path: node.path + part + "/", folders: new Map(), files: [], size: 0, weighted: 0, parent: node });
        }
        node = node.folders.get(part);
      }
      node.files.push(f);
    }
    (function total(node) {
      for (const child of node.folders.values()) total(child);
      node.size = node.files.reduce((s, f) => s + f.codeLines, 0) + [...node.folders.values()].reduce((s, c) => s + c.size, 0);
      node.weighted = node.files.reduce((s, f) => s + f.health * f.codeLines, 0) + [...node.folders.values()].reduce((s, c) => s + c.weighted, 0);
    })(root);
    compress(root);
    return root;
  }

  function compress(node) {
    // A folder holding nothing but one folder is shown as one step: "lib/sqlalchemy".
    for (const [key, child] of [...node.folders]) {
      let merged = child;
      while (!merged.files.length && merged.folders.size === 1) {
        const only = merged.folders.values().next().value;
        only.name = `${merged.name}/${only.name}`;
        only.parent = node;
        merged = only;
      }
      node.folders.set(key, merged);
      compress(merged);
    }
  }

  function items(node) {
    const folders = [...node.folders.values()].map((c) => ({ value: c.size, folder: c, health: c.weighted / c.size, name: c.name }));
    const files = node.files.map((f) => ({ value: f.codeLines, file: f, health: f.health, name: f.path.split("/").pop() }));
    return folders.concat(files).filter((i) => i.value > 0).sort((a, b) => b.value - a.value);
  }

  function worstRatio(row, side, scale) {
    const areas = row.map((i) => i.value * scale);
    const sum = areas.reduce((a, b) => a + b, 0);
    const max = Math.max(...areas), min = Math.min(...areas);
    return Math.max((side * side * max) / (sum * sum), (sum * sum) / (side * side * min));
  }

  // Squarified treemap (Bruls, Huizing and van Wijk, 2000).
  function squarify(list, box) {
    const total = list.reduce((s, i) => s + i.value, 0);
    const scale = (box.w * box.h) / total;
    const rects = [];
    let { x, y, w, h } = box;
    let row = [];
    const place = () => {
      const sum = row.reduce((s, i) => s + i.value * scale, 0);
      if (w >= h) {
        const width = sum / h;
        let top = y;
        for (const i of row) { const height = (i.value * scale) / width; rects.push({ item: i, x, y: top, w: width, h: height }); top += height; }
        x += width; w -= width;
      } else {
        const height = sum / w;
        let left = x;
        for (const i of row) { const width = (i.value * scale) / height; rects.push({ item: i, x: left, y, w: width, h: height }); left += width; }
        y += height; h -= height;
      }
      row = [];
    };
    for (const item of list) {
      const side = Math.min(w, h);
      if (row.length && worstRatio(row.concat([item]), side, scale) > worstRatio(row, side, scale)) place();
      row.push(item);
    }
    if (row.length) place();
    return rects;
  }

  const map = { root: null, current: null };

  function hotThreshold(files) {
    const changes = files.map((f) => f.changes || 0).filter((c) => c > 0).sort((a, b) => b - a);
    return changes.length ? changes[Math.floor(changes.length * 0.1)] : Infinity;
  }

  function drawMap() {
    const box = document.getElementById("treemap");
    box.replaceChildren();
    const width = box.clientWidth || 900, height = box.clientHeight || 600;
    const list = items(map.current);
    if (!list.length) { box.append(el("p", { class: "muted", text: "No code to draw." })); return; }
    const hot = hotThreshold(D.files);
    for (const r of squarify(list, { x: 0, y: 0, w: width, h: height })) box.append(tile(r, hot));
    crumbs();
  }

  function tile(r, hot) {
    const i = r.item;
    const label = i.folder ? `${i.name}/ — folder, ${fmt(i.value)} code lines, health ${fmt(i.health, 1)}`
      : `${i.file.path} — health ${fmt(i.health, 1)}, ${fmt(i.value)} code lines`;
    const node = el("button", {
      type: "button", class: "tile" + (i.folder ? " folder" : "") + (i.file && (i.file.changes || 0) >= hot ? " hot" : ""),
      style: `left:${r.x}px;top:${r.y}px;width:${Math.max(0, r.w)}px;height:${Math.max(0, r.h)}px;` + (i.folder ? "" : `background:${color(i.health)}`),
      title: label, "aria-label": label,
      onclick: () => (i.folder ? zoom(i.folder) : openFile(i.file)),
    });
    if (i.folder) {
      inner(node, i.folder, r);
      node.append(el("span", { class: "label", text: `${i.name}/ ${fmt(i.health, 1)}` }));
    } else if (r.w > 40 && r.h > 16) {
      node.append(el("span", { text: `${i.name} ${fmt(i.health, 1)}` }));
    }
    return node;
  }

  function inner(node, folder, r, depth = 0) {
    // The folder's contents, a few levels deep, drawn but not focusable: clicking zooms in.
    const pad = depth ? 12 : 16;
    if (r.w < 24 || r.h < 24 || depth > 3) return;
    const list = items(folder);
    if (!list.length) return;
    for (const c of squarify(list, { x: 1, y: pad, w: r.w - 2, h: r.h - pad - 1 })) {
      const sub = c.item.folder;
      const part = el("span", { "aria-hidden": "true", class: "tile" + (sub ? " folder" : ""), style:
        `left:${c.x}px;top:${c.y}px;width:${Math.max(0, c.w)}px;height:${Math.max(0, c.h)}px;pointer-events:none` + (sub ? "" : `;background:${color(c.item.health)}`) });
      if (sub) {
        inner(part, sub, c, depth + 1);
        if (c.w > 50 && c.h > 20) part.append(el("span", { class: "label small", text: c.item.name }));
      }
      node.append(part);
    }
  }

  function crumbs() {
    const trail = [];
    for (let node = map.current; node; node = node.parent) trail.unshift(node);
    const nav = document.getElementById("crumbs");
    nav.replaceChildren(...trail.flatMap((node, i) => [
      ...(i ? [el("span", { class: "sep", text: "/" })] : []),
      el("button", { type: "button", text: node.name, "aria-current": node === map.current ? "location" : null, onclick: () => zoom(node) }),
    ]));
  }

  function zoom(node) {
    map.current = node;
    drawMap();
    showFolder(node);
    const first = document.querySelector("#treemap .tile");
    if (first) first.focus();
  }

  function showFolder(node) {
    const files = [];
    (function collect(n) { files.push(...n.files); for (const c of n.folders.values()) collect(c); })(node);
    const worst = files.filter((f) => f.health < 10).sort((a, b) => a.health - b.health).slice(0, TOP);
    document.getElementById("detail").replaceChildren(
      el("h3", { text: node.path || `${D.root}/` }),
      el("p", {}, badge(node.weighted / Math.max(1, node.size)), ` ${fmt(node.size)} code lines in ${files.length} files`),
      el("h2", { text: "Worst files here" }),
      el("ol", { class: "ranked" }, worst.map((f) => el("li", {}, badge(f.health), " ",
        el("button", { class: "linklike path", type: "button", text: f.path.slice(node.path.length), onclick: () => openFile(f) })))));
  }

  function openFile(f) {
    document.getElementById("tab-map").click();
    const marks = f.biomarkers.slice().sort((a, b) => b[BM.points] - a[BM.points]);
    const detail = document.getElementById("detail");
    detail.replaceChildren(
      el("h3", { text: f.path }),
      el("p", {}, badge(f.health), ` ${fmt(f.codeLines)} code lines of ${fmt(f.lines)} · ${f.functions.length} functions` + (f.test ? " · test" : "")),
      el("h2", { text: "Biomarkers" }),
      marks.length ? el("ul", { class: "ranked" }, marks.map((b) => biomarkerItem(f, b))) : el("p", { class: "muted", text: "None: full health." }),
      ...findingItems(f),
      el("h2", { text: "Functions" }),
      functionTable(f));
    detail.scrollTop = 0;
    detail.focus({ preventScroll: true });
  }

  function findingItems(f) {
    const found = D.findings && D.findings.files[f.path];
    if (!found) return [];
    return [
      el("h2", { text: `Findings · ${fmt(found.conformance, 1)} % of lines conform` }),
      el("ul", { class: "ranked" }, found.items.map(([code, line, severity, message]) =>
        el("li", {}, el("strong", { text: `line ${line}: ${code}` }), el("div", { class: "why", text: `${severity} · ${message}` })))),
    ];
  }

  function biomarkerItem(f, b) {
    const r = rule(b[BM.code]);
    const fn = b[BM.function] >= 0 ? f.functions[b[BM.function]][FN.name] : null;
    return el("li", {}, el("strong", { text: `line ${b[BM.line]}: ${r.title}` }),
      el("div", { class: "why", text: `${r.unit} ${fmt(b[BM.value])} (threshold ${fmt(b[BM.threshold])}) · −${fmt(b[BM.points], 2)} points` + (fn ? ` · ${fn}` : "") }));
  }

  function functionTable(f) {
    const rows = f.functions.map((fn) => ({ name: fn[FN.name], line: fn[FN.line], health: fn[FN.health], cyclomatic: fn[FN.cyclomatic],
      cognitive: fn[FN.cognitive], nesting: fn[FN.nesting], lines: fn[FN.code_lines] }));
    return sortable(el("table", { class: "sortable" }), [
      { key: "name", label: "function" }, { key: "line", label: "line", num: true }, { key: "health", label: "health", num: true, render: badge },
      { key: "cyclomatic", label: "cc", num: true }, { key: "cognitive", label: "cog", num: true }, { key: "lines", label: "lines", num: true },
    ], rows, "health");
  }

  function initMap() {
    const tests = document.getElementById("map-tests");
    const build = () => {
      map.root = tree(D.files.filter((f) => tests.checked || !f.test));
      map.current = map.root;
    };
    build();
    tests.addEventListener("change", () => { build(); drawMap(); });
    document.getElementById("map").addEventListener("show", () => requestAnimationFrame(drawMap));
    document.getElementById("treemap").addEventListener("keydown", (event) => {
      if ((event.key === "Backspace" || event.key === "Escape") && map.current.parent) { event.preventDefault(); zoom(map.current.parent); }
    });
    addEventListener("resize", () => { if (!document.getElementById("map").hidden) drawMap(); });
  }

  // -- tables -------------------------------------------------------------------------------

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

  function filesTab() {
    const rows = D.files.map((f) => ({ path: f.path, test: f.test, health: f.health, lines: f.codeLines, functions: f.functions.length,
      biomarkers: f.biomarkers.length, file: f, search: f.path.toLowerCase() }));
    const columns = [
      { key: "path", label: "file", render: (v, r) => el("button", { class: "linklike path", type: "button", text: v, onclick: () => openFile(r.file) }) },
      { key: "health", label: "health", num: true, render: badge }, { key: "lines", label: "code lines", num: true },
      { key: "functions", label: "functions", num: true }, { key: "biomarkers", label: "biomarkers", num: true },
    ];
    const tests = document.getElementById("files-tests");
    const apply = filtered(document.getElementById("files-filter"), document.getElementById("files-table"), columns, rows, "health", (r) => tests.checked || !r.test);
    tests.addEventListener("change", apply);
    apply();
  }

  function functionsTab() {
    const all = allFunctions(D.files).sort((a, b) => a[0][FN.health] - b[0][FN.health] || b[0][FN.code_lines] - a[0][FN.code_lines]);
    const shown = all.slice(0, FUNCTION_ROWS);
    document.getElementById("functions-note").textContent = all.length > shown.length ? `the ${shown.length} least healthy of ${fmt(all.length)} functions` : "";
    const rows = shown.map(([fn, f]) => ({ name: fn[FN.name], path: `${f.path}:${fn[FN.line]}`, health: fn[FN.health], cyclomatic: fn[FN.cyclomatic],
      cognitive: fn[FN.cognitive], nesting: fn[FN.nesting], lines: fn[FN.code_lines], file: f, search: `${fn[FN.name]} ${f.path}`.toLowerCase() }));
    const columns = [
      { key: "name", label: "function" },
      { key: "path", label: "where", render: (v, r) => el("button", { class: "linklike path", type: "button", text: v, onclick: () => openFile(r.file) }) },
      { key: "health", label: "health", num: true, render: badge }, { key: "cyclomatic", label: "cyclomatic", num: true },
      { key: "cognitive", label: "cognitive", num: true }, { key: "nesting", label: "nesting", num: true }, { key: "lines", label: "code lines", num: true },
    ];
    filtered(document.getElementById("functions-filter"), document.getElementById("functions-table"), columns, rows, "health")();
  }

  function findingsTab() {
    const byPath = (D.findings && D.findings.files) || {};
    const files = new Map(D.files.map((f) => [f.path, f]));
    const rows = Object.entries(byPath).flatMap(([path, found]) => found.items.map(([code, line, severity, message]) => ({
      code, severity, message, where: `${path}:${line}`, file: files.get(path),
      search: `${code} ${path} ${message}`.toLowerCase() })));
    document.getElementById("findings-note").textContent = D.findings
      ? `presets: ${D.findings.presets.join(", ") || "none"} · ${fmt(D.findings.conformance, 1)} % of lines conform`
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

  header();
  tabs();
  theme();
  overview();
  initMap();
  filesTab();
  functionsTab();
  findingsTab();
  clonesTab();
  noticesTab();
})();
