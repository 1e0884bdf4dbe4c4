"""What a number counts: "129 people dead" -> "people dead", "200 militants" -> "militants"."""

from __future__ import annotations

import re
from typing import Any

from claims.units import unit_surfaces

# Casualty and similar outcomes, normalised so "killing 102 people" and "102 people were
# killed" name the same thing.
_OUTCOME_STEMS = (
    ("kill", "killed"),
    ("murder", "murdered"),
    ("massacr", "massacred"),
    ("slaughter", "killed"),
    ("execut", "executed"),
    ("dead", "dead"),
    ("die", "dead"),
    ("injur", "injured"),
    ("wound", "wounded"),
    ("hurt", "injured"),
    ("displac", "displaced"),
    ("arrest", "arrested"),
    ("detain", "detained"),
    ("missing", "missing"),
    ("evacuat", "evacuated"),
)
_VAGUE_NOUNS = frozenset({"dozens", "hundreds", "thousands", "millions", "billions"})
_AGENT_ENDINGS = ("er", "ers", "ive", "ives", "ion", "ions")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "with",
        "by",
        "as",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "this",
        "these",
        "those",
        "there",
        "their",
        "its",
        "his",
        "her",
        "our",
        "your",
        "my",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "do",
        "did",
        "does",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "should",
        "not",
        "no",
        "than",
        "then",
        "so",
        "if",
        "when",
        "while",
        "where",
        "after",
        "before",
        "because",
        "since",
        "until",
        "into",
        "onto",
        "over",
        "under",
        "about",
        "against",
        "between",
        "through",
        "during",
        "without",
        "within",
        "among",
        "per",
        "via",
        "it",
        "they",
        "them",
        "he",
        "she",
        "we",
        "you",
        "i",
        "us",
        "him",
        "me",
        "also",
        "all",
        "each",
        "every",
        "both",
        "either",
        "neither",
        "some",
        "any",
        "many",
        "much",
        "more",
        "most",
        "such",
        "only",
        "just",
        "even",
        "still",
        "yet",
        "already",
        "now",
        "here",
        "ago",
        "later",
        "earlier",
        "last",
        "next",
        "other",
        "another",
        "same",
        "own",
        "very",
        "too",
        "quite",
        "rather",
        "what",
        "how",
        "why",
        "whether",
        "across",
        "around",
        "along",
        "toward",
        "towards",
        "upon",
        "off",
        "out",
        "up",
        "down",
        "away",
        "back",
        "again",
    ]
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|[^\sA-Za-z]")
_QUOTES = "\"'“”‘’«»"
_PASSIVE_OUTCOME = re.compile(
    r"^[ \t\xa0]*(?:(?:have|has|had|were|was|are|is|been|being|later|reportedly|also|"
    r"all|subsequently|then)[ \t\xa0]+)*([a-z]+)\b"
)
# A toll's figure: "the death toll from Saturday's derailment rose to 18", "toll stands at 9",
# "the number of dead in Friday's crash has risen to 38".
_TOLL_BEFORE = re.compile(
    r"\b(?:(?:death[ \t\xa0]+)?toll|number[ \t\xa0]+of[ \t\xa0]+(?:the[ \t\xa0]+)?(?:dead|deaths"
    r"|fatalities|victims))\b[^.;:!?]*?\b(?:rose|risen|rises|climbed|climbs|reached|reaches"
    r"|stood|stands|is|was|increased|jumped)[ \t\xa0]+(?:(?:to|at)[ \t\xa0]+)?(?:at[ \t\xa0]+least"
    r"[ \t\xa0]+|about[ \t\xa0]+|around[ \t\xa0]+|nearly[ \t\xa0]+)?$"
    # "the Red Cross put the toll at 68", "officials put the death toll at about 40"
    r"|\b(?:put|puts|putting|placed|places|placing)[ \t\xa0]+the[ \t\xa0]+(?:death[ \t\xa0]+)?"
    r"toll[ \t\xa0]+at[ \t\xa0]+(?:at[ \t\xa0]+least[ \t\xa0]+|about[ \t\xa0]+|around"
    r"[ \t\xa0]+|nearly[ \t\xa0]+)?$",
    re.I,
)
_VERB_BEFORE = re.compile(
    r"\b([a-z]+)[ \t\xa0]+(?:(?:all|the|some|an|a|of|its|their|at|least|more|than|over|"
    r"nearly|almost|about|around|up|to|estimated)[ \t\xa0]+)*$"
)


def outcome(word: str) -> str | None:
    """The normalised outcome a word names ("killing" -> "killed"), if it names one."""
    lowered = word.lower()
    for stem, name in _OUTCOME_STEMS:
        if not lowered.startswith(stem) or len(lowered) > len(stem) + 4:
            continue
        if len(lowered) > len(stem) + 1 and lowered.endswith(_AGENT_ENDINGS):
            return None  # killers, murderers, executives: people, not outcomes
        return name
    return None


def referent_from_text(text: str, start: int, end: int) -> str | None:
    """The counted noun after ``text[start:end]`` by word patterns (no parser needed)."""
    run: list[str] = []
    position = end
    skipped_of = False
    owner: str | None = None
    for match in _WORD.finditer(text, end, min(len(text), end + 160)):
        token = match.group(0)
        position = match.end()
        if token in _QUOTES:
            continue
        lowered = token.lower()
        if not token[0].isalpha():
            break
        if lowered == "of" and not run and not skipped_of:
            skipped_of = True
            continue
        if lowered in _STOP:
            if skipped_of and not run and lowered in ("the", "its", "their", "his", "her", "our"):
                if lowered != "the":
                    owner = lowered  # "Twenty of his films": a part of someone's whole
                continue
            position = match.start()
            break
        if lowered.endswith("ly") and not run:
            continue  # "300 seriously injured"
        if lowered.endswith("ing") and run:
            position = match.start()
            break  # "jihadists coming from Europe": the participle starts a new phrase
        if len(run) == 4:
            break
        run.append(token)
    if not run:
        # "Train derails, killing at least 12": an outcome verb's bare count is of people.
        found = _preceding_outcome(text, start)
        if found is None and _TOLL_BEFORE.search(text[max(0, start - 120) : start]):
            found = "killed"  # "the death toll … rose to 18"
        return f"people {found}" if found is not None else None
    if any(w[0].islower() for w in run):
        while run and run[0][0].isupper():
            run.pop(0)  # "European Union citizens" counts citizens
    words = [w.lower() for w in run]
    words = _noun_tail(words)
    if not words:
        return None
    head = " ".join(words)
    if outcome(words[-1]) is None:
        found = _following_outcome(text, position) or _preceding_outcome(text, start)
        if found is not None:
            head = f"{head} {found}"
    return f"{owner} {head}" if owner else head


def _noun_tail(words: list[str]) -> list[str]:
    """Keep the head noun with one modifier: "coalition air strikes" -> "air strikes"."""
    if len(words) >= 2 and outcome(words[-1]) is not None:
        return words[-2:]
    return words[-2:] if len(words) > 2 else words


def _following_outcome(text: str, position: int) -> str | None:
    m = _PASSIVE_OUTCOME.match(text[position : position + 80])
    return outcome(m.group(1)) if m else None


def _preceding_outcome(text: str, start: int) -> str | None:
    m = _VERB_BEFORE.search(text[max(0, start - 60) : start].lower())
    return outcome(m.group(1)) if m else None


def referent_from_doc(doc: Any, start: int, end: int) -> str | None:
    """The counted noun from a spaCy dependency parse of the text ``doc`` was made from."""
    if doc is None or not doc.has_annotation("DEP"):
        return None
    tokens = [t for t in doc if start <= t.idx < end]
    numbers = [t for t in tokens if t.like_num or t.pos_ == "NUM" or t.lower_ in _VAGUE_NOUNS]
    if not numbers:
        return None
    number = numbers[-1]
    head = number.head
    if number.pos_ == "NOUN" and number.lower_ in _VAGUE_NOUNS:
        # "thousands of exhausted people": the counted noun is the object of "of".
        objects = [
            c
            for p in number.children
            if p.dep_ == "prep" and p.lower_ == "of"
            for c in p.children
            if c.dep_ == "pobj"
        ]
        return objects[0].lower_ if objects and objects[0].pos_ == "NOUN" else None
    if number.dep_ not in ("nummod", "quantmod") or head.i <= number.i:
        return None
    if head.pos_ not in ("NOUN", "PROPN", "ADJ"):
        return None
    if head.text.lower() in unit_surfaces():
        pobj = [
            c
            for p in head.children
            if p.dep_ == "prep" and p.lower_ == "of"
            for c in p.children
            if c.dep_ == "pobj"
        ]
        if not pobj:
            return None
        head = pobj[0]
    words = [head.lower_]
    compounds = [c for c in head.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
    if compounds and compounds[-1].i == head.i - 1:
        words.insert(0, compounds[-1].lower_)
    if outcome(head.text) is None:
        found = _doc_outcome(head)
        if found is not None:
            words.append(found)
    return " ".join(words)


def _doc_outcome(head: Any) -> str | None:
    for child in head.rights:
        if child.dep_ in ("amod", "acl", "advcl", "oprd") and outcome(child.text):
            return outcome(child.text)
    if head.dep_ in ("nsubj", "nsubjpass", "dobj", "obj") and head.head.pos_ in ("VERB", "AUX"):
        verb = head.head
        found = outcome(verb.text)
        if found is not None:
            return found
        for child in verb.children:
            if child.dep_ in ("acomp", "oprd", "xcomp") and outcome(child.text):
                return outcome(child.text)
    return None
