// Coach notes pinned to moments: list, add, edit and delete (coach link or owner).

import { formatClock, request, sendJson } from "./replay-api.js";

const AUTHOR_STORAGE = "pushback.noteAuthor";

export class Notes {
  constructor({ list, form, readonly, apiBase, canEdit, player, seek, onChange }) {
    this.list = list;
    this.form = form;
    this.apiBase = apiBase;
    this.canEdit = canEdit;
    this.player = player;
    this.seek = seek;
    this.onChange = onChange;
    this.notes = [];
    this.editing = null;
    this.author = form.querySelector("#note-author");
    this.text = form.querySelector("#note-text");
    this.at = form.querySelector("#note-at");
    this.save = form.querySelector("#note-save");
    this.cancel = form.querySelector("#note-cancel");

    form.hidden = !canEdit;
    readonly.hidden = canEdit;
    if (!canEdit) return;
    this.author.value = localStorage.getItem(AUTHOR_STORAGE) || "";
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    this.cancel.addEventListener("click", () => this.stopEditing());
    this.at.addEventListener("click", () => this.seek(this.pinnedAt()));
    player.addEventListener("timeupdate", () => {
      if (!this.editing) this.at.textContent = formatClock(player.currentTime);
    });
  }

  pinnedAt() {
    return this.editing ? this.editing.at : this.player.currentTime || 0;
  }

  async submit() {
    const author = this.author.value.trim();
    const text = this.text.value.trim();
    if (!author || !text) return;
    localStorage.setItem(AUTHOR_STORAGE, author);
    this.save.disabled = true;
    try {
      if (this.editing) {
        await sendJson(`${this.apiBase}/notes/${this.editing.id}`, "PATCH", { text, author }, "save the note");
      } else {
        const at = Math.round(this.pinnedAt() * 10) / 10;
        await sendJson(`${this.apiBase}/notes`, "POST", { at, text, author }, "add the note");
      }
      this.stopEditing();
      await this.reload();
    } catch (error) {
      window.alert(error.message);
    } finally {
      this.save.disabled = false;
    }
  }

  startEditing(note) {
    this.editing = note;
    this.text.value = note.text;
    this.author.value = note.author;
    this.at.textContent = formatClock(note.at);
    this.save.textContent = "Save note";
    this.cancel.hidden = false;
    this.text.focus();
  }

  stopEditing() {
    this.editing = null;
    this.text.value = "";
    this.save.textContent = "Add note";
    this.cancel.hidden = true;
    this.at.textContent = formatClock(this.player.currentTime);
  }

  async remove(note) {
    if (!window.confirm(`Delete the note at ${formatClock(note.at)}?`)) return;
    try {
      await request(`${this.apiBase}/notes/${note.id}`, { method: "DELETE" }, "delete the note");
      await this.reload();
    } catch (error) {
      window.alert(error.message);
    }
  }

  async reload() {
    this.render(await request(`${this.apiBase}/notes`, {}, "load the notes"));
  }

  render(notes) {
    this.notes = notes;
    this.list.replaceChildren();
    if (!notes.length) {
      const empty = document.createElement("li");
      empty.className = "hint";
      empty.textContent = "No notes yet.";
      this.list.append(empty);
    }
    for (const note of notes) {
      const item = document.createElement("li");
      item.className = "note";
      item.dataset.noteId = String(note.id);
      const time = document.createElement("button");
      time.type = "button";
      time.className = "time-link";
      time.textContent = formatClock(note.at);
      time.addEventListener("click", () => this.seek(note.at));
      const author = document.createElement("span");
      author.className = "note-author";
      author.textContent = note.author;
      const text = document.createElement("p");
      text.className = "note-text";
      text.textContent = note.text;
      item.append(time, " ", author, text);
      if (this.canEdit) {
        const edit = document.createElement("button");
        edit.type = "button";
        edit.className = "link-button note-edit";
        edit.textContent = "Edit";
        edit.addEventListener("click", () => this.startEditing(note));
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "link-button note-delete";
        remove.textContent = "Delete";
        remove.addEventListener("click", () => this.remove(note));
        item.append(edit, remove);
      }
      this.list.append(item);
    }
    if (this.onChange) this.onChange(notes);
  }
}
