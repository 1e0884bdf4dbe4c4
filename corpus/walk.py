"""The files of a corpus folder, staying inside it, and why every other entry is left out.

Every path is resolved: a file or link whose target lies outside the corpus folder is not
read (``passwd.txt -> /etc/passwd`` would otherwise be quoted in every report), and links
that dangle or loop, folders that cannot be listed or searched, and anything that is not a
regular file (a FIFO would block the run forever) are listed with their reason. Hidden
files and folders are ignored on purpose, as before.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from crosscheck.errors import DocumentError
from crosscheck.models import SkippedFile

# Opening without following a final link and without blocking on a FIFO or device.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


@dataclass(frozen=True)
class CorpusFile:
    """A file to read: ``rel`` as reports show it, ``real`` the resolved path inside."""

    rel: str
    real: Path


@dataclass
class Listing:
    files: list[CorpusFile] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)


def list_corpus(root: Path) -> Listing:
    """Regular files under ``root`` (sorted by relative path), and every entry left out."""
    listing = Listing()
    real_root = root.resolve()
    _walk(root, "", real_root, listing, {real_root})
    listing.files.sort(key=lambda f: f.rel)
    listing.skipped.sort(key=lambda s: s.path)
    return listing


def _walk(folder: Path, prefix: str, real_root: Path, out: Listing, seen: set[Path]) -> None:
    try:
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries)
    except OSError as exc:
        out.skipped.append(SkippedFile(path=prefix.rstrip("/") or ".", reason=_folder_reason(exc)))
        return
    for name in names:
        if name.startswith("."):
            continue
        rel = f"{prefix}{name}"
        path = folder / name
        try:
            info = path.lstat()
            real = _resolve(path, real_root) if stat.S_ISLNK(info.st_mode) else path.resolve()
            target = real.stat()
        except _Skip as skip:
            out.skipped.append(SkippedFile(path=rel, reason=str(skip)))
            continue
        except OSError as exc:
            out.skipped.append(SkippedFile(path=rel, reason=_entry_reason(exc)))
            continue
        if stat.S_ISDIR(target.st_mode):
            if real in seen:
                out.skipped.append(SkippedFile(path=rel, reason="link to a folder already read"))
                continue
            _walk(path, f"{rel}/", real_root, out, seen | {real})
        elif stat.S_ISREG(target.st_mode):
            out.files.append(CorpusFile(rel=rel, real=real))
        else:
            out.skipped.append(SkippedFile(path=rel, reason="not a regular file (not read)"))


class _Skip(Exception):
    """An entry left out on purpose; the message is the reason shown."""


def _resolve(link: Path, real_root: Path) -> Path:
    """The target of ``link``, which must exist and lie inside the corpus folder."""
    try:
        real = link.resolve(strict=True)
    except FileNotFoundError:
        raise _Skip("dangling link (its target does not exist)") from None
    except RuntimeError:  # Python 3.11 reports a loop as RuntimeError
        raise _Skip("link loop (the link points back to itself)") from None
    except OSError as exc:
        if exc.errno == 40:  # ELOOP on newer Pythons
            raise _Skip("link loop (the link points back to itself)") from None
        raise
    if not real.is_relative_to(real_root):
        raise _Skip("link to a file outside the corpus folder (not read)")
    return real


def _folder_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "folder cannot be listed (permission denied)"
    return f"folder cannot be listed ({exc.strerror or exc})"


def _entry_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "cannot be reached (permission denied: the folder is not searchable)"
    return f"cannot be reached ({exc.strerror or exc})"


def read_inside(file: CorpusFile, *, max_bytes: int) -> bytes:
    """The bytes of ``file``, opened without following links and never from a FIFO."""
    try:
        fd = os.open(file.real, _OPEN_FLAGS)
    except OSError as exc:
        raise DocumentError(f"{file.rel}: cannot read ({exc.strerror or exc})") from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(f"{file.rel}: not a regular file (not read)")
        if info.st_size > max_bytes:
            raise DocumentError(
                f"{file.rel}: {info.st_size:,} bytes, over the {max_bytes:,}-byte limit"
            )
        try:
            return handle.read(max_bytes + 1)
        except OSError as exc:
            raise DocumentError(f"{file.rel}: cannot read ({exc.strerror or exc})") from exc
