// The scorecard: each dimension's score and checks, with evidence that seeks.

import { formatClock } from "./replay-api.js";

const STATUS = { yes: "Yes", partly: "Partly", no: "No", not_measured: "Not measured" };

function evidenceButton(evidence, seek) {
  const item = document.createElement("li");
  if (typeof evidence.at === "number") {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "time-link evidence";
    button.textContent = formatClock(evidence.at);
    button.title = "Play this moment";
    button.addEventListener("click", () => seek(evidence.at));
    item.append(button, " ");
  }
  const quote = document.createElement("q");
  quote.textContent = evidence.quote;
  item.append(quote);
  return item;
}

export function renderScorecard(root, assessment, seek) {
  root.replaceChildren();
  if (!assessment) {
    const empty = document.createElement("p");
    empty.className = "hint";
    empty.textContent = "No assessment yet: it is computed when the session ends.";
    root.append(empty);
    return;
  }
  const overall = document.createElement("p");
  overall.className = "overall";
  overall.textContent = assessment.overall_score == null ? "Overall: not measured" : `Overall: ${Math.round(assessment.overall_score)} / 100`;
  root.append(overall);

  for (const dimension of assessment.scorecard || []) {
    const block = document.createElement("details");
    block.className = "dimension";
    block.open = true;
    const summary = document.createElement("summary");
    summary.textContent = `${dimension.title}: ${dimension.score == null ? "not measured" : Math.round(dimension.score)}`;
    block.append(summary);
    const checks = document.createElement("ul");
    checks.className = "checks";
    for (const check of dimension.checks || []) {
      const item = document.createElement("li");
      item.className = `check check-${check.status}`;
      const head = document.createElement("div");
      head.className = "check-head";
      head.textContent = `${STATUS[check.status] || check.status}: ${check.question}`;
      const detail = document.createElement("div");
      detail.className = "check-detail";
      detail.textContent = check.detail;
      item.append(head, detail);
      if ((check.evidence || []).length) {
        const evidence = document.createElement("ul");
        evidence.className = "evidence-list";
        for (const entry of check.evidence) evidence.append(evidenceButton(entry, seek));
        item.append(evidence);
      }
      checks.append(item);
    }
    block.append(checks);
    root.append(block);
  }

  const tips = assessment.tips || [];
  if (tips.length) {
    const heading = document.createElement("h3");
    heading.textContent = "Coaching tips";
    const list = document.createElement("ol");
    list.className = "tips";
    for (const tip of tips) {
      const item = document.createElement("li");
      const title = document.createElement("strong");
      title.textContent = tip.title;
      item.append(title, ` ${tip.text}`);
      if ((tip.evidence || []).length) {
        const evidence = document.createElement("ul");
        evidence.className = "evidence-list";
        for (const entry of tip.evidence) evidence.append(evidenceButton(entry, seek));
        item.append(evidence);
      }
      list.append(item);
    }
    root.append(heading, list);
  }
}
