// Per-turn latency table, filled from `latency` events. The server sends
// `first_audio_played_ms` in a second event for the same turn.

const FIELDS = ["transcript_ready_ms", "first_text_ms", "first_audio_sent_ms", "first_audio_played_ms"];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export class LatencyTable {
  constructor(body, summary) {
    this.body = body;
    this.summary = summary;
    this.turns = new Map(); // turn -> {row, values}
    this.reset();
  }

  reset() {
    this.turns.clear();
    this.body.replaceChildren();
    this.summary.textContent = "";
  }

  update(event) {
    let entry = this.turns.get(event.turn);
    if (!entry) {
      const row = document.createElement("tr");
      const turnCell = document.createElement("td");
      turnCell.textContent = String(event.turn);
      row.appendChild(turnCell);
      for (const field of FIELDS) {
        const cell = document.createElement("td");
        cell.dataset.field = field;
        cell.textContent = "–";
        row.appendChild(cell);
      }
      entry = { row, values: {} };
      this.turns.set(event.turn, entry);
      this.body.prepend(row); // newest turn first
    }
    for (const field of FIELDS) {
      if (typeof event[field] === "number") {
        entry.values[field] = event[field];
        entry.row.querySelector(`[data-field="${field}"]`).textContent = String(Math.round(event[field]));
      }
    }
    this.summarize();
  }

  summarize() {
    const played = [...this.turns.values()]
      .map((entry) => entry.values.first_audio_played_ms)
      .filter((value) => typeof value === "number");
    if (played.length > 0) {
      this.summary.textContent =
        `Voice to voice: median ${Math.round(median(played))} ms over ${played.length} ` +
        `turn${played.length === 1 ? "" : "s"}.`;
    }
  }
}
