// The transcript beside the player: one line per utterance, click to seek,
// the line being played highlighted.

import { formatClock } from "./replay-api.js";

export function utterancesOf(record) {
  const events = (record && record.events) || [];
  return events
    .filter((event) => event.type === "utterance" && typeof event.start === "number")
    .sort((a, b) => a.start - b.start);
}

export class Transcript {
  constructor(list, seek) {
    this.list = list;
    this.seek = seek;
    this.lines = [];
    this.current = null;
  }

  render(record) {
    this.list.replaceChildren();
    this.lines = utterancesOf(record).map((utterance) => {
      const item = document.createElement("li");
      item.className = `line line-${utterance.speaker}`;
      item.dataset.start = String(utterance.start);
      item.dataset.end = String(utterance.end ?? utterance.start);
      item.dataset.id = utterance.id || "";
      item.tabIndex = 0;
      item.title = "Play from here";

      const time = document.createElement("span");
      time.className = "line-time";
      time.textContent = formatClock(utterance.start);
      const speaker = document.createElement("span");
      speaker.className = "line-speaker";
      speaker.textContent = utterance.speaker === "manager" ? "You" : (record.persona && record.persona.name) || "Persona";
      const text = document.createElement("span");
      text.className = "line-text";
      const heard = utterance.speaker === "persona" ? utterance.played_text ?? utterance.text : utterance.text;
      text.textContent = heard || "…";
      item.append(time, speaker, text);
      if (utterance.cut_off) {
        const cut = document.createElement("span");
        cut.className = "line-cut";
        cut.textContent = utterance.cut_off_by === "manager" ? "cut off by you" : "cut off";
        item.append(cut);
      }

      const activate = () => this.seek(utterance.start);
      item.addEventListener("click", activate);
      item.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          activate();
        }
      });
      this.list.append(item);
      return { item, start: utterance.start, end: utterance.end ?? utterance.start };
    });
    if (!this.lines.length) {
      const empty = document.createElement("li");
      empty.className = "hint";
      empty.textContent = "Nobody spoke in this session.";
      this.list.append(empty);
    }
  }

  // Highlights the last line that started at or before `seconds`.
  highlight(seconds) {
    let found = null;
    for (const line of this.lines) {
      if (line.start <= seconds + 0.05) found = line;
      else break;
    }
    if (found === this.current) return;
    if (this.current) this.current.item.classList.remove("current");
    this.current = found;
    if (found) {
      found.item.classList.add("current");
      found.item.scrollIntoView({ block: "nearest" });
    }
  }
}
