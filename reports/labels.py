"""Words, icons and number formats shared by every human-readable export."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import PurePath
from typing import Literal

from crosscheck.display import neutralise_bidi
from crosscheck.models import DocumentInfo, Quantity, Stance, VerdictLabel

VERDICT_NAMES: dict[VerdictLabel, str] = {
    "supported": "Supported",
    "refuted": "Refuted",
    "conflicting": "Conflicting",
    "not_enough_evidence": "Not enough evidence",
    "not_checked": "Not checked",
}

# One icon set for every format: each glyph exists in the bundled DejaVu Sans, so the PDF
# shows the same marks as the Markdown and HTML instead of placeholders for emoji.
VERDICT_ICONS: dict[VerdictLabel, str] = {
    "supported": "✔",
    "refuted": "✘",
    "conflicting": "⚠",
    "not_enough_evidence": "○",
    "not_checked": "—",
}

STANCE_ICONS: dict[Stance, str] = {"supports": "✔", "refutes": "✘", "neutral": "○"}

_WHITESPACE = re.compile(r"\s+")


def verdict_title(label: VerdictLabel) -> str:
    """Icon and name, e.g. ``✘ Refuted``."""
    return f"{VERDICT_ICONS[label]} {VERDICT_NAMES[label]}"


def one_line(text: str) -> str:
    """Collapse runs of whitespace (newlines, tabs) to single spaces for display; bidi
    controls are shown as tags (``crosscheck.display``)."""
    return neutralise_bidi(_WHITESPACE.sub(" ", text).strip())


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at ``limit`` characters with an ellipsis."""
    flat = one_line(text)
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def format_number(value: float) -> str:
    """A bound or count without float noise: ``130`` not ``130.0``."""
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def format_percent(value: float) -> str:
    return f"{round(value * 100)}%"


def format_score(value: float) -> str:
    return f"{value:.3f}" if math.isfinite(value) else str(value)


def format_interval(quantity: Quantity) -> str:
    """The interval in words a reader can check: ``≥ 130``, ``[2, 5)``, ``any value``."""
    low, high = quantity.low, quantity.high
    if low is not None and high is not None:
        if low == high:
            return f"= {format_number(low)}"
        left = "[" if quantity.low_inclusive else "("
        right = "]" if quantity.high_inclusive else ")"
        return f"{left}{format_number(low)}, {format_number(high)}{right}"
    if low is not None:
        return f"{'≥' if quantity.low_inclusive else '>'} {format_number(low)}"
    if high is not None:
        return f"{'≤' if quantity.high_inclusive else '<'} {format_number(high)}"
    return "any value"


def format_quantity(quantity: Quantity) -> str:
    """``at least 130 → ≥ 130 people (killed)``."""
    value = format_interval(quantity)
    if quantity.unit:
        value += f" {quantity.unit}"
    if quantity.referent:
        value += f" ({quantity.referent})"
    return f"{one_line(quantity.text)} → {value}"


def format_quantities(quantities: tuple[Quantity, ...]) -> str:
    return "; ".join(format_quantity(q) for q in quantities)


def format_date(value: date | None) -> str:
    return value.isoformat() if value else "date unknown"


def format_timestamp(value: datetime) -> str:
    """``2024-05-01 12:00:00 UTC``; a naive time is printed without a zone."""
    text = value.strftime("%Y-%m-%d %H:%M:%S")
    offset = value.utcoffset()
    if offset is None:
        return text
    if offset == timedelta(0):
        return f"{text} UTC"
    return f"{text} {value.strftime('%z')[:3]}:{value.strftime('%z')[3:]}"


def document_title(doc: DocumentInfo | None, doc_id: str | None = None) -> str:
    """The title, else the file name, else the ID: never an empty heading."""
    if doc is None:
        return doc_id or "Unknown article"
    if doc.title and doc.title.strip():
        return one_line(doc.title)
    return PurePath(doc.path).name or doc.doc_id


def span_text(start: int, end: int) -> str:
    return f"chars {start}–{end}"


def text_direction(text: str) -> Literal["ltr", "rtl"] | None:
    """The direction most of the text's letters run in; None when no letter is RTL.

    Counting beats the first-strong-character rule (HTML's ``dir="auto"``) on mixed text:
    an English sentence that opens with an Arabic name still reads left to right.
    """
    rtl = ltr = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            rtl += 1
        elif kind == "L":
            ltr += 1
    if rtl == 0:
        return None
    return "rtl" if rtl > ltr else "ltr"
