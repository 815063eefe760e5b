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

function changesOf(f) {
  return f.history ? f.history.changes : 0;
}

function heat(files) {
  // Emphasis by change frequency: a thick outline for the most changed tenth of the files
  // that changed in the window, a thin one for the next fifth.
  const changes = files.map(changesOf).filter((c) => c > 0).sort((a, b) => b - a);
  const at = (share) => (changes.length ? changes[Math.min(changes.length - 1, Math.floor(changes.length * share))] : Infinity);
  const hot = at(0.1), warm = at(0.3);
  return (f) => { const c = changesOf(f); return c > 0 && c >= hot ? " hot" : c > 0 && c >= warm ? " warm" : ""; };
}

function drawMap() {
  const box = document.getElementById("treemap");
  box.replaceChildren();
  const width = box.clientWidth || 900, height = box.clientHeight || 600;
  const list = items(map.current);
  if (!list.length) { box.append(el("p", { class: "muted", text: "No code to draw." })); return; }
  const hot = heat(D.files);
  for (const r of squarify(list, { x: 0, y: 0, w: width, h: height })) box.append(tile(r, hot));
  crumbs();
}

function tile(r, hot) {
  const i = r.item;
  const label = i.folder ? `${i.name}/ — folder, ${fmt(i.value)} code lines, health ${fmt(i.health, 1)}`
    : `${i.file.path} — health ${fmt(i.health, 1)}, ${fmt(i.value)} code lines` + (i.file.history ? `, ${fmt(changesOf(i.file))} changes` : "");
  const node = el("button", {
    type: "button", class: "tile" + (i.folder ? " folder" : hot(i.file)),
    style: `left:${r.x}px;top:${r.y}px;width:${Math.max(0, r.w)}px;height:${Math.max(0, r.h)}px;` + (i.folder ? "" : `background:${color(i.health)}`),
    title: label, "aria-label": label,
    onclick: () => (i.folder ? zoom(i.folder) : openFile(i.file)),
  });
  if (i.folder) {
    inner(node, i.folder, r, hot);
    node.append(el("span", { class: "label", text: `${i.name}/ ${fmt(i.health, 1)}` }));
  } else if (r.w > 40 && r.h > 16) {
    node.append(el("span", { text: `${i.name} ${fmt(i.health, 1)}` }));
  }
  return node;
}

function inner(node, folder, r, hot, depth = 0) {
  // The folder's contents, a few levels deep, drawn but not focusable: clicking zooms in.
  const pad = depth ? 12 : 16;
  if (r.w < 24 || r.h < 24 || depth > 3) return;
  const list = items(folder);
  if (!list.length) return;
  for (const c of squarify(list, { x: 1, y: pad, w: r.w - 2, h: r.h - pad - 1 })) {
    const sub = c.item.folder;
    const part = el("span", { "aria-hidden": "true", class: "tile" + (sub ? " folder" : hot(c.item.file)), style:
      `left:${c.x}px;top:${c.y}px;width:${Math.max(0, c.w)}px;height:${Math.max(0, c.h)}px;pointer-events:none` + (sub ? "" : `;background:${color(c.item.health)}`) });
    if (sub) {
      inner(part, sub, c, hot, depth + 1);
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
    el("p", {}, badge(f.health), ` ${f.language} · ${fmt(f.codeLines)} code lines of ${fmt(f.lines)} · ${f.functions.length} functions` + (f.test ? " · test" : "")),
    ...planItems(f),
    el("h2", { text: "Biomarkers" }),
    marks.length ? el("ul", { class: "ranked" }, marks.map((b) => biomarkerItem(f, b))) : el("p", { class: "muted", text: "None: full health." }),
    ...findingItems(f),
    ...fileHistoryItems(f),
    el("h2", { text: "Functions" }),
    functionTable(f));
  detail.scrollTop = 0;
  detail.focus({ preventScroll: true });
}

function planItems(f) {
  const items = planFor(f.path);
  if (!items.length) return [];
  return [el("h2", { text: "In the pay-down plan" }), el("ul", { class: "ranked" }, items.map((item) =>
    el("li", {}, el("strong", { text: `#${item.rank} ${item.action[0]} ${item.action[1]}${item.action[2]}` }),
      el("div", { class: "why", text: `${fmt(item.benefit, 1)} risk points · ${item.effort}` }))))];
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
  const language = languageFilter("map-language");
  if (D.history) {
    const h = D.history;
    const window = h.windowStart ? `${months(h.windowStart, h.asOf)} months` : "all history";
    document.getElementById("legend-hot").textContent = `outline: most changed in ${window}`;
  }
  const build = () => {
    map.root = tree(D.files.filter((f) => (tests.checked || !f.test) && language.matches(f)));
    map.current = map.root;
  };
  build();
  tests.addEventListener("change", () => { build(); drawMap(); });
  language.select.addEventListener("change", () => { build(); drawMap(); });
  document.getElementById("map").addEventListener("show", () => requestAnimationFrame(drawMap));
  document.getElementById("treemap").addEventListener("keydown", (event) => {
    if ((event.key === "Backspace" || event.key === "Escape") && map.current.parent) { event.preventDefault(); zoom(map.current.parent); }
  });
  addEventListener("resize", () => { if (!document.getElementById("map").hidden) drawMap(); });
}
