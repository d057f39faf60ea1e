// The live OKR sheet: the persona's draft objectives, each with its Key Results,
// their state from the director and any revised wording, plus the motivation.

const STATE_LABELS = {
  untouched: "Untouched",
  challenged: "Challenged",
  defended: "Defended",
  conceded: "Conceded",
  revised: "Revised",
  approved_weak: "Approved while weak",
  approved: "Approved",
};

function stateLabel(state) {
  return STATE_LABELS[state] || String(state || "untouched").replace(/_/g, " ");
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

// Return [{text, keyResults}] in the scenario's order. A Key Result that no
// objective lists goes under a last heading, so none is dropped. A scenario
// summary without `objectives` gets one heading from its `objective` text.
function groupByObjective(scenario, keyResults) {
  const byId = new Map(keyResults.map((keyResult) => [keyResult.id, keyResult]));
  const placed = new Set();
  const groups = [];
  for (const objective of scenario.objectives || []) {
    const own = (objective.key_results || []).filter((id) => byId.has(id) && !placed.has(id));
    own.forEach((id) => placed.add(id));
    groups.push({ text: objective.text || "", keyResults: own.map((id) => byId.get(id)) });
  }
  const rest = keyResults.filter((keyResult) => !placed.has(keyResult.id));
  if (rest.length > 0 || groups.length === 0) {
    const text = groups.length === 0 ? scenario.objective || "" : "Other Key Results";
    groups.push({ text, keyResults: rest });
  }
  return groups;
}

export class OkrSheet {
  constructor(container) {
    this.container = container;
    this.rows = new Map(); // Key Result id -> {row, badge, revised}
  }

  // Draw the draft from the scenario: one heading per objective with its own Key
  // Results, every Key Result untouched. The scenario summary lists `objectives` as
  // [{id, text, key_results: [ids]}] and `key_results` as [{id, text}].
  show(scenario) {
    this.rows.clear();
    const keyResults = scenario.key_results || [];
    const groups = [];
    for (const objective of groupByObjective(scenario, keyResults)) {
      const group = element("section", "okr-objective-group");
      if (groups.length > 0) {
        group.style.marginTop = "1rem";
      }
      const heading = element("h3", "okr-objective", objective.text);
      const list = element("ol", "okr-list");
      for (const keyResult of objective.keyResults) {
        list.appendChild(this.keyResultRow(keyResult));
      }
      group.append(heading, list);
      groups.push(group);
    }
    const motivation = element("div", "motivation");
    motivation.appendChild(element("span", "motivation-label", "Motivation"));
    this.motivationBar = element("meter", "motivation-meter");
    Object.assign(this.motivationBar, { min: 0, max: 1, low: 0.35, high: 0.65, optimum: 1 });
    this.motivationValue = element("span", "motivation-value", "–");
    motivation.append(this.motivationBar, this.motivationValue);
    this.container.replaceChildren(...groups, motivation);
  }

  keyResultRow(keyResult) {
    const row = element("li", "okr-kr");
    row.dataset.id = keyResult.id;
    const head = element("div", "okr-kr-head");
    head.appendChild(element("span", "okr-kr-id", keyResult.id.toUpperCase()));
    const badge = element("span", "badge");
    head.appendChild(badge);
    const text = element("p", "okr-kr-text", keyResult.text);
    const revised = element("p", "okr-kr-revised");
    revised.hidden = true;
    row.append(head, text, revised);
    this.rows.set(keyResult.id, { row, badge, revised });
    this.setState(keyResult.id, "untouched", null);
    return row;
  }

  setState(id, state, revisedText) {
    const entry = this.rows.get(id);
    if (!entry) {
      return;
    }
    const known = state || "untouched";
    entry.badge.textContent = stateLabel(known);
    entry.badge.className = `badge badge-${known}`;
    entry.row.dataset.state = known;
    entry.revised.hidden = !revisedText;
    entry.revised.textContent = revisedText ? `Now: ${revisedText}` : "";
  }

  // Apply a `key_results` event from the server.
  update({ items, motivation }) {
    for (const item of items || []) {
      this.setState(item.id, item.state, item.revised_text);
    }
    if (typeof motivation === "number" && this.motivationBar) {
      this.motivationBar.value = motivation;
      this.motivationValue.textContent = `${Math.round(motivation * 100)}%`;
    }
  }
}
