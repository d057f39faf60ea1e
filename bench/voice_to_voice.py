"""Voice-to-voice latency: from the end of the manager's speech to the first persona audio.

Starts the real app in this process with the default models and the scripted
actor, opens one session over the real WebSocket, and streams the tests'
corpus recordings at real-time pace, one clip per turn. Each
persona reply plays to its end before the next clip starts, so no turn is a
barge-in. For every turn it prints the latency at the client and its split by
stage (see ``bench.live.run_turn``), then the median and the spread.

Run: ``.venv/bin/python -m bench.voice_to_voice [--turns N] [--no-speculative] [--no-word-check] [--no-speculative-reply]``
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from audio import AudioOptions, TurnOptions
from bench import machine
from bench.live import MAX_INTERNAL_PAUSE, TimedClient, bench_server, merge_record_turns, run_turn, usable_clips
from bench.summary import format_summary, print_table, summarise, write_results

# Design targets for voice to voice on a 2-core CPU.
TARGET_P50_MS = 800
TARGET_P95_MS = 1500

STAGES = [
    ("total_ms", "total: last voiced frame sent to first persona audio byte received"),
    ("end_of_turn_ms", "end-of-turn wait: last voiced frame to the server ending the turn"),
    ("stt_wait_ms", "STT wait: turn end to transcript (0 when a speculative transcript was ready)"),
    ("director_actor_ms", "director and actor: transcript to first persona sentence"),
    ("first_tts_ms", "first TTS chunk: first persona sentence to its first audio byte"),
    ("stt_call_ms", "STT call: compute time of the transcription used (speculative or final)"),
    ("first_tts_synth_ms", "TTS synthesis of the first sentence (0 when cached)"),
    ("record_first_audio_sent_ms", "session record first_audio_sent_ms (server clock)"),
    ("record_first_audio_played_ms", "session record first_audio_played_ms"),
]


def turn_options(speculative: bool, word_check: bool, speculative_reply: bool) -> TurnOptions:
    """Return the turn options for one configuration; without the word check every turn waits ``end_silence``."""
    defaults = TurnOptions()
    if word_check:
        return TurnOptions(speculative=speculative, speculative_reply=speculative_reply)
    return TurnOptions(
        speculative=speculative,
        speculative_reply=speculative_reply,
        end_silence_complete=defaults.end_silence,
        end_silence_incomplete=defaults.end_silence,
    )


async def run_session(options: AudioOptions, clips, turns: int, scenario: str) -> tuple[list[dict], dict]:
    with bench_server(options) as server:
        async with TimedClient(server.url, scenario_id=scenario) as client:
            await client.wait_persona_done(1, timeout=90)
            results = []
            for index in range(turns):
                clip = clips[index % len(clips)]
                result = await run_turn(client, clip, server)
                results.append(result)
                if result["error"]:
                    print(f"turn {index + 1} ({clip.name}) failed: {result['error']}", file=sys.stderr, flush=True)
                else:
                    print(f"turn {index + 1}/{turns} {clip.name}: {result['total_ms']:.0f} ms", file=sys.stderr, flush=True)
            session_id = client.session["session_id"]
            await client.send_json({"type": "end"})
            await client.wait_for(lambda m: m["type"] == "ended", timeout=20)
        record = server.record(session_id)
    merge_record_turns(results, record)
    return results, record


def print_turns(results: list[dict]) -> None:
    headers = ["#", "clip", "clip s", "total", "eot wait", "stt wait", "dir+act", "tts 1st", "stt call", "synth", "spec", "rec sent", "end off", "WER"]
    rows = []
    for number, turn in enumerate(results, start=1):
        if turn["error"]:
            rows.append([number, turn["clip"], turn["clip_s"], "failed"] + [""] * (len(headers) - 4))
            continue
        rows.append(
            [
                number,
                turn["clip"],
                f"{turn['clip_s']:.1f}",
                f"{turn['total_ms']:.0f}",
                f"{turn['end_of_turn_ms']:.0f}",
                f"{turn['stt_wait_ms']:.0f}",
                f"{turn['director_actor_ms']:.0f}",
                f"{turn['first_tts_ms']:.0f}",
                "-" if turn.get("stt_call_ms") is None else f"{turn['stt_call_ms']:.0f}",
                "-" if turn.get("first_tts_synth_ms") is None else f"{turn['first_tts_synth_ms']:.0f}",
                "yes" if turn.get("record_speculative") else "no",
                "-" if turn.get("record_first_audio_sent_ms") is None else f"{turn['record_first_audio_sent_ms']:.0f}",
                f"{turn['speech_end_offset_ms']:.0f}",
                f"{turn['wer']:.2f}",
            ]
        )
    print("per turn, milliseconds:")
    print_table(headers, rows)
    print(
        "total: last voiced frame sent to first persona audio byte received, the sum of the next four; "
        "eot wait: to the server's message that speech stopped; stt wait: to the transcript; "
        "dir+act: to the first persona sentence; tts 1st: to its first audio byte; "
        "stt call: compute time of the transcription used; synth: synthesis time of the first sentence (0 when cached); "
        "spec: answered from a speculative transcript; rec sent: first_audio_sent_ms in the session record; "
        "end off: the server's end of speech minus the clip's own (0 when they agree)"
    )


def summarise_stages(results: list[dict]) -> dict:
    done = [r for r in results if not r["error"]]
    return {key: summarise([r.get(key) for r in done]) for key, _ in STAGES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=22, help="manager turns to time (default 22; clips repeat after the corpus runs out)")
    parser.add_argument("--scenario", default="task-lister", help="scenario id (default task-lister)")
    parser.add_argument("--no-speculative", action="store_true", help="start transcription only when the turn ends")
    parser.add_argument("--no-word-check", action="store_true", help="end every turn after TurnOptions.end_silence, whatever the words")
    parser.add_argument("--no-speculative-reply", action="store_true", help="do not render the reply's audio from a speculative transcript")
    parser.add_argument("--max-wait", type=float, default=180, help="seconds to wait for a load average under 1.0 before running (default 180)")
    args = parser.parse_args(argv)

    options = AudioOptions(turns=turn_options(not args.no_speculative, not args.no_word_check, not args.no_speculative_reply))
    info = machine.describe()
    machine.print_machine(info)
    switches = (
        ("--no-speculative", args.no_speculative),
        ("--no-word-check", args.no_word_check),
        ("--no-speculative-reply", args.no_speculative_reply),
    )
    flags = " ".join(flag for flag, on in switches if on)
    command = f"python -m bench.voice_to_voice --turns {args.turns} --scenario {args.scenario} {flags}".strip()
    print(f"command: {command}")
    clips, skipped = usable_clips()
    print(f"clips: {len(clips)} from the corpus; left out with a pause of {MAX_INTERNAL_PAUSE} s or more inside: "
          + ", ".join(f"{c.name} ({c.max_pause:.2f} s)" for c in skipped))
    print(f"turn options: {options.turns}")

    load_before = machine.wait_until_quiet(args.max_wait)
    machine.print_load("before", load_before)
    began = time.monotonic()
    cpu = machine.CpuShare().start()
    results, record = asyncio.run(run_session(options, clips, args.turns, args.scenario))
    cpu_share = cpu.stop()
    elapsed = time.monotonic() - began
    load_after = machine.load_average()

    print()
    print_turns(results)
    stages = summarise_stages(results)
    failed = sum(1 for r in results if r["error"])
    split = sum(1 for r in results if not r["error"] and r["server_turns"] != 1)
    speculative_used = sum(1 for r in results if r.get("record_speculative"))
    print()
    print(f"summary over {len(results) - failed} turns ({failed} failed, {split} clips split into more than one turn, "
          f"{speculative_used} answered from a speculative transcript), {elapsed:.0f} s of wall time:")
    for key, label in STAGES:
        print(f"  {label}: {format_summary(stages[key])}")
    total = stages["total_ms"]
    if total["n"]:
        verdict = "met" if total["p50"] <= TARGET_P50_MS and total["p95"] <= TARGET_P95_MS else "NOT met"
        print(f"target p50 <= {TARGET_P50_MS} ms and p95 <= {TARGET_P95_MS} ms: {verdict}")
    machine.print_load("before", load_before)
    machine.print_load("after", load_after)
    machine.print_cpu_share(cpu_share)

    path = write_results(
        "voice_to_voice",
        {
            "command": command,
            "machine": info,
            "load_before": load_before,
            "load_after": load_after,
            "cpu_share": cpu_share,
            "turn_options": vars(options.turns),
            "elapsed_s": round(elapsed, 1),
            "summary": stages,
            "turns": results,
            "record_turns": record.get("turns", []),
        },
    )
    print(f"results: {path}")
    return 1 if failed == len(results) else 0


if __name__ == "__main__":
    sys.exit(main())
