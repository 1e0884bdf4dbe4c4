"""Loading documents and whole corpora from disk or from uploaded bytes."""

from __future__ import annotations

from pathlib import Path

from corpus.metadata import extract_metadata
from corpus.readers import SUPPORTED_EXTENSIONS, reader_for
from corpus.walk import list_corpus, read_inside
from corpus.zones import detect_zones
from crosscheck.errors import CorpusError, DocumentError
from crosscheck.models import Corpus, Document, SkippedFile

DEFAULT_MAX_BYTES = 5_000_000


def load_bytes(name: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """A document from an upload; ``name`` picks the reader and becomes ``Document.path``."""
    if len(data) > max_bytes:
        raise DocumentError(f"{name}: {len(data):,} bytes, over the {max_bytes:,}-byte limit")
    reader = reader_for(name)
    result = reader.read(data, name=name)
    text = result.text
    if not text.strip():
        raise DocumentError(f"{name}: no text (empty file or nothing left after extraction)")
    zones = detect_zones(text)
    if not any(z.zone != "boilerplate" and _has_letters(text, z.start, z.end) for z in zones):
        raise DocumentError(
            f"{name}: no prose to check (only code, tables, figures or text without "
            "sentence punctuation)"
        )
    from_text = extract_metadata(text, zones)
    if not result.title_from_text:
        from_text = from_text.model_copy(update={"title": None})
    meta = result.hints.merged(from_text).merged(result.fallback)
    return Document.create(
        path=name,
        text=text,
        title=meta.title,
        published=meta.published,
        author=meta.author,
        outlet=meta.outlet,
        zones=zones,
        encoding=result.encoding,
    )


def load_document(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """One file as a Document (``path`` kept as given); raises ``DocumentError``."""
    path = Path(path)
    reader_for(str(path))  # reject unsupported types before reading anything
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(f"{path}: {size:,} bytes, over the {max_bytes:,}-byte limit")
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return load_bytes(str(path), data, max_bytes=max_bytes)


def load_corpus(
    folder: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES, require_documents: bool = True
) -> Corpus:
    """Every document under ``folder`` (recursive, sorted, hidden files ignored).

    Documents' paths are relative to ``folder`` (POSIX style). Files that fail, duplicates
    of an earlier file's text, and entries left out by ``corpus.walk`` (links leading
    outside, dangling links, loops, folders that cannot be listed) are in
    ``Corpus.skipped``. With ``require_documents`` a corpus with no readable document
    raises ``CorpusError``.
    """
    root = Path(folder)
    try:
        if not root.exists():
            raise CorpusError(f"corpus folder not found: {root}")
        if not root.is_dir():
            raise CorpusError(f"corpus path is not a folder: {root}")
    except OSError as exc:
        raise CorpusError(f"corpus folder cannot be reached: {root} ({exc.strerror})") from exc
    listing = list_corpus(root)
    documents: list[Document] = []
    skipped: list[SkippedFile] = list(listing.skipped)
    seen: dict[str, str] = {}
    for file in listing.files:
        try:
            reader_for(file.rel)  # reject unsupported types before reading anything
            data = read_inside(file, max_bytes=max_bytes)
            loaded = load_bytes(file.rel, data, max_bytes=max_bytes)
        except DocumentError as exc:
            skipped.append(SkippedFile(path=file.rel, reason=_reason(str(exc), file.rel)))
            continue
        if loaded.sha256 in seen:
            skipped.append(SkippedFile(path=file.rel, reason=f"duplicate of {seen[loaded.sha256]}"))
            continue
        seen[loaded.sha256] = file.rel
        documents.append(loaded)
    skipped.sort(key=lambda s: s.path)
    if not documents and require_documents:
        detail = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:5])
        raise CorpusError(
            f"no readable documents in {root} "
            f"(looked for {', '.join(SUPPORTED_EXTENSIONS)})" + (f" — {detail}" if detail else "")
        )
    return Corpus(documents=tuple(documents), skipped=tuple(skipped))


def _has_letters(text: str, start: int, end: int) -> bool:
    return any(ch.isalpha() for ch in text[start:end])


def _reason(message: str, prefix: str) -> str:
    """The error without the file name it starts with (the skipped entry names the file)."""
    return message.removeprefix(f"{prefix}: ")
