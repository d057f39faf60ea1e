"""A WebSocket client that behaves like the practice page, in Python.

It streams a microphone in real time (20 ms frames, silence between
utterances), plays persona audio on a simulated speaker at real-time pace,
reports playback as the page does, clears its queue on barge-in, and in
speakers mode mixes what it plays back into the microphone.
"""

from __future__ import annotations

import asyncio
import json
import struct
import time
from collections import deque
from dataclasses import dataclass, field

import httpx
import numpy as np
import websockets

from audio import FRAME_SAMPLES, SAMPLE_RATE, resample

_TICK = FRAME_SAMPLES / SAMPLE_RATE
_HEADER = struct.Struct("<II")


@dataclass
class Received:
    wall: float
    message: dict


@dataclass
class PlayedUtterance:
    number: int
    samples_played: int = 0
    started_wall: float | None = None
    started_mic: float | None = None
    finished: bool = False
    cleared: bool = False
    audio_end: bool = False


@dataclass
class SimulatedClient:
    base_url: str
    scenario_id: str = "task-lister"
    mode: str = "headset"
    echo_gain: float = 0.0  # share of played audio that leaks into the microphone
    echo_delay: float = 0.08  # speaker-to-microphone delay in seconds
    mic_noise: float = 0.0  # RMS of background noise added to the microphone

    events: list[Received] = field(default_factory=list)
    utterances: dict[int, PlayedUtterance] = field(default_factory=dict)
    frames_sent: int = 0

    async def __aenter__(self) -> "SimulatedClient":
        async with httpx.AsyncClient(base_url=self.base_url) as http:
            response = await http.post("/api/sessions", json={"scenario_id": self.scenario_id, "mode": self.mode})
            response.raise_for_status()
        self.session = response.json()
        ws_url = self.base_url.replace("http", "ws", 1) + self.session["ws_url"]
        self.socket = await websockets.connect(ws_url, max_size=None)
        self.sample_rate = 22050
        self._speech: deque[np.ndarray] = deque()
        self._playback: deque[tuple[int, np.ndarray]] = deque()
        self._echo_line: deque[float] = deque()
        self._cleared: set[int] = set()
        self._closed = asyncio.Event()
        self._rng = np.random.default_rng(7)
        self._tasks = [asyncio.create_task(self._receive()), asyncio.create_task(self._tick())]
        await self.wait_for(lambda m: m["type"] == "ready", timeout=10)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.socket.close()

    # ----------------------------------------------------------- microphone

    @property
    def mic_seconds(self) -> float:
        return self.frames_sent * _TICK

    def say(self, samples: np.ndarray) -> float:
        """Queue int16 speech for the microphone; return its duration in seconds."""
        self._speech.append(samples.astype(np.int16))
        return samples.size / SAMPLE_RATE

    async def speak(self, samples: np.ndarray) -> tuple[float, float]:
        """Say ``samples`` and wait until the last one is sent; return its mic start and end times."""
        queued = sum(chunk.size for chunk in self._speech) / SAMPLE_RATE
        start = self.mic_seconds + queued
        duration = self.say(samples)
        await self.wait_mic(start + duration)
        return start, start + duration

    async def wait_mic(self, seconds: float) -> None:
        while self.mic_seconds < seconds:
            await asyncio.sleep(_TICK)

    async def send_json(self, message: dict) -> None:
        await self.socket.send(json.dumps(message))

    # --------------------------------------------------------- server events

    def messages(self, kind: str) -> list[dict]:
        return [r.message for r in self.events if r.message.get("type") == kind]

    async def wait_for(self, predicate, timeout: float = 20.0, after: int = 0) -> dict:
        """Return the first message (from index ``after``) that satisfies ``predicate``."""
        deadline = time.monotonic() + timeout
        while True:
            for received in self.events[after:]:
                if predicate(received.message):
                    return received.message
            if time.monotonic() > deadline:
                kinds = [r.message.get("type") for r in self.events[after:]]
                raise TimeoutError(f"no matching message within {timeout}s; received {kinds}")
            if self._closed.is_set():
                raise ConnectionError("the server closed the socket")
            await asyncio.sleep(0.02)

    async def wait_persona_done(self, number: int, timeout: float = 30.0) -> PlayedUtterance:
        """Wait until utterance ``number`` finished playing or was cleared."""
        deadline = time.monotonic() + timeout
        while True:
            played = self.utterances.get(number)
            if played is not None and (played.finished or played.cleared):
                return played
            if time.monotonic() > deadline:
                raise TimeoutError(f"persona utterance {number} did not finish playing within {timeout}s")
            await asyncio.sleep(0.02)

    async def _receive(self) -> None:
        try:
            async for message in self.socket:
                if isinstance(message, bytes):
                    self._on_audio(message)
                    continue
                data = json.loads(message)
                self.events.append(Received(time.monotonic(), data))
                if data["type"] == "ready":
                    self.sample_rate = data["sample_rate"]
                elif data["type"] == "barge_in":
                    await self._clear(data["utterance"])
                elif data["type"] == "persona_audio_end":
                    self._utterance(data["utterance"]).audio_end = True
        finally:
            self._closed.set()

    def _utterance(self, number: int) -> PlayedUtterance:
        return self.utterances.setdefault(number, PlayedUtterance(number))

    def _on_audio(self, data: bytes) -> None:
        number, _chunk = _HEADER.unpack_from(data)
        if number in self._cleared:
            return
        self._utterance(number)
        self._playback.append((number, np.frombuffer(data[_HEADER.size :], dtype=np.int16).copy()))

    async def _clear(self, number: int) -> None:
        self._cleared.add(number)
        self._playback = deque(item for item in self._playback if item[0] != number)
        played = self._utterance(number)
        played.cleared = True
        await self.send_json(
            {"type": "playback", "utterance": number, "event": "cleared", "played_ms": played.samples_played / self.sample_rate * 1000}
        )

    # ------------------------------------------------------------ real time

    async def _tick(self) -> None:
        next_tick = time.monotonic()
        while True:
            played = await self._play_tick()
            await self.socket.send(self._mic_frame(played))
            self.frames_sent += 1
            next_tick += _TICK
            await asyncio.sleep(max(0.0, next_tick - time.monotonic()))

    async def _play_tick(self) -> np.ndarray:
        """Play 20 ms of queued persona audio; return it resampled to 16 kHz floats."""
        wanted = int(round(self.sample_rate * _TICK))
        out: list[np.ndarray] = []
        while wanted > 0 and self._playback:
            number, chunk = self._playback[0]
            played = self._utterance(number)
            if played.started_wall is None:
                played.started_wall = time.monotonic()
                played.started_mic = self.mic_seconds
                await self.send_json({"type": "playback", "utterance": number, "event": "started", "played_ms": 0})
            take = chunk[:wanted]
            out.append(take)
            played.samples_played += take.size
            wanted -= take.size
            if take.size == chunk.size:
                self._playback.popleft()
            else:
                self._playback[0] = (number, chunk[take.size :])
        for played in self.utterances.values():
            queued = any(number == played.number for number, _ in self._playback)
            if played.audio_end and not queued and not played.finished and not played.cleared and played.started_wall:
                played.finished = True
                await self.send_json(
                    {"type": "playback", "utterance": played.number, "event": "finished", "played_ms": played.samples_played / self.sample_rate * 1000}
                )
        if not out:
            return np.zeros(FRAME_SAMPLES, dtype=np.float32)
        audio = np.concatenate(out).astype(np.float32) / 32768.0
        audio = resample(audio, self.sample_rate, SAMPLE_RATE)
        return np.pad(audio, (0, max(0, FRAME_SAMPLES - audio.size)))[:FRAME_SAMPLES]

    def _mic_frame(self, played: np.ndarray) -> bytes:
        frame = np.zeros(FRAME_SAMPLES, dtype=np.float32)
        needed = FRAME_SAMPLES
        parts = []
        while needed > 0 and self._speech:
            chunk = self._speech[0]
            take = chunk[:needed]
            parts.append(take.astype(np.float32) / 32768.0)
            needed -= take.size
            if take.size == chunk.size:
                self._speech.popleft()
            else:
                self._speech[0] = chunk[take.size :]
        if parts:
            speech = np.concatenate(parts)
            frame[: speech.size] += speech
        if self.echo_gain > 0:
            delay = int(self.echo_delay * SAMPLE_RATE)
            if not self._echo_line:
                self._echo_line.extend([0.0] * delay)
            self._echo_line.extend(played.tolist())
            echo = np.array([self._echo_line.popleft() for _ in range(FRAME_SAMPLES)], dtype=np.float32)
            frame += self.echo_gain * echo
        if self.mic_noise > 0:
            frame += self._rng.normal(0, self.mic_noise, FRAME_SAMPLES).astype(np.float32)
        return (np.clip(frame, -1, 1) * 32767).astype("<i2").tobytes()
