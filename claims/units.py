"""Units after (or currencies before) a number, named by short canonical codes.

The catalogue of unit words comes from quantulum3's ``units.json`` (read directly: its parser
misreads dates and IDs as measures, and its unit classifier does not unpickle with the installed
scikit-learn). Own aliases add metric prefixes, newsroom spellings and glued symbols.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Canonical codes for the units news text uses most; other quantulum units keep their name.
_CANONICAL = {
    "percentage": "percent",
    "kilometre": "km",
    "square kilometre": "km2",
    "mile": "mile",
    "square mile": "mile2",
    "metre": "m",
    "square metre": "m2",
    "centimetre": "cm",
    "foot": "ft",
    "yard": "yard",
    "dollar": "USD",
    "united states dollar": "USD",
    "pound sterling": "GBP",
    "euro": "EUR",
    "japanese yen": "JPY",
    "swiss franc": "CHF",
    "russian ruble": "RUB",
    "chinese yuan": "CNY",
    "indian rupee": "INR",
    "canadian dollar": "CAD",
    "australian dollar": "AUD",
    "second": "second",
    "minute": "minute",
    "hour": "hour",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
    "decade": "decade",
    "century": "century",
    "millennium": "millennium",
    "kilogram": "kg",
    "tonne": "tonne",
    "short ton": "ton",
    "hectare": "ha",
    "acre": "acre",
    "barrel": "barrel",
    "litre": "l",
}
# Measures worth reading as units; the rest (typography, radiation...) are noise in news.
_ENTITIES = frozenset(
    {"length", "area", "volume", "mass", "time", "currency", "speed", "energy", "power"}
)
# Catalogue words that are mostly ordinary English words after a number.
_NOT_UNITS = frozenset(
    {
        "span",
        "quarter",
        "real",
        "won",
        "rand",
        "shake",
        "mill",
        "league",
        "ell",
        "dime",
        "penny",
        "cent",
        "centavo",
        "cubit",
        "twip",
        "barn",
        "bushel",
        "carat",
        "quintal",
        "pound",
        "pounds",
        "grand",
        "franc",
        "francs",
        "ton",
        "tons",
        "lustrum",
        "fortnight",
    }
)
# Own aliases, longest first when matched; case-insensitive, word-bounded.
_ALIASES = {
    "per cent": "percent",
    "percent": "percent",
    "pc": "percent",
    "%": "percent",
    "square kilometres": "km2",
    "square kilometers": "km2",
    "square kilometre": "km2",
    "square kilometer": "km2",
    "sq km": "km2",
    "km2": "km2",
    "km²": "km2",
    "square miles": "mile2",
    "square mile": "mile2",
    "sq mi": "mile2",
    "kilometres": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometer": "km",
    "km": "km",
    "kms": "km",
    "miles": "mile",
    "mile": "mile",
    "metres": "m",
    "meters": "m",
    "metre": "m",
    "meter": "m",
    "kilograms": "kg",
    "kilos": "kg",
    "kg": "kg",
    "tonnes": "tonne",
    "tons": "ton",
    "hectares": "ha",
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "sterling": "GBP",
    "years": "year",
    "year": "year",
    "months": "month",
    "month": "month",
    "weeks": "week",
    "week": "week",
    "days": "day",
    "day": "day",
    "hours": "hour",
    "hour": "hour",
    "minutes": "minute",
    "minute": "minute",
    "decades": "decade",
    "centuries": "century",
    "century": "century",
    "mph": "mph",
    "km/h": "km/h",
}
_CURRENCY_SYMBOLS = {"US$": "USD", "$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR"}
CURRENCY_BEFORE = re.compile(r"(US\$|\$|£|€|¥|₹)[ \xa0]?$")


@dataclass(frozen=True)
class UnitMatch:
    """A unit found in text: its canonical code and the character span of its surface."""

    unit: str
    start: int
    end: int


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word == "foot":
        return "feet"
    return word + "s"


@lru_cache(maxsize=1)
def unit_surfaces() -> dict[str, str]:
    """Lower-cased unit words (singular and plural) to canonical unit codes."""
    surfaces: dict[str, str] = {}
    try:
        raw = resources.files("quantulum3").joinpath("units.json").read_text(encoding="utf-8")
        catalogue = json.loads(raw)
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):
        catalogue = {}  # the aliases alone still cover the common units
    for name, spec in catalogue.items():
        if not isinstance(spec, dict) or spec.get("entity") not in _ENTITIES:
            continue
        code = _CANONICAL.get(name, name)
        for surface in spec.get("surfaces", []):
            word = surface.lower()
            if len(word) < 3 or word in _NOT_UNITS:
                continue
            surfaces.setdefault(word, code)
            if _plural(word) not in _NOT_UNITS:
                surfaces.setdefault(_plural(word), code)
    surfaces.update(_ALIASES)
    return surfaces


@lru_cache(maxsize=1)
def _unit_pattern() -> re.Pattern[str]:
    words = sorted(unit_surfaces(), key=len, reverse=True)
    alternation = "|".join(re.escape(w).replace(r"\ ", r"[ \xa0]+") for w in words)
    # Units follow a number directly, after a space, or after a hyphen ("1000-mile").
    return re.compile(rf"(?:[ \xa0]|-)?({alternation})(?![\w²])", re.IGNORECASE)


def unit_after(text: str, pos: int) -> UnitMatch | None:
    """The unit starting at ``pos`` (just after a number), if any."""
    m = _unit_pattern().match(text, pos)
    if m is None:
        return None
    surface = m.group(1)
    # "%" and "km2" have no word boundary to check; a lone "pc" must be lower case.
    if surface == "PC":
        return None
    code = unit_surfaces().get(re.sub(r"[ \xa0]+", " ", surface.lower()))
    if code is None:
        return None
    return UnitMatch(unit=code, start=m.start(1), end=m.end(1))


def currency_before(text: str, pos: int) -> UnitMatch | None:
    """A currency symbol ending at ``pos`` (just before a number), if any."""
    m = CURRENCY_BEFORE.search(text, max(0, pos - 4), pos)
    if m is None:
        return None
    return UnitMatch(unit=_CURRENCY_SYMBOLS[m.group(1)], start=m.start(1), end=m.end(1))


_DIMENSIONS = {
    "length": {"km", "mile", "m", "cm", "ft", "yard"},
    "area": {"km2", "mile2", "m2", "ha", "acre"},
    "mass": {"kg", "tonne", "ton"},
    "currency": {"USD", "GBP", "EUR", "JPY", "CHF", "RUB", "CNY", "INR", "CAD", "AUD"},
    "time": {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"},
}


def dimension(unit: str | None) -> str | None:
    """The physical dimension of a canonical unit code ("km" -> "length"), if known."""
    if unit is None:
        return None
    return next((name for name, units in _DIMENSIONS.items() if unit in units), None)
