"""Audio in and out: framing, VAD and turn detection, speech-to-text, text-to-speech, echo checks.

The server imports only what this module exports.
"""

from audio.completeness import end_silence_for
from audio.echo import EchoReference
from audio.frames import InvalidAudioError, Reframer, float_to_pcm16, pcm16_to_float, resample, rms
from audio.options import (
    FRAME_BYTES,
    FRAME_MS,
    FRAME_SAMPLES,
    SAMPLE_RATE,
    AudioOptions,
    BargeInOptions,
    EchoOptions,
    SttOptions,
    TtsOptions,
    TurnOptions,
    VadOptions,
)
from audio.sentences import split_sentences
from audio.stt import Transcriber, Transcript, Word
from audio.tts import SpeechAudio, Synthesizer, VoiceSettings
from audio.turns import NoiseDiscarded, Paused, Resumed, SpeechEnded, SpeechStarted, TurnDetector
from audio.vad import VoiceActivityDetector

__all__ = [
    "FRAME_BYTES",
    "FRAME_MS",
    "FRAME_SAMPLES",
    "SAMPLE_RATE",
    "AudioOptions",
    "BargeInOptions",
    "EchoOptions",
    "EchoReference",
    "InvalidAudioError",
    "NoiseDiscarded",
    "Paused",
    "Reframer",
    "Resumed",
    "SpeechAudio",
    "SpeechEnded",
    "SpeechStarted",
    "SttOptions",
    "Synthesizer",
    "Transcriber",
    "Transcript",
    "TtsOptions",
    "TurnDetector",
    "TurnOptions",
    "VadOptions",
    "VoiceActivityDetector",
    "VoiceSettings",
    "Word",
    "end_silence_for",
    "float_to_pcm16",
    "pcm16_to_float",
    "resample",
    "split_sentences",
    "rms",
]
