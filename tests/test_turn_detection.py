"""Turn detection and the end-of-turn check on real recordings, without the server."""

from __future__ import annotations

import numpy as np

from audio import (
    FRAME_SAMPLES,
    SAMPLE_RATE,
    Paused,
    Resumed,
    SpeechEnded,
    SpeechStarted,
    TurnDetector,
    TurnOptions,
    VadOptions,
    VoiceActivityDetector,
    end_silence_for,
)
from tests.support.corpus import speech_clip


def _run(samples: np.ndarray, turn_options: TurnOptions | None = None) -> list:
    vad = VoiceActivityDetector(VadOptions())
    detector = TurnDetector(VadOptions(), turn_options or TurnOptions())
    events = []
    for index in range(0, samples.size - FRAME_SAMPLES + 1, FRAME_SAMPLES):
        frame = samples[index : index + FRAME_SAMPLES].astype("<i2").tobytes()
        voiced, _ = vad.is_speech(frame)
        events.extend(detector.push(frame, voiced, index / SAMPLE_RATE))
    return events


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * SAMPLE_RATE), dtype=np.int16)


def test_one_sentence_is_one_segment():
    clip, _ = speech_clip("vctk_p314_272")
    events = _run(np.concatenate([_silence(1.0), clip, _silence(2.0)]))

    starts = [e for e in events if isinstance(e, SpeechStarted)]
    ends = [e for e in events if isinstance(e, SpeechEnded)]
    assert len(starts) == 1
    assert len(ends) == 1
    clip_end = 1.0 + clip.size / SAMPLE_RATE
    assert 1.0 <= starts[0].start <= clip_end
    assert ends[0].end <= clip_end + 0.05
    assert ends[0].voiced_seconds > 1.0
    # The audio handed to STT starts before the first voiced frame (preroll).
    assert ends[0].audio.size / SAMPLE_RATE >= ends[0].end - starts[0].start


def test_two_sentences_apart_are_two_segments():
    first, _ = speech_clip("arctic_axb_a0004")
    second, _ = speech_clip("vctk_p317_166")
    events = _run(np.concatenate([_silence(0.5), first, _silence(2.0), second, _silence(2.0)]))

    assert sum(isinstance(e, SpeechEnded) for e in events) == 2


def test_short_pause_pauses_then_resumes():
    first, _ = speech_clip("arctic_axb_a0004")
    second, _ = speech_clip("arctic_axb_a0005")
    events = _run(np.concatenate([_silence(0.5), first, _silence(0.4), second, _silence(2.0)]))

    kinds = [type(e) for e in events]
    assert kinds.count(SpeechEnded) == 1, "a 0.4 s pause must not end the turn"
    assert Paused in kinds
    assert Resumed in kinds


def test_silence_and_noise_start_nothing():
    rng = np.random.default_rng(1)
    noise = (rng.normal(0, 0.002, SAMPLE_RATE * 3) * 32767).astype(np.int16)

    assert _run(np.concatenate([_silence(2.0), noise])) == []


def test_max_turn_closes_a_monologue():
    clip, _ = speech_clip("libri_2412-153948-0000")
    events = _run(np.concatenate([_silence(0.3), clip, _silence(1.0)]), TurnOptions(max_turn=4.0))

    ends = [e for e in events if isinstance(e, SpeechEnded)]
    assert ends[0].forced is True
    assert ends[0].end - ends[0].start <= 4.1


def test_end_silence_follows_the_words():
    options = TurnOptions()

    assert end_silence_for("What changes for the customer?", options) == options.end_silence_complete
    assert end_silence_for("I think the first one is fine.", options) == options.end_silence_complete
    assert end_silence_for("So what I want to know is, and", options) == options.end_silence_incomplete
    assert end_silence_for("the number um", options) == options.end_silence_incomplete
    assert end_silence_for("", options) == options.end_silence
    # Words that often end a sentence count as complete after a full stop.
    assert end_silence_for("I am sure all schools would accept that.", options) == options.end_silence_complete
    assert end_silence_for("more respectable than he was.", options) == options.end_silence_complete
    assert end_silence_for("the problem is that", options) == options.end_silence_incomplete
    assert end_silence_for("we should look at the.", options) == options.end_silence_incomplete
    assert end_silence_for("Wait, so...", options) == options.end_silence_incomplete
