"""A live server and timed clients for the voice benchmarks.

The server is the real app under uvicorn on a loopback port, in a thread of
the benchmark's own process (``tests.conftest.LiveServer``). Clients are the
tests' ``SimulatedClient``, which streams a microphone in real time and plays
persona audio at real-time pace, extended here to note the wall time of every
frame it sends and of every persona audio chunk it receives. Server and
clients share one process, so every wall time is on one ``time.monotonic``
clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from audio import FRAME_MS, FRAME_SAMPLES, SAMPLE_RATE, AudioOptions, VadOptions, VoiceActivityDetector
from server.engines import Engines, load_engines
from server.settings import Settings
from tests.conftest import LiveServer
from tests.support.corpus import CORPUS, speech_clip
from tests.support.text import normalise_words, word_error_rate
from tests.support.voice_client import SimulatedClient

FRAME_SECONDS = FRAME_MS / 1000
# Voiced frames in a row that count as speech, as in the server's turn detector.
MIN_VOICED_RUN = 2
# Clips with a pause this long inside them are left out: the server may end
# the turn there (its shortest end-of-turn silence is 0.45 s).
MAX_INTERNAL_PAUSE = 0.4
# The environment variables that would switch the persona to the LLM actor.
LLM_VARIABLES = ("OPENAI_BASE_URL", "PUSHBACK_LLM_MODEL")


# ------------------------------------------------------------------ clips


@dataclass(frozen=True)
class Clip:
    """A corpus recording and where its speech lies, by the server's own VAD."""

    name: str
    samples: np.ndarray
    reference: str
    first_voiced_frame: int
    last_voiced_frame: int
    max_pause: float

    @property
    def duration(self) -> float:
        return self.samples.size / SAMPLE_RATE

    @property
    def speech_end(self) -> float:
        """Seconds from the clip start to the end of its last voiced frame."""
        return (self.last_voiced_frame + 1) * FRAME_SECONDS

    @property
    def words(self) -> int:
        return len(normalise_words(self.reference))


def analyse_clip(name: str) -> Clip:
    """Load ``speech/NAME`` and find its speech with the server's VAD settings.

    The last voiced frame is the end of the last run of ``MIN_VOICED_RUN``
    voiced frames, which is where the server's turn detector puts the end of
    speech when the clip starts on a frame boundary of the stream.
    """
    samples, reference = speech_clip(name)
    vad = VoiceActivityDetector(VadOptions())
    flags = [
        vad.is_speech(samples[offset : offset + FRAME_SAMPLES].tobytes())[0]
        for offset in range(0, samples.size - FRAME_SAMPLES + 1, FRAME_SAMPLES)
    ]
    run_ends = [index for index in range(1, len(flags)) if flags[index] and flags[index - 1]]
    if not run_ends:
        raise ValueError(f"{name}: no speech found by the VAD")
    first = flags.index(True)
    last = run_ends[-1]
    max_pause = 0.0
    previous = None
    for index in range(first, last + 1):
        if flags[index]:
            if previous is not None:
                max_pause = max(max_pause, (index - previous - 1) * FRAME_SECONDS)
            previous = index
    return Clip(name, samples, reference, first, last, round(max_pause, 3))


def usable_clips() -> tuple[list[Clip], list[Clip]]:
    """Return the corpus speech clips split into usable ones and those with a long internal pause."""
    names = sorted(path.stem for path in (CORPUS / "speech").glob("*.wav"))
    if not names:
        raise FileNotFoundError(f"no speech clips in {CORPUS / 'speech'}; the benchmarks need the shared corpus there")
    clips = [analyse_clip(name) for name in names]
    usable = [clip for clip in clips if clip.max_pause < MAX_INTERNAL_PAUSE]
    skipped = [clip for clip in clips if clip.max_pause >= MAX_INTERNAL_PAUSE]
    return usable, skipped


# ------------------------------------------------------------ the server


@dataclass
class Call:
    """One model call as the server made it: wall times on the shared clock, and its own compute time."""

    began: float
    ended: float
    seconds: float
    audio_seconds: float = 0.0
    text: str = ""


class TimedTranscriber:
    """The server's transcriber, noting each call; everything else is delegated."""

    def __init__(self, inner):
        self.inner = inner
        self.calls: list[Call] = []

    async def transcribe(self, audio: np.ndarray):
        began = time.monotonic()
        transcript = await self.inner.transcribe(audio)
        self.calls.append(Call(began, time.monotonic(), transcript.seconds, audio.size / SAMPLE_RATE, transcript.text))
        return transcript

    def __getattr__(self, name):
        return getattr(self.inner, name)


class TimedSynthesizer:
    """The server's synthesizer, noting each ``synthesize`` call; ``seconds`` is 0 for a cached sentence."""

    def __init__(self, inner):
        self.inner = inner
        self.calls: list[Call] = []

    async def synthesize(self, text, voice=None):
        began = time.monotonic()
        audio = await self.inner.synthesize(text, voice)
        self.calls.append(Call(began, time.monotonic(), audio.seconds, audio.duration_ms / 1000, text))
        return audio

    def __getattr__(self, name):
        return getattr(self.inner, name)


@dataclass
class BenchServer:
    server: LiveServer
    transcriber: TimedTranscriber
    synthesizer: TimedSynthesizer

    @property
    def url(self) -> str:
        return self.server.url

    def record(self, session_id: str) -> dict:
        path = Path(self.server.settings.data_dir, "sessions", f"{session_id}.json")
        return json.loads(path.read_text(encoding="utf-8"))


@contextlib.contextmanager
def bench_server(options: AudioOptions | None = None):
    """Start the app with freshly loaded default models, so no sentence is cached from an earlier run."""
    for name in LLM_VARIABLES:
        # The benchmarks measure the offline scripted actor.
        os.environ.pop(name, None)
    loaded = load_engines(Settings(), options)
    transcriber = TimedTranscriber(loaded.transcriber)
    synthesizer = TimedSynthesizer(loaded.synthesizer)
    engines = Engines(transcriber=transcriber, synthesizer=synthesizer, options=loaded.options)
    with tempfile.TemporaryDirectory(prefix="pushback-bench-") as data_dir:
        try:
            with LiveServer(engines, Path(data_dir)) as server:
                yield BenchServer(server, transcriber, synthesizer)
        finally:
            loaded.close()


# ------------------------------------------------------------ the client


@dataclass
class TimedClient(SimulatedClient):
    """``SimulatedClient`` that notes when each microphone frame left and each audio chunk arrived."""

    frame_walls: list[float] = field(default_factory=list)
    chunk_arrivals: dict[int, list[tuple[float, int]]] = field(default_factory=dict)

    def _mic_frame(self, played: np.ndarray) -> bytes:
        frame = super()._mic_frame(played)
        # The tick sends this frame next, as frame number ``frames_sent``.
        self.frame_walls.append(time.monotonic())
        return frame

    def _on_audio(self, data: bytes) -> None:
        number = int.from_bytes(data[:4], "little")
        self.chunk_arrivals.setdefault(number, []).append((time.monotonic(), (len(data) - 8) // 2))
        super()._on_audio(data)

    def first_audio_wall(self, utterance: int) -> float | None:
        arrivals = self.chunk_arrivals.get(utterance)
        return arrivals[0][0] if arrivals else None

    def playback_lateness(self, utterance: int) -> float:
        """Return the longest time, in seconds, that a chunk of ``utterance`` arrived after it was due to play.

        Playback is taken to start when the first chunk arrives and to run at
        real-time pace; a positive value is a gap the listener would hear.
        """
        arrivals = self.chunk_arrivals.get(utterance, [])
        if not arrivals:
            return 0.0
        start = arrivals[0][0]
        due = start
        lateness = 0.0
        for wall, samples in arrivals:
            lateness = max(lateness, wall - due)
            due += samples / self.sample_rate
        return lateness

    def mic_lag(self) -> float:
        """Return how far, in seconds, the microphone stream fell behind real time at its worst."""
        if not self.frame_walls:
            return 0.0
        first = self.frame_walls[0]
        return max(wall - (first + index * FRAME_SECONDS) for index, wall in enumerate(self.frame_walls))

    async def wait_received(self, predicate, timeout: float, after: int = 0):
        """Return the first ``Received`` from index ``after`` whose message satisfies ``predicate``."""
        deadline = time.monotonic() + timeout
        while True:
            for received in self.events[after:]:
                if predicate(received.message):
                    return received
            if time.monotonic() > deadline:
                kinds = [r.message.get("type") for r in self.events[after:]]
                raise TimeoutError(f"no matching message within {timeout} s; received {kinds}")
            await asyncio.sleep(0.01)


# ------------------------------------------------------------ one turn


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


async def run_turn(client: TimedClient, clip: Clip, server: BenchServer | None = None, timeout: float = 60.0, gap: float = 0.5) -> dict:
    """Speak ``clip``, wait for the persona's reply to finish playing, and return the turn's timings.

    Stages, on the one clock of the process:
    - ``end_of_turn_ms``: the client sends the last voiced frame, until the
      server's ``speech`` message that the manager stopped;
    - ``stt_wait_ms``: from there to the ``transcript`` message;
    - ``director_actor_ms``: from there to the first ``persona_text``;
    - ``first_tts_ms``: from there to the first byte of persona audio;
    - ``total_ms``: the sum, the last voiced frame to the first persona audio.
    With ``server``, the speech-to-text and synthesis calls of the turn are
    looked up as well; that attribution holds only with one session at a time.
    """
    mark = len(client.events)
    clip_start_wall = time.monotonic()
    start, _ = await client.speak(clip.samples)
    start_frame = round(start / FRAME_SECONDS)
    voice_end_wall = client.frame_walls[start_frame + clip.last_voiced_frame]
    voice_end_mic = start + clip.speech_end
    result: dict = {"clip": clip.name, "clip_s": round(clip.duration, 2), "words": clip.words, "error": None}

    try:
        transcript = await client.wait_received(
            lambda m: m["type"] == "transcript" and m["end"] > voice_end_mic - 0.25, timeout, after=mark
        )
        turn = transcript.message["turn"]
        stopped = await client.wait_received(
            lambda m: m["type"] == "speech" and not m["speaking"] and abs(m["at"] - transcript.message["end"]) < 0.002,
            timeout,
            after=mark,
        )
        text = await client.wait_received(
            lambda m: m["type"] == "persona_text" and m["turn"] == turn and m["index"] == 0, timeout, after=mark
        )
        utterance = text.message["utterance"]
        played = await client.wait_persona_done(utterance, timeout)
    except (TimeoutError, ConnectionError) as error:
        result["error"] = str(error)
        return result
    audio_wall = client.first_audio_wall(utterance)

    result.update(
        turn=turn,
        utterance=utterance,
        server_turns=sum(1 for r in client.events[mark:] if r.message["type"] == "transcript"),
        speech_end_offset_ms=_ms(transcript.message["end"] - voice_end_mic),
        transcript=transcript.message["text"],
        wer=round(word_error_rate(clip.reference, transcript.message["text"]), 3),
        total_ms=_ms(audio_wall - voice_end_wall),
        end_of_turn_ms=_ms(stopped.wall - voice_end_wall),
        stt_wait_ms=_ms(transcript.wall - stopped.wall),
        director_actor_ms=_ms(text.wall - transcript.wall),
        first_tts_ms=_ms(audio_wall - text.wall),
        reply_played_s=round(played.samples_played / client.sample_rate, 2),
        playback_lateness_ms=_ms(client.playback_lateness(utterance)),
    )
    if server is not None:
        stt = [c for c in server.transcriber.calls if c.began >= clip_start_wall and c.ended <= transcript.wall + 0.005]
        tts = [c for c in server.synthesizer.calls if c.began >= voice_end_wall]
        result["stt_calls"] = len(stt)
        result["stt_call_ms"] = _ms(stt[-1].seconds) if stt else None
        result["first_tts_synth_ms"] = _ms(tts[0].seconds) if tts else None
    await asyncio.sleep(gap)
    return result


def merge_record_turns(results: list[dict], record: dict) -> None:
    """Add the server's own latency fields from the session record to each turn's result."""
    by_turn = {entry["turn"]: entry for entry in record.get("turns", [])}
    for result in results:
        entry = by_turn.get(result.get("turn"))
        if entry is None:
            continue
        for key in ("transcript_ready_ms", "first_text_ms", "first_audio_sent_ms", "first_audio_played_ms", "speculative"):
            result[f"record_{key}"] = entry.get(key)
