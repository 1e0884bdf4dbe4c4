"""Map a sentence the model says it copied back to a verbatim span of the article.

Models re-space, re-quote and occasionally paraphrase. We accept, in order: an exact find;
a find after folding whitespace, quotes and dashes; a close fuzzy match with one to three
consecutive sentences of the passage. Anything else is rejected: a claim without a verbatim
source cannot be cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from pydantic import BaseModel, ConfigDict

MIN_SOURCE_CHARS = 12
FUZZY_MIN_RATIO = 0.9
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
    }
)
_NUMBER = re.compile(r"\d+")
_SENTENCE = re.compile(r"\S.*?(?:[.!?…][\"'”’)\]]*(?=\s)|\Z|(?=\n\s*\n))", re.DOTALL)


class SpanMatch(BaseModel):
    """A verbatim span ``[start, end)`` of the searched text and how it was found."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    method: Literal["exact", "normalised", "fuzzy"]
    ratio: float = 1.0


@dataclass(frozen=True)
class _Folded:
    """``text`` folded, with ``origin[i]`` the source index of folded character ``i``."""

    text: str
    origin: list[int]


def _fold(text: str, base: int = 0) -> _Folded:
    chars: list[str] = []
    origin: list[int] = []
    previous_space = True  # also drops leading whitespace
    for index, char in enumerate(text):
        if char.isspace() or char in "\u200b\ufeff":
            if not previous_space:
                chars.append(" ")
                origin.append(base + index)
            previous_space = True
            continue
        previous_space = False
        for folded in char.translate(_FOLD):
            chars.append(folded)
            origin.append(base + index)
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return _Folded(text="".join(chars), origin=origin)


def fold(text: str) -> str:
    return _fold(text).text


def numbers_in(text: str) -> list[str]:
    """The digit runs of ``text``, in order (``4.2`` gives ``4`` and ``2``)."""
    return _NUMBER.findall(text)


def _sentences(text: str, start: int, end: int) -> list[re.Match[str]]:
    return list(_SENTENCE.finditer(text, start, end))


def locate(sentence: str, text: str, start: int = 0, end: int | None = None) -> SpanMatch | None:
    """Where ``sentence`` sits in ``text[start:end]`` (offsets into ``text``), or ``None``."""
    end = len(text) if end is None else end
    wanted = sentence.strip()
    if len(wanted) < MIN_SOURCE_CHARS:
        return None
    exact = text.find(wanted, start, end)
    if exact >= 0:
        return SpanMatch(start=exact, end=exact + len(wanted), method="exact")
    folded = _fold(text[start:end], base=start)
    target = fold(wanted)
    if len(target) < MIN_SOURCE_CHARS:
        return None
    at = folded.text.find(target)
    if at >= 0:
        return SpanMatch(
            start=folded.origin[at],
            end=folded.origin[at + len(target) - 1] + 1,
            method="normalised",
        )
    return _fuzzy(target, text, start, end)


def _fuzzy(target: str, text: str, start: int, end: int) -> SpanMatch | None:
    sentences = _sentences(text, start, end)
    best: SpanMatch | None = None
    for first in range(len(sentences)):
        for last in range(first, min(first + 3, len(sentences))):
            span_start, span_end = sentences[first].start(), sentences[last].end()
            candidate = fold(text[span_start:span_end])
            matcher = SequenceMatcher(None, candidate, target, autojunk=False)
            if matcher.real_quick_ratio() < FUZZY_MIN_RATIO:
                continue
            if matcher.quick_ratio() < FUZZY_MIN_RATIO:
                continue
            ratio = matcher.ratio()
            # A different figure is a different claim, however similar the words.
            if numbers_in(candidate) != numbers_in(target):
                continue
            if ratio >= FUZZY_MIN_RATIO and (best is None or ratio > best.ratio):
                best = SpanMatch(start=span_start, end=span_end, method="fuzzy", ratio=ratio)
    return best
