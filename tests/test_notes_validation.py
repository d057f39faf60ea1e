"""Coach note checks: times within the session, size caps, and readable 422 messages."""

from __future__ import annotations

from tests.test_storage_api import _create, _store_record, app_client


def _coach_ref(created: dict) -> str:
    return created["coach_url"].removeprefix("/replay/")


def test_note_after_session_end_rejected(engines, tmp_path):
    with app_client(engines, tmp_path, "") as (app, http):
        created = _create(http)
        _store_record(app, created["session_id"])
        length = app.state.storage.get_session(created["session_id"])["length_s"]
        ref = _coach_ref(created)

        late = http.post(f"/api/replays/{ref}/notes", json={"at": 5000, "text": "Too late.", "author": "Ana"})
        at_end = http.post(f"/api/replays/{ref}/notes", json={"at": length + 1, "text": "At the end.", "author": "Ana"})

        assert late.status_code == 422, late.text
        assert "within the session" in late.json()["detail"]
        assert at_end.status_code == 201, at_end.text
        assert [note["text"] for note in app.state.storage.list_notes(created["session_id"])] == ["At the end."]


def test_note_moved_after_end_rejected(engines, tmp_path):
    with app_client(engines, tmp_path, "") as (app, http):
        created = _create(http)
        _store_record(app, created["session_id"])
        ref = _coach_ref(created)
        note = http.post(f"/api/replays/{ref}/notes", json={"at": 3, "text": "Good question.", "author": "Ana"}).json()

        moved = http.patch(f"/api/replays/{ref}/notes/{note['id']}", json={"at": 5000})

        assert moved.status_code == 422, moved.text
        assert "within the session" in moved.json()["detail"]
        assert app.state.storage.list_notes(created["session_id"])[0]["at"] == 3


def test_huge_note_not_echoed(engines, tmp_path):
    with app_client(engines, tmp_path, "") as (app, http):
        created = _create(http)
        ref = _coach_ref(created)

        response = http.post(f"/api/replays/{ref}/notes", json={"at": 1, "text": "spam " * 100_000, "author": "Ana"})
        oversized = http.post(f"/api/replays/{ref}/notes", json={"at": 1, "text": "spam " * 1_000_000, "author": "Ana"})

        assert oversized.status_code == 413
        assert "spam" not in oversized.text
        assert response.status_code == 422
        assert len(response.content) < 1000
        assert "spam" not in response.text
        assert "at most 4000 characters" in response.json()["detail"]


def test_validation_errors_are_sentences(engines, tmp_path):
    with app_client(engines, tmp_path, "") as (app, http):
        created = _create(http)
        ref = _coach_ref(created)

        wrong_type = http.post(f"/api/replays/{ref}/notes", json={"at": "soon", "text": "x", "author": "Ana"})
        missing = http.post(f"/api/replays/{ref}/notes", json={"text": "x", "author": "Ana"})
        not_json = http.post(f"/api/replays/{ref}/notes", content=b"{", headers={"content-type": "application/json"})

        assert wrong_type.status_code == 422
        assert wrong_type.json() == {"detail": "at: input should be a valid number, unable to parse string as a number."}
        assert missing.json() == {"detail": "at is missing."}
        assert not_json.status_code == 422
        assert not_json.json() == {"detail": "The request body is not valid JSON."}
