"""Concurrent sessions: how many this machine sustains before one falls behind.

Runs 1, 2, 3, 4, 6, 8 ... sessions at once against one server started in this process
(fresh default models per level, scripted actor). Each session plays a
different scenario, starts ``--stagger`` seconds after the one before, waits
for the persona's opening to finish, then speaks ``--turns`` corpus clips in
real time, waiting for each reply to finish playing. Every session at every
level speaks the same first ``--turns`` clips of the corpus, in an order
rotated by its index, so levels differ only in the number of sessions. A
level holds when no turn fails and:

- the 95th percentile of voice-to-voice latency (last voiced frame sent to
  first persona audio byte received) over all turns is at most 1.5 s;
- no persona audio chunk arrives more than 0.1 s after it was due to play,
  so the persona's voice never stalls;
- no client's microphone stream falls more than 0.5 s behind real time.
  Clients and server share this process, so this one catches the process
  itself running out of CPU. Stalls of about 0.1 s, after which the stream
  catches up at once, occurred with two sessions on a shared machine, so
  shorter stalls are reported but allowed.

It stops at the first level that breaks a limit, or when the next level
would not fit in ``--budget`` seconds.

Run: ``.venv/bin/python -m bench.concurrency [--levels 1,2,4] [--turns N]``
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from bench import machine
from bench.live import TimedClient, bench_server, run_turn, usable_clips
from bench.summary import format_summary, print_table, summarise, write_results

SCENARIOS = ["task-lister", "sandbagger", "fog-machine", "dependent", "everything-keeper"]
MAX_P95_MS = 1500
MAX_PLAYBACK_LATENESS_MS = 100
MAX_MIC_LAG_MS = 500


async def run_client(url: str, index: int, clips, turns: int, stagger: float) -> dict:
    await asyncio.sleep(index * stagger)
    scenario = SCENARIOS[index % len(SCENARIOS)]
    result: dict = {"session": index + 1, "scenario": scenario, "turns": [], "error": None}
    try:
        async with TimedClient(url, scenario_id=scenario) as client:
            await client.wait_persona_done(1, timeout=120)
            for number in range(turns):
                clip = clips[(index + number) % turns]
                result["turns"].append(await run_turn(client, clip, None))
            result["playback_lateness_ms"] = round(max(client.playback_lateness(u) for u in client.chunk_arrivals) * 1000, 1)
            result["mic_lag_ms"] = round(client.mic_lag() * 1000, 1)
            await client.send_json({"type": "end"})
            await client.wait_for(lambda m: m["type"] == "ended", timeout=20)
    except (TimeoutError, ConnectionError, OSError) as error:
        result["error"] = f"{type(error).__name__}: {error}"
    return result


async def run_level(sessions: int, clips, turns: int, stagger: float) -> list[dict]:
    with bench_server() as server:
        return await asyncio.gather(*(run_client(server.url, index, clips, turns, stagger) for index in range(sessions)))


def judge(sessions: list[dict]) -> dict:
    turns = [t for s in sessions for t in s["turns"]]
    latencies = [t["total_ms"] for t in turns if not t["error"]]
    failures = sum(1 for s in sessions if s["error"]) + sum(1 for t in turns if t["error"])
    lateness = max((s.get("playback_lateness_ms") or 0.0 for s in sessions), default=0.0)
    mic_lag = max((s.get("mic_lag_ms") or 0.0 for s in sessions), default=0.0)
    total = summarise(latencies)
    broken = []
    if failures:
        broken.append(f"{failures} failed turns or sessions")
    if total["n"] and total["p95"] > MAX_P95_MS:
        broken.append(f"p95 {total['p95']:.0f} ms > {MAX_P95_MS} ms")
    if lateness > MAX_PLAYBACK_LATENESS_MS:
        broken.append(f"persona audio {lateness:.0f} ms late")
    if mic_lag > MAX_MIC_LAG_MS:
        broken.append(f"microphone {mic_lag:.0f} ms behind")
    return {
        "total_ms": total,
        "end_of_turn_ms": summarise([t["end_of_turn_ms"] for t in turns if not t["error"]]),
        "stt_wait_ms": summarise([t["stt_wait_ms"] for t in turns if not t["error"]]),
        "first_tts_ms": summarise([t["first_tts_ms"] for t in turns if not t["error"]]),
        "failures": failures,
        "playback_lateness_ms": lateness,
        "mic_lag_ms": mic_lag,
        "broken": broken,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="1,2,3,4,6,8,10,12,16", help="comma-separated numbers of simultaneous sessions to try, in order (default 1,2,3,4,6,8,10,12,16)")
    parser.add_argument("--turns", type=int, default=4, help="manager turns per session (default 4)")
    parser.add_argument("--stagger", type=float, default=1.0, help="seconds between session starts (default 1.0)")
    parser.add_argument("--budget", type=float, default=360, help="seconds of wall time for all levels (default 360)")
    parser.add_argument("--max-wait", type=float, default=180, help="seconds to wait for a load average under 1.0 before running (default 180)")
    args = parser.parse_args(argv)

    info = machine.describe()
    machine.print_machine(info)
    try:
        level_sizes = [int(text) for text in args.levels.split(",")]
    except ValueError:
        parser.error(f"--levels must be comma-separated whole numbers, got {args.levels!r}")
    command = f"python -m bench.concurrency --levels {args.levels} --turns {args.turns} --stagger {args.stagger} --budget {args.budget:.0f}"
    print(f"command: {command}")
    clips, _ = usable_clips()
    if args.turns > len(clips):
        parser.error(f"--turns is {args.turns}, but the corpus has only {len(clips)} usable clips")
    load_before = machine.wait_until_quiet(args.max_wait)
    machine.print_load("before", load_before)

    began = time.monotonic()
    levels = []
    sustained = 0
    stop_reason = f"every level in --levels {args.levels} held"
    last_duration = 0.0
    for sessions in level_sizes:
        elapsed = time.monotonic() - began
        if levels and elapsed + last_duration * 1.25 > args.budget:
            stop_reason = f"{sessions} sessions would not finish within the {args.budget:.0f} s budget"
            break
        level_load = machine.load_average()
        print(f"{sessions} session(s) at once, load average {level_load[0]:.2f} ...", file=sys.stderr, flush=True)
        level_began = time.monotonic()
        cpu = machine.CpuShare().start()
        results = asyncio.run(run_level(sessions, clips, args.turns, args.stagger))
        cpu_share = cpu.stop()
        last_duration = time.monotonic() - level_began
        verdict = judge(results)
        levels.append({"sessions": sessions, "load_before": level_load, "cpu_share": cpu_share, "seconds": round(last_duration, 1),
                       "verdict": verdict, "results": results})
        if verdict["broken"]:
            stop_reason = f"{sessions} sessions broke a limit: {'; '.join(verdict['broken'])}"
            break
        sustained = sessions
    load_after = machine.load_average()

    print()
    headers = ["sessions", "load 1m", "own CPU", "other CPU", "turns", "p50 ms", "p95 ms", "max ms", "eot p50", "stt wait p50", "stt wait max", "audio late ms", "mic lag ms", "limits"]
    rows = []
    for level in levels:
        verdict = level["verdict"]
        total = verdict["total_ms"]
        rows.append([
            level["sessions"], f"{level['load_before'][0]:.2f}", f"{level['cpu_share']['own_cpu_share']:.0%}",
            "?" if level["cpu_share"]["other_cpu_share"] is None else f"{level['cpu_share']['other_cpu_share']:.0%}", total["n"],
            "-" if total["p50"] is None else f"{total['p50']:.0f}",
            "-" if total["p95"] is None else f"{total['p95']:.0f}",
            "-" if total["max"] is None else f"{total['max']:.0f}",
            "-" if verdict["end_of_turn_ms"]["p50"] is None else f"{verdict['end_of_turn_ms']['p50']:.0f}",
            "-" if verdict["stt_wait_ms"]["p50"] is None else f"{verdict['stt_wait_ms']['p50']:.0f}",
            "-" if verdict["stt_wait_ms"]["max"] is None else f"{verdict['stt_wait_ms']['max']:.0f}",
            f"{verdict['playback_lateness_ms']:.0f}", f"{verdict['mic_lag_ms']:.0f}",
            "held" if not verdict["broken"] else "; ".join(verdict["broken"]),
        ])
    print_table(headers, rows)
    print()
    for level in levels:
        print(f"{level['sessions']} session(s): voice to voice {format_summary(level['verdict']['total_ms'])}")
    print(f"sustained: {sustained} simultaneous session(s); stopped because {stop_reason}; {time.monotonic() - began:.0f} s of wall time")
    machine.print_load("before", load_before)
    machine.print_load("after", load_after)
    path = write_results("concurrency", {"command": command, "machine": info, "load_before": load_before, "load_after": load_after,
                                         "sustained": sustained, "stop_reason": stop_reason, "levels": levels})
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
