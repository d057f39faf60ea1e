"""``SessionArchive``: what one live session leaves in storage, written as it happens.

``VoiceSession`` calls it from the event loop: microphone frames and persona
audio go to the Ogg recorder at once (a few hundred microseconds of encoding
per frame), while database writes queue on the storage thread. Every method
logs and swallows its own errors, because a failing disk or database must not
end the conversation; what was already written stays.
"""

from __future__ import annotations

import json
import logging
import struct
from pathlib import Path
from typing import Callable

from audio.recording import ConversationRecorder, RecordingOptions
from server.storage import Storage

logger = logging.getLogger(__name__)

_FRAME_HEADER = struct.Struct("<II")  # utterance number, chunk index (docs/protocol.md)


def recording_dir(data_dir: Path, session_id: str) -> Path:
    """Return the directory that contains a session's Ogg files."""
    return data_dir / "recordings" / session_id


class SessionArchive:
    """Record one session's audio to disk and its record and assessment to storage."""

    def __init__(
        self,
        storage: Storage,
        data_dir: Path,
        session_id: str,
        *,
        persona_rate: int,
        on_closed: Callable[[str], None] | None = None,
        options: RecordingOptions = RecordingOptions(),
    ):
        self.storage = storage
        self.data_dir = data_dir
        self.session_id = session_id
        self.persona_rate = persona_rate
        self.options = options
        self.on_closed = on_closed
        self.recorder: ConversationRecorder | None = None
        self._failed = False
        self._closed = False

    @property
    def directory(self) -> Path:
        return recording_dir(self.data_dir, self.session_id)

    def open(self) -> None:
        """Create the Ogg files; on failure the session goes on unrecorded."""
        try:
            self.recorder = ConversationRecorder(self.directory, self.persona_rate, self.options)
        except Exception as error:  # noqa: BLE001 - a recording failure must not end the session
            self._fail("cannot create the recording", error)
            return
        relative = str(Path("recordings") / self.session_id)
        self.storage.submit(self.storage.set_recording_dir, self.session_id, relative)
        logger.info("session %s: recording to %s", self.session_id, self.directory)

    # ------------------------------------------------------------ audio

    def add_microphone(self, frame: bytes) -> None:
        if self.recorder is None:
            return
        try:
            self.recorder.add_microphone(frame)
        except Exception as error:  # noqa: BLE001 - a recording failure must not end the session
            self._fail("recording the microphone failed", error)

    def add_persona_frame(self, frame: bytes) -> None:
        """Keep the samples of one persona audio frame as sent over the socket (header included)."""
        if self.recorder is None or len(frame) < _FRAME_HEADER.size:
            return
        utterance, _chunk = _FRAME_HEADER.unpack_from(frame)
        try:
            self.recorder.add_persona_audio(utterance, frame[_FRAME_HEADER.size :])
        except Exception as error:  # noqa: BLE001 - a recording failure must not end the session
            self._fail("recording persona audio failed", error)

    def persona_started(self, utterance: int, at_seconds: float) -> None:
        if self.recorder is not None:
            self.recorder.persona_started(utterance, at_seconds)

    def persona_finished(self, utterance: int, start_seconds: float, played_ms: float) -> None:
        if self.recorder is not None:
            self.recorder.persona_finished(utterance, start_seconds, played_ms)

    # ----------------------------------------------------------- record

    def save_record(self, record: dict) -> None:
        """Queue a copy of ``record`` for storage; later calls replace earlier ones."""
        try:
            # A JSON round trip copies the record, so the session may go on changing its own.
            snapshot = json.loads(json.dumps(record))
        except (TypeError, ValueError) as error:
            logger.error("session %s: the record is not JSON: %s", self.session_id, error)
            return
        self.storage.submit(self.storage.save_record, self.session_id, snapshot)

    def close(self) -> None:
        """Finish the Ogg files and queue the assessment of the last saved record. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        if self.recorder is not None:
            try:
                self.recorder.close()
                logger.info("session %s: recording closed at %.1f s", self.session_id, self.recorder.seconds)
            except Exception as error:  # noqa: BLE001 - a recording failure must not end the session
                self._fail("closing the recording failed", error)
        self.storage.submit(assess_stored, self.storage, self.session_id, "live")
        if self.on_closed is not None:
            self.on_closed(self.session_id)

    def _fail(self, action: str, error: Exception) -> None:
        if not self._failed:
            logger.error("session %s: %s; the session goes on without a recording: %r", self.session_id, action, error, exc_info=error)
        self._failed = True
        recorder, self.recorder = self.recorder, None
        if recorder is not None:
            try:
                recorder.close()
            except Exception as close_error:  # noqa: BLE001 - the first error is already logged
                logger.warning("session %s: closing the failed recording also failed: %r", self.session_id, close_error)


def assess_stored(storage: Storage, session_id: str, transcript_source: str) -> dict | None:
    """Assess the stored record of ``session_id`` and store the result; return it, or None on failure."""
    from assessment import RecordError, assess

    record = storage.get_record(session_id)
    if record is None:
        logger.warning("session %s: no stored record to assess", session_id)
        return None
    try:
        result = assess(record).to_dict()
    except RecordError as error:
        logger.error("session %s: the record cannot be assessed: %s", session_id, error)
        return None
    storage.save_assessment(session_id, result, transcript_source=transcript_source)
    logger.info("session %s: assessed (%s transcript), overall score %s", session_id, transcript_source, result.get("overall_score"))
    return result
