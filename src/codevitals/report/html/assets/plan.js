// -- pay-down plan ----------------------------------------------------------------------------

const PLAN_UNIT = "Risk points: 100 = the repository's hotspot risk (each file's chance of a bug fix, from size, changes and prior fixes: measured by the backtest); a refactoring item is placed at its file's risk, and health says what to fix and why change there costs (judgement). Vulnerabilities and findings are weighed on the same scale.";

function planItem(item, detailed) {
  const [verb, subject, rest] = item.action;
  const head = el("div", { class: "plan-head" },
    el("span", { class: "points", text: fmt(item.benefit, 1) }), " ",
    el("strong", {}, `${verb} `, code(subject), rest), " ",
    pill(item.effort, `effort-${item.effort}`), ...item.kinds.map((kind) => pill(kind, "kind")));
  const reasons = detailed ? item.reasons : item.reasons.slice(0, 3);
  return el("li", { class: "plan-item" }, head,
    el("div", { class: "why" }, planWhere(item)),
    el("ul", { class: "reasons" }, reasons.map(([, text, points]) =>
      el("li", {}, el("span", { class: "points", text: points ? `+${fmt(points, 1)}` : "" }), " ", text))));
}

function planWhere(item) {
  if (item.package) return `${item.path}${item.line ? `:${item.line}` : ""}`;
  const where = item.function ? `${item.path}:${item.line}` : item.path;
  return fileLink(item.path, where);
}

function planPanel() {
  const plan = D.plan;
  if (!plan) return;
  document.getElementById("plan-panel").hidden = false;
  document.getElementById("plan-unit").textContent = PLAN_UNIT;
  const list = document.getElementById("plan-top");
  const shipped = plan.items.filter((item) => item.place !== "development");
  if (!shipped.length) list.append(el("li", { text: "Nothing to pay down in production code." }));
  list.append(...shipped.slice(0, 5).map((item) => planItem(item, false)));
}

function planTab() {
  const plan = D.plan;
  if (!plan) { hideTab("plan"); return; }
  const budget = plan.budget === null ? "" : ` · budget ${plan.budget} days: ${plan.overBudget} did not fit`;
  const basis = plan.basis === "hotspots" ? "" : " · no history: ranked by health debt × size";
  const unchecked = plan.unchecked ? ` · ${fmt(plan.unchecked)} dependencies not checked for vulnerabilities: upgrades they need may be missing` : "";
  document.getElementById("plan-note").textContent =
    `${plan.items.length} of ${plan.candidates} candidates · ${fmt(plan.days)} days · ${fmt(plan.benefit, 1)} risk points${budget}${basis}${unchecked}`;
  const list = document.getElementById("plan-items");
  const development = document.getElementById("plan-development-items");
  const kind = document.getElementById("plan-kind");
  const chosen = (place) => plan.items.filter((i) => (i.place === "development") === (place === "development") && (!kind.value || i.kinds.includes(kind.value)));
  const draw = () => {
    list.replaceChildren(...chosen("production").map((i) => planItem(i, true)));
    development.replaceChildren(...chosen("development").map((i) => planItem(i, true)));
    document.getElementById("plan-development").hidden = !development.children.length;
  };
  kind.addEventListener("change", draw);
  draw();
}

function planFor(path) {
  return D.plan ? D.plan.items.filter((item) => item.path === path && !item.package) : [];
}
