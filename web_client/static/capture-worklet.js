// AudioWorklet processor that turns the microphone into PCM16 mono frames of
// 20 ms at 16 kHz (320 samples, 640 bytes) and posts each one to the main
// thread with its peak level. When the context does not run at 16 kHz (some
// browsers ignore the requested rate), it resamples by linear interpolation.

const TARGET_RATE = 16000;
const FRAME_SAMPLES = 320;

class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    // `sampleRate` is the context rate, a global of AudioWorkletGlobalScope.
    this.step = sampleRate / TARGET_RATE;
    this.position = 0; // read position in input samples, relative to `previous`
    this.previous = 0; // last input sample of the previous block, for interpolation
    this.frame = new Int16Array(FRAME_SAMPLES);
    this.filled = 0;
    this.peak = 0;
  }

  process(inputs) {
    const channels = inputs[0];
    if (!channels || channels.length === 0) {
      return true; // no input connected yet
    }
    const samples = channels[0];
    if (this.step === 1) {
      for (let i = 0; i < samples.length; i++) {
        this.push(samples[i]);
      }
    } else {
      this.resample(samples);
    }
    return true;
  }

  // Linear interpolation where index 0 is `previous` and index k is samples[k - 1].
  // NOTE: there is no low-pass filter before decimation, so content above 8 kHz
  // aliases. Chromium accepts the 16 kHz context rate and does not take this path.
  resample(samples) {
    const length = samples.length;
    while (this.position <= length) {
      const index = Math.floor(this.position);
      const fraction = this.position - index;
      const left = index === 0 ? this.previous : samples[index - 1];
      const right = index >= length ? left : samples[index];
      this.push(left + (right - left) * fraction);
      this.position += this.step;
    }
    this.position -= length;
    this.previous = samples[length - 1];
  }

  push(value) {
    const clamped = Math.max(-1, Math.min(1, value));
    this.peak = Math.max(this.peak, Math.abs(clamped));
    this.frame[this.filled++] = clamped < 0 ? clamped * 0x8000 : clamped * 0x7fff;
    if (this.filled === FRAME_SAMPLES) {
      const frame = this.frame;
      this.port.postMessage({ frame: frame.buffer, peak: this.peak }, [frame.buffer]);
      this.frame = new Int16Array(FRAME_SAMPLES);
      this.filled = 0;
      this.peak = 0;
    }
  }
}

registerProcessor("pushback-capture", CaptureProcessor);
