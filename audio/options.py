"""Every tunable of the audio path, in one place.

Durations are seconds unless a name says otherwise. The defaults were chosen
for conversational English on a laptop microphone; the benchmark in
``bench/`` measures what they cost in latency.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SAMPLE_RATE = 16_000
"""Rate of the microphone stream on the wire and everything the server analyses."""

FRAME_MS = 20
FRAME_SAMPLES = SAMPLE_RATE * FRAME_MS // 1000
FRAME_BYTES = FRAME_SAMPLES * 2


@dataclass(frozen=True)
class VadOptions:
    # webrtcvad aggressiveness 0..3; 3 stops calling noise "speech" right
    # after real speech ends, which the lower modes do not.
    mode: int = 3
    # Speech starts when this many of the last ``onset_window`` frames are voiced.
    onset_voiced_frames: int = 4
    onset_window: int = 10
    # Audio kept from before the onset so the first syllable reaches STT.
    preroll: float = 0.3
    # Frames quieter than this RMS (full scale = 1.0) are never speech, which
    # keeps faint background talk and echo tails from starting a turn.
    min_rms: float = 0.004


@dataclass(frozen=True)
class TurnOptions:
    # Silence that starts a speculative transcription.
    pause: float = 0.2
    # Whether a pause starts a speculative transcription at all. Without it
    # the transcription starts when the turn ends, and the end-of-turn
    # silence is always ``end_silence``. The benchmarks compare the two.
    speculative: bool = True
    # Whether a speculative transcript that reads as complete also renders the
    # first sentences of the scripted persona's reply, so the reply's audio is
    # cached when the turn ends.
    speculative_reply: bool = True
    # Silence that ends a turn when no transcript is known yet.
    end_silence: float = 0.8
    # Silence that ends a turn whose speculative transcript reads as complete
    # (a question, or a sentence that ends without a dangling conjunction).
    end_silence_complete: float = 0.45
    # Silence allowed when the words so far trail off ("and", "so", "um").
    end_silence_incomplete: float = 1.3
    # Upper bound on any wait, so the persona never stalls.
    max_end_silence: float = 1.6
    # A segment with less voiced audio than this is noise; a short "no" has about 0.25 s.
    min_voiced: float = 0.2
    # A turn longer than this is closed even while the manager talks on. The
    # persona's director usually cuts into a monologue before this.
    max_turn: float = 60.0


@dataclass(frozen=True)
class BargeInOptions:
    # Voiced speech needed, while the persona holds the floor, before it stops.
    # A cough (about 0.3 s) or a "mm-hm" stays below it.
    min_speech_headset: float = 0.5
    # In speakers mode the echo check needs a little more audio to decide.
    min_speech_speakers: float = 0.7
    # Silence that ends a short burst during persona speech (a backchannel).
    backchannel_end_silence: float = 0.35


@dataclass(frozen=True)
class EchoOptions:
    # Normalised cross-correlation above which microphone audio counts as the
    # persona's own voice coming back through the speakers. With one echo path,
    # a correlation of c leaves a residual of sqrt(1 - c^2) of the microphone
    # level, so at 0.75 less than two thirds of the level is something else.
    # A manager as loud as the echo correlates at about 0.7 and barges in.
    # NOTE: tuned on a simulated single-path echo (delay and gain). A real
    # room's reverberation lowers the peak, which browser echo cancellation
    # offsets by removing most of the echo before it reaches the server.
    correlation_threshold: float = 0.75
    # How far the echo may lag or lead the server's estimate of playback.
    max_lag: float = 0.6
    # The echo guard stays armed this long after playback stops (room tail).
    tail: float = 0.5


@dataclass(frozen=True)
class SttOptions:
    beam_size: int = 1
    cpu_threads: int = 2
    # A segment whose no-speech probability is above this, with a low average
    # log-probability, is dropped as noise.
    no_speech_threshold: float = 0.6
    log_prob_threshold: float = -1.0
    initial_prompt: str | None = None
    # One decoding pass at this temperature. faster-whisper's default retries
    # at five higher temperatures when a pass looks degenerate, which can turn
    # a 0.4 s call into 2 to 4 s in the middle of a conversation.
    temperature: float | tuple[float, ...] = 0.0
    # Upper bound on decoded tokens per second of audio, against runaway
    # repetition; English speech needs about 4 tokens per second.
    max_tokens_per_second: float = 8.0


@dataclass(frozen=True)
class TtsOptions:
    # onnxruntime threads for Piper; one leaves a core for speech-to-text.
    intra_op_threads: int = 1
    # Size of the audio chunks sent to the client.
    chunk_ms: int = 200
    # Bytes of rendered sentences kept for reuse, because scripted lines repeat
    # across sessions. 24 MiB holds about 9 minutes of 22 050 Hz speech.
    cache_bytes: int = 24 * 1024 * 1024


@dataclass(frozen=True)
class AudioOptions:
    vad: VadOptions = field(default_factory=VadOptions)
    turns: TurnOptions = field(default_factory=TurnOptions)
    barge_in: BargeInOptions = field(default_factory=BargeInOptions)
    echo: EchoOptions = field(default_factory=EchoOptions)
    stt: SttOptions = field(default_factory=SttOptions)
    tts: TtsOptions = field(default_factory=TtsOptions)
