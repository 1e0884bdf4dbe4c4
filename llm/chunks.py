"""Split an article into passages small enough for one extraction request."""

from __future__ import annotations

import re
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from crosscheck.errors import ConfigError
from crosscheck.models import Document

DEFAULT_CHUNK_CHARS = 3000
MIN_CHUNK_CHARS = 200
_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\n[ \t\xa0]*\n|\s*\Z)", re.DOTALL)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


class Chunk(BaseModel):
    """``text == document.text[start:end]``."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    text: str


class _Span(NamedTuple):
    start: int
    end: int


def _split_long(text: str, start: int, limit: int) -> list[_Span]:
    """Cut a paragraph longer than ``limit`` after sentence ends (or hard, if none)."""
    pieces: list[_Span] = []
    begin = 0
    while len(text) - begin > limit:
        cut = None
        for match in _SENTENCE_END.finditer(text, begin, begin + limit):
            cut = match.end()
        if cut is None or cut <= begin:
            cut = begin + limit
        pieces.append(_Span(start + begin, start + len(text[:cut].rstrip())))
        begin = cut
    pieces.append(_Span(start + begin, start + len(text)))
    return pieces


def chunk_document(document: Document, max_chars: int = DEFAULT_CHUNK_CHARS) -> list[Chunk]:
    """Paragraphs outside boilerplate, packed greedily into chunks of at most ``max_chars``.

    A boilerplate paragraph ends the current chunk, so no chunk contains boilerplate.
    """
    if max_chars < MIN_CHUNK_CHARS:
        raise ConfigError(f"chunk size too small: {max_chars}")
    chunks: list[Chunk] = []
    current: _Span | None = None
    for match in _PARAGRAPH.finditer(document.text):
        if document.zone_at(match.start()) == "boilerplate":
            if current is not None:
                chunks.append(_chunk(document, current))
            current = None
            continue
        for piece in _split_long(match.group(0), match.start(), max_chars):
            if current is not None and piece.end - current.start <= max_chars:
                current = _Span(current.start, piece.end)
                continue
            if current is not None:
                chunks.append(_chunk(document, current))
            current = piece
    if current is not None:
        chunks.append(_chunk(document, current))
    return chunks


def _chunk(document: Document, span: _Span) -> Chunk:
    return Chunk(start=span.start, end=span.end, text=document.text[span.start : span.end])
