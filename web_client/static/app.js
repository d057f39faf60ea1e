// The practice page: scenario choice, Start and End, push-to-talk, and the
// views that a PracticeSession fills.

import { fetchScenarios } from "./api.js";
import { ImportPanel } from "./import-panel.js";
import { LatencyTable } from "./latency.js";
import { LevelMeter } from "./meter.js";
import { OkrSheet } from "./okr-sheet.js";
import { Scorecard } from "./scorecard.js";
import { PracticeSession, emptyStats } from "./session.js";
import { SessionTimer } from "./timer.js";
import { Transcript } from "./transcript.js";

const $ = (id) => document.getElementById(id);

// `?raw=1` turns off echo cancellation, noise suppression and gain control, so
// that tests can compare the captured audio with the file fed to the fake microphone.
const RAW_CAPTURE = new URLSearchParams(window.location.search).get("raw") === "1";

const elements = {
  form: $("setup-form"),
  scenario: $("scenario"),
  summary: $("scenario-summary"),
  ptt: $("ptt-toggle"),
  pttState: $("ptt-state"),
  start: $("start"),
  end: $("end"),
  alert: $("alert"),
  status: $("status"),
  soundBlocked: $("sound-blocked"),
};

const okrSheet = new OkrSheet($("okr-sheet"));
const timer = new SessionTimer($("timer"), $("timer-bar"));
const meter = new LevelMeter($("level-fill"));
const latency = new LatencyTable($("latency-rows"), $("latency-summary"));
const scorecard = new Scorecard($("scorecard"), $("show-scorecard"));
const importPanel = new ImportPanel({
  form: $("import-form"),
  file: $("import-file"),
  pattern: $("import-pattern"),
  button: $("import-button"),
  error: $("import-error"),
  result: $("import-result"),
  onImported: (scenario) => loadScenarios(scenario.id),
});

let scenarios = [];
let session = null;
let talking = false;

// State for headless tests: `stats` is replaced at each Start.
window.pushback = {
  stats: emptyStats(),
  get state() {
    return session ? session.state : "idle";
  },
  get sessionId() {
    return session ? session.sessionId : null;
  },
  // Persona audio sample rate from `ready`, 0 before it.
  get sampleRate() {
    return session ? session.playback.sampleRate : 0;
  },
};

function setStatus(text, kind) {
  elements.status.textContent = text;
  elements.status.className = `status status-${kind}`;
}

function showAlert(message) {
  elements.alert.textContent = message;
  elements.alert.hidden = !message;
}

function selectedScenario() {
  return scenarios.find((scenario) => scenario.id === elements.scenario.value) || null;
}

function selectedMode() {
  return elements.form.querySelector('input[name="mode"]:checked').value;
}

function showScenario() {
  const scenario = selectedScenario();
  if (!scenario) {
    elements.summary.textContent = "";
    return;
  }
  const persona = scenario.persona;
  const pattern = persona.pattern ? ` Pattern: ${persona.pattern.replace(/_/g, " ")}.` : "";
  elements.summary.textContent =
    `${persona.name}, ${persona.role}.${pattern} Time box: ${Math.round(scenario.time_box_s / 60)} minutes.`;
  okrSheet.show(scenario);
  timer.show(scenario.time_box_s);
}

function setControls(running) {
  elements.scenario.disabled = running;
  for (const radio of elements.form.querySelectorAll('input[name="mode"]')) {
    radio.disabled = running;
  }
  elements.start.disabled = running || !selectedScenario();
  elements.end.disabled = !running;
  importPanel.setDisabled(running);
}

function setTalking(pressed) {
  if (pressed === talking) {
    return;
  }
  talking = pressed;
  elements.pttState.textContent = pressed ? "Talking…" : "Hold Space to talk";
  elements.pttState.classList.toggle("ptt-active", pressed);
  if (session) {
    session.setTalking(pressed);
  }
}

async function start() {
  const scenario = selectedScenario();
  if (!scenario || (session && session.state !== "ended" && session.state !== "failed")) {
    return;
  }
  showAlert("");
  setControls(true);
  window.pushback.stats = emptyStats();
  okrSheet.show(scenario);
  latency.reset();
  scorecard.reset();
  const transcript = new Transcript($("transcript"), scenario.persona.name);
  session = new PracticeSession({
    scenario,
    mode: selectedMode(),
    processing: !RAW_CAPTURE,
    stats: window.pushback.stats,
    views: {
      transcript,
      okrSheet,
      latency,
      timer,
      meter,
      setStatus,
      showAlert,
      showAssessment: (assessment) => scorecard.show(assessment),
      setSoundBlocked: (blocked) => {
        elements.soundBlocked.hidden = !blocked;
      },
      onFinish: () => {
        setTalking(false);
        setControls(false);
      },
    },
  });
  session.setPushToTalk(elements.ptt.checked);
  try {
    await session.start();
  } catch (error) {
    session.fail(error.message);
  }
}

// Fill the scenario list, selecting `selectId` when given (a scenario just imported).
// A failure to list them throws when `selectId` is given, so the caller can report it.
async function loadScenarios(selectId = null) {
  try {
    scenarios = await fetchScenarios();
  } catch (error) {
    if (selectId) {
      throw new Error(`The sheet was imported, but the scenario list could not be reloaded: ${error.message}`);
    }
    elements.scenario.replaceChildren(new Option("No scenarios available", ""));
    showAlert(error.message);
    return;
  }
  elements.scenario.replaceChildren(
    ...scenarios.map((scenario) => new Option(`${scenario.title} (${scenario.persona.name})`, scenario.id)),
  );
  if (selectId && scenarios.some((scenario) => scenario.id === selectId)) {
    elements.scenario.value = selectId;
  }
  if (scenarios.length === 0) {
    showAlert("The server has no scenarios. Add one under personas/scenarios, then reload the page.");
  }
  showScenario();
  setControls(false);
}

elements.form.addEventListener("submit", (event) => {
  event.preventDefault();
  start();
});
elements.end.addEventListener("click", () => session && session.end());
elements.scenario.addEventListener("change", showScenario);

elements.ptt.addEventListener("change", () => {
  elements.pttState.hidden = !elements.ptt.checked;
  setTalking(false);
  if (session) {
    session.setPushToTalk(elements.ptt.checked);
  }
});

// Hold Space to talk. Typing in a form field keeps Space for the field.
function isTextField(target) {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
    && !(target instanceof HTMLInputElement && (target.type === "checkbox" || target.type === "radio"));
}

window.addEventListener("keydown", (event) => {
  if (event.code !== "Space" || !elements.ptt.checked || isTextField(event.target)) {
    return;
  }
  event.preventDefault(); // keep Space from pressing the focused button or scrolling
  if (!event.repeat) {
    setTalking(true);
  }
});
window.addEventListener("keyup", (event) => {
  if (event.code === "Space" && elements.ptt.checked) {
    event.preventDefault();
    setTalking(false);
  }
});
// Releasing Space in another window never reaches this page.
window.addEventListener("blur", () => setTalking(false));

document.addEventListener("pointerdown", () => {
  if (session && !elements.soundBlocked.hidden) {
    session.resumeSound();
  }
});

loadScenarios();
