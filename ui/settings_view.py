"""The Settings form: what the user may change, and the Settings it yields.

The API key is never part of the form: it comes from the environment only, and only
whether one is present is ever shown.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path

from crosscheck.config import Settings
from crosscheck.errors import ConfigError

VERIFIERS: tuple[str, ...] = ("stance", "similarity", "nli", "llm")
BACKENDS: tuple[str, ...] = ("offline", "openai")
VERIFIER_HELP: dict[str, str] = {
    "stance": "stance — the shipped stance model (local, default)",
    "similarity": "similarity — embedding similarity only (local, fastest)",
    "nli": "nli — a local NLI model (needs CROSSCHECK_NLI_MODEL)",
    "llm": "llm — the OpenAI-compatible endpoint below",
}


@dataclass(frozen=True)
class SettingsChoice:
    """The form's values."""

    verifier: str
    backend: str
    base_url: str
    model: str
    top_k: int
    min_checkworthiness: float
    data_dir: str

    @classmethod
    def from_settings(cls, settings: Settings) -> SettingsChoice:
        return cls(
            verifier=settings.verifier,
            backend=settings.backend,
            base_url=settings.llm.base_url or "",
            model=settings.llm.model or "",
            top_k=settings.top_k,
            min_checkworthiness=settings.min_checkworthiness,
            data_dir=str(settings.data_dir),
        )

    def overrides(self) -> dict[str, object]:
        """Keyword overrides for ``Settings.from_env`` (empty text means 'not set')."""
        values = asdict(self)
        llm = {
            "base_url": values.pop("base_url").strip() or None,
            "model": values.pop("model").strip() or None,
        }
        data_dir = str(values.pop("data_dir")).strip()
        out: dict[str, object] = {k: v for k, v in values.items()}
        if data_dir:
            out["data_dir"] = str(Path(data_dir).expanduser())
        out["llm"] = {k: v for k, v in llm.items() if v is not None}
        return out


def resolve_settings(overrides: dict[str, object] | None) -> Settings:
    """Settings from the environment, then the form's overrides (ConfigError if invalid)."""
    values = dict(overrides or {})
    if isinstance(values.get("llm"), dict):
        values["llm"] = dict(values["llm"])  # type: ignore[call-overload]
    return Settings.from_env(**values)


def pipeline_key(settings: Settings) -> str:
    """Identifies the pipeline these settings build (the API key only by a hash)."""
    secret = settings.llm.api_key.get_secret_value() if settings.llm.api_key else ""
    key_hash = hashlib.sha256(secret.encode()).hexdigest()[:12] if secret else "none"
    return f"{settings.model_dump_json()}|{key_hash}"


def api_key_status(settings: Settings) -> str:
    if settings.llm.api_key is not None:
        return "API key: found in the environment (never shown)."
    return "API key: none — set CROSSCHECK_LLM_API_KEY or OPENAI_API_KEY before starting."


def uses_llm(settings: Settings) -> bool:
    return settings.backend == "openai" or settings.verifier == "llm"


#: The environment's archive (``crosscheck index FOLDER --data-dir D``), as the CLI's --archive.
ARCHIVE_ENV = "CROSSCHECK_ARCHIVE"


def resolve_archive(text: str | None) -> Path | None:
    """The archive folder the form names (empty: none); ConfigError when it holds no index."""
    if text is None or not text.strip():
        return None
    folder = Path(text.strip()).expanduser()
    if not (folder / "archive.sqlite3").is_file():
        raise ConfigError(
            f"no archive index in {folder}: build one with `crosscheck index FOLDER --data-dir "
            f"{folder}`"
        )
    return folder
