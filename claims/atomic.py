"""Atomic claims: one claim per checkable fact when a sentence holds several.

"at least 129 dead and over 300 seriously injured" becomes two clauses; each keeps the span
of its own clause and borrows the shared words it needs ("Paris, with") as a prefix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from claims.claim_types import opinion_score
from claims.nlp import has_parse
from claims.units import dimension
from crosscheck.models import Quantity

_COORDINATION = re.compile(
    r";[ \xa0]*|,?[ \xa0]+(?:and|but|while|whereas|yet)[ \xa0]+|,[ \xa0]+(?=[a-z]+ed\b)"
)
_QUESTION_FACT = re.compile(
    r"\b(?:when|after|because|that|as|since|where)[ \xa0]+(?P<fact>[^?]{8,}?)[ \xa0]*(?=\?|$)"
)
_OPENS_WITH_QUANTITY = re.compile(
    r"^(?:at least|more than|over|up to|some|about|around|nearly|almost|roughly|fewer than"
    r"|less than|an estimated|estimated|as many as)?[ \xa0]*[\d$£€]|^[a-z]+[ -]?(?:hundred"
    r"|thousand|million)|^(?:one|two|three|four|five|six|seven|eight|nine|ten|tens|hundreds"
    r"|thousands|millions|dozens|half)\b",
    re.IGNORECASE,
)
_MIN_WORDS = 4
_LEADING_THAT = re.compile(r"that[ \xa0]+")


@dataclass(frozen=True)
class Clause:
    """A fact inside a sentence; offsets are relative to the sentence text.

    ``[start, end)`` is the verbatim source span; the claim text is ``prefix`` followed by
    the sentence text between ``text_start`` and ``text_end``.
    """

    start: int
    end: int
    text_start: int
    text_end: int
    prefix: str = ""

    def text(self, sentence: str) -> str:
        body = sentence[self.text_start : self.text_end].strip(" \xa0,;")
        return f"{self.prefix} {body}".strip() if self.prefix else body


def _counts(quantities: Sequence[Quantity]) -> list[Quantity]:
    """Quantities that make a separate fact (durations such as "four years ago" do not)."""
    return [q for q in quantities if dimension(q.unit) != "time" and q.start is not None]


def split_clauses(
    sentence: str,
    quantities: Sequence[Quantity],
    doc: Any = None,
    *,
    content: tuple[int, int] | None = None,
) -> list[Clause]:
    """The sentence's clauses: several when coordinated parts each carry their own fact."""
    c_start, c_end = content if content is not None else (0, len(sentence.rstrip()))
    whole = [Clause(0, len(sentence), c_start, c_end)]
    boundaries = _quantity_boundaries(sentence, _counts(quantities), c_start, c_end)
    if has_parse(doc) and opinion_score(sentence) < 2:
        # Opinions stay whole: their halves are rhetoric, not separate checkable facts.
        boundaries |= _clause_boundaries(sentence, doc, c_start, c_end)
    if not boundaries:
        return whole
    cuts = _merge(sorted(boundaries))
    clauses: list[Clause] = []
    edges = [(0, 0), *cuts, (len(sentence), len(sentence))]
    for (_, begin), (stop, _) in zip(edges, edges[1:], strict=False):
        end = _trim(sentence, stop)
        text_start, text_end = max(begin, c_start), min(end, c_end)
        lead = _LEADING_THAT.match(sentence, text_start, text_end)
        if lead and begin > 0:
            text_start = lead.end()  # "... and that there had been": the clause, not "that"
        if text_end - text_start <= 0 or len(sentence[text_start:text_end].split()) < 2:
            return whole
        clauses.append(Clause(begin, end, text_start, text_end))
    if any(len(c.text(sentence).split()) < _MIN_WORDS - 2 for c in clauses):
        return whole
    return _with_prefixes(sentence, clauses, quantities, doc, c_start)


def _quantity_boundaries(
    sentence: str, counts: Sequence[Quantity], c_start: int, c_end: int
) -> set[tuple[int, int]]:
    """(end of left part, start of right part) between consecutive quantities."""
    found: set[tuple[int, int]] = set()
    inside = [q for q in counts if c_start <= (q.start or 0) < c_end]
    for left, right in zip(inside, inside[1:], strict=False):
        gap_start, gap_end = left.end or 0, right.start or 0
        matches = list(_COORDINATION.finditer(sentence, gap_start, gap_end))
        if matches:
            m = matches[-1]
            found.add((m.start(), m.end()))
    return found


def _clause_boundaries(sentence: str, doc: Any, c_start: int, c_end: int) -> set[tuple[int, int]]:
    """Coordinated independent clauses, each with a subject of its own."""
    found: set[tuple[int, int]] = set()
    for token in doc:
        if token.dep_ != "conj" or token.pos_ not in ("VERB", "AUX"):
            continue
        if token.head.dep_ not in ("ROOT", "ccomp") or token.head.i >= token.i:
            continue
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        if not subjects or subjects[0].pos_ == "PRON" and subjects[0].lower_ != "there":
            continue
        left = token.left_edge
        if left.i == 0:
            continue
        previous = doc[left.i - 1]
        if not (previous.dep_ == "cc" or previous.text == ";"):
            continue
        start = previous.idx
        if previous.i > 0 and doc[previous.i - 1].is_punct and doc[previous.i - 1].text in ",;":
            start = doc[previous.i - 1].idx
        if not c_start < start < c_end:
            continue
        words_left = len(sentence[c_start:start].split())
        words_right = len(sentence[left.idx : c_end].split())
        if words_left >= 6 and words_right >= 6:
            found.add((start, left.idx))
    return found


def _merge(cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One cut where a quantity boundary and a clause boundary overlap."""
    merged: list[tuple[int, int]] = []
    for cut in cuts:
        if merged and cut[0] <= merged[-1][1]:
            merged[-1] = (min(merged[-1][0], cut[0]), max(merged[-1][1], cut[1]))
        else:
            merged.append(cut)
    return merged


def _trim(sentence: str, end: int) -> int:
    while end > 0 and sentence[end - 1] in " \xa0,;":
        end -= 1
    return end


def _with_prefixes(
    sentence: str,
    clauses: list[Clause],
    quantities: Sequence[Quantity],
    doc: Any,
    c_start: int,
) -> list[Clause]:
    first = clauses[0]
    first_counts = [q for q in _counts(quantities) if first.start <= (q.start or 0) < first.end]
    result = [first]
    for clause in clauses[1:]:
        body = sentence[clause.text_start : clause.text_end]
        prefix = ""
        if _OPENS_WITH_QUANTITY.match(body) and first_counts:
            # "…, with at least 129 dead and over 300 injured": share "…, with".
            prefix = sentence[first.text_start : first_counts[-1].start or 0].strip(" \xa0")
        elif has_parse(doc) and _starts_with_verb(doc, clause.text_start):
            prefix = _shared_subject(doc, clause.text_start, c_start) or _leading_subject(
                doc, first.text_start, first.text_end
            )
        result.append(Clause(clause.start, clause.end, clause.text_start, clause.text_end, prefix))
    return result


def _starts_with_verb(doc: Any, text_start: int) -> bool:
    verb = next((t for t in doc if t.idx >= text_start and not t.is_space), None)
    return bool(
        verb is not None
        and verb.pos_ in ("VERB", "AUX")
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    )


def _shared_subject(doc: Any, text_start: int, c_start: int) -> str:
    """The subject a verb-initial clause shares with the clause it is coordinated with."""
    verb = next((t for t in doc if t.idx >= text_start and not t.is_space), None)
    if verb is None:
        return ""
    head = verb
    for _ in range(4):
        if head.dep_ != "conj":
            break
        head = head.head
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.left_edge.idx < c_start:
        return ""
    span = doc[subject.left_edge.i : subject.right_edge.i + 1]
    return str(span.text)


def _leading_subject(doc: Any, start: int, end: int) -> str:
    """The words before the first verb of a clause, when they make a noun phrase."""
    words = []
    for token in doc:
        if token.idx < start or token.is_space:
            continue
        if token.idx >= end or token.pos_ in ("VERB", "AUX"):
            break
        words.append(token)
    if not words or not any(t.pos_ in ("NOUN", "PROPN") for t in words) or len(words) > 8:
        return ""
    return str(doc[words[0].i : words[-1].i + 1].text)


def question_facts(sentence: str, quantities: Sequence[Quantity]) -> list[Clause]:
    """Facts a question takes for granted: "... when they massacred 130 people in Paris?"."""
    if not sentence.rstrip().endswith("?"):
        return []
    facts: list[Clause] = []
    counts = _counts(quantities)
    for m in _QUESTION_FACT.finditer(sentence):
        start, end = m.start("fact"), m.end("fact")
        if any(start <= (q.start or 0) < end for q in counts):
            facts.append(Clause(m.start(), end, start, end))
    return facts[:1]


#: Openers whose participle reports an act that happened ("In claiming responsibility …",
#: "After seizing Mosul …"); "instead of", "without", "rather than" deny it, "for" accuses.
_PARTICIPLE_LEADS = frozenset({"in", "after", "by", "while", "despite", "upon", "since"})
#: A main clause that only hopes or plans ("By cutting rates, the Bank hopes to …") does not
#: say the opening act was done.
_IRREALIS = frozenset({"hope", "plan", "aim", "want", "intend", "seek", "try", "expect", "wish"})
_MAX_SUBJECT_TOKENS = 8
_LIGHT_VERBS = frozenset({"do", "be", "have"})


def participial_facts(sentence: str, doc: Any) -> list[Clause]:
    """The act an opening participle phrase reports, as a clause of its own with the main
    clause's subject: "In claiming responsibility for the attacks, ISIS says …" gives
    "ISIS claims responsibility for the attacks" (tense and number as the main verb's)."""
    if not has_parse(doc):
        return []
    tokens = [t for t in doc if not t.is_space]
    if len(tokens) < 5:
        return []
    lead, verb = tokens[0], tokens[1]
    if lead.lower_ not in _PARTICIPLE_LEADS or verb.tag_ != "VBG" or verb.head.i != lead.i:
        return []
    if tokens[2].lower_ == "to":
        return []  # "Despite urging to ease the peg": a noun, urged by others
    root = lead.head
    if root.dep_ != "ROOT" or root.pos_ not in ("VERB", "AUX"):
        return []
    # "hopes to", "plans to", "will": the main clause looks ahead (the tagger lemmatises
    # "hopes" as "hop", so the infinitive is the surer sign).
    if root.lemma_ in _IRREALIS or any(
        c.tag_ == "MD" or (c.dep_ == "xcomp" and any(g.lower_ == "to" for g in c.children))
        for c in root.children
    ):
        return []
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON":
        return []
    first, last = subject.left_edge, subject.right_edge
    if last.i - first.i + 1 > _MAX_SUBJECT_TOKENS or first.i <= verb.right_edge.i:
        return []
    comma = doc[verb.right_edge.i + 1] if verb.right_edge.i + 1 < len(doc) else None
    if comma is None or comma.text != ",":
        return []
    tag = root.tag_ if root.tag_ in ("VBD", "VBZ", "VBP") else None
    if tag in ("VBZ", "VBP"):
        tag = "VBP" if subject.tag_ in ("NNS", "NNPS") else "VBZ"
    inflected = _inflect(verb.lemma_, tag) if tag and verb.lemma_ not in _LIGHT_VERBS else None
    if inflected is None:
        return []
    end = comma.idx
    body_start = verb.idx + len(verb.text)
    if len(sentence[body_start:end].split()) < 2:
        return []  # "In doing so, …": nothing of its own to check
    subject_text = doc[first.i : last.i + 1].text
    prefix = f"{subject_text[:1].upper()}{subject_text[1:]} {inflected}"
    return [Clause(lead.idx, end, body_start, end, prefix)]


def _inflect(lemma: str, tag: str) -> str | None:
    from lemminflect import getInflection

    forms = getInflection(lemma, tag=tag)
    return forms[0] if forms else None
