"""The storage and replay API on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from server.app import create_app
from server.recording import assess_stored
from server.settings import Settings
from server.storage import Storage, database_url
from server.storage.migrate import current_revision
from tests.support.postgres import fresh_database
from tests.test_assessment_timed import timed_record

LOOPBACK = ("127.0.0.1", 50000)
REMOTE = ("203.0.113.7", 50000)  # a documentation address: the client is not on this machine
TABLES = {"sessions", "session_records", "assessments", "coach_notes", "share_tokens", "alembic_version"}


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """Yield ``DATABASE_URL`` for the backend: empty for the SQLite default, a fresh database for PostgreSQL."""
    if request.param == "sqlite":
        yield ""
    else:
        with fresh_database() as url:
            yield url


@contextmanager
def app_client(engines, tmp_path, database: str, client=LOOPBACK, **settings):
    app = create_app(Settings(data_dir=tmp_path, database_url=database, **settings), engines=engines)
    with TestClient(app, client=client) as http:
        yield app, http


def _create(http) -> dict:
    response = http.post("/api/sessions", json={"scenario_id": "task-lister", "mode": "headset"})
    assert response.status_code == 201, response.text
    return response.json()


def _store_record(app, session_id: str) -> dict:
    storage: Storage = app.state.storage
    record = {**timed_record(), "session_id": session_id, "started_at": "2026-11-02T09:00:00+00:00", "ended_at": "2026-11-02T09:01:25+00:00"}
    storage.save_record(session_id, record)
    assess_stored(storage, session_id, "live")
    return record


def test_migrations_apply_from_empty(database, tmp_path):
    url = database_url(database, tmp_path)
    storage = Storage.open(url)
    try:
        assert current_revision(storage.engine) == "0001"
        assert TABLES <= set(inspect(storage.engine).get_table_names())
    finally:
        storage.close()
    # A second start finds the schema current and changes nothing.
    again = Storage.open(url)
    try:
        assert current_revision(again.engine) == "0001"
    finally:
        again.close()


def test_create_returns_share_links(engines, tmp_path, database):
    with app_client(engines, tmp_path, database) as (app, http):
        created = _create(http)
        replay_token = created["replay_url"].removeprefix("/replay/")
        coach_token = created["coach_url"].removeprefix("/replay/")
        assert replay_token != coach_token
        assert len(replay_token) >= 32
        assert len(coach_token) >= 32
        assert app.state.storage.resolve_token(replay_token) == (created["session_id"], "replay")
        assert app.state.storage.resolve_token(coach_token) == (created["session_id"], "coach")
        page = http.get(created["replay_url"])
        assert page.status_code == 200
        assert "text/html" in page.headers["content-type"]


def test_replay_link_reads_only(engines, tmp_path, database):
    with app_client(engines, tmp_path, database) as (app, http):
        created = _create(http)
        _store_record(app, created["session_id"])
    with app_client(engines, tmp_path, database, client=REMOTE) as (app, http):
        ref = created["replay_url"].removeprefix("/replay/")
        replay = http.get(f"/api/replays/{ref}")
        assert replay.status_code == 200, replay.text
        body = replay.json()
        assert body["role"] == "replay"
        assert body["can_edit_notes"] is False
        assert "links" not in body
        assert body["record"]["session_id"] == created["session_id"]
        assert body["assessment"]["schema"] == "pushback.assessment/1"
        rejected = http.post(f"/api/replays/{ref}/notes", json={"at": 3.0, "text": "Nice pause.", "author": "Ana"})
        assert rejected.status_code == 403
        assert "read-only" in rejected.json()["detail"]
        assert http.get(f"/api/replays/{ref}/notes").json() == []


def test_coach_link_manages_notes(engines, tmp_path, database):
    with app_client(engines, tmp_path, database) as (app, http):
        created = _create(http)
        _store_record(app, created["session_id"])
    with app_client(engines, tmp_path, database, client=REMOTE) as (app, http):
        ref = created["coach_url"].removeprefix("/replay/")
        added = http.post(f"/api/replays/{ref}/notes", json={"at": 29.2, "text": "You cut Sam off here.", "author": "Ana"})
        assert added.status_code == 201, added.text
        note = added.json()
        assert note["at"] == 29.2
        assert note["author"] == "Ana"
        second = http.post(f"/api/replays/{ref}/notes", json={"at": 6.0, "text": "Good open question.", "author": "Ana"}).json()

        changed = http.patch(f"/api/replays/{ref}/notes/{note['id']}", json={"text": "You cut Sam off mid-sentence."})
        assert changed.status_code == 200
        assert changed.json()["text"] == "You cut Sam off mid-sentence."
        assert changed.json()["at"] == 29.2

        listed = http.get(f"/api/replays/{ref}/notes").json()
        assert [item["id"] for item in listed] == [second["id"], note["id"]], "notes come in timeline order"

        assert http.delete(f"/api/replays/{ref}/notes/{second['id']}").status_code == 204
        assert http.delete(f"/api/replays/{ref}/notes/{second['id']}").status_code == 404
        assert [item["id"] for item in http.get(f"/api/replays/{ref}/notes").json()] == [note["id"]]


@pytest.mark.parametrize(
    "payload",
    [
        {"at": -1, "text": "x", "author": "Ana"},
        {"at": 1, "text": "", "author": "Ana"},
        {"at": 1, "text": "x", "author": ""},
        {"at": 1, "text": "x" * 4001, "author": "Ana"},
        {"at": "soon", "text": "x", "author": "Ana"},
        {"text": "x", "author": "Ana"},
    ],
)
def test_invalid_note_rejected(engines, tmp_path, payload):
    with app_client(engines, tmp_path, "") as (app, http):
        created = _create(http)
        ref = created["coach_url"].removeprefix("/replay/")
        response = http.post(f"/api/replays/{ref}/notes", json=payload)
        assert response.status_code == 422, response.text
        assert app.state.storage.list_notes(created["session_id"]) == []


def test_unknown_link_not_found(engines, tmp_path, database):
    with app_client(engines, tmp_path, database, client=REMOTE) as (app, http):
        created = _create(http)
        assert http.get("/api/replays/not-a-token").status_code == 404
        # A session id is no share link for anyone but the owner.
        assert http.get(f"/api/replays/{created['session_id']}").status_code == 404
        assert http.get(f"/api/replays/{created['session_id']}/audio").status_code == 404


def test_history_needs_owner(engines, tmp_path, database):
    with app_client(engines, tmp_path, database) as (app, http):
        first = _create(http)
        _store_record(app, first["session_id"])
        second = _create(http)
        listed = http.get("/api/sessions")
        assert listed.status_code == 200
        sessions = listed.json()
        assert [item["session_id"] for item in sessions] == [second["session_id"], first["session_id"]]
        scored = sessions[1]
        assert scored["scenario_id"] == "task-lister"
        assert scored["length_s"] == pytest.approx(85.0)
        assert scored["complete"] is True
        assert scored["scores"]["overall"] is not None
        assert scored["scores"]["pacing"] is not None
        owner_view = http.get(f"/api/replays/{first['session_id']}").json()
        assert owner_view["role"] == "owner"
        assert owner_view["links"] == {"replay_url": first["replay_url"], "coach_url": first["coach_url"]}
    with app_client(engines, tmp_path, database, client=REMOTE) as (app, http):
        assert http.get("/api/sessions").status_code == 403


def test_owner_key_replaces_loopback(engines, tmp_path):
    with app_client(engines, tmp_path, "", owner_key="s3cret-owner-key") as (app, http):
        assert http.get("/api/sessions").status_code == 403, "loopback alone is not the owner once a key is set"
        assert http.get("/api/sessions", headers={"X-Pushback-Owner-Key": "wrong"}).status_code == 403
        assert http.get("/api/sessions", headers={"X-Pushback-Owner-Key": "s3cret-owner-key"}).status_code == 200
        assert http.get("/api/sessions", params={"owner_key": "s3cret-owner-key"}).status_code == 200


def test_exports_record_and_report(engines, tmp_path, database):
    with app_client(engines, tmp_path, database) as (app, http):
        created = _create(http)
        record = _store_record(app, created["session_id"])
        ref = created["coach_url"].removeprefix("/replay/")
        http.post(f"/api/replays/{ref}/notes", json={"at": 75.5, "text": "Let Sam finish.", "author": "Ana"})

        exported = http.get(f"/api/replays/{ref}/export.json")
        assert exported.status_code == 200
        assert "attachment" in exported.headers["content-disposition"]
        assert exported.json() == record

        report = http.get(f"/api/replays/{ref}/export.md")
        assert report.status_code == 200
        assert report.headers["content-type"].startswith("text/markdown")
        text = report.text
        assert "## Coach notes" in text
        assert "**1:15**, Ana: Let Sam finish." in text
        assert "Pacing" in text


def test_retranscribe_needs_owner_and_end(engines, tmp_path):
    with app_client(engines, tmp_path, "") as (app, http):
        created = _create(http)
        response = http.post(f"/api/replays/{created['session_id']}/retranscribe")
        assert response.status_code == 409
        assert "still running" in response.json()["detail"]
    with app_client(engines, tmp_path, "", client=REMOTE) as (app, http):
        ref = created["coach_url"].removeprefix("/replay/")
        assert http.post(f"/api/replays/{ref}/retranscribe").status_code == 403
