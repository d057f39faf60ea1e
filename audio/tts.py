"""Text-to-speech with Piper, one sentence at a time, off the event loop."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

from audio.options import TtsOptions

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class VoiceSettings:
    """Per-persona delivery; ``None`` keeps the voice file's own value."""

    length_scale: float | None = None  # above 1 speaks slower
    noise_scale: float | None = None
    noise_w_scale: float | None = None


@dataclass(frozen=True)
class SpeechAudio:
    """PCM16 mono samples of one sentence."""

    pcm: bytes
    sample_rate: int
    seconds: float  # wall-clock time synthesis took; 0 when served from cache

    @property
    def duration_ms(self) -> float:
        return len(self.pcm) / 2 / self.sample_rate * 1000


class Synthesizer:
    """One Piper voice shared by every session of the process.

    Synthesis runs on one worker thread with ``TtsOptions.intra_op_threads``
    onnxruntime threads. Rendered sentences are cached by text and voice
    settings, up to ``TtsOptions.cache_bytes``, so a line rendered ahead of
    time plays without delay.
    """

    def __init__(self, model_path: Path, config_path: Path, options: TtsOptions):
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig

        self.options = options
        session_options = onnxruntime.SessionOptions()
        session_options.intra_op_num_threads = options.intra_op_threads
        session_options.inter_op_num_threads = 1
        config = PiperConfig.from_dict(json.loads(Path(config_path).read_text(encoding="utf-8")))
        self._voice = PiperVoice(
            config=config,
            session=onnxruntime.InferenceSession(
                str(model_path), sess_options=session_options, providers=["CPUExecutionProvider"]
            ),
        )
        self.sample_rate: int = config.sample_rate
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tts")
        self._cache: OrderedDict[tuple[str, VoiceSettings], bytes] = OrderedDict()
        self._cache_size = 0
        self._cache_lock = Lock()

    async def synthesize(self, text: str, voice: VoiceSettings | None = None) -> SpeechAudio:
        """Return the audio of ``text``, from the cache when it was rendered before."""
        key = (text, voice or VoiceSettings())
        cached = self._cached(key)
        if cached is not None:
            return SpeechAudio(pcm=cached, sample_rate=self.sample_rate, seconds=0.0)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._render, key)

    def prerender(self, texts: list[str], voice: VoiceSettings | None = None) -> None:
        """Queue ``texts`` for synthesis in the background so later calls hit the cache."""
        for text in texts:
            key = (text, voice or VoiceSettings())
            if self._cached(key) is None:
                self._executor.submit(self._render, key)

    def _cached(self, key: tuple[str, VoiceSettings]) -> bytes | None:
        with self._cache_lock:
            pcm = self._cache.get(key)
            if pcm is not None:
                self._cache.move_to_end(key)
            return pcm

    def _render(self, key: tuple[str, VoiceSettings]) -> SpeechAudio:
        from piper import SynthesisConfig

        cached = self._cached(key)
        if cached is not None:
            return SpeechAudio(pcm=cached, sample_rate=self.sample_rate, seconds=0.0)
        text, voice = key
        started = time.perf_counter()
        config = SynthesisConfig(
            length_scale=voice.length_scale,
            noise_scale=voice.noise_scale,
            noise_w_scale=voice.noise_w_scale,
        )
        pcm = b"".join(chunk.audio_int16_bytes for chunk in self._voice.synthesize(text, syn_config=config))
        with self._cache_lock:
            if key not in self._cache:
                self._cache[key] = pcm
                self._cache_size += len(pcm)
            while self._cache_size > self.options.cache_bytes and self._cache:
                _, evicted = self._cache.popitem(last=False)
                self._cache_size -= len(evicted)
        return SpeechAudio(pcm=pcm, sample_rate=self.sample_rate, seconds=time.perf_counter() - started)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
