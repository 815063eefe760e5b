// -- dependencies -----------------------------------------------------------------------------

function dependenciesTab() {
  const d = D.dependencies;
  if (!d) { hideTab("dependencies"); return; }
  document.getElementById("deps-cards").append(...d.cards.tab.map(card));
  const rows = d.items.map((i) => ({ ...i, latest: i.latest || "n/a", risk: i.vulnerabilities.length * 100 + (i.libyear || 0),
    search: `${i.name} ${i.where} ${i.ecosystem}`.toLowerCase() }));
  const risky = document.getElementById("deps-risky");
  const ecosystem = ecosystemFilter(rows);
  const apply = filtered(document.getElementById("deps-filter"), document.getElementById("deps-table"), [
    { key: "name", label: "package", render: (v, r) => el("span", {}, el("strong", { text: v }), el("div", { class: "why", text: r.where })) },
    { key: "ecosystem", label: "ecosystem" },
    { key: "version", label: "in use", render: (v) => v || "unpinned" }, { key: "latest", label: "latest" },
    { key: "libyear", label: "libyears", num: true, render: (v) => fmt(v, 1) }, { key: "behind", label: "releases behind", num: true },
    { key: "risk", label: "vulnerabilities", render: (v, r) => advisories(r) },
    { key: "fix", label: "fix", render: (v) => v || "" }, { key: "relation", label: "flags", render: (v, r) => flags(r) },
  ], rows, "risk", (r) => (!risky.checked || r.vulnerabilities.length || (r.libyear || 0) >= 1) && ecosystem.matches(r), true);
  risky.addEventListener("change", apply);
  ecosystem.select.addEventListener("change", apply);
  apply();
}

function ecosystemFilter(rows) {
  // A select of the ecosystems the audit found; hidden when there is only one to choose.
  const select = document.getElementById("deps-ecosystem");
  const names = [...new Set(rows.map((r) => r.ecosystem))].sort();
  select.replaceChildren(el("option", { value: "", text: "all" }), ...names.map((name) => el("option", { value: name, text: name })));
  select.closest("label").hidden = names.length < 2;
  return { select, matches: (r) => !select.value || r.ecosystem === select.value };
}

function advisories(row) {
  // What --ignore-vuln set aside is shown with its reason, never dropped.
  const ignored = row.ignored.map(([id, reason]) => el("div", { class: "why", text: `ignored ${id}: ${reason || "no reason given"}` }));
  // Not checked (unpinned, or every lookup failed) is unknown, never an empty, clean-looking cell.
  if (!row.vulnerabilities.length) {
    const unknown = row.unknowns.some(([aspect]) => aspect !== "freshness") ? el("span", { class: "h-warning", text: "unknown" }) : "";
    return ignored.length ? el("div", {}, unknown, ...ignored) : unknown;
  }
  const list = el("ul", { class: "advisories" }, row.vulnerabilities.map(([id, aliases, severity, summary, , url]) =>
    el("li", {}, url && /^https:\/\//.test(url) ? el("a", { href: url, rel: "noreferrer noopener", target: "_blank", text: id }) : el("strong", { text: id }),
      ` ${severity || "unrated"}`, el("div", { class: "why", title: summary, text: [aliases.join(", "), clipped(summary, 160)].filter(Boolean).join(" · ") }))));
  const pypi = row.vulnerabilitySource === "pypi" ? [el("div", { class: "why", text: "from PyPI: OSV did not answer" })] : [];
  return pypi.length || ignored.length ? el("div", {}, list, ...pypi, ...ignored) : list;
}

function clipped(text, length) {
  return text && text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function flags(row) {
  const out = [];
  if (row.relation !== "direct") out.push(row.relation);
  if (row.group) out.push(row.group);
  if (row.yanked) out.push("yanked");
  if (row.unmaintained) out.push("unmaintained");
  for (const [aspect, reason] of row.unknowns) out.push(`${aspect} unknown: ${reason}`);
  return out.join(" · ");
}
