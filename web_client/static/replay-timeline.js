// The timeline under the player: one lane per speaker, a lane of markers for
// interruptions, findings and notes, and a playhead. Clicking seeks.

import { formatClock } from "./replay-api.js";
import { utterancesOf } from "./replay-transcript.js";

function percent(seconds, duration) {
  return `${Math.min(100, Math.max(0, (100 * seconds) / duration))}%`;
}

// Returns the assessment's moments that carry a time: [{at, label}].
export function findingsOf(assessment) {
  if (!assessment) return [];
  const found = [];
  for (const dimension of assessment.scorecard || []) {
    for (const check of dimension.checks || []) {
      for (const evidence of check.evidence || []) {
        if (typeof evidence.at === "number") found.push({ at: evidence.at, label: `${check.question}: "${evidence.quote}"` });
      }
    }
  }
  return found;
}

export function interruptionsOf(record) {
  const events = (record && record.events) || [];
  return events
    .filter((event) => event.type === "barge_in" && typeof event.at === "number")
    .map((event) => ({ at: event.at, label: `You cut in on ${event.utterance}` }))
    .concat(
      events
        .filter((event) => event.type === "utterance" && event.cut_off && event.cut_off_by === "persona" && typeof event.end === "number")
        .map((event) => ({ at: event.end, label: `The persona cut in on ${event.id}` })),
    );
}

export class Timeline {
  constructor(root, seek) {
    this.root = root;
    this.seek = seek;
    this.duration = 1;
    this.manager = root.querySelector("#lane-manager");
    this.persona = root.querySelector("#lane-persona");
    this.markers = root.querySelector("#lane-markers");
    this.playhead = root.querySelector("#playhead");
    root.addEventListener("click", (event) => {
      if (event.target.closest(".marker")) return;
      const track = this.manager.getBoundingClientRect();
      const share = (event.clientX - track.left) / track.width;
      if (share >= 0 && share <= 1) this.seek(share * this.duration);
    });
  }

  render(record, assessment, notes, duration) {
    this.duration = Math.max(duration || 0, 1);
    this.manager.replaceChildren();
    this.persona.replaceChildren();
    for (const utterance of utterancesOf(record)) {
      const block = document.createElement("div");
      block.className = `block block-${utterance.speaker}${utterance.cut_off ? " block-cut" : ""}`;
      block.style.left = percent(utterance.start, this.duration);
      block.style.width = percent(Math.max(0.2, (utterance.end ?? utterance.start) - utterance.start), this.duration);
      block.title = `${formatClock(utterance.start)} ${utterance.text || ""}`;
      (utterance.speaker === "manager" ? this.manager : this.persona).append(block);
    }
    this.renderMarkers(record, assessment, notes);
  }

  renderMarkers(record, assessment, notes) {
    this.markers.replaceChildren();
    const add = (kind, at, label) => {
      const marker = document.createElement("button");
      marker.type = "button";
      marker.className = `marker marker-${kind}`;
      marker.style.left = percent(at, this.duration);
      marker.title = `${formatClock(at)} ${label}`;
      marker.setAttribute("aria-label", marker.title);
      marker.addEventListener("click", () => this.seek(at));
      this.markers.append(marker);
    };
    for (const item of interruptionsOf(record)) add("interruption", item.at, item.label);
    for (const item of findingsOf(assessment)) add("finding", item.at, item.label);
    for (const note of notes || []) add("note", note.at, `${note.author}: ${note.text}`);
  }

  move(seconds) {
    this.playhead.style.left = `calc(var(--lane-label) + (100% - var(--lane-label)) * ${Math.min(1, seconds / this.duration)})`;
  }
}
