"""English number words ("one hundred and twenty-nine") as values with character spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "quadrillion": 10**15,
}
_WORDS = {**_SMALL, **_TENS, "hundred": 100, **SCALES}
#: Every word a number can be written with.
NUMBER_WORDS = frozenset(_WORDS)

_WORD_ALT = "|".join(sorted(_WORDS, key=len, reverse=True))
# A run of number words and the connectors num2words and newspapers put between them.
_RUN = re.compile(
    rf"\b(?:{_WORD_ALT})\b(?:(?:[ \t\xa0]+and[ \t\xa0]+|[ \t\xa0]*,[ \t\xa0]*|[ \t\xa0]+|-)"
    rf"(?:{_WORD_ALT})\b)*",
    re.IGNORECASE,
)
_TOKEN = re.compile(rf"\b(?:{_WORD_ALT})\b|,|-|\band\b", re.IGNORECASE)


@dataclass(frozen=True)
class WordNumber:
    """A number written in words: ``text[start:end]`` reads as ``value``."""

    start: int
    end: int
    value: int


class _Reader:
    """Accumulates words left to right and refuses a word that cannot continue the number."""

    def __init__(self) -> None:
        self.total = 0
        self.group = 0
        self.last_scale = 10**18
        self.words = 0
        self.prev = ""

    def accepts(self, word: str, connector: str) -> bool:
        value = _WORDS[word]
        if connector == "-" and not (self.prev in _TENS and 1 <= value <= 9):
            return False
        if connector == "and" and self.prev not in ("hundred", *SCALES):
            return False
        if connector == "," and self.prev not in SCALES:
            return False
        if self.prev == "zero" or (word == "zero" and self.words):
            return False
        if word == "hundred":
            return 1 <= self.group <= 9
        if word in SCALES:
            return self.group > 0 and value < self.last_scale
        tens_units = self.group % 100
        if value >= 20:  # twenty .. ninety
            return tens_units == 0
        if value >= 10:  # ten .. nineteen
            return tens_units == 0
        return tens_units == 0 or (tens_units >= 20 and tens_units % 10 == 0)

    def add(self, word: str) -> None:
        value = _WORDS[word]
        if word == "hundred":
            self.group *= 100
        elif word in SCALES:
            self.total += self.group * value
            self.group = 0
            self.last_scale = value
        else:
            self.group += value
        self.words += 1
        self.prev = word

    @property
    def value(self) -> int:
        return self.total + self.group


def find_number_words(text: str) -> list[WordNumber]:
    """Every maximal well-formed number-word sequence in ``text``, left to right."""
    found: list[WordNumber] = []
    for run in _RUN.finditer(text):
        found.extend(_split_run(text, run.start(), run.end()))
    return found


def _split_run(text: str, start: int, end: int) -> list[WordNumber]:
    numbers: list[WordNumber] = []
    reader: _Reader | None = None
    first = last = 0
    connector = ""
    for tok in _TOKEN.finditer(text, start, end):
        word = tok.group(0).lower()
        if word in (",", "-", "and"):
            connector = word
            continue
        if reader is not None and reader.accepts(word, connector):
            reader.add(word)
            last = tok.end()
        else:
            if reader is not None:
                numbers.append(WordNumber(first, last, reader.value))
            reader = _Reader()
            if not reader.accepts(word, ""):
                reader = None  # a bare scale word ("thousand") is not a number by itself
            else:
                reader.add(word)
                first, last = tok.start(), tok.end()
        connector = ""
    if reader is not None:
        numbers.append(WordNumber(first, last, reader.value))
    return numbers


def words_to_int(phrase: str) -> int | None:
    """The value of a phrase that is exactly one number in words, else None."""
    numbers = find_number_words(phrase)
    if len(numbers) != 1:
        return None
    only = numbers[0]
    if phrase[: only.start].strip() or phrase[only.end :].strip():
        return None
    return only.value
