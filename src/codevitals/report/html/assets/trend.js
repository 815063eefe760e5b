// -- trend ------------------------------------------------------------------------------------
// Charts are SVG built node by node; every label is set as text, never parsed as markup.

const SVG_NS = "http://www.w3.org/2000/svg";
const POINT = { at: 0, commit: 1, source: 2, dirty: 3, partial: 4, values: 5 };
const METRIC = { key: 0, label: 1, higherIsBetter: 2, digits: 3 };

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

function trendTab() {
  const t = D.trend;
  if (!t) { hideTab("trend"); return; }
  const scans = t.points.filter((p) => p[POINT.source] === "scan").length;
  const snapshots = t.points.length - scans;
  document.getElementById("trend-summary").textContent =
    `${fmt(t.points.length)} points from ${date(t.points[0][POINT.at])} to ${date(t.asOf)}: ` +
    `${fmt(snapshots)} snapshots of the main line` + (t.every ? ` (every ${t.every})` : "") + (scans ? ` and ${fmt(scans)} recorded scan${scans === 1 ? "" : "s"}` : "") +
    (t.partial ? " · partial: some points could not be measured in full" : "");
  const charts = t.metrics.map((m, i) => [m, i]).filter(([, i]) => t.points.some((p) => p[POINT.values][i] !== null));
  document.getElementById("trend-charts").append(...charts.map(([m, i]) => trendChart(t, m, i)));
  pathTrendTable(document.getElementById("trend-files-table"), t.files, "file");
  pathTrendTable(document.getElementById("trend-folders-table"), t.folders, "folder");
}

function shownChange(first, last, digits) {
  // The change between the values as shown, so that 4.84 → 4.86 reads 4.8 → 4.9 ▲ 0.1.
  return Number((Number(last.toFixed(digits)) - Number(first.toFixed(digits))).toFixed(digits));
}

function trendChange(metric, first, last) {
  const digits = metric[METRIC.digits];
  const change = shownChange(first, last, digits);
  if (change === 0) return `${fmt(first, digits)} → ${fmt(last, digits)} = no change`;
  return `${fmt(first, digits)} → ${fmt(last, digits)} ${change > 0 ? "▲" : "▼"} ${fmt(Math.abs(change), digits)}`;
}

function toneOf(change, higherIsBetter) {
  // Better in green, worse in red, for a measure where higher (or lower) is better.
  if (!change) return "";
  return (change > 0) === higherIsBetter ? "healthy" : "alert";
}

function trendChart(t, metric, index) {
  const known = t.points.filter((p) => p[POINT.values][index] !== null);
  const first = known[0][POINT.values][index], last = known[known.length - 1][POINT.values][index];
  const tone = toneOf(shownChange(first, last, metric[METRIC.digits]), metric[METRIC.higherIsBetter]);
  const better = { healthy: " (better)", alert: " (worse)" }[tone] || "";
  const label = `${metric[METRIC.label]}: ${trendChange(metric, first, last)}${better}`;
  return el("div", { class: "panel chart" },
    el("h2", { text: metric[METRIC.label] }),
    el("p", { class: `change h-${tone}`, text: trendChange(metric, first, last) + better }),
    lineChart(t.points, index, metric[METRIC.digits], label));
}

function lineChart(points, index, digits, label) {
  const width = 360, height = 140, left = 40, right = 10, top = 10, bottom = 22;
  const times = points.map((p) => p[POINT.at]);
  const values = points.map((p) => p[POINT.values][index]).filter((v) => v !== null);
  let low = Math.min(...values), high = Math.max(...values);
  if (high - low < 1e-9) { low = Math.max(0, low - 1); high += 1; }  // every measure is ≥ 0
  const t0 = Math.min(...times), t1 = Math.max(...times);
  const x = (at) => left + (t1 === t0 ? (width - left - right) / 2 : (at - t0) / (t1 - t0) * (width - left - right));
  const y = (v) => top + (high - v) / (high - low) * (height - top - bottom);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "line-chart", role: "img", "aria-label": label });
  chart.append(
    svg("line", { x1: left, x2: width - right, y1: y(high), y2: y(high), class: "grid" }),
    svg("line", { x1: left, x2: width - right, y1: y(low), y2: y(low), class: "grid" }),
    svg("text", { x: left - 4, y: y(high) + 4, "text-anchor": "end", text: fmt(high, digits) }),
    svg("text", { x: left - 4, y: y(low) + 4, "text-anchor": "end", text: fmt(low, digits) }),
    svg("text", { x: left, y: height - 4, text: date(t0) }),
    svg("text", { x: width - right, y: height - 4, "text-anchor": "end", text: date(t1) }),
    svg("path", { d: linePath(points.map((p) => (p[POINT.values][index] === null ? null : [x(p[POINT.at]), y(p[POINT.values][index])]))), class: "series" }));
  for (const p of points) {
    const v = p[POINT.values][index];
    if (v === null) continue;
    const what = `${date(p[POINT.at])} · ${fmt(v, digits)} · ${p[POINT.source]}` +
      (p[POINT.commit] ? ` of ${p[POINT.commit].slice(0, 10)}` : "") + (p[POINT.dirty] ? " with uncommitted changes" : "");
    chart.append(svg("circle", { cx: x(p[POINT.at]), cy: y(v), r: 3.5, class: `dot ${p[POINT.source]}` }, svg("title", { text: what })));
  }
  return chart;
}

function linePath(coords) {
  // Null where a point has no value: the line stops there and starts again after it.
  let d = "", pen = "M";
  for (const c of coords) {
    if (!c) { pen = "M"; continue; }
    d += `${pen}${c[0].toFixed(1)},${c[1].toFixed(1)} `;
    pen = "L";
  }
  return d.trim();
}

function sparkline(series) {
  const width = 120, height = 24;
  const values = series.filter((v) => v !== null);
  if (!values.length) return el("span", { class: "muted", text: "n/a" });
  const low = Math.min(...values, 1), high = Math.max(...values, 10);
  const x = (i) => series.length === 1 ? width / 2 : 2 + i / (series.length - 1) * (width - 4);
  const y = (v) => 2 + (high - v) / (high - low) * (height - 4);
  const line = svg("path", { d: linePath(series.map((v, i) => (v === null ? null : [x(i), y(v)]))), class: "series" });
  const lastIndex = series.map((v, i) => [v, i]).filter(([v]) => v !== null).pop()[1];
  const end = svg("circle", { cx: x(lastIndex), cy: y(series[lastIndex]), r: 3, style: `fill:${color(series[lastIndex])}` });
  return svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "sparkline", "aria-hidden": "true" }, line, end);
}

function pathTrendTable(table, items, kind) {
  const rows = items.map(([path, health]) => {
    const known = health.filter((v) => v !== null);
    const first = known.length ? known[0] : null, last = known.length ? known[known.length - 1] : null;
    return { path, health, first, last, change: first === null ? 0 : shownChange(first, last, 1) };
  });
  sortable(table, [
    { key: "path", label: kind, render: (v) => (kind === "file" ? fileLink(v) : el("span", { class: "path", text: v || "(top level)" })) },
    { key: "health", label: "health over time", render: (v) => sparkline(v) },
    { key: "first", label: "first", num: true, render: (v) => (v === null ? "n/a" : badge(v)) },
    { key: "last", label: "now", num: true, render: (v) => (v === null ? "n/a" : badge(v)) },
    { key: "change", label: "change", num: true, render: (v) => el("span", { class: `h-${toneOf(v, true)}`, text: v ? `${v > 0 ? "+" : ""}${fmt(v, 1)}` : "=" }) },
  ], rows, "change");
}

function trendCards() {
  // The overview's card: how production health moved over the trend.
  const t = D.trend;
  if (!t) return [];
  const index = t.metrics.findIndex((m) => m[METRIC.key] === "health");
  const known = t.points.filter((p) => p[POINT.values][index] !== null);
  if (known.length < 2) return [];
  const first = known[0][POINT.values][index], last = known[known.length - 1][POINT.values][index];
  const change = shownChange(first, last, 1);
  const text = change ? `${change > 0 ? "▲" : "▼"} ${fmt(Math.abs(change), 1)}` : "no change";
  return [[`Health since ${date(known[0][POINT.at])}`, text, toneOf(change, true)]];
}
