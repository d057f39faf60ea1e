"""Text-to-speech: Piper's time to first audio and real-time factor, with 1 and 2 threads.

Uses the server's own ``Synthesizer`` with the default voice and its cache
turned off, so every call renders. The server synthesises a reply sentence by
sentence and sends a sentence's audio as soon as it is rendered, so the time
to first audio of a reply is the synthesis time of its first sentence. The
real-time factor is synthesis time divided by the duration of the audio.

Run: ``.venv/bin/python -m bench.tts [--repeats N]``
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from audio import Synthesizer, TtsOptions, split_sentences
from bench import machine
from bench.summary import format_summary, print_table, summarise, write_results
from models import resolve_tts_voice

SENTENCES = {
    "short (2 words)": "Fair enough.",
    "medium (12 words)": "It's concrete, it's in our hands, and everyone knows what done looks like.",
    "long (31 words)": (
        "If the new flow does what we think it will, I'd expect the share of new customers who are still "
        "active after their first week to go up by a few points before the end of the quarter."
    ),
}
REPLY = (
    "Honestly, shipping it is the result. The team has worked hard on it for two months. "
    "I'd rather not swap it for a number we can't control."
)


async def time_sentence(synthesizer: Synthesizer, text: str, repeats: int) -> dict:
    walls, factors, durations = [], [], []
    for _ in range(repeats):
        began = time.perf_counter()
        audio = await synthesizer.synthesize(text)
        walls.append(time.perf_counter() - began)
        factors.append(audio.seconds / (audio.duration_ms / 1000))
        durations.append(audio.duration_ms / 1000)
    return {"first_audio_s": summarise(walls), "real_time_factor": summarise(factors), "audio_s": durations[0]}


async def time_reply(synthesizer: Synthesizer, repeats: int) -> dict:
    """Time a three-sentence reply rendered as the server does it: sentence by sentence."""
    firsts, wholes = [], []
    audio_s = 0.0
    for _ in range(repeats):
        began = time.perf_counter()
        audio_s = 0.0
        for index, sentence in enumerate(split_sentences(REPLY)):
            audio = await synthesizer.synthesize(sentence)
            audio_s += audio.duration_ms / 1000
            if index == 0:
                firsts.append(time.perf_counter() - began)
        wholes.append(time.perf_counter() - began)
    return {"first_audio_s": summarise(firsts), "all_audio_s": summarise(wholes), "audio_s": audio_s}


async def measure(threads: int, repeats: int) -> dict:
    voice = resolve_tts_voice(None)
    synthesizer = Synthesizer(voice.model, voice.config, TtsOptions(intra_op_threads=threads, cache_bytes=0))
    try:
        await synthesizer.synthesize("Warm up.")
        results = {label: await time_sentence(synthesizer, text, repeats) for label, text in SENTENCES.items()}
        results["reply (3 sentences)"] = await time_reply(synthesizer, repeats)
    finally:
        synthesizer.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10, help="timed calls per sentence and thread count (default 10)")
    parser.add_argument("--max-wait", type=float, default=180, help="seconds to wait for a load average under 1.0 before running (default 180)")
    args = parser.parse_args(argv)

    info = machine.describe()
    machine.print_machine(info)
    command = f"python -m bench.tts --repeats {args.repeats}"
    print(f"command: {command}")
    print(f"voice: {resolve_tts_voice(None).source}")
    load_before = machine.wait_until_quiet(args.max_wait)
    machine.print_load("before", load_before)

    results = {}
    cpu = machine.CpuShare().start()
    for threads in (1, 2):
        results[threads] = asyncio.run(measure(threads, args.repeats))
    cpu_share = cpu.stop()
    load_after = machine.load_average()

    print()
    headers = ["text", "audio s", "threads", "first audio p50 s", "p95", "min", "max", "RTF p50", "RTF p95"]
    rows = []
    for label in SENTENCES:
        for threads in (1, 2):
            result = results[threads][label]
            first, factor = result["first_audio_s"], result["real_time_factor"]
            rows.append([label, f"{result['audio_s']:.2f}", threads, f"{first['p50']:.3f}", f"{first['p95']:.3f}",
                         f"{first['min']:.3f}", f"{first['max']:.3f}", f"{factor['p50']:.3f}", f"{factor['p95']:.3f}"])
    print_table(headers, rows)
    print()
    for threads in (1, 2):
        reply = results[threads]["reply (3 sentences)"]
        print(f"reply of 3 sentences ({reply['audio_s']:.1f} s of audio), {threads} thread(s): "
              f"first audio {format_summary(reply['first_audio_s'], 's', 3)}; all audio {format_summary(reply['all_audio_s'], 's', 3)}")
    machine.print_load("before", load_before)
    machine.print_load("after", load_after)
    machine.print_cpu_share(cpu_share)
    path = write_results("tts", {"command": command, "machine": info, "load_before": load_before, "load_after": load_after, "cpu_share": cpu_share,
                                 "results": {str(threads): value for threads, value in results.items()}})
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
