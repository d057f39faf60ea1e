// One practice session: the microphone, the WebSocket and persona playback,
// with server events routed to the page's views.

import { createSession } from "./api.js";
import { Capture } from "./capture.js";
import { Playback } from "./playback.js";
import { SessionSocket } from "./socket.js";

const END_TIMEOUT_MS = 5000;
const SOUND_CHECK_DELAY_MS = 500;

// Counters that a headless test reads from `window.pushback.stats`.
export function emptyStats() {
  return {
    framesSent: 0,
    audioFramesReceived: 0,
    playedSamples: 0,
    utterancesStarted: 0,
    utterancesFinished: 0,
    chunksDropped: 0,
    transcripts: [],
    personaTexts: [],
    backchannels: [],
    endReason: null, // `reason` from the server's `ended` event
    assessment: null, // the `assessment` event's object, sent just before `ended`
    latency: [],
    errors: [],
  };
}

function closeMessage(closeEvent) {
  if (closeEvent.code === 4409) {
    return "This session is already open in another tab or window. Press Start to begin a new one.";
  }
  return (
    "The connection to the Pushback server was lost" +
    (closeEvent.code ? ` (WebSocket close code ${closeEvent.code})` : "") +
    ". The session has stopped. Check that the server is running, then press Start to begin a new one."
  );
}

// `views` holds transcript, okrSheet, latency, timer, meter, and the callbacks
// setStatus(text, kind), showAlert(message), showAssessment(assessment),
// setSoundBlocked(bool) and onFinish().
export class PracticeSession {
  constructor({ scenario, mode, processing, views, stats }) {
    this.scenario = scenario;
    this.mode = mode;
    this.views = views;
    this.stats = stats;
    this.state = "idle";
    this.sessionId = null;
    this.socket = null;
    this.ending = false;
    this.pushToTalk = false;
    this.capture = new Capture({
      processing,
      onFrame: (frame) => this.sendFrame(frame),
      onLevel: (peak) => views.meter.update(peak),
    });
    this.playback = new Playback({
      onEvent: (type, utterance, playedMs) => this.reportPlayback(type, utterance, playedMs),
      onStats: (workletStats) => Object.assign(this.stats, workletStats),
    });
  }

  // Call straight from the Start click, before any other await, so that the
  // capture AudioContext is created inside the user gesture.
  async start() {
    this.state = "connecting";
    this.views.setStatus("Opening the microphone…", "connecting");
    await this.capture.start();

    this.views.setStatus("Connecting…", "connecting");
    const created = await createSession(this.scenario.id, this.mode);
    this.sessionId = created.session_id;
    this.socket = new SessionSocket(created.ws_url, {
      onOpen: () => this.views.setStatus("Waiting for the persona…", "connecting"),
      onEvent: (event) => this.handleEvent(event),
      onAudio: (buffer) => {
        this.stats.audioFramesReceived += 1;
        this.playback.enqueue(buffer);
      },
      onClose: (closeEvent) => this.handleClose(closeEvent),
    });
  }

  sendFrame(frame) {
    // Frames before `ready` are dropped: the session clock starts at `ready`.
    if (this.state === "live" && this.socket) {
      this.socket.sendFrame(frame);
      this.stats.framesSent = this.socket.framesSent;
    }
  }

  reportPlayback(type, utterance, playedMs) {
    if (this.socket) {
      this.socket.send({ type: "playback", utterance, event: type, played_ms: playedMs });
    }
  }

  setPushToTalk(enabled) {
    this.pushToTalk = enabled;
    if (this.state !== "live") {
      return; // applied when the session becomes live
    }
    this.socket.send(enabled ? { type: "ptt", pressed: false } : { type: "ptt", enabled: false });
  }

  setTalking(pressed) {
    if (this.state === "live" && this.pushToTalk) {
      this.socket.send({ type: "ptt", pressed });
    }
  }

  handleEvent(event) {
    const views = this.views;
    switch (event.type) {
      case "ready":
        this.onReady(event);
        break;
      case "speech":
        views.transcript.managerSpeaking(event.speaking);
        break;
      case "transcript":
        this.stats.transcripts.push(event.text);
        views.transcript.managerTurn(event);
        break;
      case "backchannel":
        this.stats.backchannels.push(event.text);
        views.transcript.backchannel(event);
        break;
      case "persona_text":
        this.stats.personaTexts.push(event.text);
        views.transcript.personaSentence(event);
        break;
      case "persona_audio_end":
        this.playback.end(event.utterance, event.chunks);
        break;
      case "barge_in":
        this.playback.clear(event.utterance);
        break;
      case "persona_cut_off":
        views.transcript.personaCutOff(event);
        break;
      case "latency":
        this.stats.latency.push(event);
        views.latency.update(event);
        break;
      case "key_results":
        views.okrSheet.update(event);
        break;
      case "assessment":
        this.stats.assessment = event.assessment;
        views.showAssessment(event.assessment);
        break;
      case "error":
        this.stats.errors.push(event);
        views.showAlert(`The server reported a problem: ${event.message || event.code}`);
        break;
      case "ended":
        this.stats.endReason = event.reason;
        this.finish(event.reason);
        break;
      default:
        console.warn("Pushback: ignored an event of unknown type", event);
    }
  }

  async onReady(event) {
    this.state = "live";
    this.views.setStatus("Live: speak when you are ready", "live");
    this.views.timer.show(event.scenario && event.scenario.time_box_s ? event.scenario.time_box_s : this.scenario.time_box_s);
    this.views.timer.start();
    this.views.transcript.notice(`Session started with ${this.scenario.persona.name}.`);
    if (this.pushToTalk) {
      this.socket.send({ type: "ptt", pressed: false });
    }
    await this.playback.start(event.sample_rate);
    // Chrome lets a context created after the Start click run, but other
    // browsers may keep it suspended until the next click.
    setTimeout(() => this.views.setSoundBlocked(this.playback.blocked), SOUND_CHECK_DELAY_MS);
  }

  resumeSound() {
    this.playback.resume().then(() => this.views.setSoundBlocked(this.playback.blocked));
  }

  // The End button: ask the server to end, and stop anyway if it does not reply.
  end() {
    if (this.state !== "live" && this.state !== "connecting") {
      return;
    }
    this.ending = true;
    this.views.setStatus("Ending…", "connecting");
    if (this.socket && this.socket.open) {
      this.socket.send({ type: "end" });
      setTimeout(() => this.finish("ended by the manager"), END_TIMEOUT_MS);
    } else {
      this.finish("ended by the manager");
    }
  }

  handleClose(closeEvent) {
    if (this.state === "ended" || this.state === "failed") {
      return;
    }
    if (this.ending) {
      this.finish("ended by the manager");
      return;
    }
    this.fail(closeMessage(closeEvent));
  }

  fail(message) {
    this.views.showAlert(message);
    this.teardown("failed");
    this.views.setStatus("Stopped", "failed");
  }

  finish(reason) {
    if (this.state === "ended" || this.state === "failed") {
      return;
    }
    this.teardown("ended");
    this.views.setStatus("Session ended", "ended");
    this.views.transcript.notice(`Session ended${reason ? ` (${String(reason).replace(/_/g, " ")})` : ""}.`);
  }

  teardown(state) {
    this.state = state;
    this.views.timer.stop();
    this.views.meter.reset();
    this.views.setSoundBlocked(false);
    this.views.transcript.dropPending();
    this.capture.stop();
    this.playback.stop();
    if (this.socket) {
      this.socket.close();
    }
    this.views.onFinish();
  }
}
