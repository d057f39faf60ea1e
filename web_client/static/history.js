// The history page (owner only): past sessions with their scores, and how
// the scores moved from session to session.

import { formatClock, request, withOwnerKey } from "./replay-api.js";

const SERIES = [
  ["overall", "Overall"],
  ["pacing", "Pacing"],
  ["interruptions", "Interruptions"],
  ["challenge", "Challenge"],
];
const SVG = "http://www.w3.org/2000/svg";
window.history_page = { state: "loading" };

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function score(value) {
  return value == null ? "–" : String(Math.round(value));
}

function renderTable(sessions) {
  const body = document.querySelector("#sessions");
  body.replaceChildren();
  for (const session of sessions) {
    const row = document.createElement("tr");
    const started = session.started_at || session.created_at;
    const date = cell("");
    const link = document.createElement("a");
    link.href = withOwnerKey(`/replay/${encodeURIComponent(session.session_id)}`);
    link.textContent = new Date(started).toLocaleString();
    date.append(link);
    let status = "not started";
    if (session.ended_at) status = session.complete ? "complete" : `incomplete (${session.end_reason})`;
    else if (session.started_at) status = "running";
    row.append(
      date,
      cell(session.scenario_title || session.scenario_id),
      cell(session.length_s == null ? "–" : formatClock(session.length_s), "number"),
      cell(score(session.scores.overall), "number"),
      cell(score(session.scores.pacing), "number"),
      cell(score(session.scores.interruptions), "number"),
      cell(score(session.scores.challenge), "number"),
      cell(status),
    );
    body.append(row);
  }
  document.querySelector("#empty").hidden = sessions.length > 0;
}

function svgElement(name, attributes) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

// Draws one line per score, oldest session on the left, 0 to 100 upwards.
function renderTrend(sessions) {
  const svg = document.querySelector("#trend");
  svg.replaceChildren();
  const scored = sessions.filter((session) => session.scores.overall != null).slice().reverse();
  const width = svg.clientWidth || 800;
  const height = svg.clientHeight || 220;
  const left = 32;
  const bottom = height - 20;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);

  for (const level of [0, 50, 100]) {
    const y = bottom - (level / 100) * (bottom - 10);
    svg.append(svgElement("line", { x1: left, x2: width - 8, y1: y, y2: y, class: "axis" }));
    const label = svgElement("text", { x: 4, y: y + 4 });
    label.textContent = String(level);
    svg.append(label);
  }
  if (scored.length === 0) {
    const note = svgElement("text", { x: left + 8, y: height / 2 });
    note.textContent = "Scores appear here after your first assessed session.";
    svg.append(note);
    return;
  }

  const step = scored.length > 1 ? (width - left - 16) / (scored.length - 1) : 0;
  for (const [key] of SERIES) {
    const points = scored
      .map((session, index) => [left + 8 + index * step, session.scores[key]])
      .filter(([, value]) => value != null)
      .map(([x, value]) => `${x},${bottom - (value / 100) * (bottom - 10)}`);
    if (points.length === 1) points.push(points[0]);
    svg.append(svgElement("polyline", { points: points.join(" "), class: `series-${key}` }));
  }
  const legend = document.querySelector("#trend-legend");
  legend.replaceChildren(
    ...SERIES.map(([key, label]) => {
      const item = document.createElement("span");
      item.textContent = label;
      item.style.color = getComputedStyle(svg.querySelector(`.series-${key}`)).stroke;
      return item;
    }),
  );
}

async function main() {
  try {
    const sessions = await request("/api/sessions", {}, "list your sessions");
    renderTable(sessions);
    renderTrend(sessions);
    window.history_page = { state: "ready", count: sessions.length };
  } catch (error) {
    const alert = document.querySelector("#alert");
    alert.textContent = error.status === 403
      ? "Only the owner can list sessions: open this page on the computer that runs Pushback, or add ?owner_key=... to the address."
      : error.message;
    alert.hidden = false;
    window.history_page = { state: "failed" };
  }
}

main();
