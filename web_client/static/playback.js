// Persona audio playback: an AudioContext at the server's sample rate and the
// playback worklet, which queues the PCM16 chunks and reports what it played.

const HEADER_BYTES = 8;

// Split a binary frame from the server into its header fields and samples.
export function parseAudioFrame(buffer) {
  const view = new DataView(buffer);
  const utterance = view.getUint32(0, true);
  const chunk = view.getUint32(4, true);
  const sampleBytes = (buffer.byteLength - HEADER_BYTES) & ~1; // drop an odd trailing byte
  const samples = buffer.slice(HEADER_BYTES, HEADER_BYTES + sampleBytes);
  return { utterance, chunk, samples };
}

// `onEvent(type, utterance, playedMs)` receives "started", "progress",
// "finished" and "cleared" from the worklet. `onStats(stats)` receives the
// worklet's running totals after each event.
export class Playback {
  constructor({ onEvent, onStats }) {
    this.onEvent = onEvent;
    this.onStats = onStats;
    this.context = null;
    this.node = null;
    this.sampleRate = 0;
    this.cleared = new Set();
    this.pending = []; // messages that arrive while the worklet module loads
  }

  async start(sampleRate) {
    this.sampleRate = sampleRate;
    this.context = new AudioContext({ sampleRate, latencyHint: "interactive" });
    await this.context.audioWorklet.addModule(new URL("./playback-worklet.js", import.meta.url));
    this.node = new AudioWorkletNode(this.context, "pushback-playback", {
      numberOfInputs: 0,
      numberOfOutputs: 1,
      outputChannelCount: [1],
    });
    this.node.port.onmessage = (event) => this.receive(event.data);
    this.node.connect(this.context.destination);
    for (const [message, transfer] of this.pending) {
      this.node.port.postMessage(message, transfer);
    }
    this.pending = [];
    // resume() stays pending when the autoplay policy blocks the context.
    this.context.resume();
  }

  // True while the browser's autoplay policy keeps the context from running.
  get blocked() {
    return this.context !== null && this.context.state === "suspended";
  }

  resume() {
    if (this.context) {
      return this.context.resume();
    }
    return Promise.resolve();
  }

  // NOTE: the worklet reports a sample when it renders it, which is earlier than
  // the speakers by the context's outputLatency (not added to `played_ms`).
  receive(message) {
    const playedMs = Math.round((message.playedSamples * 1000) / this.sampleRate);
    this.onStats(message.stats);
    this.onEvent(message.type, message.utterance, playedMs);
  }

  post(message, transfer = []) {
    if (this.node) {
      this.node.port.postMessage(message, transfer);
    } else {
      this.pending.push([message, transfer]);
    }
  }

  enqueue(buffer) {
    if (buffer.byteLength < HEADER_BYTES) {
      return;
    }
    const { utterance, samples } = parseAudioFrame(buffer);
    if (this.cleared.has(utterance)) {
      return; // the manager cut this utterance off
    }
    this.post({ type: "chunk", utterance, samples }, [samples]);
  }

  end(utterance, chunks) {
    this.post({ type: "end", utterance, chunks });
  }

  // Empty the queue of `utterance` and earlier ones at once. The worklet then
  // reports "cleared" with the samples it had played.
  clear(utterance) {
    this.cleared.add(utterance);
    this.post({ type: "clear", utterance });
  }

  async stop() {
    this.pending = [];
    if (this.node) {
      this.node.port.onmessage = null;
      this.node.disconnect();
      this.node = null;
    }
    if (this.context && this.context.state !== "closed") {
      await this.context.close();
    }
    this.context = null;
  }
}
