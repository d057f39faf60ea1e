// The scorecard dialog: the `assessment` event (schema pushback.assessment/1,
// documented in docs/assessment.md) drawn for the manager after a session.

import { flagBadge, flagLabel } from "./flags.js";

const STATUS_LABELS = { yes: "yes", partly: "partly", no: "no", not_measured: "not measured" };
const ENDING_LABELS = {
  revised: "Revised",
  dropped: "Dropped",
  still_open: "Still open",
  approved_weak: "Approved while weak",
  approved: "Approved",
};
const MAX_EVIDENCE_SHOWN = 3;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined && text !== null) {
    node.textContent = text;
  }
  return node;
}

// Seconds from the session start as mm:ss.
export function formatTimestamp(seconds) {
  const whole = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(whole / 60)).padStart(2, "0")}:${String(whole % 60).padStart(2, "0")}`;
}

function formatScore(score) {
  return typeof score === "number" ? `${Math.round(score)}/100` : "not measured";
}

function capitalise(text) {
  const value = String(text || "");
  return value.charAt(0).toUpperCase() + value.slice(1);
}

// One quote with its time. Text sessions have `at: null`, so their quotes show no time.
function evidenceItem(evidence) {
  const item = element("li", "evidence");
  if (typeof evidence.at === "number") {
    item.appendChild(element("span", "evidence-time", formatTimestamp(evidence.at)));
  }
  const speaker = evidence.speaker === "manager" ? "You" : "Persona";
  item.appendChild(element("span", "evidence-speaker", speaker));
  item.appendChild(element("q", "evidence-quote", evidence.quote || "(no words transcribed)"));
  return item;
}

function evidenceList(items) {
  const list = element("ul", "evidence-list");
  for (const evidence of (items || []).slice(0, MAX_EVIDENCE_SHOWN)) {
    list.appendChild(evidenceItem(evidence));
  }
  const hidden = (items || []).length - MAX_EVIDENCE_SHOWN;
  if (hidden > 0) {
    list.appendChild(element("li", "evidence-more", `and ${hidden} more`));
  }
  return list;
}

function sessionLine(session) {
  const persona = session.persona && session.persona.name ? ` with ${session.persona.name}` : "";
  if (!session.timed) {
    return `Text session${persona}. Timings were not measured.`;
  }
  const length = typeof session.duration_s === "number" ? `, ${formatTimestamp(session.duration_s)} long` : "";
  return `Voice session${persona}${length}.`;
}

function header(assessment, onClose) {
  const head = element("header", "scorecard-head");
  const titles = element("div", "scorecard-titles");
  const title = element("h2", "scorecard-title", "Scorecard");
  title.id = "scorecard-title";
  titles.append(title, element("p", "scorecard-meta", sessionLine(assessment.session || {})));
  const overall = element("div", "scorecard-overall");
  overall.append(
    element("span", "scorecard-overall-value", formatScore(assessment.overall_score)),
    element("span", "scorecard-overall-label", "overall"),
  );
  const close = element("button", "button button-secondary scorecard-close", "Close");
  close.type = "button";
  close.addEventListener("click", onClose);
  head.append(titles, overall, close);
  return head;
}

function approvedSection(assessment) {
  const approved = assessment.approved_weak || [];
  const section = element("section", approved.length ? "scorecard-approved" : "scorecard-approved-none");
  if (!approved.length) {
    const challenge = (assessment.scorecard || []).find((dimension) => dimension.id === "challenge");
    if (!challenge || !challenge.measured) {
      return null;
    }
    section.textContent = "You approved no weak Key Result unchanged.";
    return section;
  }
  const count = approved.length === 1 ? "1 weak Key Result" : `${approved.length} weak Key Results`;
  section.appendChild(element("h3", "", `You approved ${count} unchanged`));
  section.appendChild(
    element("p", "scorecard-approved-why", "Each one was still weak when you agreed to it. Reopen it with the team before the quarter starts."),
  );
  const list = element("ul", "approved-list");
  for (const keyResult of approved) {
    const item = element("li", "approved-kr");
    const head = element("div", "approved-kr-head");
    head.appendChild(element("strong", "approved-kr-text", keyResult.text));
    const badges = element("span", "approved-kr-flags");
    badges.append(...(keyResult.weaknesses || []).map(flagBadge));
    head.appendChild(badges);
    item.appendChild(head);
    if (keyResult.evidence) {
      item.appendChild(evidenceList([keyResult.evidence]));
    }
    list.appendChild(item);
  }
  section.appendChild(list);
  return section;
}

function tipsSection(tips) {
  const section = element("section", "scorecard-tips");
  section.appendChild(element("h3", "", "Three things to work on"));
  const list = element("ol", "tips-list");
  for (const tip of tips || []) {
    const item = element("li", "tip");
    item.append(element("strong", "tip-title", tip.title), element("p", "tip-text", tip.text));
    if (tip.evidence && tip.evidence.length) {
      item.appendChild(evidenceList(tip.evidence));
    }
    list.appendChild(item);
  }
  section.appendChild(list);
  return section;
}

function checkItem(check, dimensionReason) {
  const item = element("li", "check");
  item.dataset.status = check.status;
  const head = element("div", "check-head");
  head.append(
    element("span", `check-status status-${check.status}`, STATUS_LABELS[check.status] || check.status),
    element("span", "check-question", check.question),
  );
  item.appendChild(head);
  // A dimension that is not measured already states why once.
  if (check.detail && check.detail !== dimensionReason) {
    item.appendChild(element("p", "check-detail", capitalise(check.detail)));
  }
  if (check.evidence && check.evidence.length) {
    item.appendChild(evidenceList(check.evidence));
  }
  return item;
}

function dimensionCard(dimension) {
  const card = element("article", "dimension");
  card.dataset.dimension = dimension.id;
  const head = element("div", "dimension-head");
  head.append(element("h3", "dimension-title", dimension.title), element("span", "dimension-score", formatScore(dimension.score)));
  card.appendChild(head);
  if (!dimension.measured && dimension.reason) {
    card.appendChild(element("p", "dimension-reason", capitalise(dimension.reason)));
  }
  const checks = element("ul", "check-list");
  for (const check of dimension.checks || []) {
    checks.appendChild(checkItem(check, dimension.reason));
  }
  card.appendChild(checks);
  return card;
}

function keyResultsSection(keyResults) {
  const section = element("section", "scorecard-krs");
  section.appendChild(element("h3", "", "Key Results"));
  const list = element("ol", "finding-list");
  for (const finding of keyResults || []) {
    const item = element("li", "finding");
    item.dataset.ending = finding.ending;
    const head = element("div", "finding-head");
    head.append(
      element("span", "finding-text", finding.text),
      element("span", `badge badge-ending badge-${finding.ending}`, ENDING_LABELS[finding.ending] || String(finding.ending).replace(/_/g, " ")),
    );
    item.appendChild(head);
    const weaknesses = finding.weaknesses || [];
    item.appendChild(
      element("p", "finding-detail", weaknesses.length ? `Weak: ${weaknesses.map(flagLabel).join(", ")}.` : "No weakness found."),
    );
    if (finding.revised_text) {
      item.appendChild(element("p", "finding-revised", `Now: ${finding.revised_text}`));
    }
    if (finding.weak && finding.first_challenge) {
      item.appendChild(element("p", "finding-label", "Your first challenge:"));
      item.appendChild(evidenceList([finding.first_challenge]));
    } else if (finding.weak) {
      item.appendChild(element("p", "finding-label", "You did not challenge it."));
    }
    list.appendChild(item);
  }
  section.appendChild(list);
  return section;
}

export class Scorecard {
  // `dialog` is an empty <dialog>, and `reopen` is the button that shows the last scorecard again.
  constructor(dialog, reopen) {
    this.dialog = dialog;
    this.reopen = reopen;
    this.assessment = null;
    reopen.addEventListener("click", () => this.open());
  }

  show(assessment) {
    this.assessment = assessment;
    const dimensions = element("section", "scorecard-dimensions");
    dimensions.append(...(assessment.scorecard || []).map(dimensionCard));
    const parts = [
      header(assessment, () => this.dialog.close()),
      approvedSection(assessment),
      tipsSection(assessment.tips),
      dimensions,
      keyResultsSection(assessment.key_results),
    ].filter(Boolean);
    const body = element("div", "scorecard-body");
    body.append(...parts.slice(1));
    this.dialog.replaceChildren(parts[0], body);
    this.reopen.hidden = false;
    this.open();
  }

  open() {
    if (this.assessment && !this.dialog.open) {
      this.dialog.showModal();
      this.dialog.querySelector(".scorecard-body").scrollTop = 0;
    }
  }

  // Forget the last scorecard when a new session starts.
  reset() {
    this.assessment = null;
    this.reopen.hidden = true;
    if (this.dialog.open) {
      this.dialog.close();
    }
    this.dialog.replaceChildren();
  }
}
