// AudioWorklet processor that plays the persona's PCM16 chunks in order and
// reports what it actually played.
//
// Messages in (port): {type: "chunk", utterance, samples: Int16Array buffer},
//   {type: "end", utterance, chunks} once the server has sent every chunk,
//   {type: "clear", utterance} to drop every queued chunk of that utterance and
//   of earlier ones.
// Messages out: {type: "started" | "progress" | "finished" | "cleared",
//   utterance, playedSamples, stats}, where `stats` contains the running totals.
// "finished" needs both the "end" message and every one of its chunks played.

const PROGRESS_INTERVAL_S = 0.25;

class PlaybackProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.queue = []; // {utterance, samples: Int16Array, offset}
    this.utterances = new Map(); // utterance -> {played, chunksPlayed, chunksTotal, lastProgress}
    this.cleared = new Set();
    this.progressInterval = Math.round(sampleRate * PROGRESS_INTERVAL_S);
    this.stats = { playedSamples: 0, utterancesStarted: 0, utterancesFinished: 0, chunksDropped: 0 };
    this.port.onmessage = (event) => this.receive(event.data);
  }

  entry(utterance) {
    let entry = this.utterances.get(utterance);
    if (!entry) {
      entry = { played: 0, chunksPlayed: 0, chunksTotal: null, lastProgress: 0, started: false, finished: false };
      this.utterances.set(utterance, entry);
    }
    return entry;
  }

  receive(message) {
    if (message.type === "chunk") {
      if (this.cleared.has(message.utterance)) {
        this.stats.chunksDropped += 1;
        return;
      }
      this.queue.push({ utterance: message.utterance, samples: new Int16Array(message.samples), offset: 0 });
    } else if (message.type === "end") {
      const entry = this.entry(message.utterance);
      entry.chunksTotal = message.chunks;
      this.finishIfDone(message.utterance, entry);
    } else if (message.type === "clear") {
      this.clear(message.utterance);
    }
  }

  clear(utterance) {
    const before = this.queue.length;
    this.queue = this.queue.filter((chunk) => chunk.utterance > utterance);
    this.stats.chunksDropped += before - this.queue.length;
    this.cleared.add(utterance);
    const entry = this.entry(utterance);
    entry.finished = true; // a cleared utterance never reports "finished"
    this.send("cleared", utterance, entry.played);
  }

  finishIfDone(utterance, entry) {
    if (entry.finished || entry.chunksTotal === null || entry.chunksPlayed < entry.chunksTotal) {
      return;
    }
    entry.finished = true;
    this.stats.utterancesFinished += 1;
    this.send("finished", utterance, entry.played);
  }

  send(type, utterance, playedSamples) {
    this.port.postMessage({ type, utterance, playedSamples, stats: { ...this.stats } });
  }

  process(inputs, outputs) {
    const output = outputs[0][0];
    let written = 0;
    while (written < output.length && this.queue.length > 0) {
      const chunk = this.queue[0];
      const entry = this.entry(chunk.utterance);
      if (!entry.started && chunk.samples.length > 0) {
        entry.started = true;
        this.stats.utterancesStarted += 1;
        this.send("started", chunk.utterance, 0);
      }
      const count = Math.min(output.length - written, chunk.samples.length - chunk.offset);
      for (let i = 0; i < count; i++) {
        output[written + i] = chunk.samples[chunk.offset + i] / 0x8000;
      }
      written += count;
      chunk.offset += count;
      entry.played += count;
      this.stats.playedSamples += count;
      if (entry.played - entry.lastProgress >= this.progressInterval) {
        entry.lastProgress = entry.played;
        this.send("progress", chunk.utterance, entry.played);
      }
      if (chunk.offset >= chunk.samples.length) {
        this.queue.shift();
        entry.chunksPlayed += 1;
        this.finishIfDone(chunk.utterance, entry);
      }
    }
    output.fill(0, written);
    // Copy to any further output channels so stereo devices hear both sides.
    for (let channel = 1; channel < outputs[0].length; channel++) {
      outputs[0][channel].set(output);
    }
    return true;
  }
}

registerProcessor("pushback-playback", PlaybackProcessor);
