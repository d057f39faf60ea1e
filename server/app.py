"""The FastAPI application: HTTP API, the session WebSocket and the practice page."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from audio import split_sentences
from personas import list_scenarios, load_scenario
from personas.actors import actor_from_env
from server.body_limit import BodySizeLimit
from server.engines import Engines, load_engines
from server.replay_routes import close_storage, open_storage, register_session
from server.replay_routes import router as replay_router
from server.sessions import Mode, SessionRegistry
from server.settings import Settings
from server.voice_session import voice_settings_for
from server import scenario_routes
from server.ws import session_socket

logger = logging.getLogger(__name__)


def validation_message(errors: list[dict]) -> str:
    """Return one sentence per invalid request field, without the rejected input.

    The input is left out because it can be megabytes long or hold a secret.
    """
    sentences = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
        field = ".".join(location)
        if error.get("type") == "json_invalid":
            sentences.append("The request body is not valid JSON.")
        elif error.get("type") == "missing":
            sentences.append(f"{field} is missing.")
        else:
            message = str(error.get("msg", "is invalid")).rstrip(".")
            sentences.append(f"{field}: {message[:1].lower()}{message[1:]}." if field else f"{message}.")
    return " ".join(sentences) or "The request is invalid."


async def request_validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    logger.info("rejected %s %s: %d invalid fields", request.method, request.url.path, len(error.errors()))
    return JSONResponse({"detail": validation_message(error.errors())}, status_code=422)


class CreateSession(BaseModel):
    scenario_id: str
    mode: Mode = Mode.HEADSET


def _static_dir() -> Path:
    return Path(str(resources.files("web_client") / "static"))


def create_app(settings: Settings | None = None, engines: Engines | None = None) -> FastAPI:
    """Build the app. Models load at startup unless ``engines`` is given (tests share one set)."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        owned = engines is None
        app.state.engines = engines or load_engines(settings)
        open_storage(app, settings)
        logger.info("Pushback ready on http://%s:%d", settings.host, settings.port)
        try:
            yield
        finally:
            close_storage(app)
            if owned:
                app.state.engines.close()
            logger.info("Pushback stopped")

    app = FastAPI(title="Pushback", version="0.1.0", lifespan=lifespan)
    app.add_exception_handler(RequestValidationError, request_validation_error)
    app.add_middleware(BodySizeLimit)
    app.state.settings = settings
    app.state.sessions = SessionRegistry()

    @app.get("/api/health")
    async def health() -> dict:
        return {"status": "ok", "active_sessions": app.state.sessions.active_count()}

    @app.post("/api/sessions", status_code=201)
    async def create_session(request: CreateSession) -> dict:
        user_dirs = (settings.data_dir / "scenarios",)
        try:
            scenario = load_scenario(request.scenario_id, user_dirs)
        except KeyError:
            known = ", ".join(s.id for s in list_scenarios(user_dirs))
            raise HTTPException(404, f"Unknown scenario {request.scenario_id!r}; known scenarios: {known}.") from None
        config = app.state.sessions.create(scenario, request.mode, actor=actor_from_env(scenario))
        # Render the opening now, so it plays the moment the socket opens.
        opening = config.opening
        if opening.text is not None:
            sentences = [s async for line in opening.sentences() for s in split_sentences(line)]
            app.state.engines.synthesizer.prerender(sentences, voice_settings_for(scenario))
        links = await register_session(app, config)
        logger.info("session %s created: scenario=%s mode=%s", config.session_id, scenario.id, request.mode.value)
        return {
            "session_id": config.session_id,
            "ws_url": f"/ws/sessions/{config.session_id}",
            "scenario": scenario.summary(),
            "mode": request.mode.value,
            **links,
        }

    app.include_router(scenario_routes.router)
    app.add_api_websocket_route("/ws/sessions/{session_id}", session_socket)
    app.include_router(replay_router)

    static = _static_dir()

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(static / "index.html")

    app.mount("/static", StaticFiles(directory=static, check_dir=False), name="static")
    return app
