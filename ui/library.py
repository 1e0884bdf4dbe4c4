"""The working corpus of the app: a folder, uploaded files, and removed articles.

Uploaded files live under ``<data_dir>/uploads/`` so they persist between sessions;
articles removed from a folder the user pointed at are remembered (by content hash) in
``<data_dir>/app_state.json``. The folder itself is never modified.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from corpus.readers import SUPPORTED_EXTENSIONS
from crosscheck.errors import CorpusError, DocumentError
from crosscheck.files import write_atomic
from crosscheck.models import Corpus, Document, SkippedFile

UPLOAD_SUFFIXES: tuple[str, ...] = SUPPORTED_EXTENSIONS
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Workspace:
    """Where the app keeps what the user added or removed."""

    data_dir: Path

    @property
    def uploads(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def state_file(self) -> Path:
        return self.data_dir / "app_state.json"

    @property
    def removed(self) -> Path:
        """Removed uploads wait here, so a removal can be undone."""
        return self.data_dir / "removed-uploads"


@dataclass(frozen=True)
class UploadOutcome:
    """What became of one uploaded file: stored under ``stored``, or refused with ``error``."""

    name: str
    stored: str | None = None
    error: str | None = None
    duplicate: bool = False
    title: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def format_bytes(size: int) -> str:
    """'4.8 MB' style sizes (decimal units, as the size limit is stated)."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def safe_filename(name: str) -> str:
    """A plain file name from an uploaded name: no folders, no odd characters."""
    base = PurePath(name.replace("\\", "/")).name
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = _UNSAFE.sub("_", stem).strip("._-")[:100] or "article"
    suffix = _UNSAFE.sub("", suffix).lower()[:10]
    return f"{stem}.{suffix}" if suffix else stem


def save_upload(name: str, data: bytes, uploads: Path, *, max_bytes: int) -> UploadOutcome:
    """Check one uploaded file and store it under ``uploads``; never raises for bad input.

    Refused: other file types, files over ``max_bytes``, and anything the corpus loader
    cannot read (undecodable, empty). The same content uploaded twice is stored once.
    """
    from corpus.loader import load_bytes

    suffix = PurePath(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        allowed = ", ".join(UPLOAD_SUFFIXES)
        kind = suffix or "(none)"
        return UploadOutcome(name, error=f"unsupported file type {kind}; use {allowed}")
    if len(data) > max_bytes:
        return UploadOutcome(
            name,
            error=f"file is {format_bytes(len(data))}, over the size limit of "
            f"{format_bytes(max_bytes)}",
        )
    try:
        document = load_bytes(name, data, max_bytes=max_bytes)
    except DocumentError as exc:
        reason = str(exc).removeprefix(f"{name}: ") or "cannot be read"
        return UploadOutcome(name, error=reason)
    target = uploads / safe_filename(name)
    digest = hashlib.sha256(data).hexdigest()
    for existing in visible_files(uploads):
        if hashlib.sha256(existing.read_bytes()).hexdigest() == digest:
            return UploadOutcome(name, stored=existing.name, duplicate=True, title=document.title)
    stem, suffix, n = target.stem, target.suffix, 2
    while target.exists():
        target = uploads / f"{stem}-{n}{suffix}"
        n += 1
    write_atomic(target, data)
    return UploadOutcome(name, stored=target.name, title=document.title)


def remove_upload(uploads: Path, document: Document, keep: Path | None = None) -> bool:
    """Delete (or move into ``keep``) the uploaded file a document came from; False if it
    is not an upload."""
    candidate = uploads / PurePath(document.path).name
    if candidate.is_file() and candidate.resolve().parent == uploads.resolve():
        if keep is None:
            candidate.unlink()
        else:
            keep.mkdir(parents=True, exist_ok=True)
            candidate.replace(keep / candidate.name)
        return True
    return False


def read_excluded(state_file: Path) -> frozenset[str]:
    """Content hashes of articles the user removed from their folder."""
    try:
        data = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    values = data.get("excluded", []) if isinstance(data, dict) else []
    return frozenset(v for v in values if isinstance(v, str))


def write_excluded(state_file: Path, excluded: Iterable[str]) -> None:
    payload = json.dumps({"excluded": sorted(set(excluded))}, indent=2)
    write_atomic(state_file, payload.encode("utf-8"))


def visible_files(folder: Path) -> list[Path]:
    """Regular files inside ``folder`` (links leading outside left out), sorted; hidden
    files and folders left out."""
    from corpus.walk import list_corpus

    try:
        if not folder.is_dir():
            return []
    except OSError:
        return []
    return [folder / file.rel for file in list_corpus(folder).files]


def folder_signature(folder: Path) -> str:
    """Changes when a file under ``folder`` is added, removed, resized or touched."""
    parts: list[str] = []
    for path in visible_files(folder):
        try:
            info = path.stat()
        except OSError:
            continue  # vanished or unreachable since the listing: the loader reports it
        rel = path.relative_to(folder).as_posix()
        parts.append(f"{rel}\x1f{info.st_size}\x1f{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def load_folder(folder: Path, *, max_bytes: int) -> Corpus:
    """The folder's corpus; an empty or wholly unreadable folder is an empty corpus
    whose ``skipped`` says why each file was refused.

    Raises CorpusError when the folder does not exist or is not a folder.
    """
    from corpus.loader import load_corpus

    if not folder.exists():
        raise CorpusError(f"folder not found: {folder}")
    if not folder.is_dir():
        raise CorpusError(f"not a folder: {folder}")
    return load_corpus(folder, max_bytes=max_bytes, require_documents=False)


def merge_corpora(parts: Sequence[Corpus], excluded: Iterable[str] = ()) -> Corpus:
    """One corpus from several: the first copy of each document wins; removed ones go."""
    drop = set(excluded)
    seen: set[str] = set()
    documents: list[Document] = []
    skipped: list[SkippedFile] = []
    for part in parts:
        for doc in part.documents:
            if doc.doc_id in seen or doc.sha256 in drop:
                continue
            seen.add(doc.doc_id)
            documents.append(doc)
        skipped.extend(part.skipped)
    return Corpus(documents=tuple(documents), skipped=tuple(skipped))


@dataclass(frozen=True)
class Removal:
    deleted: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    moved: tuple[str, ...] = ()  # file names now in ``Workspace.removed``
    hashes: tuple[str, ...] = ()  # content hashes newly hidden


def undo_removal(removal: Removal, workspace: Workspace) -> None:
    """Put removed uploads back and show hidden folder articles again."""
    for name in removal.moved:
        kept = workspace.removed / name
        if kept.is_file() and not (workspace.uploads / name).exists():
            workspace.uploads.mkdir(parents=True, exist_ok=True)
            kept.replace(workspace.uploads / name)
    if removal.hashes:
        excluded = set(read_excluded(workspace.state_file)) - set(removal.hashes)
        write_excluded(workspace.state_file, excluded)


def remove_articles(
    documents: Sequence[Document], upload_ids: Iterable[str], workspace: Workspace
) -> Removal:
    """Set uploaded articles' files aside (undoable); hide folder articles (the folder is
    left as is)."""
    uploaded = set(upload_ids)
    deleted: list[str] = []
    hidden: list[str] = []
    moved: list[str] = []
    hashes: list[str] = []
    excluded = set(read_excluded(workspace.state_file))
    for doc in documents:
        if doc.doc_id in uploaded and remove_upload(workspace.uploads, doc, workspace.removed):
            deleted.append(doc.path)
            moved.append(PurePath(doc.path).name)
        else:
            if doc.sha256 not in excluded:
                hashes.append(doc.sha256)
            excluded.add(doc.sha256)
            hidden.append(doc.path)
    if hidden:
        write_excluded(workspace.state_file, excluded)
    return Removal(
        deleted=tuple(deleted), hidden=tuple(hidden), moved=tuple(moved), hashes=tuple(hashes)
    )
