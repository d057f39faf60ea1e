"""The machine a benchmark runs on, and waiting for it to be quiet.

The development machines have two cores shared with other work, so every
benchmark prints the load average before and after its run next to its figures.
"""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

PACKAGES = ("faster-whisper", "ctranslate2", "piper-tts", "onnxruntime", "webrtcvad-wheels", "numpy")
# Above this 1-minute load average the machine is busy with other work.
QUIET_LOAD = 1.0


def cpu_model() -> str:
    """Return the CPU model name from /proc/cpuinfo, or the platform's processor string."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def package_versions() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def code_version() -> str:
    """Return the project's git commit and a digest of the code under test as it is on disk.

    The digest covers the tracked Python files outside ``bench/`` and
    ``tests/``, uncommitted edits included, so two runs with the same digest
    measured the same code whatever was committed in between.
    """
    root = Path(__file__).resolve().parents[1]
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        files = subprocess.run(["git", "ls-files", "*.py"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git work tree)"
    digest = hashlib.sha1()
    for name in sorted(files):
        path = root / name
        if name.startswith(("bench/", "tests/")) or not path.is_file():
            continue
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return f"{commit}, source sha1 {digest.hexdigest()[:10]}"


def describe() -> dict:
    """Return the machine, Python and speech-package versions as a JSON-ready dict."""
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "packages": package_versions(),
        "code": code_version(),
    }


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def wait_until_quiet(max_wait: float = 180.0, threshold: float = QUIET_LOAD, poll: float = 10.0) -> list[float]:
    """Wait up to ``max_wait`` seconds for the 1-minute load average to drop to ``threshold``.

    Returns the load average when the wait ended. After ``max_wait`` the
    benchmark runs anyway and prints that load beside its figures.
    """
    deadline = time.monotonic() + max_wait
    load = load_average()
    while load[0] > threshold and time.monotonic() < deadline:
        print(f"load average {load[0]:.2f} is above {threshold}; waiting for other work to finish", file=sys.stderr, flush=True)
        time.sleep(min(poll, max(0.0, deadline - time.monotonic())))
        load = load_average()
    if load[0] > threshold:
        print(f"WARNING: load average still {load[0]:.2f} after {max_wait:.0f} s; figures include other work", file=sys.stderr)
    return load


def _busy_cpu_seconds() -> float | None:
    """Return the CPU seconds all processes have used since boot, from /proc/stat, or None off Linux."""
    try:
        fields = Path("/proc/stat").read_text(encoding="utf-8").splitlines()[0].split()[1:]
    except OSError:
        return None
    ticks = [int(value) for value in fields]
    idle = ticks[3] + ticks[4]  # idle and iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


class CpuShare:
    """CPU used by this process and by everything else between ``start()`` and ``stop()``.

    The load average counts the benchmark itself, so the share of the machine
    used by other processes is the measure of how much other work competed.
    """

    def start(self) -> "CpuShare":
        self._wall = time.monotonic()
        self._busy = _busy_cpu_seconds()
        self._own = _own_cpu_seconds()
        return self

    def stop(self) -> dict:
        wall = time.monotonic() - self._wall
        own = _own_cpu_seconds() - self._own
        busy = _busy_cpu_seconds()
        capacity = wall * (os.cpu_count() or 1)
        result = {"wall_s": round(wall, 1), "own_cpu_share": round(own / capacity, 3), "other_cpu_share": None}
        if busy is not None and self._busy is not None:
            result["other_cpu_share"] = round(max(0.0, busy - self._busy - own) / capacity, 3)
        return result


def print_cpu_share(share: dict) -> None:
    other = "unknown" if share["other_cpu_share"] is None else f"{share['other_cpu_share']:.0%}"
    print(f"CPU over {share['wall_s']:.0f} s: this benchmark {share['own_cpu_share']:.0%} of the machine, other processes {other}")


def print_machine(info: dict) -> None:
    packages = ", ".join(f"{name} {version}" for name, version in info["packages"].items())
    print(f"machine: {info['cpu']}, {info['cores']} cores, {info['platform']}, Python {info['python']}")
    print(f"packages: {packages}")
    print(f"code: {info['code']}")


def print_load(label: str, load: list[float]) -> None:
    print(f"load average {label}: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1, 5, 15 min)")
