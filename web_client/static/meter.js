// Microphone level meter: peak level on a decibel scale, falling back slowly
// so that short syllables stay visible.

const FLOOR_DB = -60;
const FALL_DB_PER_SECOND = 30;

export class LevelMeter {
  constructor(fill) {
    this.fill = fill;
    this.levelDb = FLOOR_DB;
    this.lastUpdate = performance.now();
    this.frameRequested = false;
  }

  // `peak` is the frame's absolute peak sample, from 0 to 1.
  update(peak) {
    const now = performance.now();
    const fallen = this.levelDb - (FALL_DB_PER_SECOND * (now - this.lastUpdate)) / 1000;
    const peakDb = peak > 0 ? 20 * Math.log10(peak) : FLOOR_DB;
    this.levelDb = Math.max(FLOOR_DB, fallen, peakDb);
    this.lastUpdate = now;
    if (!this.frameRequested) {
      this.frameRequested = true;
      requestAnimationFrame(() => this.draw());
    }
  }

  draw() {
    this.frameRequested = false;
    const fraction = (this.levelDb - FLOOR_DB) / -FLOOR_DB;
    this.fill.style.width = `${Math.round(fraction * 100)}%`;
    this.fill.classList.toggle("level-hot", this.levelDb > -3);
  }

  reset() {
    this.levelDb = FLOOR_DB;
    this.draw();
  }
}
