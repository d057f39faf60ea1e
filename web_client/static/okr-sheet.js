// The live OKR sheet: the persona's draft objective and Key Results, each with
// its state from the director and any revised wording, plus the motivation.

const STATE_LABELS = {
  untouched: "Untouched",
  challenged: "Challenged",
  defended: "Defended",
  conceded: "Conceded",
  revised: "Revised",
  approved_weak: "Approved while weak",
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

export class OkrSheet {
  constructor(container) {
    this.container = container;
    this.rows = new Map(); // Key Result id -> {row, badge, revised}
  }

  // Draw the draft from the scenario: every Key Result starts untouched.
  show(scenario) {
    this.rows.clear();
    const objective = element("p", "okr-objective", scenario.objective || "");
    const list = element("ol", "okr-list");
    for (const keyResult of scenario.key_results || []) {
      const row = element("li", "okr-kr");
      const head = element("div", "okr-kr-head");
      head.appendChild(element("span", "okr-kr-id", keyResult.id.toUpperCase()));
      const badge = element("span", "badge");
      head.appendChild(badge);
      const text = element("p", "okr-kr-text", keyResult.text);
      const revised = element("p", "okr-kr-revised");
      revised.hidden = true;
      row.append(head, text, revised);
      list.appendChild(row);
      this.rows.set(keyResult.id, { row, badge, revised });
      this.setState(keyResult.id, "untouched", null);
    }
    const motivation = element("div", "motivation");
    motivation.appendChild(element("span", "motivation-label", "Motivation"));
    this.motivationBar = element("meter", "motivation-meter");
    Object.assign(this.motivationBar, { min: 0, max: 1, low: 0.35, high: 0.65, optimum: 1 });
    this.motivationValue = element("span", "motivation-value", "–");
    motivation.append(this.motivationBar, this.motivationValue);
    this.container.replaceChildren(objective, list, motivation);
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
