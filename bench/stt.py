"""Speech-to-text: word error rate and time per call on the corpus speech clips.

Transcribes every clip of the speech corpus that the tests use
(``tests.support.corpus``) with the server's own ``Transcriber``
(faster-whisper, int8, 2 CPU threads, word timestamps) for tiny.en with beam
sizes 1 and 5, and for the base model with beam size 1 when the model
registry can resolve it. Each clip is transcribed ``--repeats`` times after
one warm-up call. The word error rate is that of the first transcription,
after the normalisation the tests use (lower case, no punctuation, small
numbers spelt out).

Run: ``.venv/bin/python -m bench.stt [--repeats N]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import models
from audio import SAMPLE_RATE, SttOptions, Transcriber
from bench import machine
from bench.summary import format_summary, print_table, summarise, write_results
from server.settings import Settings
from tests.support.corpus import CORPUS, speech_clip
from tests.support.text import normalise_words, word_error_rate


def model_configurations() -> tuple[list[tuple[str, object, int]], str]:
    """Return (label, model directory, beam size) for each configuration, and a note on the base model."""
    tiny = models.resolve_stt_model(None).directory
    configurations = [("tiny.en beam 1", tiny, 1), ("tiny.en beam 5", tiny, 5)]
    settings = Settings.from_env()
    try:
        # The server assembles the base model under DATA_DIR/models; the benchmark shares that copy.
        base = models.resolve_batch_stt_model(settings.batch_stt_model_dir, settings.data_dir / "models").directory
    except models.ModelNotFoundError as error:
        return configurations, f"base: not measured: {error}"
    configurations.append(("base beam 1", base, 1))
    return configurations, f"base: {base}"


def measure(directory, beam_size: int, clips: list[tuple[str, object, str]], repeats: int) -> dict:
    transcriber = Transcriber(directory, SttOptions(beam_size=beam_size))
    try:
        transcriber.transcribe_sync(clips[0][1])  # warm-up: the first call loads and allocates
        per_clip = []
        for name, samples, reference in clips:
            times = []
            text = ""
            for attempt in range(repeats):
                transcript = transcriber.transcribe_sync(samples)
                times.append(transcript.seconds)
                if attempt == 0:
                    text = transcript.text
            per_clip.append(
                {
                    "clip": name,
                    "seconds": samples.size / SAMPLE_RATE,
                    "reference_words": len(normalise_words(reference)),
                    "wer": word_error_rate(reference, text),
                    "text": text,
                    "times": times,
                }
            )
    finally:
        transcriber.close()
    errors = sum(c["wer"] * c["reference_words"] for c in per_clip)
    words = sum(c["reference_words"] for c in per_clip)
    all_times = [t for c in per_clip for t in c["times"]]
    factors = [t / c["seconds"] for c in per_clip for t in c["times"]]
    return {
        "corpus_wer": errors / words,
        "call_s": summarise(all_times),
        "short_clip_call_s": summarise([t for c in per_clip if c["seconds"] < 4 for t in c["times"]]),
        "real_time_factor_p50": statistics.median(factors),
        "clips": per_clip,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed calls per clip and configuration (default 3)")
    parser.add_argument("--max-wait", type=float, default=180, help="seconds to wait for a load average under 1.0 before running (default 180)")
    args = parser.parse_args(argv)

    info = machine.describe()
    machine.print_machine(info)
    command = f"python -m bench.stt --repeats {args.repeats}"
    print(f"command: {command}")
    names = sorted(path.stem for path in (CORPUS / "speech").glob("*.wav"))
    clips = [(name, *speech_clip(name)) for name in names]
    total_audio = sum(samples.size for _, samples, _ in clips) / SAMPLE_RATE
    print(f"clips: {len(clips)} from {CORPUS / 'speech'}, {total_audio:.0f} s of speech")
    configurations, base_note = model_configurations()
    print(base_note)

    load_before = machine.wait_until_quiet(args.max_wait)
    machine.print_load("before", load_before)
    results = {}
    began = time.monotonic()
    cpu = machine.CpuShare().start()
    for label, directory, beam_size in configurations:
        print(f"measuring {label} ...", file=sys.stderr, flush=True)
        results[label] = measure(directory, beam_size, clips, args.repeats)
        results[label]["load_after"] = machine.load_average()
    cpu_share = cpu.stop()
    load_after = machine.load_average()

    print()
    print("per clip: word error rate and median seconds per call")
    labels = list(results)
    headers = ["clip", "audio s"] + [f"{label} {column}" for label in labels for column in ("WER", "s")]
    rows = []
    for index, (name, samples, _) in enumerate(clips):
        row = [name, f"{samples.size / SAMPLE_RATE:.1f}"]
        for label in labels:
            clip = results[label]["clips"][index]
            row += [f"{clip['wer']:.2f}", f"{statistics.median(clip['times']):.2f}"]
        rows.append(row)
    print_table(headers, rows)
    print()
    print(f"summary over {len(clips)} clips x {args.repeats} calls, {time.monotonic() - began:.0f} s of wall time:")
    for label in labels:
        result = results[label]
        print(f"  {label}: corpus WER {result['corpus_wer']:.3f}; seconds per call {format_summary(result['call_s'], 's', 2)}; "
              f"clips under 4 s: {format_summary(result['short_clip_call_s'], 's', 2)}; "
              f"median real-time factor {result['real_time_factor_p50']:.3f}")
    print(f"  {base_note}")
    machine.print_load("before", load_before)
    machine.print_load("after", load_after)
    machine.print_cpu_share(cpu_share)
    path = write_results(
        "stt",
        {"command": command, "machine": info, "load_before": load_before, "load_after": load_after, "cpu_share": cpu_share, "base_note": base_note, "results": results},
    )
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
