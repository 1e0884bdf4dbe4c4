"""A short hash of source files: caches keyed by it expire when the code that filled them
changes (an upgrade that splits sentences differently must not serve last version's claims)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@cache
def source_digest(paths: tuple[str, ...]) -> str:
    """The files' bytes hashed in order; ``paths`` relative to the project root, a folder
    standing for its ``*.py`` files."""
    digest = hashlib.sha256()
    for rel in paths:
        for file in _files(ROOT / rel):
            digest.update(file.relative_to(ROOT).as_posix().encode("utf-8"))
            digest.update(file.read_bytes())
    return digest.hexdigest()[:8]


def _files(path: Path) -> Iterable[Path]:
    return sorted(path.glob("*.py")) if path.is_dir() else [path]
