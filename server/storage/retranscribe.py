"""Re-transcription of a stored session's manager track with the Whisper ``base`` model.

Each manager utterance of the record is cut from ``manager.ogg`` (decoded as
a stream, so a long session is never in memory whole), transcribed again, and
its text and word times replaced. The assessment is then recomputed. Runs on
its own worker thread, never on the event loop.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import av
import numpy as np

from audio import SAMPLE_RATE, SttOptions, Transcriber
from models import resolve_batch_stt_model
from server.recording import assess_stored, recording_dir
from server.storage.store import Storage

logger = logging.getLogger(__name__)

MODEL_NAME = "whisper-base"
# Audio kept on either side of an utterance, so that a word clipped by the
# live turn detector is heard whole.
_PAD_S = 0.25


@dataclass(frozen=True)
class BatchSttOptions:
    """Settings of the after-session transcription."""

    # Beam 5 is slower than the live beam of 1 but more accurate, and no turn waits on it.
    # After the session time matters less, so decoding may retry at higher temperatures.
    stt: SttOptions = SttOptions(beam_size=5, cpu_threads=1, temperature=(0.0, 0.2, 0.4, 0.6, 0.8, 1.0))
    pad_s: float = _PAD_S


class RetranscriptionError(RuntimeError):
    """The session cannot be re-transcribed; the message names the reason."""


class Retranscriber:
    """Queue re-transcriptions and run them one at a time; the model loads on first use."""

    def __init__(self, storage: Storage, data_dir: Path, model_dir: str = "", options: BatchSttOptions = BatchSttOptions()):
        self.storage = storage
        self.data_dir = data_dir
        self.model_dir = model_dir
        self.options = options
        self._transcriber: Transcriber | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="batch-stt")
        self._queued: set[str] = set()
        self._stopping = threading.Event()

    def schedule(self, session_id: str) -> Future | None:
        """Queue ``session_id``; return None when it is already queued or running."""
        if session_id in self._queued:
            return None
        self._queued.add(session_id)
        self.storage.submit(self.storage.set_retranscription, session_id, "queued")
        try:
            return self._executor.submit(self._run_logged, session_id)
        except RuntimeError:
            self._queued.discard(session_id)
            logger.error("session %s: re-transcription not queued, the server is stopping", session_id)
            return None

    def close(self) -> None:
        """Drop queued jobs and stop the running one at its next utterance, then free the model."""
        self._stopping.set()
        self._executor.shutdown(wait=True, cancel_futures=True)
        if self._transcriber is not None:
            self._transcriber.close()

    def _run_logged(self, session_id: str) -> dict | None:
        try:
            return self.run(session_id)
        except Exception as error:  # noqa: BLE001 - any failure is stored on the session and logged
            logger.exception("session %s: re-transcription failed", session_id)
            try:
                self.storage.flush()
                self.storage.set_retranscription(session_id, "failed", str(error))
            except Exception as storing_error:  # noqa: BLE001 - the failure itself is logged above
                logger.error("session %s: cannot store the re-transcription failure: %r", session_id, storing_error)
            return None
        finally:
            self._queued.discard(session_id)

    def run(self, session_id: str) -> dict | None:
        """Re-transcribe ``session_id`` now and store the new record and assessment; return the assessment."""
        # Writes queued by the live session (its last record) land first.
        self.storage.flush()
        self.storage.set_retranscription(session_id, "running")
        record = self.storage.get_record(session_id)
        if record is None:
            raise RetranscriptionError(f"session {session_id} has no stored record")
        track = recording_dir(self.data_dir, session_id) / "manager.ogg"
        if not track.is_file():
            raise RetranscriptionError(f"session {session_id} has no manager recording at {track}")
        logger.info("session %s: re-transcription started", session_id)
        transcriber = self._model()
        changed = retranscribe_record(record, track, transcriber, self.options.pad_s, self._stopping)
        self.storage.save_record(session_id, record)
        assessment = assess_stored(self.storage, session_id, "batch")
        self.storage.set_retranscription(session_id, "done")
        logger.info("session %s: re-transcription finished, %d utterances changed", session_id, changed)
        return assessment

    def _model(self) -> Transcriber:
        if self._transcriber is None:
            model = resolve_batch_stt_model(self.model_dir, self.data_dir / "models")
            logger.info("loading the after-session speech-to-text model from %s", model.source)
            self._transcriber = Transcriber(model.directory, self.options.stt)
        return self._transcriber


def retranscribe_record(
    record: dict, track: Path, transcriber: Transcriber, pad_s: float = _PAD_S, stop: threading.Event | None = None
) -> int:
    """Replace the text and words of the manager's utterances in ``record``; return how many changed.

    An utterance whose new transcript is empty keeps its live text. The live
    text of each utterance stays in ``live_text``. Raises
    ``RetranscriptionError`` when ``stop`` is set between two utterances.
    """
    utterances = [
        event
        for event in record.get("events", [])
        if event.get("type") == "utterance" and event.get("speaker") == "manager" and _timed(event)
    ]
    utterances.sort(key=lambda event: event["start"])
    spans = [(max(0.0, event["start"] - pad_s), event["end"] + pad_s) for event in utterances]
    changed = 0
    for index, (window_start, audio) in _cut_spans(track, spans):
        if stop is not None and stop.is_set():
            raise RetranscriptionError("the server is stopping; re-transcribe the session again after it restarts")
        event = utterances[index]
        transcript = transcriber.transcribe_sync(audio)
        if transcript.is_empty:
            continue
        event.setdefault("live_text", event.get("text", ""))
        event["text"] = transcript.text
        event["words"] = [
            {
                "word": word.word,
                "start": round(window_start + word.start, 3),
                "end": round(window_start + word.end, 3),
                "probability": round(word.probability, 3),
            }
            for word in transcript.words
        ]
        changed += 1
    record["transcription"] = {
        "source": "batch",
        "model": MODEL_NAME,
        "at": datetime.now(timezone.utc).isoformat(),
        "utterances_changed": changed,
    }
    return changed


def _timed(event: dict) -> bool:
    return isinstance(event.get("start"), (int, float)) and isinstance(event.get("end"), (int, float)) and event["end"] > event["start"]


def decode_track(path: Path) -> Iterator[np.ndarray]:
    """Yield the track as float32 mono chunks at 16 kHz (Opus decodes at 48 kHz)."""
    with av.open(str(path)) as container:
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        for frame in container.decode(audio=0):
            for out in resampler.resample(frame):
                yield out.to_ndarray().reshape(-1)
        for out in resampler.resample(None):
            yield out.to_ndarray().reshape(-1)


def _cut_spans(path: Path, spans: list[tuple[float, float]]) -> Iterator[tuple[int, tuple[float, np.ndarray]]]:
    """Yield ``(index, (window_start_s, samples))`` for each span, in order of start.

    Only the audio from the earliest span not yet cut is kept, so memory
    stays at the longest span plus one decoded chunk.
    """
    if not spans:
        return
    bounds = [(int(start * SAMPLE_RATE), int(end * SAMPLE_RATE)) for start, end in spans]
    next_index = 0
    buffer = np.zeros(0, dtype=np.float32)
    buffer_start = 0  # sample position of buffer[0]
    for chunk in decode_track(path):
        buffer = np.concatenate([buffer, chunk])
        while next_index < len(bounds) and buffer_start + buffer.size >= bounds[next_index][1]:
            start, end = bounds[next_index]
            yield next_index, (start / SAMPLE_RATE, buffer[max(0, start - buffer_start) : end - buffer_start].copy())
            next_index += 1
        if next_index >= len(bounds):
            return
        drop = min(buffer.size, max(0, bounds[next_index][0] - buffer_start))
        if drop:
            buffer = buffer[drop:]
            buffer_start += drop
    # The track ended early (a dropped session): cut what is there.
    while next_index < len(bounds):
        start, end = bounds[next_index]
        piece = buffer[max(0, start - buffer_start) : max(0, end - buffer_start)]
        if piece.size:
            yield next_index, (start / SAMPLE_RATE, piece.copy())
        next_index += 1
