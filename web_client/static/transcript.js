// The live transcript: manager turns, persona sentences grouped by utterance,
// backchannels, and what the manager heard of a persona line cut off by barge-in.

export function formatClock(seconds) {
  const whole = Math.max(0, Math.floor(seconds));
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, "0")}`;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

export class Transcript {
  constructor(container, personaName) {
    this.container = container;
    this.personaName = personaName;
    this.utterances = new Map(); // utterance number -> {bubble, body, sentences}
    this.listening = null;
    this.container.replaceChildren();
  }

  // Scroll to the newest line unless the reader has scrolled up to read.
  append(node) {
    const box = this.container;
    const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 60;
    if (this.listening && this.listening !== node) {
      box.insertBefore(node, this.listening);
    } else {
      box.appendChild(node);
    }
    if (nearBottom) {
      box.scrollTop = box.scrollHeight;
    }
  }

  turn(speaker, label, time) {
    const bubble = element("div", `turn turn-${speaker}`);
    const meta = element("div", "turn-meta");
    meta.appendChild(element("span", "turn-speaker", label));
    if (time !== undefined) {
      meta.appendChild(element("span", "turn-time", formatClock(time)));
    }
    const body = element("p", "turn-text");
    bubble.append(meta, body);
    return { bubble, body };
  }

  notice(text) {
    this.append(element("div", "notice", text));
  }

  // Show the placeholder for a manager turn while it is spoken and transcribed.
  managerSpeaking(speaking) {
    if (!this.listening) {
      if (!speaking) {
        return;
      }
      const { bubble } = this.turn("manager", "You");
      bubble.classList.add("turn-pending");
      this.append(bubble);
      this.listening = bubble;
    }
    this.listening.dataset.speaking = String(speaking);
    this.listening.querySelector(".turn-text").textContent = speaking ? "Listening…" : "Transcribing…";
  }

  // Remove the placeholder when speech ended without a transcript (noise, a backchannel).
  dropPending({ onlyIfSilent = false } = {}) {
    if (!this.listening || (onlyIfSilent && this.listening.dataset.speaking === "true")) {
      return;
    }
    this.listening.remove();
    this.listening = null;
  }

  managerTurn({ text, start }) {
    this.dropPending();
    const { bubble, body } = this.turn("manager", "You", start);
    body.textContent = text;
    this.append(bubble);
  }

  personaSentence({ utterance, text }) {
    this.dropPending({ onlyIfSilent: true });
    let entry = this.utterances.get(utterance);
    if (!entry) {
      const { bubble, body } = this.turn("persona", this.personaName);
      entry = { bubble, body, sentences: [] };
      this.utterances.set(utterance, entry);
      this.append(bubble);
    }
    entry.sentences.push(text);
    entry.body.textContent = entry.sentences.join(" ");
  }

  personaCutOff({ utterance, heard_text: heardTextRaw, played_ms: playedMs }) {
    const entry = this.utterances.get(utterance);
    if (!entry) {
      return;
    }
    const full = entry.sentences.join(" ");
    const heardText = (heardTextRaw || "").trim();
    entry.bubble.classList.add("turn-cut");
    entry.body.replaceChildren();
    entry.body.appendChild(element("span", "heard", heardText || "(nothing)"));
    const rest = full.startsWith(heardText) ? full.slice(heardText.length) : "";
    if (rest.trim()) {
      entry.body.appendChild(element("span", "unheard", rest));
    }
    const label = element("span", "cut-label", `cut off after ${(playedMs / 1000).toFixed(1)} s`);
    entry.bubble.querySelector(".turn-meta").appendChild(label);
  }

  backchannel({ text, start }) {
    this.dropPending();
    this.append(element("div", "backchannel", `${formatClock(start)} · you: “${text}”`));
  }
}
