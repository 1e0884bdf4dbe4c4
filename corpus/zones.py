"""Zones of an article: body, direct quotations, reader comments and page boilerplate.

``detect_zones`` returns ordered, non-overlapping spans that cover the whole text. Reader
comments run from the first comment marker to the end (minus boilerplate lines); boilerplate
is matched line by line or inline ("Share Tweet" glued to the text); quotations are found in
what remains of the body.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

from corpus.prose import nonprose_spans
from crosscheck.models import Zone, ZoneSpan

MIN_QUOTE_WORDS = 4
MAX_QUOTE_CHARS = 1500
MIN_ARTICLE_CHARS = 400  # article text needed before a time stamp can open the comments

_NAME = r"[^\n.!?:;]{1,60}?"
# Where a reader-comment section starts.
_COMMENT_START = re.compile(
    r"^[ \t\xa0]*(?:"
    r"\d+\s+(?:comments?|responses?|replies|thoughts)\s+(?:on|to)\b[^\n]*"  # 4 comments on “…”
    r"|(?:\d+\s+)?(?:reader\s+)?comments?(?:\s*\(\d+\))?:?"  # "Comments", "3 Comments"
    # "1. Jim Denham said,", "• Name said,", "2. Name wrote:"
    rf"|(?:\d{{1,3}}\.|[•·▪◦*-])[ \t\xa0]+{_NAME}\s"
    r"(?:(?:said|says)[ \t\xa0]*,|(?:wrote|writes|commented)[ \t\xa0]*[,:])"
    r")[ \t\xa0\r]*$",
    re.MULTILINE | re.IGNORECASE,
)
# Lines that only occur inside a comment thread; the thread starts at their comment at the
# latest.
_COMMENT_FOOTER_LINES = ("report abuse", "reply", "recommend")
_COMMENT_INSIDE = re.compile(
    r"^[ \t\xa0]*(?:"
    r"Report abuse|Reply|Recommend"
    # "Mar 28, 2016 at 7:12 pm": a comment time stamp (articles give a date, not a clock)
    r"|[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4},? (?:at )?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?"
    r"|\d{1,2} [A-Z][a-z]{2,8} \d{4},? (?:at )?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?"
    r")[ \t\xa0\r]*$",
    re.MULTILINE | re.IGNORECASE,
)

_URL = r"(?:https?://|www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?"
# Whole lines of page furniture.
_BOILERPLATE_LINE = re.compile(
    r"^[ \t\xa0]*(?:"
    r"(?:Photo|Image|Picture|Video|Main image|Top image)\s*(?:credit|courtesy|source)?s?\s*:"
    r"[^\n]*"
    r"|(?:Source|Via)\s*:[ \t\xa0]*[^\n]{1,80}"
    r"|(?:Originally|First) published (?:in|at|by|on)\b[^\n]{1,80}"
    r"|(?:Republished|Reprinted) (?:from|with permission)\b[^\n]{0,80}"
    r"|Leave a (?:Reply|Comment)(?: to [^\n]{1,80})?|Post a comment|Add a comment"
    r"|View our comment policy\.?|Comment policy\.?|Comments? (?:are )?closed\.?"
    r"|(?:Share|Tweet|Email|Print|Pin it)(?:[ \t\xa0]*(?:this(?: article| story)?|Tweet|Email"
    r"|Facebook|Twitter|LinkedIn|WhatsApp|Reddit|Print)[:.]?)*"
    r"|(?:Related|Read more|See also|More on this story|Tags|Filed under|Posted in)\s*:[^\n]*"
    r"|Advertisement|Sponsored content|Subscribe(?: now| to [^\n]{1,60})?"
    r"|(?:Copyright\s*(?:©|\(c\))?|©)\s*\d{4}[^\n]{0,100}|All rights reserved\.?"
    rf"|{_URL}"  # a bare web address on its own line
    r")[ \t\xa0\r]*$",
    re.MULTILINE | re.IGNORECASE,
)
_SHARE_WORDS = r"(?:Tweet|Email|Facebook|Twitter|LinkedIn|WhatsApp|Reddit)"
# Furniture that may be glued to the text ("France Share TweetLast Friday").
_BOILERPLATE_INLINE = re.compile(
    rf"(?<![A-Za-z])Share[ \t\xa0]*(?:{_SHARE_WORDS}[ \t\xa0]*)*{_SHARE_WORDS}"
)
# A "contact us" footer, possibly broken over lines: "To contact the WSWS and the\nSocialist
# Equality Party visit:\n\nwsws.org/contact".
_CONTACT_FOOTER = re.compile(
    r"^[ \t\xa0]*(?:To contact|Contact us)\b(?:[^\n]|\n(?![ \t\xa0]*\n)){0,240}?"
    rf"\bvisit\b[ \t\xa0]*:?(?:\s*{_URL})?",
    re.MULTILINE | re.IGNORECASE,
)
# YAML front matter of a markdown file.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*(?=\r?\n|\Z)", re.S)
_BLANK_LINE = re.compile(r"\n[ \t\xa0\r]*\n")

# Direct quotations: typographic quotes may span a paragraph break (scraped text breaks
# quotes); straight quotes pair only within a line.
_CURLY_QUOTE = re.compile(rf"“[^“”]{{1,{MAX_QUOTE_CHARS}}}”")
_STRAIGHT_QUOTE = re.compile(rf'(?<![\w"])"[^"\n]{{1,{MAX_QUOTE_CHARS}}}"(?!\w)')
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


_CODES: tuple[Zone, ...] = ("body", "quote", "comment", "boilerplate")
_CODE = {zone: bytes([i]) for i, zone in enumerate(_CODES)}
_RUN = re.compile(rb"(.)\1*", re.DOTALL)


class _Painter:
    """One zone code per character; painting is a slice assignment, so long texts stay fast."""

    def __init__(self, length: int) -> None:
        self.codes = bytearray(_CODE["body"] * length)

    def paint(self, start: int, end: int, zone: Zone, *, only: Zone | None = None) -> None:
        if start >= end:
            return
        if only is None:
            self.codes[start:end] = _CODE[zone] * (end - start)
        else:
            self.codes[start:end] = self.codes[start:end].replace(_CODE[only], _CODE[zone])

    def zone_at(self, offset: int) -> Zone:
        return _CODES[self.codes[offset]]

    def spans(self, text: str) -> tuple[ZoneSpan, ...]:
        runs = [[m.start(), m.end(), m.group()[0]] for m in _RUN.finditer(self.codes)]
        # Whitespace has no zone of its own: it joins the run before it (the first run's
        # leading whitespace joins the run after it).
        merged: list[list[int]] = []
        for i, run in enumerate(runs):
            if not text[run[0] : run[1]].strip():
                if merged:
                    run[2] = merged[-1][2]
                elif i + 1 < len(runs):
                    run[2] = runs[i + 1][2]
            if merged and merged[-1][2] == run[2]:
                merged[-1][1] = run[1]
            else:
                merged.append(run)
        return tuple(ZoneSpan(start=s, end=e, zone=_CODES[c]) for s, e, c in merged)


class ZoneLookup:
    """``zone_at`` by binary search over ordered spans (``Document.zone_at`` is linear)."""

    def __init__(self, zones: Sequence[ZoneSpan]) -> None:
        self._zones = list(zones)
        self._starts = [span.start for span in self._zones]

    def __call__(self, offset: int) -> Zone:
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self._zones[i].start <= offset < self._zones[i].end:
            return self._zones[i].zone
        return "body"


def detect_zones(text: str) -> tuple[ZoneSpan, ...]:
    """Ordered, non-overlapping zone spans covering ``text`` (empty text: no spans)."""
    painter = _Painter(len(text))
    comments_from = comment_start(text)
    if comments_from is not None:
        painter.paint(comments_from, len(text), "comment")
    for start, end in boilerplate_spans(text):
        painter.paint(start, end, "boilerplate")
    from corpus.metadata import header_furniture  # metadata reads zones: imported late

    for start, end in header_furniture(text):
        painter.paint(start, end, "boilerplate")
    # Code, tables and figures are set aside like furniture: never a claim or a passage.
    for start, end in nonprose_spans(text):
        painter.paint(start, end, "boilerplate")
    for start, end in quote_spans(text):
        # Quotes only inside running body text; a quote cut by furniture stays body.
        if all(painter.zone_at(i) == "body" for i in (start, end - 1)):
            painter.paint(start, end, "quote", only="body")
    return painter.spans(text)


def comment_start(text: str) -> int | None:
    """Offset of the line where reader comments begin, if the text has a comment section."""
    # Comment markers need some article before them: a text cannot open with its comments.
    content = len(text) - len(text.lstrip())
    starts = []
    header = next((m for m in _COMMENT_START.finditer(text) if m.start() > content), None)
    if header is not None:
        starts.append(header.start())
    for m in _COMMENT_INSIDE.finditer(text):
        if header is not None and m.start() > header.start():
            break
        # A time stamp or "Report abuse" only marks comments once an article precedes it:
        # a header line "Mar 25, 2016 at 10:00 am" is the article's own date.
        block = _block_start(text, m.start())
        if _visible_chars(text, block) >= MIN_ARTICLE_CHARS:
            starts.append(block)
            break
    return min(starts, default=None)


def _visible_chars(text: str, end: int) -> int:
    return len(text[:end]) - sum(text.count(ws, 0, end) for ws in " \t\r\n\xa0")


def boilerplate_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of page furniture, each stripped of surrounding whitespace."""
    for pattern in (_FRONT_MATTER, _BOILERPLATE_LINE, _CONTACT_FOOTER, _BOILERPLATE_INLINE):
        for m in pattern.finditer(text):
            start, end = _strip(text, m.start(), m.end())
            if start < end:
                yield start, end


def quote_spans(text: str) -> Iterator[tuple[int, int]]:
    """Direct quotations of at least ``MIN_QUOTE_WORDS`` words, quote marks included."""
    for pattern in (_CURLY_QUOTE, _STRAIGHT_QUOTE):
        for m in pattern.finditer(text):
            inner = m.group()[1:-1]
            if inner.count("\n\n") > 1:
                continue  # an unmatched quote mark, not a quotation
            if len(_WORD.findall(inner)) >= MIN_QUOTE_WORDS:
                yield m.start(), m.end()


def _block_start(text: str, offset: int) -> int:
    """Start of the comment holding the marker line at ``offset``.

    A time stamp shares its paragraph with the commenter's name; a "Report abuse" line
    closes a comment, so its comment is the paragraph above it.
    """
    starts = [0] + [m.end() for m in _BLANK_LINE.finditer(text, 0, offset)]
    line_end = text.find("\n", offset)
    line = text[offset : len(text) if line_end < 0 else line_end].strip().lower()
    if line in _COMMENT_FOOTER_LINES and starts[-1] == offset and len(starts) > 1:
        return starts[-2]
    return starts[-1]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
