// Microphone capture: getUserMedia into an AudioContext at 16 kHz, through the
// capture worklet, out as 640-byte PCM16 frames.

const CAPTURE_RATE = 16000;

// Raised with a message a manager can act on. `reason` is a short code for tests.
export class MicrophoneError extends Error {
  constructor(reason, message) {
    super(message);
    this.name = "MicrophoneError";
    this.reason = reason;
  }
}

function describeMediaError(error) {
  switch (error && error.name) {
    case "NotAllowedError":
    case "SecurityError":
      return new MicrophoneError(
        "denied",
        "Pushback needs your microphone to hear you. Allow microphone access for this page " +
          "(the camera or lock icon in the address bar), then press Start again.",
      );
    case "NotFoundError":
    case "OverconstrainedError":
      return new MicrophoneError(
        "missing",
        "No microphone was found. Connect a microphone or headset, then press Start again.",
      );
    case "NotReadableError":
    case "AbortError":
      return new MicrophoneError(
        "busy",
        "The microphone could not be opened: another application may be using it. " +
          "Close that application, then press Start again.",
      );
    default:
      return new MicrophoneError(
        "failed",
        `The microphone could not be started (${error && error.message ? error.message : error}).`,
      );
  }
}

// Capture from the microphone. `onFrame(ArrayBuffer)` gets each 20 ms frame and
// `onLevel(peak)` its peak level from 0 to 1. `processing` sets the browser's
// echoCancellation, noiseSuppression and autoGainControl together.
export class Capture {
  constructor({ onFrame, onLevel, processing = true }) {
    this.onFrame = onFrame;
    this.onLevel = onLevel;
    this.processing = processing;
    this.stream = null;
    this.context = null;
    this.node = null;
  }

  // Call from a user gesture (the Start click) so that the AudioContext may run.
  async start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      throw new MicrophoneError(
        "unsupported",
        "This browser cannot record from a microphone on this page. Open Pushback in a " +
          "current Chrome, Edge or Firefox over https or on localhost.",
      );
    }
    // Create the context before awaiting anything, while the click still counts
    // as a user gesture.
    this.context = new AudioContext({ sampleRate: CAPTURE_RATE });
    const moduleLoaded = this.context.audioWorklet.addModule(
      new URL("./capture-worklet.js", import.meta.url),
    );
    // Closing the context after a microphone error rejects this promise. The
    // microphone error is the one to report, so this rejection is ignored.
    moduleLoaded.catch(() => {});
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: {
          channelCount: 1,
          echoCancellation: this.processing,
          noiseSuppression: this.processing,
          autoGainControl: this.processing,
        },
      });
    } catch (error) {
      await this.stop();
      throw describeMediaError(error);
    }
    await moduleLoaded;

    let source;
    try {
      source = this.context.createMediaStreamSource(this.stream);
    } catch (error) {
      // Firefox throws NotSupportedError when the context rate differs from the
      // device rate, so capture runs at the device rate and the worklet resamples.
      await this.context.close();
      this.context = new AudioContext();
      await this.context.audioWorklet.addModule(new URL("./capture-worklet.js", import.meta.url));
      source = this.context.createMediaStreamSource(this.stream);
    }
    this.node = new AudioWorkletNode(this.context, "pushback-capture", {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      channelCount: 1,
      channelCountMode: "explicit",
    });
    this.node.port.onmessage = (event) => {
      this.onFrame(event.data.frame);
      this.onLevel(event.data.peak);
    };
    source.connect(this.node);
    await this.context.resume();
  }

  async stop() {
    if (this.node) {
      this.node.port.onmessage = null;
      this.node.disconnect();
      this.node = null;
    }
    if (this.stream) {
      this.stream.getTracks().forEach((track) => track.stop());
      this.stream = null;
    }
    if (this.context && this.context.state !== "closed") {
      await this.context.close();
    }
    this.context = null;
  }
}
