"""Numbers in text as intervals: modifiers, ranges, number words, vague amounts, units.

Bands (stated here because verdicts depend on them):

* exact "89" -> [89, 89]; "at least 129", "130 or more" -> [129, None); "over 300",
  "more than 250,000" -> (300, None); "up to 200", "no more than" -> [0, 200];
  "fewer than", "less than", "under" -> [0, N).
* "roughly/about/around/some/approximately/an estimated/N or so" -> [0.9N, 1.1N];
  "nearly/almost/close to/just under" -> [0.9N, N).
* "hundreds" [200, 1000), "thousands" [2000, 10000), "tens of thousands" [20000, 100000),
  "hundreds of thousands" [200000, 1e6), "millions" [2e6, 1e9), "dozens" [24, 100).
* Years, dates, times, ages, ordinals, phone numbers and IDs ("M16", "#3", "F-16", "G20")
  are not quantities. A parenthesised conversion ("1000-mile (1,600km)") is merged into the
  first measure, never a second quantity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from claims.number_words import NUMBER_WORDS, SCALES, find_number_words
from claims.referents import referent_from_doc, referent_from_text
from claims.units import UnitMatch, currency_before, dimension, unit_after
from crosscheck.models import Quantity

APPROX_BAND = 0.10  # "about N" means within 10% of N
NEARLY_BAND = 0.10  # "nearly N" means [0.9N, N)

_SP = r"[ \t\xa0]"
_DIGITS = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_SCALE_AFTER = re.compile(
    rf"(?:{_SP}?(thousand|million|billion|trillion|bn|mn)|(m|k))(?![\w²])", re.IGNORECASE
)
_SCALE_VALUES = {**SCALES, "bn": 10**9, "mn": 10**6, "m": 10**6, "k": 10**3}
_VAGUE = re.compile(
    rf"\b(?:(tens|hundreds){_SP}+of{_SP}+(thousands|millions|billions)"
    r"|(dozens|hundreds|thousands|millions|billions))\b",
    re.IGNORECASE,
)
_VAGUE_SCALE = {
    "dozens": 12,
    "hundreds": 100,
    "thousands": 10**3,
    "millions": 10**6,
    "billions": 10**9,
    "tens": 10,
}
_FRACTION = re.compile(
    rf"\b(half|a{_SP}+third|a{_SP}+quarter|two[ -]thirds|three[ -]quarters)"
    rf"(?={_SP}+(?:of{_SP}+)?(?:the|its|their|his|her|our|all|those|these)\b)",
    re.IGNORECASE,
)
_FRACTION_VALUES = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "thirds": 2 / 3, "quarters": 0.75}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH_BEFORE = re.compile(rf"\b{_MONTH}\.?{_SP}+(?:the{_SP}+)?$", re.IGNORECASE)
_WEEKDAY_BEFORE = re.compile(rf"\b{_WEEKDAY},?{_SP}+(?:the{_SP}+)?$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?,?{_SP}*(?:of{_SP}+)?{_MONTH}\b", re.IGNORECASE)
_TIME_AFTER = re.compile(
    rf"^(?::\d\d|{_SP}?(?:a\.?m\b\.?|p\.?m\b\.?|o['’]clock|h\d\d|GMT|BST|CET|EST|UTC)"
    rf"|{_SP}?hrs\b)",
    re.IGNORECASE,
)
_AGE_BEFORE = re.compile(
    rf"\b(?:aged|age|ages){_SP}+(?:of{_SP}+)?(?:between{_SP}+|about{_SP}+|around{_SP}+)?$",
    re.IGNORECASE,
)
_AGE_AFTER = re.compile(rf"^(?:-|{_SP})years?(?:-|{_SP})old\b", re.IGNORECASE)
_LABEL_BEFORE = re.compile(
    rf"(?:\b(?:no|nos|number|chapter|page|pp?|room|flight|section|article|ext|tel|phone|fax"
    r"|vol|volume|issue|episode|season|version|level|grade|act|part|paragraph|item|route"
    r"|highway|bus|platform|gate|seat|row|table|figure|fig|step|stage|comment|question"
    rf"|resolution|line|unit|code|ref|reference|id)\.?|#){_SP}*$",
    re.IGNORECASE,
)
#: A number ending a range ("zero to one people", "0-1"): the range's end, not a lone "one".
_RANGE_END_BEFORE = re.compile(
    rf"(?:\d|\b(?:{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})){_SP}*(?:to|-|–){_SP}*$",
    re.I,
)
_CLOCK_BEFORE = re.compile(rf"\b(?:at|after|before|until|till|past){_SP}+$", re.I)
_CLOCK_AFTER = re.compile(
    rf"(?:{_SP}*[^\w\s]|{_SP}*$|{_SP}+(?:in|on|at|this|last|that|when|the|tonight|tomorrow)\b)",
    re.I,
)
_DEFINITE_BEFORE = re.compile(rf"\b(?:the|these|those|both|its|their|our|his|her){_SP}+$", re.I)
_PHONE = re.compile(
    r"(?:\+\d{1,3}[ \xa0.-]?)?(?:\(\d{2,5}\)[ \xa0.-]?)?\d{2,5}(?:[ \xa0.-]\d{2,5}){2,}"
)

# Modifiers before a number; matched case-insensitively, longest first.
_LOW_INCLUSIVE = (
    "at least",
    "no fewer than",
    "no less than",
    "not less than",
    "not fewer than",
    "a minimum of",
    "at the very least",
)
_LOW_EXCLUSIVE = (
    "more than",
    "over",
    "above",
    "in excess of",
    "upwards of",
    "greater than",
    "exceeding",
    "well over",
    "well above",
    "just over",
    "far more than",
    "significantly more than",
    "considerably more than",
    "many more than",
    "much more than",
    "well in excess of",
)
_HIGH_INCLUSIVE = (
    "up to",
    "as many as",
    "a maximum of",
    "no more than",
    "at most",
    "not more than",
    "as much as",
)
_HIGH_EXCLUSIVE = ("fewer than", "less than", "under", "below")
_APPROX = (
    "roughly",
    "about",
    "around",
    "some",
    "approximately",
    "approx.",
    "approx",
    "circa",
    "an estimated",
    "estimated",
    "an approximate",
    "more or less",
    "in the region of",
    "round about",
    "somewhere around",
)
_NEARLY = ("nearly", "almost", "just under", "close to", "just shy of", "not quite", "just below")
_MODIFIERS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [(p, "low_incl") for p in _LOW_INCLUSIVE]
        + [(p, "low_excl") for p in _LOW_EXCLUSIVE]
        + [(p, "high_incl") for p in _HIGH_INCLUSIVE]
        + [(p, "high_excl") for p in _HIGH_EXCLUSIVE]
        + [(p, "approx") for p in _APPROX]
        + [(p, "nearly") for p in _NEARLY],
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
)
_POST = re.compile(
    rf"(?:{_SP}+or{_SP}+(more|over|above|higher|greater|fewer|less|under|below|so)\b"
    r"|(-plus\b|\+|-odd\b))",
    re.IGNORECASE,
)
_RANGE_JOIN = re.compile(rf"{_SP}*(?:to|-|–|—|and){_SP}*", re.IGNORECASE)
_RANGE_START = re.compile(rf"{_SP}*(?:to|-|–){_SP}*(?:\d|[a-z]+(?:teen|ty)?\b)", re.I)
_COUNT_NOUN = re.compile(rf"^{_SP}+(?:[a-z]+s|people|men|women|children|police|personnel)\b")
_NOT_PLURAL_NOUNS = frozenset(
    ["was", "is", "has", "as", "its", "this", "his", "thus", "us", "always", "perhaps"]
)
_YEAR_PREPOSITIONS = re.compile(
    rf"\b(?:in|since|of|from|until|till|by|during|before|after|the|its|their|early|late|mid"
    rf"|spring|summer|autumn|winter|fall|year|and|or|to){_SP}*-?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Core:
    """A bare number found in text, before modifiers and units are read."""

    start: int
    end: int
    value: float
    kind: str  # digits | words | vague | fraction
    band: tuple[float, float] | None = None
    scaled: bool = False
    plain_digits: str = ""


def parse_quantities(text: str, *, offset: int = 0, doc: Any = None) -> list[Quantity]:
    """Every quantity in ``text`` as an interval; offsets are ``offset`` + index in ``text``.

    ``doc`` is an optional spaCy Doc of exactly ``text``: with a dependency parse it names
    referents; without one a word-pattern fallback does. Never raises on odd input.
    """
    try:
        return _parse(text, offset, doc)
    except (ValueError, IndexError, OverflowError, ArithmeticError):
        # Quantities are a bonus on a claim: a pathological string must not sink extraction.
        return []


def _parse(text: str, offset: int, doc: Any) -> list[Quantity]:
    phones = [(m.start(), m.end()) for m in _PHONE.finditer(text)]
    cores = sorted(_find_cores(text), key=lambda c: (c.start, -c.end))
    results: list[tuple[Quantity, str | None]] = []
    skip_until = -1
    for index, core in enumerate(cores):
        if core.start < skip_until:
            continue
        if any(s <= core.start < e for s, e in phones) or _excluded(text, core):
            continue
        built = _build(text, core, cores[index + 1 :])
        if built is None:
            continue
        quantity, consumed_end, partitive = built
        skip_until = consumed_end
        results.append((quantity, partitive))
    quantities = _resolve_referents(text, results, doc)
    return [
        q.model_copy(update={"start": q.start + offset, "end": q.end + offset})
        if q.start is not None and q.end is not None
        else q
        for q in quantities
    ]


# --- finding numbers ----------------------------------------------------------------------


def _find_cores(text: str) -> list[_Core]:
    cores: list[_Core] = []
    for m in _DIGITS.finditer(text):
        raw = m.group(0)
        value = float(raw.replace(",", ""))
        end = m.end()
        scaled = False
        scale = _SCALE_AFTER.match(text, end)
        if scale:
            word = (scale.group(1) or scale.group(2) or "").lower()
            # "300m" is metres unless money: a glued m/k scales only a currency amount.
            if scale.group(1) or currency_before(text, m.start()) is not None:
                value *= _SCALE_VALUES[word]
                end = scale.end()
                scaled = True
        cores.append(_Core(m.start(), end, value, "digits", scaled=scaled, plain_digits=raw))
    for w in find_number_words(text):
        cores.append(_Core(w.start, w.end, float(w.value), "words", scaled=w.value >= 1000))
    for m in _VAGUE.finditer(text):
        if m.group(3):
            base = _VAGUE_SCALE[m.group(3).lower()]
        else:
            base = _VAGUE_SCALE[m.group(1).lower()] * _VAGUE_SCALE[m.group(2).lower()]
        cores.append(
            _Core(m.start(), m.end(), float(base), "vague", band=(2.0 * base, base * 10.0))
        )
    for m in _FRACTION.finditer(text):
        last = re.split(r"[ \-\xa0]+", m.group(1).lower())[-1]
        cores.append(_Core(m.start(), m.end(), _FRACTION_VALUES[last], "fraction"))
    # Word numbers inside a vague amount ("tens of thousands") belong to it.
    vague = [(c.start, c.end) for c in cores if c.kind == "vague"]
    return [c for c in cores if c.kind == "vague" or not any(s <= c.start < e for s, e in vague)]


def _excluded(text: str, core: _Core) -> bool:
    """True for years, dates, times, ages, ordinals, IDs: numbers that count nothing."""
    if core.kind in ("vague", "fraction"):
        return False
    before = text[max(0, core.start - 40) : core.start]
    after = text[core.end : core.end + 40]
    if core.kind == "words":
        lone = (
            core.value in (0, 1)
            and not core.scaled
            and not _RANGE_START.match(after)
            and not _RANGE_END_BEFORE.search(before)
        )
        if lone and not _modifier_before(text, core.start) and unit_after(text, core.end) is None:
            return True  # "one of the cars", "one leader after another"
        if core.value <= 12 and _CLOCK_BEFORE.search(before) and _CLOCK_AFTER.match(after):
            return True  # "shortly after nine.", "at seven in the evening": a time of day
        # "the two countries": a reference back to things already counted, not a count.
        return core.value <= 10 and bool(_DEFINITE_BEFORE.search(before))
    prev = text[core.start - 1] if core.start else ""
    if prev and (prev.isalpha() or prev in "#@/:" or (prev == "-" and before[-2:-1].isalpha())):
        return True  # M16, F-16, G20, #3, 9/11 (second part), 7:12
    nxt = text[core.end] if core.end < len(text) else ""
    if nxt.isalpha() and unit_after(text, core.end) is None:
        return True  # 3rd, 13th, 1970s, 4G
    if nxt and nxt in "/:" and text[core.end + 1 : core.end + 2].isdigit():
        return True  # 9/11, 24/7, 7:12
    if re.match(r"^-\d\d(?:-\d\d)?\b", after) and len(core.plain_digits) == 4:
        return True  # 2016-03-28
    if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after) or _WEEKDAY_BEFORE.search(before):
        return True
    if _TIME_AFTER.match(after) or _AGE_BEFORE.search(before) or _AGE_AFTER.match(after):
        return True
    if _LABEL_BEFORE.search(before):
        return True
    return _is_year(text, core, before, after)


def _is_year(text: str, core: _Core, before: str, after: str) -> bool:
    digits = core.plain_digits
    if not (len(digits) == 4 and digits.isdigit() and 1000 <= int(digits) <= 2100):
        return False
    if core.scaled or _modifier_before(text, core.start) or currency_before(text, core.start):
        return False
    if unit_after(text, core.end) is not None and not after.startswith((" year", "\xa0year")):
        return False
    noun = _COUNT_NOUN.match(after)
    if noun and noun.group(0).strip() not in _NOT_PLURAL_NOUNS:
        # "2000 people" counts; "the 2014 elections" is a year used as a modifier.
        return bool(_YEAR_PREPOSITIONS.search(before))
    return True


def _modifier_before(text: str, pos: int) -> tuple[str, int] | None:
    """The interval modifier ending just before ``pos`` (after optional space), and its start."""
    window = text[max(0, pos - 40) : pos]
    stripped = window.rstrip(" \t\xa0")
    if len(stripped) == len(window):
        return None  # "over300" is not "over 300"
    lowered = stripped.lower()
    for phrase, kind in _MODIFIERS:
        if lowered.endswith(phrase):
            start = len(lowered) - len(phrase)
            if start > 0 and (lowered[start - 1].isalnum() or lowered[start - 1] == "-"):
                continue
            return kind, max(0, pos - 40) + start
    return None


# --- building intervals ---------------------------------------------------------------------


def _build(
    text: str, core: _Core, following: list[_Core]
) -> tuple[Quantity, int, str | None] | None:
    start, end = core.start, core.end
    unit: UnitMatch | None = None
    currency = currency_before(text, core.start) if core.kind == "digits" else None
    if currency is not None:
        start = currency.start
    low: float | None
    high: float | None
    low_incl = high_incl = True
    if core.band is not None:
        low, high = core.band
        high_incl = False
    else:
        low = high = core.value
    # Ranges: "20 to 30", "20-30", "between 20 and 30", "2 to 3 million".
    second = _range_partner(text, core, following)
    if second is not None:
        partner, join_end = second
        low_value = core.value
        if partner.scaled and not core.scaled and core.value < partner.value:
            low_value = core.value * (partner.value / _unscaled(partner))
        if low_value <= partner.value:
            low, high = low_value, partner.value
            end = partner.end
            if text[core.end : join_end].strip().lower() == "and":
                start = text.rfind("between", 0, core.start)
    unit = unit_after(text, end)
    if unit is not None:
        end = unit.end
    if currency is not None and unit is None:
        unit = currency
    # Modifiers change the interval of a single number, not of a range.
    kind: str | None = None
    if low == high:
        modifier = _modifier_before(text, start)
        post = _POST.match(text, end)
        if modifier is not None:
            kind, start = modifier
        elif post is not None:
            word = (post.group(1) or post.group(2)).lower()
            kind = {"so": "approx", "-odd": "approx"}.get(word)
            if kind is None:
                kind = "high_incl" if word in ("fewer", "less", "under", "below") else "low_incl"
            end = post.end()
            after_post = unit_after(text, end)
            if unit is None and after_post is not None:
                unit, end = after_post, after_post.end
    if kind is not None and low is not None:
        value = low
        if kind == "low_incl":
            high = None
        elif kind == "low_excl":
            high, low_incl = None, False
        elif kind == "high_incl":
            low = 0.0
        elif kind == "high_excl":
            low, high_incl = 0.0, False
        elif kind == "approx":
            low, high = _round(value * (1 - APPROX_BAND)), _round(value * (1 + APPROX_BAND))
        elif kind == "nearly":
            low, high_incl = _round(value * (1 - NEARLY_BAND)), False
    if core.kind == "fraction":
        unit_code: str | None = "fraction"
    else:
        unit_code = unit.unit if unit is not None else None
    consumed = end
    conversion = _conversion(text, end, unit_code)
    if conversion is not None:
        end = consumed = conversion
    partitive = _partitive(text, end)
    quantity = Quantity(
        text=text[start:end],
        low=low,
        high=high,
        unit=unit_code,
        low_inclusive=low_incl,
        high_inclusive=high_incl,
        start=start,
        end=end,
    )
    return quantity, consumed, partitive


def _unscaled(core: _Core) -> float:
    return float(core.plain_digits.replace(",", "")) if core.plain_digits else core.value


_TALLY_BEFORE = re.compile(r"\b(?:vot(?:e|ed|es|ing)(?:\s+of)?|won|lost|beat|defeated|drew)\s+$")


def _range_partner(text: str, core: _Core, following: list[_Core]) -> tuple[_Core, int] | None:
    if core.kind not in ("digits", "words") or not following:
        return None
    join = _RANGE_JOIN.match(text, core.end)
    if join is None:
        return None
    partner = next((c for c in following if c.start == join.end()), None)
    if partner is None or partner.kind not in ("digits", "words") or _excluded(text, partner):
        return None
    word = join.group(0).strip().lower()
    before = text[max(0, core.start - 12) : core.start].lower()
    if word == "and" and not re.search(r"between\s+$", before):
        return None
    if word == "to" and re.search(r"\bfrom\s+$", before):
        return None  # "rose from 20 to 30" is a change, not a range
    if word in ("to", "-", "–") and _TALLY_BEFORE.search(before):
        return None  # "voted 2 to 7", "won 3-1": a tally of two counts, not a range
    return partner, join.end()


def _conversion(text: str, end: int, unit: str | None) -> int | None:
    """End of a parenthesised conversion of the same measure: "1000-mile (1,600km)"."""
    dim = dimension(unit)
    if dim is None:
        return None
    m = re.match(r"[ \xa0]*\([ \xa0]*(?:c\.|about|approx\.?|some)?[ \xa0]*", text[end:])
    if m is None:
        return None
    inner = end + m.end()
    currency = currency_before(text, inner + 1) if inner < len(text) else None
    number = _DIGITS.match(text, inner + (1 if currency else 0))
    if number is None:
        return None
    scale = _SCALE_AFTER.match(text, number.end())
    stop = scale.end() if scale else number.end()
    other = unit_after(text, stop)
    other_unit = other.unit if other is not None else (currency.unit if currency else None)
    if dimension(other_unit) != dim:
        return None
    stop = other.end if other is not None else stop
    close = re.match(r"[ \xa0]*\)", text[stop:])
    return stop + close.end() if close else None


def _partitive(text: str, end: int) -> str | None:
    """ "30 of them" / "20 of the 60": what the number is a part of."""
    m = re.match(rf"{_SP}+of{_SP}+(them|those|these|the{_SP}+\d)", text[end:], re.IGNORECASE)
    if m is None:
        return None
    return "previous" if m.group(1).lower() in ("them", "those", "these") else "next"


def _resolve_referents(
    text: str, results: list[tuple[Quantity, str | None]], doc: Any
) -> list[Quantity]:
    referents: list[str | None] = []
    for quantity, _ in results:
        start, end = quantity.start or 0, quantity.end or 0
        measured = quantity.unit not in (None, "percent", "fraction")
        if measured and not re.match(rf"{_SP}+of{_SP}", text[end : end + 5]):
            referents.append(None)  # "eight years trying": a duration counts nothing
            continue
        referent = referent_from_doc(doc, start, end) if doc is not None else None
        if referent is None:
            referent = referent_from_text(text, start, end)
        referents.append(referent)
    for i, (_, partitive) in enumerate(results):
        if partitive == "previous" and i > 0:
            referents[i] = referents[i - 1]
        elif partitive == "next" and i + 1 < len(results):
            referents[i] = referents[i + 1]
    return [
        q.model_copy(update={"referent": r}) for (q, _), r in zip(results, referents, strict=True)
    ]


def _round(value: float) -> float:
    return round(value, 6)
