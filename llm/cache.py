"""On-disk cache of decoded LLM answers, so a rerun over an unchanged corpus makes no calls.

Keys hash the model, server URL, structured-output method, answer schema and messages.
Files hold only the model name, the decoded answer and token counts: never the URL (it may
carry credentials) and never the API key.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Protocol

from llm.client import ChatIdentity, ChatReply, OutputSchema, Prompt

log = logging.getLogger(__name__)

CACHE_FORMAT = 1
CACHE_DIRNAME = "llm-cache"


def cache_key(identity: ChatIdentity, prompt: Prompt, schema: OutputSchema) -> str:
    payload = {
        "format": CACHE_FORMAT,
        "model": identity.model,
        "base_url": identity.base_url,
        "method": identity.method,
        "schema": schema.model_dump(mode="json"),
        "messages": prompt.messages(),
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ReplyCache(Protocol):
    """Stores decoded answers by key; a miss is ``None``."""

    def get(self, key: str) -> ChatReply | None: ...

    def put(self, key: str, reply: ChatReply, *, model: str) -> None: ...


class ResponseCache:
    """One JSON file per answer under ``directory/<key[:2]>/<key>.json``."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> ResponseCache:
        return cls(Path(data_dir) / CACHE_DIRNAME)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> ChatReply | None:
        path = self._path(key)
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            log.warning("ignoring unreadable LLM cache entry %s", path.name)
            return None
        if not isinstance(stored, dict) or stored.get("format") != CACHE_FORMAT:
            return None
        try:
            return ChatReply.model_validate(stored.get("reply"))
        except ValueError:
            return None

    def put(self, key: str, reply: ChatReply, *, model: str) -> None:
        path = self._path(key)
        record = {"format": CACHE_FORMAT, "model": model, "reply": reply.model_dump(mode="json")}
        tmp: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a concurrent reader never sees half a file.
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(record, handle, ensure_ascii=False)
            os.replace(tmp, path)
            tmp = None
        except OSError as exc:
            # The cache only saves money; a read-only data dir must not stop a run.
            log.warning("could not write LLM cache entry: %s", type(exc).__name__)
        finally:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)

    def __len__(self) -> int:
        return sum(1 for _ in self.directory.glob("*/*.json")) if self.directory.is_dir() else 0
