// The replay page: loads one session by share token (or by session id for
// the owner) and wires the player, timeline, transcript, scorecard and notes.

import { formatClock, request, withOwnerKey } from "./replay-api.js";
import { Notes } from "./replay-notes.js";
import { renderScorecard } from "./replay-scorecard.js";
import { Timeline } from "./replay-timeline.js";
import { Transcript } from "./replay-transcript.js";

const $ = (selector) => document.querySelector(selector);
const ROLE_LABELS = { owner: "Your session", coach: "Coach link: you can add notes", replay: "Read-only replay" };

const ref = decodeURIComponent(window.location.pathname.split("/").filter(Boolean).pop() || "");
const apiBase = `/api/replays/${encodeURIComponent(ref)}`;
const player = $("#player");
// Tests and the console read the page's state here.
window.replay = { state: "loading", ref };

function showAlert(message) {
  const alert = $("#alert");
  alert.textContent = message;
  alert.hidden = false;
}

function seek(seconds) {
  player.currentTime = Math.max(0, seconds);
  window.replay.lastSeek = seconds;
}

function sessionLength(data) {
  const length = data.session && data.session.length_s;
  return typeof length === "number" ? length : 0;
}

function describeSession(data) {
  const session = data.session || {};
  const started = session.started_at || session.created_at;
  const facts = [
    session.scenario_title || session.scenario_id,
    started ? new Date(started).toLocaleString() : null,
    session.length_s != null ? formatClock(session.length_s) : null,
    session.complete ? null : `incomplete (${session.end_reason || "still running"})`,
  ];
  return facts.filter(Boolean).join(" · ");
}

function showShareLinks(data) {
  if (!data.links) return;
  $("#share").hidden = false;
  $("#share-replay").value = new URL(data.links.replay_url, window.location.origin).href;
  $("#share-coach").value = new URL(data.links.coach_url, window.location.origin).href;
  const button = $("#retranscribe");
  const state = $("#retranscribe-state");
  const session = data.session || {};
  state.textContent = session.retranscription ? `Re-transcription: ${session.retranscription}${session.retranscription_error ? ` (${session.retranscription_error})` : ""}` : "";
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await request(`${apiBase}/retranscribe`, { method: "POST" }, "queue the re-transcription");
      state.textContent = "Re-transcription queued. Reload the page in a minute to see the new transcript.";
    } catch (error) {
      state.textContent = error.message;
      button.disabled = false;
    }
  });
}

async function main() {
  let data;
  try {
    data = await request(apiBase, {}, "open this replay");
  } catch (error) {
    window.replay.state = "failed";
    showAlert(error.status === 404 ? "This replay link is not valid. Check that it was copied whole, or ask for a new one." : error.message);
    return;
  }
  window.replay.role = data.role;
  window.replay.canEditNotes = data.can_edit_notes;
  $("#replay").hidden = false;
  $("#title").textContent = `Replay: ${(data.session && data.session.scenario_title) || "session"}`;
  $("#role").textContent = ROLE_LABELS[data.role] || data.role;
  $("#role").hidden = false;
  $("#history-link").hidden = data.role !== "owner";
  $("#session-facts").textContent = describeSession(data);
  const source = data.session && data.session.transcript_source === "batch" ? "re-transcribed after the session (Whisper base)" : "as transcribed live";
  $("#transcript-source").textContent = `Transcript ${source}. Click a line to play from there.`;
  $("#export-json").href = withOwnerKey(data.exports.json);
  $("#export-md").href = withOwnerKey(data.exports.markdown);
  showShareLinks(data);

  const transcript = new Transcript($("#transcript"), seek);
  transcript.render(data.record || { events: [] });
  const timeline = new Timeline($("#timeline"), seek);
  let notes = data.notes || [];
  const drawTimeline = () => {
    const duration = Math.max(sessionLength(data), Number.isFinite(player.duration) ? player.duration : 0);
    timeline.render(data.record || { events: [] }, data.assessment, notes, duration);
  };
  drawTimeline();
  renderScorecard($("#scorecard"), data.assessment, seek);

  const notesPanel = new Notes({
    list: $("#notes"),
    form: $("#note-form"),
    readonly: $("#notes-readonly"),
    apiBase,
    canEdit: data.can_edit_notes,
    player,
    seek,
    onChange: (current) => {
      notes = current;
      timeline.renderMarkers(data.record || { events: [] }, data.assessment, notes);
    },
  });
  notesPanel.render(notes);

  if (data.audio_url) {
    player.src = withOwnerKey(data.audio_url);
    player.addEventListener("loadedmetadata", drawTimeline);
  } else {
    player.hidden = true;
    $("#no-audio").hidden = false;
  }
  const follow = () => {
    transcript.highlight(player.currentTime);
    timeline.move(player.currentTime);
  };
  player.addEventListener("timeupdate", follow);
  player.addEventListener("seeked", follow);
  window.replay.state = "ready";
}

main();
