"""Relative dates anchored to the article's date: "last Friday" -> "13 November 2015"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from claims.number_words import words_to_int

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MON = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december)"
)
_PART = r"(?:[ \xa0]+(morning|afternoon|evening|night))?"
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:of|in|on|since|until|till|by|during|for|from|before|after|throughout|to|than)"
    r"[ \xa0]+$",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|won['’]t|going to|is to|are to|plans? to|expected to|scheduled|due to)\b"
    r"|['’]ll\b",
    re.IGNORECASE,
)
_AGO_UNITS = {"day": 1, "week": 7}

_PATTERNS = re.compile(
    "|".join(
        [
            rf"(?P<rel>\b(?:last|this past|this coming|this|next)[ \xa0]+(?P<rel_wd>{_WD}){_PART})",
            rf"(?P<on>\b(?P<on_prep>on|by|since|until)[ \xa0]+(?P<on_wd>{_WD}){_PART})"
            rf"(?![ \xa0,]+(?:the[ \xa0]+)?\d)",
            rf"(?P<poss>\b(?P<poss_wd>{_WD})['’]s\b)",
            r"(?P<day>\b(?:yesterday|today|tomorrow|tonight|last[ \xa0]+night"
            r"|this[ \xa0]+(?:morning|afternoon|evening))\b)",
            r"(?P<period>\b(?:(?P<period_mod>earlier|later)[ \xa0]+)?(?P<period_rel>last|this|next)"
            r"[ \xa0]+(?P<period_unit>week|month|year)\b)",
            r"(?P<ago>\b(?P<ago_n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten"
            r"|eleven|twelve)[ \xa0]+(?P<ago_unit>day|week|month|year)s?[ \xa0]+ago\b)",
            rf"(?P<dm>\b(?P<dm_day>\d{{1,2}})(?:st|nd|rd|th)?[ \xa0]+(?:of[ \xa0]+)?"
            rf"(?P<dm_mon>{_MON})\b(?!,?[ \xa0]+\d{{4}}))",
            rf"(?P<md>\b(?P<md_mon>{_MON})[ \xa0]+(?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?\b"
            rf"(?!,?[ \xa0]+\d{{4}})(?![\d/:]))",
            rf"(?P<mon>\b(?P<mon_prep>in|since|until|by|early|late|mid-|of)[ \xa0]+"
            rf"(?P<mon_name>{_MON})\b(?![ \xa0,]*\d))",
        ]
    ),
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AnchoredDate:
    """A relative expression found in text and the absolute date it stands for."""

    start: int
    end: int
    original: str
    replacement: str
    day: date | None


def format_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1].capitalize()} {day.year}"


def _weekday_date(published: date, weekday: str, *, future: bool, strict: bool) -> date:
    target = WEEKDAYS.index(weekday.lower())
    if future:
        delta = (target - published.weekday()) % 7 or 7
        return published + timedelta(days=delta)
    delta = (published.weekday() - target) % 7
    if delta == 0 and strict:
        delta = 7  # "last Monday" in a Monday article is a week ago
    return published - timedelta(days=delta)


def _month_year(published: date, month: int, day: int | None, *, future: bool) -> int:
    """The year of a day/month given without one: the nearest such date in the right tense."""
    year = published.year
    try:
        candidate = date(year, month, day or 1)
    except ValueError:
        return year
    if not future and candidate > published + timedelta(days=7):
        return year - 1
    if future and candidate < published - timedelta(days=7):
        return year + 1
    return year


def find_relative_dates(text: str, published: date | None) -> list[AnchoredDate]:
    """Every relative or year-less date in ``text`` with its anchored rendering."""
    if published is None:
        return []
    found: list[AnchoredDate] = []
    for m in _PATTERNS.finditer(text):
        # Tense is read near the expression: "said Friday's attacks ... will seek" is past.
        future = bool(_FUTURE.search(text[max(0, m.start() - 40) : m.end() + 25]))
        anchored = _anchor(text, m, published, future)
        if anchored is not None:
            found.append(anchored)
    return found


def _anchor(text: str, m: re.Match[str], published: date, future: bool) -> AnchoredDate | None:
    groups = m.groupdict()
    original = m.group(0)
    before = text[max(0, m.start() - 30) : m.start()]
    after_preposition = bool(_PREPOSITION_BEFORE.search(before))
    day: date | None = None
    if groups.get("rel"):
        rel = original.lower().split()[0]
        is_future = rel == "next" or "coming" in original.lower() or (rel == "this" and future)
        day = _weekday_date(published, groups["rel_wd"], future=is_future, strict=rel == "last")
        rendered = _with_part(format_date(day), _part_of(original))
        replacement = rendered if after_preposition else f"on {rendered}"
    elif groups.get("on"):
        prep = groups["on_prep"]
        day = _weekday_date(published, groups["on_wd"], future=future, strict=False)
        replacement = f"{prep} {_with_part(format_date(day), _part_of(original))}"
    elif groups.get("poss"):
        day = _weekday_date(published, groups["poss_wd"], future=False, strict=False)
        # "Friday's attacks" -> "the 13 November 2015 attacks"
        article = "" if re.search(r"\bthe[ \xa0]+$", before, re.IGNORECASE) else "the "
        replacement = f"{article}{format_date(day)}"
    elif groups.get("day"):
        word = re.sub(r"[ \xa0]+", " ", original.lower())
        offset = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(word, 0)
        day = published + timedelta(days=offset)
        part = "night" if word in ("tonight", "last night") else _part_of(original)
        rendered = _with_part(format_date(day), part)
        replacement = rendered if after_preposition else f"on {rendered}"
    elif groups.get("period"):
        replacement = _period(published, groups, after_preposition)
    elif groups.get("ago"):
        replacement, day = _ago(published, groups)
    elif groups.get("dm") or groups.get("md"):
        month = MONTHS.index((groups.get("dm_mon") or groups.get("md_mon") or "").lower()) + 1
        day_num = int(groups.get("dm_day") or groups.get("md_day") or 0)
        if not 1 <= day_num <= 31:
            return None
        year = _month_year(published, month, day_num, future=future)
        replacement = f"{original} {year}" if groups.get("dm") else f"{original}, {year}"
        try:
            day = date(year, month, day_num)
        except ValueError:
            day = None
    elif groups.get("mon"):
        month = MONTHS.index(groups["mon_name"].lower()) + 1
        year = _month_year(published, month, None, future=future)
        replacement = f"{original} {year}"
    else:
        return None
    sentence_start = not before.strip() or before.rstrip()[-1] in '.!?“"‘('
    if sentence_start and not replacement[:1].isupper():
        replacement = replacement[:1].upper() + replacement[1:]
    return AnchoredDate(m.start(), m.end(), original, replacement, day)


def _part_of(original: str) -> str | None:
    m = re.search(r"(morning|afternoon|evening|night)$", original, re.IGNORECASE)
    return m.group(1).lower() if m else None


def _with_part(rendered: str, part: str | None) -> str:
    return f"the {part} of {rendered}" if part else rendered


def _period(published: date, groups: dict[str, str | None], after_preposition: bool) -> str:
    unit = (groups.get("period_unit") or "").lower()
    rel = (groups.get("period_rel") or "").lower()
    modifier = groups.get("period_mod")
    step = {"last": -1, "this": 0, "next": 1}[rel]
    if unit == "year":
        text = str(published.year + step)
    elif unit == "month":
        month_index = published.month - 1 + step
        year = published.year + month_index // 12
        text = f"{MONTHS[month_index % 12].capitalize()} {year}"
    else:
        text = f"the week of {format_date(published + timedelta(days=7 * step))}"
    if modifier:
        return f"{modifier.lower()} in {text}"
    return text if after_preposition else f"in {text}"


def _ago(published: date, groups: dict[str, str | None]) -> tuple[str, date | None]:
    raw = (groups.get("ago_n") or "").lower()
    count = 1 if raw in ("a", "an") else (int(raw) if raw.isdigit() else words_to_int(raw) or 1)
    unit = (groups.get("ago_unit") or "").lower()
    if unit in _AGO_UNITS:
        day = published - timedelta(days=count * _AGO_UNITS[unit])
        prefix = "on" if unit == "day" else "around"
        return f"{prefix} {format_date(day)}", day
    if unit == "month":
        index = published.month - 1 - count
        return f"in {MONTHS[index % 12].capitalize()} {published.year + index // 12}", None
    return f"in {published.year - count}", None


def anchor_dates(text: str, published: date | None) -> str:
    """``text`` with each relative or year-less date replaced by its anchored form."""
    pieces: list[str] = []
    position = 0
    for anchored in find_relative_dates(text, published):
        pieces.append(text[position : anchored.start])
        pieces.append(anchored.replacement)
        position = anchored.end
    pieces.append(text[position:])
    return "".join(pieces)
