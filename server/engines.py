"""The models a server process loads once and shares across sessions."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from audio import AudioOptions, Synthesizer, Transcriber
from models import resolve_stt_model, resolve_tts_voice
from server.settings import Settings

logger = logging.getLogger(__name__)


@dataclass
class Engines:
    transcriber: Transcriber
    synthesizer: Synthesizer
    options: AudioOptions

    def close(self) -> None:
        self.transcriber.close()
        self.synthesizer.close()


def load_engines(settings: Settings, options: AudioOptions | None = None) -> Engines:
    """Resolve and load the speech models; raise ``models.ModelNotFoundError`` when one is missing."""
    options = options or AudioOptions()
    stt_model = resolve_stt_model(settings.stt_model_dir)
    voice = resolve_tts_voice(settings.tts_voice, settings.tts_voice_config)
    logger.info("loading speech-to-text model from %s", stt_model.source)
    transcriber = Transcriber(stt_model.directory, options.stt)
    logger.info("loading text-to-speech voice from %s", voice.source)
    synthesizer = Synthesizer(voice.model, voice.config, options.tts)
    return Engines(transcriber=transcriber, synthesizer=synthesizer, options=options)
