"""Sessions created over HTTP and waiting for, or holding, their WebSocket."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import Enum

from personas import Conversation, Reply, Scenario
from personas.director import DirectorOptions


class Mode(str, Enum):
    HEADSET = "headset"
    SPEAKERS = "speakers"


@dataclass
class SessionConfig:
    session_id: str
    scenario: Scenario
    mode: Mode
    conversation: Conversation | None = None
    opening: Reply | None = None
    archive: object | None = None  # server.recording.SessionArchive when the app stores sessions
    connected: bool = False
    closed: bool = False


class SessionRegistry:
    """In-process registry; a session id can be connected once."""

    def __init__(self, director_options: DirectorOptions | None = None):
        self._sessions: dict[str, SessionConfig] = {}
        # Director tunables for new sessions; None keeps the director's defaults.
        self.director_options = director_options

    def create(self, scenario: Scenario, mode: Mode, actor: object | None = None) -> SessionConfig:
        """Register a session and its persona; the opening is decided now so it can be rendered ahead."""
        session_id = secrets.token_urlsafe(16)
        conversation = Conversation(scenario, actor=actor, options=self.director_options, session_id=session_id)
        config = SessionConfig(
            session_id=session_id,
            scenario=scenario,
            mode=mode,
            conversation=conversation,
            opening=conversation.opening(),
        )
        self._sessions[session_id] = config
        return config

    def claim(self, session_id: str) -> SessionConfig | None:
        """Return the session for its first connection, or ``None`` if unknown or taken."""
        config = self._sessions.get(session_id)
        if config is None or config.connected:
            return None
        config.connected = True
        return config

    def exists(self, session_id: str) -> bool:
        return session_id in self._sessions

    def is_closed(self, session_id: str) -> bool:
        config = self._sessions.get(session_id)
        return config is not None and config.closed

    def close(self, session_id: str) -> None:
        config = self._sessions.get(session_id)
        if config is not None:
            config.closed = True

    def active_count(self) -> int:
        return sum(1 for config in self._sessions.values() if config.connected and not config.closed)
