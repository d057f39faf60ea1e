"""Version 1 of the session WebSocket protocol (see docs/protocol.md)."""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass

PROTOCOL_VERSION = 1
AUDIO_HEADER = struct.Struct("<II")  # utterance number, chunk index

PLAYBACK_EVENTS = {"started", "progress", "finished", "cleared"}


class ProtocolError(ValueError):
    """A client message that breaks the protocol; ``code`` goes into the error event."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Hello:
    protocol: int


@dataclass(frozen=True)
class Playback:
    utterance: int
    event: str
    played_ms: float


@dataclass(frozen=True)
class PushToTalk:
    pressed: bool
    enabled: bool


@dataclass(frozen=True)
class End:
    pass


ClientEvent = Hello | Playback | PushToTalk | End


def parse_client_event(text: str) -> ClientEvent:
    """Parse one JSON text frame from the client; raise ``ProtocolError`` when it is invalid."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ProtocolError("bad_event", f"Text frames must be JSON objects: {error.msg} at position {error.pos}.") from None
    if not isinstance(data, dict):
        raise ProtocolError("bad_event", "Text frames must be JSON objects with a 'type' field.")

    kind = data.get("type")
    if kind == "hello":
        return Hello(protocol=_field(data, "protocol", int))
    if kind == "playback":
        event = _field(data, "event", str)
        if event not in PLAYBACK_EVENTS:
            raise ProtocolError("bad_event", f"playback.event must be one of {sorted(PLAYBACK_EVENTS)}, got {event!r}.")
        played_ms = _field(data, "played_ms", (int, float), default=0)
        if played_ms < 0:
            raise ProtocolError("bad_event", f"playback.played_ms must not be negative, got {played_ms}.")
        return Playback(utterance=_field(data, "utterance", int), event=event, played_ms=float(played_ms))
    if kind == "ptt":
        return PushToTalk(
            pressed=_field(data, "pressed", bool, default=False),
            enabled=_field(data, "enabled", bool, default=True),
        )
    if kind == "end":
        return End()
    raise ProtocolError("bad_event", f"Unknown event type {kind!r}; expected hello, playback, ptt or end.")


_MISSING = object()


def _field(data: dict, name: str, kind, default=_MISSING):
    value = data.get(name, default)
    if value is _MISSING:
        raise ProtocolError("bad_event", f"{data.get('type')}.{name} is missing.")
    # bool is a subclass of int in Python; a JSON true is not a number here.
    if isinstance(value, bool) and kind is not bool:
        value = None
    if not isinstance(value, kind):
        raise ProtocolError("bad_event", f"{data.get('type')}.{name} has the wrong type: {value!r}.")
    return value


def audio_frame(utterance: int, chunk: int, pcm: bytes) -> bytes:
    """Return a binary persona audio frame: the 8-byte header, then the samples."""
    return AUDIO_HEADER.pack(utterance, chunk) + pcm
