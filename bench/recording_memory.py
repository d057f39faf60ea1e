"""Server memory while a 30-minute session is recorded.

Starts the app in a child process (its own data directory, SQLite), opens one
session over the real WebSocket, and streams 30 minutes of microphone audio:
a recorded sentence every ``--turn-every`` seconds, silence in between. The
client acts as a page that plays each persona reply at once (``started`` on
the first chunk, ``finished`` when the audio ends), so persona audio is mixed
into the recording too. The server's resident memory (VmRSS of the child) is
sampled against the microphone clock.

NOTE: the audio streams ``--speed`` times faster than real time (default 6),
so the bench takes about 5 minutes. The recording path does the same work per
frame at any speed, but the live pipeline gets turns closer together in
wall time than they would in a real session.

    python -m bench.recording_memory [--minutes 30] [--speed 6]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shlex
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.corpus import speech_clip  # noqa: E402

SAMPLE_RATE = 16000
FRAME_SAMPLES = 320
CLIPS = ("vctk_p238_165", "arctic_aew_a0002", "arctic_axb_a0004", "libri_1089-134686-0000", "pocketsphinx_goforward")
_HEADER = struct.Struct("<II")


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, {memory} RAM, {platform.platform()}, Python {platform.python_version()}"


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(data_dir: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "PUSHBACK_DATA_DIR": str(data_dir), "PUSHBACK_LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "uvicorn", "--factory", "server.app:create_app", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    return subprocess.Popen(command, cwd=ROOT, env=env)


async def wait_ready(url: str, process: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=url) as http:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with code {process.returncode}")
            try:
                if (await http.get("/api/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"the server did not respond to /api/health within {timeout}s")
            await asyncio.sleep(0.5)


def microphone(minutes: float, turn_every: float) -> tuple[np.ndarray, int]:
    """Return one cycle of speech followed by silence, and the number of frames in the whole session."""
    clips = [speech_clip(name)[0] for name in CLIPS]
    cycle = []
    for clip in clips:
        gap = max(0, int(turn_every * SAMPLE_RATE) - clip.size)
        cycle += [clip, np.zeros(gap, dtype=np.int16)]
    audio = np.concatenate(cycle)
    return audio, int(minutes * 60 * SAMPLE_RATE / FRAME_SAMPLES)


async def stream_session(url: str, pid: int, minutes: float, speed: float, turn_every: float, sample_every: float) -> dict:
    async with httpx.AsyncClient(base_url=url) as http:
        created = (await http.post("/api/sessions", json={"scenario_id": "task-lister", "mode": "headset"})).json()
    audio, frames = microphone(minutes, turn_every)
    samples: list[tuple[float, float]] = []
    persona_rate = 22050
    played: dict[int, int] = {}
    replies = 0
    ended = asyncio.Event()

    async with websockets.connect(url.replace("http", "ws", 1) + created["ws_url"], max_size=None) as socket_:

        async def receive() -> None:
            nonlocal persona_rate, replies
            async for message in socket_:
                if isinstance(message, bytes):
                    number, _chunk = _HEADER.unpack_from(message)
                    if number not in played:
                        played[number] = 0
                        await socket_.send(json.dumps({"type": "playback", "utterance": number, "event": "started", "played_ms": 0}))
                    played[number] += (len(message) - _HEADER.size) // 2
                    continue
                event = json.loads(message)
                if event["type"] == "ready":
                    persona_rate = event["sample_rate"]
                elif event["type"] == "persona_audio_end" and event["utterance"] in played:
                    replies += 1
                    played_ms = played[event["utterance"]] / persona_rate * 1000
                    await socket_.send(json.dumps({"type": "playback", "utterance": event["utterance"], "event": "finished", "played_ms": played_ms}))
                elif event["type"] == "barge_in":
                    played_ms = played.get(event["utterance"], 0) / persona_rate * 1000
                    await socket_.send(json.dumps({"type": "playback", "utterance": event["utterance"], "event": "cleared", "played_ms": played_ms}))
                elif event["type"] == "ended":
                    ended.set()

        receiver = asyncio.create_task(receive())
        tick = FRAME_SAMPLES / SAMPLE_RATE / speed
        started = time.monotonic()
        next_sample = 0.0
        for index in range(frames):
            if ended.is_set():
                break
            offset = (index * FRAME_SAMPLES) % (audio.size - FRAME_SAMPLES)
            await socket_.send(audio[offset : offset + FRAME_SAMPLES].tobytes())
            mic_s = (index + 1) * FRAME_SAMPLES / SAMPLE_RATE
            if mic_s >= next_sample:
                samples.append((mic_s, rss_mib(pid)))
                next_sample += sample_every
            delay = started + (index + 1) * tick - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
        if not ended.is_set():
            await socket_.send(json.dumps({"type": "end"}))
        try:
            await asyncio.wait_for(ended.wait(), timeout=30)
        except asyncio.TimeoutError:
            pass
        wall = time.monotonic() - started
        receiver.cancel()
        await asyncio.gather(receiver, return_exceptions=True)
    await asyncio.sleep(2)  # the storage thread writes the last record and assessment
    samples.append((samples[-1][0], rss_mib(pid)))
    return {"session_id": created["session_id"], "samples": samples, "wall_s": wall, "replies": replies}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30.0, help="session length in minutes of microphone audio")
    parser.add_argument("--speed", type=float, default=6.0, help="how many times faster than real time to stream")
    parser.add_argument("--turn-every", type=float, default=20.0, help="seconds of microphone audio per manager sentence and the silence after it")
    parser.add_argument("--sample-every", type=float, default=60.0, help="seconds of microphone audio between RSS samples")
    args = parser.parse_args()

    print(f"machine: {machine()}")
    print(f"command: python -m bench.recording_memory {' '.join(shlex.quote(a) for a in sys.argv[1:])}".rstrip())
    print(f"load average before: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="pushback-bench-") as directory:
        data_dir = Path(directory)
        port = free_port()
        server = start_server(data_dir, port)
        try:
            url = f"http://127.0.0.1:{port}"
            asyncio.run(wait_ready(url, server))
            idle = rss_mib(server.pid)
            result = asyncio.run(stream_session(url, server.pid, args.minutes, args.speed, args.turn_every, args.sample_every))
        finally:
            server.terminate()
            server.wait(timeout=30)
        recordings = data_dir / "recordings" / result["session_id"]
        sizes = {path.name: path.stat().st_size for path in sorted(recordings.glob("*.ogg"))}

    samples = result["samples"]
    print(f"load average after: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    print(f"streamed {samples[-1][0] / 60:.1f} min of audio in {result['wall_s'] / 60:.1f} min of wall time, {result['replies']} persona replies played")
    print(f"server RSS idle after start-up: {idle:.0f} MiB")
    print("mic_min  rss_mib")
    for mic_s, rss in samples:
        print(f"{mic_s / 60:7.1f}  {rss:7.0f}")
    after_warmup = [rss for mic_s, rss in samples if mic_s >= 120]
    if after_warmup:
        print(f"RSS from minute 2 to the end: min {min(after_warmup):.0f} MiB, max {max(after_warmup):.0f} MiB, growth {after_warmup[-1] - after_warmup[0]:+.0f} MiB")
    for name, size in sizes.items():
        print(f"{name}: {size / 1024 / 1024:.1f} MiB on disk")


if __name__ == "__main__":
    main()
