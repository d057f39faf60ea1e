"""One live practice session: turn-taking between the manager's microphone and the persona.

Frames arrive in order from the WebSocket and are handled synchronously, so
the floor state changes in one place. Speech-to-text, the persona's reply and
synthesis run as tasks; every task is cancelled when the session closes.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import re
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from audio import (
    FRAME_SAMPLES,
    SAMPLE_RATE,
    EchoReference,
    InvalidAudioError,
    NoiseDiscarded,
    Paused,
    Reframer,
    Resumed,
    SpeechEnded,
    SpeechStarted,
    Transcript,
    TurnDetector,
    VoiceActivityDetector,
    VoiceSettings,
    end_silence_for,
    pcm16_to_float,
    split_sentences,
)
from personas import Conversation, Reply
from server.engines import Engines
from server.persona_speech import PersonaSpeaker, PersonaUtterance, SendBytes, SendJson
from server.protocol import PROTOCOL_VERSION, End, Hello, Playback, ProtocolError, PushToTalk
from server.record import SessionRecorder
from server.sessions import Mode, SessionConfig

logger = logging.getLogger(__name__)

_BACKCHANNELS = {
    "mm", "mmhmm", "mhm", "mmhm", "hmm", "uhhuh", "uh", "um", "right", "okay", "ok", "yeah",
    "yes", "yep", "sure", "alright", "got it", "i see", "right right", "yeah yeah", "ah", "oh",
}
_NON_LETTERS = re.compile(r"[^a-z ]+")
# While the client has not reported the end of playback, the persona is taken
# to hold the floor until its audio should have ended, plus this margin.
_PLAYBACK_REPORT_GRACE = 1.5
# Interval, in seconds of voiced audio, between echo checks of speech already flagged as echo.
_ECHO_RECHECK = 0.2
# Microphone audio compared against the persona's audio in one echo check.
_ECHO_WINDOW = 0.8
_WORDS_PER_VOICED_SECOND = 2.5


def is_backchannel(text: str) -> bool:
    """Return whether ``text`` is only an acknowledgement such as "mm-hm" or "right"."""
    normalised = " ".join(_NON_LETTERS.sub("", text.lower().replace("-", "")).split())
    return normalised in _BACKCHANNELS or normalised == ""


@dataclass
class _Segment:
    """The speech segment in progress and what it turned out to be."""

    role: str  # "turn", "candidate" (during persona speech), or "echo"
    start: float
    speculative: asyncio.Task | None = None
    speculative_end: float | None = None
    speculative_ready_wall: float | None = None
    speculative_words: int = 0
    next_echo_check: float = 0.0
    next_monologue_check: float = 1.0
    interjected: bool = False


@dataclass
class _TurnTiming:
    entry: dict
    speech_end_wall: float
    utterance: int | None = None


@dataclass
class _PushToTalk:
    enabled: bool = False
    pressed: bool = False


class VoiceSession:
    """Turn-taking, speech-to-text, persona replies and barge-in for one WebSocket."""

    def __init__(
        self,
        config: SessionConfig,
        engines: Engines,
        data_dir: Path,
        send_json: SendJson,
        send_bytes: SendBytes,
    ):
        self.config = config
        self.engines = engines
        self.options = engines.options
        self.send_json = send_json
        self.send_bytes = send_bytes
        self.log = logging.LoggerAdapter(logger, {"session_id": config.session_id})
        scenario = config.scenario
        self.scenario_summary = scenario.summary()
        self.conversation = config.conversation or Conversation(scenario, session_id=config.session_id)
        self.recorder = SessionRecorder(
            data_dir / "sessions" / f"{config.session_id}.json",
            session_id=config.session_id,
            scenario=self.scenario_summary,
            mode=config.mode.value,
        )
        self.archive = config.archive

        self.reframer = Reframer()
        self.vad = VoiceActivityDetector(self.options.vad)
        self.detector = TurnDetector(self.options.vad, self.options.turns)
        self.echo = EchoReference(self.options.echo) if config.mode is Mode.SPEAKERS else None
        self.speaker = PersonaSpeaker(
            engines.synthesizer,
            voice_settings_for(scenario),
            self.options.tts.chunk_ms,
            self._send_json_safe,
            self._send_persona_audio,
            self.now,
            self.echo,
        )
        self.ptt = _PushToTalk()

        self.mic_samples = 0
        self._recent_wall: deque[tuple[float, float]] = deque(maxlen=200)  # (frame end, wall time)
        self._segment: _Segment | None = None
        self._turn = 0
        self._utterance_number = 0
        self._persona: PersonaUtterance | None = None
        self._persona_by_number: dict[int, PersonaUtterance] = {}
        self._timings: dict[int, _TurnTiming] = {}
        self._reply_task: asyncio.Task | None = None
        self._tasks: set[asyncio.Task] = set()
        self._turn_lock = asyncio.Lock()
        self.ended = asyncio.Event()
        self.end_reason: str | None = None
        self._ending = False

    # ----------------------------------------------------------------- clock

    def now(self) -> float:
        """Return the microphone clock: seconds of audio received."""
        return self.mic_samples / SAMPLE_RATE

    # ------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Send ``ready`` and the persona's opening."""
        self.log.info("session %s started: scenario=%s mode=%s", self.config.session_id, self.config.scenario.id, self.config.mode.value)
        if self.archive is not None:
            self.archive.open()
        await self.send_json(
            {
                "type": "ready",
                "protocol": PROTOCOL_VERSION,
                "session_id": self.config.session_id,
                "mode": self.config.mode.value,
                "sample_rate": self.engines.synthesizer.sample_rate,
                "scenario": self.scenario_summary,
            }
        )
        await self._send_key_results()
        opening = self.config.opening or self.conversation.opening()
        self._reply_task = self._spawn(self._speak(opening, turn=0, timing=None))

    async def close(self, *, reason: str, complete: bool) -> None:
        """Cancel every task, finalise and save the record. Safe to call twice."""
        if self.end_reason is not None:
            return
        self.end_reason = reason
        # close() may run inside one of the session's own tasks (the time box),
        # and a task that gathers itself recurses without end when cancelled.
        current = asyncio.current_task()
        tasks = [task for task in self._tasks if task is not current]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._persona is not None and not self._persona.finished:
            self._finish_persona(self._persona, played_ms=self._estimate_played_ms(self._persona), cut=True, by=None)
        self.recorder.set_key_results(self.conversation.key_results())
        self.recorder.finish(reason=reason, complete=complete)
        self._save()
        if self.archive is not None:
            self.archive.close()
        self.ended.set()
        self.log.info("session %s stopped: reason=%s complete=%s turns=%d", self.config.session_id, reason, complete, self._turn)

    def _spawn(self, coroutine) -> asyncio.Task:
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            self.log.error("session %s: task failed: %r", self.config.session_id, error, exc_info=error)
            self.recorder.add_event({"type": "error", "at": self.now(), "code": "internal", "message": str(error)})
            self._spawn(self._send_json_safe({"type": "error", "code": "internal", "message": "The server hit an error on this turn; please say that again."}))

    async def _send_json_safe(self, message: dict) -> None:
        try:
            await self.send_json(message)
        except (RuntimeError, ConnectionError) as error:
            # The socket is closing; the session's own close records the end.
            self.log.debug("session %s: send failed: %s", self.config.session_id, error)

    def _save(self) -> None:
        try:
            self.recorder.save()
        except OSError as error:
            self.log.error("session %s: cannot save the record to %s: %s", self.config.session_id, self.recorder.path, error)
        if self.archive is not None:
            self.archive.save_record(self.recorder.snapshot())

    async def _send_persona_audio(self, frame: bytes) -> None:
        if self.archive is not None:
            self.archive.add_persona_frame(frame)
        await self.send_bytes(frame)

    # -------------------------------------------------------- client events

    async def on_text(self, event) -> None:
        """Handle one parsed client event."""
        if isinstance(event, Hello):
            if event.protocol != PROTOCOL_VERSION:
                raise ProtocolError(
                    "protocol_version",
                    f"This server speaks protocol version {PROTOCOL_VERSION}; the client sent {event.protocol}.",
                )
        elif isinstance(event, Playback):
            self._on_playback(event)
        elif isinstance(event, PushToTalk):
            self.ptt = _PushToTalk(enabled=event.enabled, pressed=event.pressed and event.enabled)
            if self.ptt.enabled and not self.ptt.pressed and self.detector.in_speech:
                # Releasing the key ends the turn without waiting for silence.
                self.detector.set_end_silence(self.options.turns.pause)
        elif isinstance(event, End):
            await self.close(reason="manager_ended", complete=True)

    def on_audio(self, data: bytes) -> None:
        """Handle one binary frame of microphone audio; raise ``InvalidAudioError`` on a bad one."""
        for frame in self.reframer.push(data):
            frame_start = self.now()
            self.mic_samples += FRAME_SAMPLES
            if self.archive is not None:
                self.archive.add_microphone(frame)
            self._recent_wall.append((self.now(), time.monotonic()))
            voiced, _level = self.vad.is_speech(frame)
            if self.ptt.enabled:
                voiced = voiced and self.ptt.pressed
            for event in self.detector.push(frame, voiced, frame_start):
                self._on_turn_event(event)
            if self._segment is not None and self._segment.role in ("candidate", "echo"):
                self._check_barge_in()
            elif self._segment is not None and self._segment.role == "turn":
                self._check_monologue(self._segment)
        time_box = self.scenario_summary["time_box_s"]
        if self.now() >= time_box and not self._ending:
            self._ending = True
            self._spawn(self._end_time_box())

    async def _end_time_box(self) -> None:
        self.log.info("session %s: time box of %ss reached", self.config.session_id, self.scenario_summary["time_box_s"])
        await self.close(reason="time_box", complete=True)

    # ------------------------------------------------------------- floor

    def persona_holds_floor(self) -> bool:
        """Return whether the persona is replying or its audio is still playing."""
        persona = self._persona
        if persona is None or persona.finished:
            return False
        if not persona.all_sent:
            return True
        started = persona.start if persona.start is not None else persona.first_sent_at
        if started is None:
            return True
        return self.now() < started + persona.audio_ms_sent / 1000 + _PLAYBACK_REPORT_GRACE

    def _on_turn_event(self, event) -> None:
        if isinstance(event, SpeechStarted):
            role = "candidate" if self.persona_holds_floor() else "turn"
            self._segment = _Segment(role=role, start=event.start)
            if role == "candidate":
                self.detector.set_end_silence(self.options.barge_in.backchannel_end_silence)
            self._spawn(self._send_json_safe({"type": "speech", "speaking": True, "at": round(event.start, 3)}))
        elif isinstance(event, Paused):
            segment = self._segment
            if segment is not None and segment.role == "turn" and self.options.turns.speculative:
                segment.speculative = self._spawn(self._transcribe_speculatively(segment, event.audio))
                segment.speculative_end = event.speech_end
        elif isinstance(event, Resumed):
            segment = self._segment
            if segment is not None:
                # Cancelling drops the job if it has not started, so an
                # outdated transcription never delays the turn's final one.
                if segment.speculative is not None:
                    segment.speculative.cancel()
                segment.speculative = None
                segment.speculative_end = None
        elif isinstance(event, NoiseDiscarded):
            self._segment = None
            self._spawn(self._send_json_safe({"type": "speech", "speaking": False, "at": round(event.end, 3)}))
        elif isinstance(event, SpeechEnded):
            segment, self._segment = self._segment, None
            self._spawn(self._send_json_safe({"type": "speech", "speaking": False, "at": round(event.end, 3)}))
            if segment is None or segment.role == "echo":
                return
            end_wall = self._wall_time_at(event.end)
            if segment.role == "candidate":
                self._spawn(self._record_backchannel(event))
            else:
                self._spawn(self._take_turn(event, segment, end_wall))

    def _check_barge_in(self) -> None:
        segment = self._segment
        voiced = self.detector.voiced_seconds
        threshold = (
            self.options.barge_in.min_speech_speakers if self.echo is not None else self.options.barge_in.min_speech_headset
        )
        if voiced < threshold or voiced < segment.next_echo_check:
            return
        if not self.persona_holds_floor():
            # The persona finished while the manager was talking: an ordinary turn.
            segment.role = "turn"
            self.detector.set_end_silence(self.options.turns.end_silence)
            return
        if self.echo is not None and self.echo.active(self.now()):
            window = int(_ECHO_WINDOW * SAMPLE_RATE)
            start_sample = max(int(segment.start * SAMPLE_RATE), self.mic_samples - window)
            recent = self._recent_mic_audio(start_sample)
            echo, peak = self.echo.is_echo(recent, start_sample)
            if echo:
                if segment.role != "echo":
                    self.log.info("session %s: speech at %.2fs matches persona audio (correlation %.2f); ignored as echo", self.config.session_id, segment.start, peak)
                segment.role = "echo"
                segment.next_echo_check = voiced + _ECHO_RECHECK
                return
        segment.role = "turn"
        self.detector.set_end_silence(self.options.turns.end_silence)
        self._barge_in(segment)

    def _check_monologue(self, segment: _Segment) -> None:
        """Let the persona cut into a manager turn that runs long, once per turn."""
        seconds = self.now() - segment.start
        if segment.interjected or seconds < segment.next_monologue_check:
            return
        segment.next_monologue_check += 1.0
        # NOTE: until a transcript exists the word count is estimated from
        # voiced time at 2.5 words per second (150 words per minute).
        words = max(segment.speculative_words, int(self.detector.voiced_seconds * _WORDS_PER_VOICED_SECOND))
        line = self.conversation.should_interrupt(words, seconds)
        if line is None:
            return
        segment.interjected = True
        self.log.info("session %s: persona interrupts a %.0f s monologue", self.config.session_id, seconds)
        reply = Reply("interrupt", {"stance": "interrupt", "actor": "scripted", "monologue_seconds": round(seconds, 1)}, lines=[line])
        self._reply_task = self._spawn(self._speak(reply, turn=self._turn + 1, timing=None))

    def _recent_mic_audio(self, start_sample: int) -> np.ndarray:
        audio = self.detector.segment_audio()
        offset = start_sample - int(round(self.detector.segment_start * SAMPLE_RATE))
        return pcm16_to_float(audio[max(0, offset) :])

    def _barge_in(self, segment: _Segment) -> None:
        persona = self._persona
        if persona is None:
            return
        at = self.now()
        persona.cut_at = at
        if self._reply_task is not None and not self._reply_task.done():
            self._reply_task.cancel()
        if self.echo is not None:
            self.echo.stop_at(self.mic_samples)
        self.recorder.add_event({"type": "barge_in", "at": round(at, 3), "by": "manager", "utterance": persona.id})
        self.log.info("session %s: barge-in on %s at %.2fs", self.config.session_id, persona.id, at)
        self._spawn(self._send_json_safe({"type": "barge_in", "utterance": persona.number, "at": round(at, 3)}))
        if persona.first_sent_wall is None:
            # Nothing was sent yet, so nothing was heard.
            self._finish_persona(persona, played_ms=0.0, cut=True, by="manager")
        else:
            self._spawn(self._await_cleared(persona))

    async def _await_cleared(self, persona: PersonaUtterance) -> None:
        # The client replies to a barge-in with a "cleared" report. Without
        # one, the played share is estimated from the clock.
        await asyncio.sleep(1.0)
        if not persona.finished:
            self._finish_persona(persona, played_ms=self._estimate_played_ms(persona), cut=True, by="manager")

    def _estimate_played_ms(self, persona: PersonaUtterance) -> float:
        started = persona.start if persona.start is not None else persona.first_sent_at
        if started is None:
            return 0.0
        until = persona.cut_at if persona.cut_at is not None else self.now()
        return float(min(persona.audio_ms_sent, max(0.0, (until - started) * 1000)))

    def _on_playback(self, event: Playback) -> None:
        persona = self._persona_by_number.get(event.utterance)
        if persona is None:
            raise ProtocolError("bad_event", f"playback refers to unknown utterance {event.utterance}.")
        if event.event == "started" and persona.start is None:
            persona.start = self.now()
            if self.archive is not None:
                self.archive.persona_started(persona.number, persona.start)
            self._report_played_latency(persona)
        elif event.event == "progress":
            persona.played_ms = max(persona.played_ms, event.played_ms)
        elif event.event in ("finished", "cleared") and not persona.finished:
            cut = event.event == "cleared" or persona.cut_at is not None
            self._finish_persona(persona, played_ms=event.played_ms, cut=cut, by="manager" if cut else None)

    def _finish_persona(self, persona: PersonaUtterance, *, played_ms: float, cut: bool, by: str | None) -> None:
        persona.finished = True
        persona.played_ms = min(played_ms, persona.audio_ms_sent) if persona.audio_ms_sent else 0.0
        start = persona.start if persona.start is not None else (persona.first_sent_at or self.now())
        if self.archive is not None:
            self.archive.persona_finished(persona.number, start, persona.played_ms)
        heard = persona.heard_text(persona.played_ms) if cut else persona.text
        self.recorder.add_event(
            {
                "type": "utterance",
                "at": round(start, 3),
                "id": persona.id,
                "speaker": "persona",
                "turn": persona.turn,
                "start": round(start, 3),
                "end": round(start + persona.played_ms / 1000, 3),
                "text": persona.text,
                "words": [],
                "cut_off": cut,
                "cut_off_by": by,
                "played_text": heard,
                "played_ms": round(persona.played_ms, 1),
            }
        )
        if cut:
            self.conversation.heard(persona.text, heard)
            self._spawn(
                self._send_json_safe(
                    {"type": "persona_cut_off", "utterance": persona.number, "played_ms": round(persona.played_ms, 1), "heard_text": heard}
                )
            )
        self._save()

    # ------------------------------------------------------------ turns

    async def _transcribe_speculatively(self, segment: _Segment, audio: np.ndarray) -> Transcript:
        transcript = await self.engines.transcriber.transcribe(audio)
        segment.speculative_ready_wall = time.monotonic()
        segment.speculative_words = len(transcript.text.split())
        if self._segment is segment and segment.speculative is not None and self.detector.in_speech:
            wait = end_silence_for(transcript.text, self.options.turns)
            self.detector.set_end_silence(wait)
            if self.options.turns.speculative_reply and wait == self.options.turns.end_silence_complete:
                await self._prerender_reply(transcript.text)
        return transcript

    async def _prerender_reply(self, text: str) -> None:
        """Render the first sentences of the reply the persona would give to ``text``.

        Only the scripted actor qualifies: its reply depends on the director's
        state alone, so a copy of the conversation gives the same reply that
        the real turn will, and the real turn finds the audio in the cache.
        """
        if getattr(self.conversation.actor, "streams", False):
            return
        preview = copy.deepcopy(self.conversation)
        reply = await preview.respond(text)
        if reply.text is not None:
            self.engines.synthesizer.prerender(split_sentences(reply.text)[:2], self.speaker.voice)

    async def _record_backchannel(self, event: SpeechEnded) -> None:
        transcript = await self.engines.transcriber.transcribe(event.audio)
        await self._add_backchannel(event, transcript.text)

    async def _add_backchannel(self, event: SpeechEnded, text: str) -> None:
        """Record and report short speech that did not take the floor."""
        start, end = round(event.start, 3), round(event.end, 3)
        self.recorder.add_event({"type": "backchannel", "at": start, "speaker": "manager", "start": start, "end": end, "text": text})
        await self._send_json_safe({"type": "backchannel", "text": text, "start": start, "end": end})

    async def _take_turn(self, event: SpeechEnded, segment: _Segment, end_wall: float) -> None:
        speculative = segment.speculative if segment.speculative_end == event.end else None
        if speculative is not None:
            transcript = await speculative
            ready_wall = max(segment.speculative_ready_wall or time.monotonic(), end_wall)
        else:
            transcript = await self.engines.transcriber.transcribe(event.audio)
            ready_wall = time.monotonic()

        if transcript.is_empty:
            self.log.info("session %s: speech at %.2fs had no words; ignored", self.config.session_id, event.start)
            return
        if self.persona_holds_floor() and is_backchannel(transcript.text):
            await self._add_backchannel(event, transcript.text)
            return

        # Replies follow the order of the turns, even when two turns end close together.
        async with self._turn_lock:
            if self._reply_task is not None and not self._reply_task.done():
                self._reply_task.cancel()
                await asyncio.gather(self._reply_task, return_exceptions=True)
            self._turn += 1
            turn = self._turn
            timing = _TurnTiming(
                entry={
                    "turn": turn,
                    "speech_end": round(event.end, 3),
                    "transcript_ready_ms": round((ready_wall - end_wall) * 1000, 1),
                    "first_text_ms": None,
                    "first_audio_sent_ms": None,
                    "first_audio_played_ms": None,
                    "speculative": speculative is not None,
                },
                speech_end_wall=end_wall,
            )
            self._timings[turn] = timing
            self.recorder.add_turn(timing.entry)
            self.recorder.add_event(
                {
                    "type": "utterance",
                    "at": round(event.start, 3),
                    "id": f"m{turn}",
                    "speaker": "manager",
                    "turn": turn,
                    "start": round(event.start, 3),
                    "end": round(event.end, 3),
                    "text": transcript.text,
                    "words": [
                        {"word": w.word, "start": round(event.start + w.start, 3), "end": round(event.start + w.end, 3), "probability": round(w.probability, 3)}
                        for w in transcript.words
                    ],
                    "cut_off": segment.interjected,
                    "cut_off_by": "persona" if segment.interjected else None,
                }
            )
            self.log.info("session %s: turn %d transcript %r (%.0f ms after speech end)", self.config.session_id, turn, transcript.text, timing.entry["transcript_ready_ms"])
            await self._send_json_safe(
                {"type": "transcript", "speaker": "manager", "turn": turn, "text": transcript.text, "start": round(event.start, 3), "end": round(event.end, 3)}
            )
            reply = await self.conversation.respond(transcript.text)
            await self._send_key_results()
            self._reply_task = self._spawn(self._speak(reply, turn=turn, timing=timing))

    async def _speak(self, reply, *, turn: int, timing: _TurnTiming | None) -> None:
        decided_at = round(self.now(), 3)
        self._utterance_number += 1
        persona = PersonaUtterance(number=self._utterance_number, turn=turn)
        self._persona = persona
        self._persona_by_number[persona.number] = persona
        if timing is not None:
            timing.utterance = persona.number
        try:
            await self.speaker.speak(reply, persona)
            if persona.chunks_sent == 0:
                # An empty reply plays nothing, so it must not hold the floor
                # while the session waits for a playback report that never comes.
                self.log.warning("session %s: reply %s was empty", self.config.session_id, persona.id)
                persona.finished = True
        except asyncio.CancelledError:
            self.log.info("session %s: reply %s stopped after %d chunks", self.config.session_id, persona.id, persona.chunks_sent)
            raise
        finally:
            # A streamed reply completes its decision (actor, fallback) only
            # when its sentences end, so the event is written afterwards.
            self.recorder.add_event({"type": "decision", "at": decided_at, **reply.decision, "turn": turn, "stance": reply.stance})
            if timing is not None:
                if persona.first_text_wall is not None:
                    timing.entry["first_text_ms"] = round((persona.first_text_wall - timing.speech_end_wall) * 1000, 1)
                if persona.first_sent_wall is not None:
                    timing.entry["first_audio_sent_ms"] = round((persona.first_sent_wall - timing.speech_end_wall) * 1000, 1)
                await self._send_json_safe({"type": "latency", **{k: v for k, v in timing.entry.items() if k != "speech_end"}})
            self._save()

    def _report_played_latency(self, persona: PersonaUtterance) -> None:
        timing = self._timings.get(persona.turn)
        if timing is None or timing.utterance != persona.number:
            return
        timing.entry["first_audio_played_ms"] = round((time.monotonic() - timing.speech_end_wall) * 1000, 1)
        self._spawn(self._send_json_safe({"type": "latency", "turn": persona.turn, "first_audio_played_ms": timing.entry["first_audio_played_ms"]}))

    async def _send_key_results(self) -> None:
        await self._send_json_safe(
            {"type": "key_results", "items": self.conversation.key_results(), "motivation": getattr(self.conversation, "motivation", None)}
        )

    def _wall_time_at(self, mic_seconds: float) -> float:
        for frame_end, wall in reversed(self._recent_wall):
            if frame_end <= mic_seconds + 1e-6:
                return wall
        return time.monotonic()


def voice_settings_for(scenario) -> VoiceSettings | None:
    """Return the Piper settings of the scenario's persona, or ``None`` for the voice's defaults."""
    persona = getattr(scenario, "persona", None)
    voice = getattr(persona, "voice", None)
    if voice is None:
        return None
    return VoiceSettings(
        length_scale=getattr(voice, "length_scale", None),
        noise_scale=getattr(voice, "noise_scale", None),
        noise_w_scale=getattr(voice, "noise_w_scale", None),
    )
