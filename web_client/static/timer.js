// Session timer: elapsed time against the scenario's time box.

import { formatClock } from "./transcript.js";

const WARNING_FRACTION = 0.85;

export class SessionTimer {
  constructor(label, bar) {
    this.label = label;
    this.bar = bar;
    this.timeBoxS = 0;
    this.startedAt = null;
    this.interval = null;
  }

  show(timeBoxS) {
    this.timeBoxS = timeBoxS;
    this.render(0);
  }

  start() {
    this.startedAt = performance.now();
    this.interval = setInterval(() => this.render(this.elapsedS()), 250);
    this.render(0);
  }

  stop() {
    clearInterval(this.interval);
    this.interval = null;
  }

  elapsedS() {
    return this.startedAt === null ? 0 : (performance.now() - this.startedAt) / 1000;
  }

  render(elapsedS) {
    this.label.textContent = `${formatClock(elapsedS)} / ${formatClock(this.timeBoxS)}`;
    const fraction = this.timeBoxS > 0 ? elapsedS / this.timeBoxS : 0;
    this.bar.value = Math.min(1, fraction);
    this.label.classList.toggle("timer-warning", fraction >= WARNING_FRACTION && fraction < 1);
    this.label.classList.toggle("timer-over", fraction >= 1);
  }
}
