"""Untrusted article text as safe Streamlit Markdown, with coloured highlights.

Article text is never rendered as HTML. Every ASCII punctuation character is
backslash-escaped (CommonMark lets any of them be escaped), so nothing in the text can
open a link, an image, an HTML tag, an emphasis, a LaTeX block or one of Streamlit's
``:directive[...]`` colour directives. Streamlit also rewrites some text *after* parsing
(GFM autolink literals such as ``www.x.com``, and arrows such as ``->``), where escapes do
not reach: ``defuse`` puts an invisible word joiner inside those. The only Markdown
syntax in the output is the one this module adds itself: ``:{colour}-background[...]``
around highlights, badges, hard line breaks and paragraph breaks.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from crosscheck.display import neutralise_bidi

# Colours Streamlit 1.67 accepts in ``:colour[...]`` and ``:colour-background[...]``.
COLOURS: tuple[str, ...] = ("red", "orange", "yellow", "green", "blue", "violet", "gray")

_PUNCTUATION = frozenset(string.punctuation)
_NBSP = "\u00a0"
_LEADING_WS = re.compile(r"^[ \t]+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
ELLIPSIS = "…"
WORD_JOINER = "\u2060"
_AUTOLINK_SCHEME = re.compile(r"(?i)\b(?:https?|ftp|mailto|xmpp):(?=/|\S)")
_AUTOLINK_WWW = re.compile(r"(?i)\bwww(?=\.)")
_EMAIL_AT = re.compile(r"@(?=[\w-])")
_TYPOGRAPHIC = re.compile(r"(<(?=-)|-(?=[->])|>(?==)|<(?==)|~(?==))")


@dataclass(frozen=True)
class Highlight:
    """A half-open character range [start, end) of a text, painted in ``colour``.

    ``marker`` (a short label such as a claim number) is shown as a badge after the span.
    """

    start: int
    end: int
    colour: str
    marker: str | None = None

    def __post_init__(self) -> None:
        if self.colour not in COLOURS:
            raise ValueError(f"unknown highlight colour {self.colour!r}")
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad highlight range [{self.start}, {self.end})")


def defuse(text: str) -> str:
    """Break the patterns Streamlit rewrites *after* Markdown parsing, where backslash
    escapes no longer count: GFM autolinks (``http://``, ``www.``, ``a@b.c``) and the
    typographic arrows and dashes (``->``, ``--``, ``>=``...). An invisible WORD JOINER
    goes inside each, so the text looks the same but is never a link or a glyph swap."""
    text = neutralise_bidi(text)
    text = _AUTOLINK_SCHEME.sub(lambda m: m.group(0) + WORD_JOINER, text)
    text = _AUTOLINK_WWW.sub(lambda m: m.group(0) + WORD_JOINER, text)
    text = _EMAIL_AT.sub("@" + WORD_JOINER, text)
    return _TYPOGRAPHIC.sub(lambda m: m.group(1) + WORD_JOINER, text)


def _escape_chars(text: str) -> str:
    """Defuse, then backslash-escape every ASCII punctuation character; tabs become spaces."""
    out: list[str] = []
    for char in defuse(text):
        if char in _PUNCTUATION:
            out.append("\\" + char)
        elif char == "\t":
            out.append("    ")
        elif char == "\r":
            continue
        else:
            out.append(char)
    return "".join(out)


def escape_inline(text: str) -> str:
    """Escape text for use inside one line of Markdown (labels, table cells, captions).

    Line breaks become spaces, so the result never starts a new block.
    """
    return _escape_chars(" ".join(text.split()))


def _escape_line_start(escaped_line: str) -> str:
    # Leading spaces would make an indented code block: keep them visible as NBSP.
    match = _LEADING_WS.match(escaped_line)
    if not match:
        return escaped_line
    return _NBSP * len(match.group(0).replace("\t", "    ")) + escaped_line[match.end() :]


def _join_lines(lines: Sequence[str]) -> str:
    """Join escaped lines: blank lines separate paragraphs, others are hard breaks."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip(" " + _NBSP):
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    blocks = ["\\\n".join(p) for p in paragraphs if p]
    return "\n\n".join(blocks)


def escape_markdown(text: str) -> str:
    """The text, displayed literally by ``st.markdown`` (line breaks kept)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return _join_lines([_escape_line_start(_escape_chars(line)) for line in lines])


def _paint(escaped: str, colour: str | None) -> str:
    if not escaped or colour is None:
        return escaped
    if not escaped.strip(" " + _NBSP):
        return escaped
    return f":{colour}-background[{escaped}]"


def _badge(marker: str, colour: str) -> str:
    return f" :{colour}-badge[{escape_inline(marker)}]"


def highlight_markdown(text: str, highlights: Iterable[Highlight], *, offset: int = 0) -> str:
    """``text`` as escaped Markdown with each highlight painted in its colour.

    ``offset`` is the position of ``text`` in the document the highlight offsets refer
    to (so a paragraph can be rendered with document offsets). Overlapping highlights
    paint the overlap in the colour of the one that starts first; highlights are cut at
    line breaks so a directive never spans a block boundary.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    spans = sorted(
        (
            Highlight(
                max(h.start - offset, 0),
                min(h.end - offset, len(text)),
                h.colour,
                h.marker,
            )
            for h in highlights
            if h.end - offset > 0 and h.start - offset < len(text)
        ),
        key=lambda h: (h.start, -h.end),
    )
    colour_at: list[str | None] = [None] * len(text)
    for span in reversed(spans):  # earlier spans painted last, so they win overlaps
        for i in range(span.start, span.end):
            colour_at[i] = span.colour
    badges: dict[int, list[str]] = {}
    for span in spans:
        if span.marker is not None and span.end > span.start:
            badges.setdefault(span.end, []).append(_badge(span.marker, span.colour))

    lines: list[str] = []
    current: list[str] = []
    run_start = 0

    def flush_run(end: int) -> None:
        if end > run_start:
            current.append(_paint(_escape_chars(text[run_start:end]), colour_at[run_start]))

    for i in range(len(text) + 1):
        at_end = i == len(text)
        newline = not at_end and text[i] == "\n"
        boundary = (
            at_end
            or newline
            or i in badges
            or (i > run_start and colour_at[i] != colour_at[run_start])
        )
        if boundary:
            flush_run(i)
            current.extend(badges.pop(i, []))
            run_start = i
        if newline:
            lines.append(_escape_line_start("".join(current)) if current else "")
            current = []
            run_start = i + 1
    lines.append(_escape_line_start("".join(current)))
    return _join_lines(lines)


def context_bounds(text: str, start: int, end: int, *, max_chars: int = 500) -> tuple[int, int]:
    """A window of ``text`` around [start, end): its paragraph, trimmed to about
    ``max_chars`` at sentence (or else word) boundaries."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end == -1 else para_end
    budget = max(0, max_chars - (end - start)) // 2
    lo, hi = para_start, para_end
    if start - lo > budget:
        lo = _snap_forward(text, start - budget, start)
    if hi - end > budget:
        hi = _snap_backward(text, end, end + budget)
    return lo, hi


def _snap_forward(text: str, lo: int, limit: int) -> int:
    """The first sentence start at or after ``lo`` (before ``limit``), else a word start."""
    for match in _SENTENCE_END.finditer(text, lo, limit):
        return match.end()
    space = text.find(" ", lo, limit)
    return space + 1 if space != -1 else lo


def _snap_backward(text: str, limit: int, hi: int) -> int:
    """The last sentence end at or before ``hi`` (after ``limit``), else a word end."""
    best = None
    for match in _SENTENCE_END.finditer(text, limit, hi + 1):
        best = match.start() + 1
    if best is not None:
        return best
    space = text.rfind(" ", limit, hi)
    return space if space != -1 else hi


def quote_in_context(text: str, start: int, end: int, colour: str, *, max_chars: int = 500) -> str:
    """Markdown of the window around [start, end) with that span highlighted."""
    lo, hi = context_bounds(text, start, end, max_chars=max_chars)
    body = highlight_markdown(text[lo:hi], [Highlight(start, end, colour)], offset=lo)
    prefix = ELLIPSIS + " " if lo > 0 and text[lo - 1] != "\n" else ""
    suffix = " " + ELLIPSIS if hi < len(text) and text[hi] != "\n" else ""
    return f"{prefix}{body}{suffix}"


def shorten(text: str, limit: int = 90) -> str:
    """One line of at most ``limit`` characters (plain text, not escaped)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0] if " " in flat[: limit - 1] else flat[: limit - 1]
    return cut + ELLIPSIS
