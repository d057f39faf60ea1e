"""Speech-to-text with faster-whisper, run off the event loop."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from audio.frames import pcm16_to_float
from audio.options import SttOptions

logger = logging.getLogger(__name__)

# Whisper writes non-speech as "(coughing)", "[Music]" or "*sighs*".
_ANNOTATION = re.compile(r"\([^)]*\)|\[[^\]]*\]|\*[^*]*\*")


@dataclass(frozen=True)
class Word:
    word: str
    start: float
    end: float
    probability: float


@dataclass(frozen=True)
class Transcript:
    """A transcription; word times are seconds from the start of the audio given."""

    text: str
    words: tuple[Word, ...] = field(default_factory=tuple)
    seconds: float = 0.0  # wall-clock time the call took

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()


class Transcriber:
    """One faster-whisper model shared by every session of the process.

    Calls queue on a single worker thread: two Whisper calls at once on a
    2-core machine both finish later than the two run back to back.
    """

    def __init__(self, model_directory: Path, options: SttOptions):
        from faster_whisper import WhisperModel

        self.options = options
        # NOTE: faster-whisper downloads from a model hub when given a bare
        # name, so only a directory path may reach it.
        self._model = WhisperModel(
            str(model_directory),
            device="cpu",
            compute_type="int8",
            cpu_threads=options.cpu_threads,
        )
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stt")

    async def transcribe(self, audio: np.ndarray) -> Transcript:
        """Transcribe int16 or float32 samples at 16 kHz."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.transcribe_sync, audio)

    def transcribe_sync(self, audio: np.ndarray) -> Transcript:
        samples = pcm16_to_float(audio) if audio.dtype == np.int16 else audio.astype(np.float32)
        started = time.perf_counter()
        segments, _info = self._model.transcribe(
            samples,
            language="en",
            beam_size=self.options.beam_size,
            word_timestamps=True,
            condition_on_previous_text=False,
            vad_filter=False,
            initial_prompt=self.options.initial_prompt,
            temperature=self.options.temperature,
            max_new_tokens=16 + int(self.options.max_tokens_per_second * samples.size / 16_000),
        )
        texts: list[str] = []
        words: list[Word] = []
        for segment in segments:
            if (
                segment.no_speech_prob > self.options.no_speech_threshold
                and segment.avg_logprob < self.options.log_prob_threshold
            ):
                continue
            texts.append(segment.text)
            words.extend(
                Word(word=w.word.strip(), start=w.start, end=w.end, probability=w.probability)
                for w in segment.words or ()
                if not _ANNOTATION.fullmatch(w.word.strip())
            )
        text = " ".join(_ANNOTATION.sub(" ", " ".join(texts)).split())
        return Transcript(text=text, words=tuple(words), seconds=time.perf_counter() - started)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
