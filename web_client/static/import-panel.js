// "Your own OKRs": upload a draft OKR sheet, show the linter's verdict on each
// Key Result, and hand the scenario built on it to the page.

import { verdictBadges } from "./flags.js";

// The same limit as MAX_SHEET_BYTES in server/scenario_routes.py. Checking it
// here keeps the page from reading a large file; the server checks it again.
const MAX_SHEET_BYTES = 200_000;

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

function formatSize(bytes) {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.ceil(bytes / 1000)} kB`;
}

// FastAPI sends `detail` as a string for the route's own errors, and as a list
// of field errors when the request body itself is invalid.
function describeRejection(status, body) {
  const detail = body && body.detail;
  if (typeof detail === "string" && detail) {
    return detail;
  }
  if (Array.isArray(detail) && detail.length) {
    const fields = detail.map((item) => `${(item.loc || []).slice(-1)[0] || "request"}: ${item.msg}`);
    return `The server rejected the upload (${fields.join("; ")}).`;
  }
  return `The server could not import the sheet (HTTP ${status}). Try again, or check the server's log.`;
}

async function postSheet(filename, content, pattern) {
  let response;
  try {
    response = await fetch("/api/scenarios/import", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ filename, content, pattern }),
    });
  } catch (error) {
    throw new Error("Could not reach the Pushback server to import the sheet. Check that it is running, then try again.");
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    // A body that is not JSON leaves only the status code to report.
  }
  if (!response.ok) {
    throw new Error(describeRejection(response.status, body));
  }
  return body;
}

export class ImportPanel {
  // `onImported(scenario)` receives the new scenario's summary and may return a promise.
  constructor({ form, file, pattern, button, error, result, onImported }) {
    this.form = form;
    this.file = file;
    this.pattern = pattern;
    this.button = button;
    this.error = error;
    this.result = result;
    this.onImported = onImported;
    this.busy = false;
    this.disabled = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    file.addEventListener("change", () => this.showError(""));
  }

  // Turned off while a session runs, because an import reloads the scenario list.
  setDisabled(disabled) {
    this.disabled = disabled;
    this.updateControls();
  }

  updateControls() {
    const off = this.disabled || this.busy;
    this.file.disabled = off;
    this.pattern.disabled = off;
    this.button.disabled = off;
    this.button.textContent = this.busy ? "Importing…" : "Import";
  }

  showError(message) {
    this.error.textContent = message;
    this.error.hidden = !message;
  }

  async submit() {
    if (this.busy || this.disabled) {
      return;
    }
    this.showError("");
    const file = this.file.files && this.file.files[0];
    const problem = this.checkFile(file);
    if (problem) {
      this.showError(problem);
      return;
    }

    this.busy = true;
    this.updateControls();
    try {
      let content;
      try {
        content = await file.text();
      } catch (error) {
        throw new Error(`The browser could not read ${file.name}: ${error.message}. Choose the file again.`);
      }
      const imported = await postSheet(file.name, content, this.pattern.value);
      await this.onImported(imported.scenario);
      this.showVerdict(file.name, imported);
    } catch (error) {
      this.result.hidden = true;
      this.showError(error.message);
    } finally {
      this.busy = false;
      this.updateControls();
    }
  }

  checkFile(file) {
    if (!file) {
      return "Choose your OKR sheet first: a Markdown, YAML, CSV or plain text file.";
    }
    if (file.size === 0) {
      return `${file.name} is empty. Choose the file that holds your draft OKRs.`;
    }
    if (file.size > MAX_SHEET_BYTES) {
      return `${file.name} is ${formatSize(file.size)}, and an OKR sheet can be at most ${formatSize(MAX_SHEET_BYTES)}. ` +
        "Save only the Objectives and Key Results in a file of their own and upload that.";
    }
    return "";
  }

  showVerdict(filename, { scenario, key_results: keyResults }) {
    const flagged = keyResults.filter((item) => item.flags.length > 0).length;
    const count = keyResults.length === 1 ? "1 Key Result" : `${keyResults.length} Key Results`;
    const summary = element(
      "p",
      "import-summary",
      `${count} read from ${filename}: ${flagged} flagged as weak, ${keyResults.length - flagged} ${keyResults.length - flagged === 1 ? "reads" : "read"} as an outcome.`,
    );

    const list = element("ol", "import-verdict");
    for (const item of keyResults) {
      const row = element("li", "import-kr");
      const badges = element("span", "import-kr-flags");
      badges.append(...verdictBadges(item.flags));
      row.append(element("span", "import-kr-text", item.text), badges);
      list.appendChild(row);
    }

    const next = element("p", "import-next");
    next.append("Selected: ", element("strong", "", scenario.title), ". Press Start to rehearse it.");
    this.result.replaceChildren(summary, list, next);
    this.result.hidden = false;
  }
}
