"""Settings: one object, read from arguments and the environment (``CROSSCHECK_*``)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from crosscheck.errors import ConfigError

VerifierName = Literal["stance", "similarity", "nli", "llm"]
StructuredMethod = Literal["json_schema", "function_calling", "json_mode"]


def onnx_threads() -> int:
    """Threads per ONNX session: two (this machine's cores) unless ``CROSSCHECK_ONNX_THREADS``
    says otherwise (worker processes set one: they share the cores between them)."""
    try:
        return max(1, int(os.environ.get("CROSSCHECK_ONNX_THREADS", "2")))
    except ValueError:
        return 2


def default_data_dir() -> Path:
    """``$CROSSCHECK_DATA_DIR``, else ``$XDG_DATA_HOME/crosscheck``, else ~/.local/share."""
    env = os.environ.get("CROSSCHECK_DATA_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "crosscheck"


def _sentence(exc: ValidationError, prefix: str = "") -> str:
    """Pydantic's errors as a sentence a person reads: which setting, what is wrong."""
    parts = []
    for error in exc.errors():
        name = prefix + ".".join(str(p) for p in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        parts.append(f"setting {name} = {error.get('input')!r}: {message[0].lower()}{message[1:]}")
    return "invalid " + "; ".join(parts)


class LLMSettings(BaseModel):
    """An OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp, LM Studio)."""

    model_config = ConfigDict(frozen=True)

    base_url: str | None = None
    model: str | None = None
    # Read from the environment; SecretStr keeps it out of reprs, logs and reports.
    api_key: SecretStr | None = None
    temperature: float = 0.0
    timeout_s: float = 60.0
    max_retries: int = 2
    structured_method: StructuredMethod = "json_schema"
    price_in_per_mtok: float | None = None
    price_out_per_mtok: float | None = None

    @property
    def configured(self) -> bool:
        return bool(self.base_url and self.model)


class Settings(BaseModel):
    """Everything that changes what the pipeline computes or where it keeps data."""

    model_config = ConfigDict(frozen=True)

    data_dir: Path = Field(default_factory=default_data_dir)
    verifier: VerifierName = "stance"
    backend: Literal["offline", "openai"] = "offline"
    nli_model_path: str | None = None
    stance_model_dir: Path | None = None
    embedding_model: str = "all-MiniLM-L6-v2"
    top_k: int = Field(default=8, ge=1, le=50)
    min_checkworthiness: float = Field(default=0.0, ge=0.0, le=1.0)
    max_file_bytes: int = Field(default=5_000_000, ge=1)
    # Claims kept per document; more are cut with a warning in the report.
    max_claims_per_document: int = Field(default=1_000, ge=1)
    # A Chroma server instead of the embedded index under data_dir (same results).
    chroma_url: str | None = None
    # Ray for big batches: "local", "auto" or a cluster address (same results).
    ray_address: str | None = None
    # Worker processes judging big runs; None: one per CPU (same results, see workers.py).
    workers: int | None = Field(default=None, ge=1, le=64)
    llm: LLMSettings = Field(default_factory=LLMSettings)

    @field_validator("data_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return Path(value).expanduser()

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from ``CROSSCHECK_*`` variables, then explicit overrides."""
        env = os.environ
        values: dict[str, object] = {}
        if "CROSSCHECK_VERIFIER" in env:
            values["verifier"] = env["CROSSCHECK_VERIFIER"]
        if "CROSSCHECK_BACKEND" in env:
            values["backend"] = env["CROSSCHECK_BACKEND"]
        if env.get("CROSSCHECK_RAY"):
            values["ray_address"] = env["CROSSCHECK_RAY"]
        if env.get("CROSSCHECK_WORKERS"):
            values["workers"] = env["CROSSCHECK_WORKERS"]
        if env.get("CROSSCHECK_CHROMA_URL"):
            values["chroma_url"] = env["CROSSCHECK_CHROMA_URL"]
        if "CROSSCHECK_NLI_MODEL" in env:
            values["nli_model_path"] = env["CROSSCHECK_NLI_MODEL"]
        llm: dict[str, object] = {}
        for key, var in (
            ("base_url", "CROSSCHECK_LLM_BASE_URL"),
            ("model", "CROSSCHECK_LLM_MODEL"),
            ("structured_method", "CROSSCHECK_LLM_METHOD"),
        ):
            if env.get(var):
                llm[key] = env[var]
        for key, var in (
            ("price_in_per_mtok", "CROSSCHECK_LLM_PRICE_IN"),
            ("price_out_per_mtok", "CROSSCHECK_LLM_PRICE_OUT"),
            ("timeout_s", "CROSSCHECK_LLM_TIMEOUT"),
        ):
            if env.get(var):
                llm[key] = env[var]
        api_key = env.get("CROSSCHECK_LLM_API_KEY") or env.get("OPENAI_API_KEY")
        if api_key:
            llm["api_key"] = SecretStr(api_key)
        llm_overrides = overrides.pop("llm", None)
        if isinstance(llm_overrides, dict):
            llm.update({k: v for k, v in llm_overrides.items() if v is not None})
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            values["llm"] = LLMSettings(**llm)  # type: ignore[arg-type]
        except ValidationError as exc:
            raise ConfigError(_sentence(exc, "llm.")) from exc
        try:
            return cls(**values)  # type: ignore[arg-type]
        except ValidationError as exc:
            raise ConfigError(_sentence(exc)) from exc
        except ValueError as exc:
            raise ConfigError(str(exc)) from exc

    def fingerprint(self) -> str:
        """A hash of what changes results (not where data lives, never the API key)."""
        relevant = self.model_dump(
            exclude={
                "data_dir",
                "max_file_bytes",
                "max_claims_per_document",
                "llm",
                "chroma_url",
                "ray_address",
                "workers",
            },
            mode="json",
        )
        relevant["llm"] = self.llm.model_dump(
            include={"base_url", "model", "temperature", "structured_method"}, mode="json"
        )
        return hashlib.sha256(repr(sorted(relevant.items())).encode()).hexdigest()[:16]
