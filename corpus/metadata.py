"""Article metadata read from the text itself: title, publication date, author, outlet.

Only the article is read: reader comments never supply a date or an author, and a date is
taken from the header (near the title or byline) or, failing that, from a closing dateline
("London, 16 November 2015"). Dates mentioned in the body are events, not publication dates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict

from corpus.zones import ZoneLookup
from crosscheck.models import ZoneSpan

HEADER_LINES = 8  # how many non-empty lines count as the article's header
HEADER_CHARS = 5_000  # where a header must have ended
MAX_TITLE_CHARS = 200


class Metadata(BaseModel):
    """What the text (or an HTML head) says about the article; unknown fields are None."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str | None = None
    published: date | None = None
    author: str | None = None
    outlet: str | None = None

    def merged(self, fallback: Metadata) -> Metadata:
        """These values, with gaps filled from ``fallback``."""
        return Metadata(
            title=self.title or fallback.title,
            published=self.published or fallback.published,
            author=self.author or fallback.author,
            outlet=self.outlet or fallback.outlet,
        )


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_DATE = re.compile(
    rf"\b{_WEEKDAY}(?:"
    # 23 January 2015
    rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH_NAMES})\.?,?\s+(?P<y1>\d{{4}})"
    # Mar 25, 2016 / November 16, 2015
    rf"|(?P<m2>{_MONTH_NAMES})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})"  # 2015-11-16, also 2015-11-16T10:00Z
    r")(?![\d])",
    re.IGNORECASE,
)
# What may stand around a date on a line of its own: "Published:", a place, a clock time.
_DATE_PREFIX = re.compile(
    r"(?:(?:Published|Posted|Updated|Last updated|Date)(?:\s+on)?\s*:?\s*)?"
    r"(?:[A-Z][\w .'’-]{0,40},\s*)?",
    re.IGNORECASE,
)
_DATE_SUFFIX = re.compile(
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?\.?",
    re.IGNORECASE,
)
_NAME_WORD = r"(?:[A-Z][a-zà-ÿ'’]+(?:-[A-Z]?[a-zà-ÿ'’]+)?|[A-Z]\.|[A-Z][a-z]?[A-Z][a-z]+)"
_PARTICLE = r"(?:de|da|del|der|van|von|la|le|al|bin|ibn|el|du|dos)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+){{0,2}}(?:al-)?{_NAME_WORD}){{1,3}}"
_BYLINE = re.compile(
    # Case-sensitive on purpose: names are capitalised, "By the way, …" is not a byline.
    rf"^(?:Written\s+)?(?:By|BY|by)[:\s]\s*(?P<name>{_NAME}(?:\s+(?:and|&)\s+{_NAME})?)"
    r"(?:\s*(?P<sep>,|\||–|—|-|\bin\b|\bfor\b|\bon\b)\s*(?P<rest>.*))?$",
)
# What a byline's tail names when it is a job, not a publication ("By Ann Lee, Political Editor").
_ROLE_WORDS = _words(
    "editor correspondent reporter writer staff columnist contributor producer analyst "
    "chief senior deputy political foreign home economics science health"
)
# The last word of a publication's name ("Northern Wire", "The Daily Courier").
_OUTLET_WORDS = _words(
    "wire news times post gazette courier herald daily press tribune journal chronicle "
    "observer guardian telegraph mail express reuters agency bulletin review standard star "
    "independent examiner inquirer dispatch sun record weekly magazine"
)
_NAME_LINE = re.compile(rf"^{_NAME}$")
_OUTLET = re.compile(
    r"^(?:(?:Source|Via)\s*:|(?:Originally|First) published (?:in|at|by|on)\b"
    r"|(?:Republished|Reprinted) from\b)\s*(?P<outlet>[^\n]{1,80}?)[.\s]*$",
    re.IGNORECASE,
)
# Labelled header fields, as exported corpora write them ("Title: …", "Outlet: …").
_FIELD = re.compile(
    r"^(?P<label>title|headline|author|authors|byline|by|writer|outlet|publication|publisher"
    r"|newspaper|source|site|date|published|publication date|url|link|section|category|tags"
    r"|keywords)[ \t]*:[ \t]*(?P<value>\S.*)$",
    re.IGNORECASE,
)
_FIELD_KIND = {
    **dict.fromkeys(("title", "headline"), "title"),
    **dict.fromkeys(("author", "authors", "byline", "by", "writer"), "author"),
    **dict.fromkeys(
        ("outlet", "publication", "publisher", "newspaper", "source", "site"), "outlet"
    ),
    **dict.fromkeys(("date", "published", "publication date"), "date"),
}
# Words that make a capitalised line a heading or a place rather than a person's name.
_NOT_NAMES = _words(
    "the of in on for and islamic state news world politics opinion analysis update live "
    "share tweet photo comments reply home breaking report"
)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


def extract_metadata(text: str, zones: Sequence[ZoneSpan] = ()) -> Metadata:
    """Title, date, author and outlet stated in ``text``; ``zones`` mark comments to ignore."""
    lines = _article_lines(text, zones)
    header = lines[:HEADER_LINES]
    fields = _fields(header)
    found = Metadata(
        title=_clean(fields["title"]) if "title" in fields else None,
        published=parse_date(fields["date"]) if "date" in fields else None,
        author=_clean(fields["author"]) if "author" in fields else None,
        outlet=_clean(fields["outlet"]) if "outlet" in fields else None,
    )
    return found.merged(
        Metadata(
            title=_title(text, lines, zones),
            published=_header_date(header) or _dateline(lines),
            author=_author(header),
            outlet=_outlet(lines),
        )
    )


def _fields(header: Sequence[_Line]) -> dict[str, str]:
    """The header's labelled fields by kind (title, author, outlet, date): the first of each."""
    found: dict[str, str] = {}
    for line in header:
        m = _FIELD.match(line.text)
        kind = _FIELD_KIND.get(m.group("label").lower()) if m else None
        if m and kind and kind not in found:
            found[kind] = m.group("value").strip()
    return found


def parse_date(value: str) -> date | None:
    """The first complete date (day, month, year) in ``value``, or None."""
    for m in _DATE.finditer(value):
        found = _to_date(m)
        if found is not None:
            return found
    return None


# --- pieces -------------------------------------------------------------------------------


def _article_lines(text: str, zones: Sequence[ZoneSpan]) -> list[_Line]:
    """Non-empty lines outside reader comments, stripped, with their offsets."""
    zone_at = ZoneLookup(zones)
    lines: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip()
        if not stripped or zone_at(start + raw.index(stripped[0])) == "comment":
            continue
        left = start + len(raw) - len(raw.lstrip())
        lines.append(_Line(left, left + len(stripped), stripped))
    return lines


def _title(text: str, lines: list[_Line], zones: Sequence[ZoneSpan]) -> str | None:
    for line in lines[:3]:
        candidate = _cut_at_boilerplate(line, zones).strip()
        candidate = re.sub(r"^#{1,6}\s+|\s+#+$", "", candidate).strip()
        if (
            not any(ch.isalpha() for ch in candidate)
            or _is_date_line(candidate)
            or _BYLINE.match(candidate)
            or _FIELD.match(candidate)
        ):
            continue
        if ZoneLookup(zones)(line.start) == "boilerplate":
            continue
        if len(candidate) > MAX_TITLE_CHARS or _sentence_count(candidate) > 1:
            return None  # the text opens with a paragraph: it has no title line
        return _clean(candidate)
    return None


def _clean(value: str) -> str:
    """Metadata is display text: collapse nbsp and runs of whitespace."""
    return re.sub(r"\s+", " ", value).strip()


def _cut_at_boilerplate(line: _Line, zones: Sequence[ZoneSpan]) -> str:
    """The line up to glued furniture ("… foundations France Share TweetLast Friday")."""
    for span in zones:
        if span.zone == "boilerplate" and line.start < span.start < line.end:
            return line.text[: span.start - line.start]
    return line.text


def _header_date(header: list[_Line]) -> date | None:
    for line in header:
        if _is_date_line(line.text):
            return _line_date(line.text)
    return None


def _dateline(lines: list[_Line]) -> date | None:
    """A closing dateline: the article's last words are "Place, 16 November 2015"."""
    for line in reversed(lines[-4:]):
        tail = re.split(r"(?<=[.!?”\"])\s*(?=[A-Z])", line.text)[-1]
        if _is_date_line(tail):
            return _line_date(tail)
    return None


def _is_date_line(value: str) -> bool:
    return _line_date(value) is not None


def _line_date(value: str) -> date | None:
    """The date of a line that states only a date (with place, label or time around it)."""
    value = value.strip()
    for m in _DATE.finditer(value):
        if _DATE_PREFIX.fullmatch(value[: m.start()]) and _DATE_SUFFIX.fullmatch(value[m.end() :]):
            return _to_date(m)
    return None


def _author(header: list[_Line]) -> str | None:
    for line in header:
        m = _BYLINE.match(line.text)
        if m:
            return _clean(m.group("name"))
    # A bare name line under the title, next to the date line ("Paul Mitchell\n23 January 2015").
    for i, line in enumerate(header[1:], start=1):
        if not _looks_like_name(line.text) or _names_outlet(line.text):
            continue
        neighbours = header[i - 1 : i] + header[i + 1 : i + 2]
        if any(_is_date_line(n.text) for n in neighbours):
            return _clean(line.text)
    return None


def _looks_like_name(value: str) -> bool:
    if not _NAME_LINE.match(value) or len(value) > 60:
        return False
    return not any(word.lower() in _NOT_NAMES for word in value.split())


def _outlet(lines: list[_Line]) -> str | None:
    for line in lines:
        m = _OUTLET.match(line.text)
        if m:
            return _clean(m.group("outlet"))
    header = lines[:HEADER_LINES]
    for line in header:
        m = _BYLINE.match(line.text)
        rest = (m.group("rest") or "").strip(" .") if m else ""
        if m and m.group("sep") in (",", "|", "–", "—", "for") and _names_outlet(rest):
            return _clean(rest)  # "By Anna Berg, Northern Wire", "By A. Lee for The Times"
    for line in header[1:]:
        if _names_outlet(line.text) and not _BYLINE.match(line.text):
            return _clean(line.text)  # "Northern Wire" alone under the title
    return None


def _names_outlet(value: str) -> bool:
    words = value.split()
    return (
        0 < len(words) <= 5
        and all(w[:1].isupper() or w.lower() in ("of", "the", "and", "&") for w in words)
        and words[-1].lower().strip(".,") in _OUTLET_WORDS
        and not any(w.lower() in _ROLE_WORDS for w in words)
    )


def _to_date(m: re.Match[str]) -> date | None:
    try:
        if m.group("y1"):
            return date(int(m.group("y1")), _MONTHS[m.group("m1").lower()], int(m.group("d1")))
        if m.group("y2"):
            return date(int(m.group("y2")), _MONTHS[m.group("m2").lower()], int(m.group("d2")))
        return date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
    except (ValueError, KeyError):
        return None  # "31 February": not a date


def _sentence_count(value: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", value))


def header_furniture(text: str) -> list[tuple[int, int]]:
    """Spans of the header's byline, date and publication lines ("By Anna Berg, Northern
    Wire", "3 March 2024", "The Daily Courier"): metadata, never a claim or a passage. The
    title line stays text (a headline is a claim)."""
    # The header is at the top: a prefix keeps this constant-time on a long text.
    header = _article_lines(text[:HEADER_CHARS], ())[:HEADER_LINES]
    out = []
    for line in header:
        m = _FIELD.match(line.text)
        if m is None:
            continue
        if _FIELD_KIND.get(m.group("label").lower()) == "title":
            # The label is furniture; the headline itself stays text (a headline is a claim).
            out.append((line.start, line.start + m.start("value")))
        else:
            out.append((line.start, line.end))
    for i, line in enumerate(header[1:], start=1):
        if _FIELD.match(line.text):
            continue  # a labelled field: above
        name_by_date = _looks_like_name(line.text) and any(
            _is_date_line(n.text) for n in header[i - 1 : i] + header[i + 1 : i + 2]
        )
        if (
            _BYLINE.match(line.text)
            or _is_date_line(line.text)
            or _names_outlet(line.text)
            or name_by_date
        ):
            out.append((line.start, line.end))
    return out
