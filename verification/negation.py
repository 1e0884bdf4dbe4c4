"""The scope of a negation: which words a "not", "no", "denied" or "failed" actually negates.

Word counting (``polarity``) sees one more negation in "Northern Rail denied that its train
was speeding when it derailed" than in "Train derails near Lyonsville" and calls the passage
the claim's denial. What is denied is the speeding; the derailment is presupposed. A
negation flips the claim only when its scope, read from the dependency parse, holds a word
the other text states without negating it. The scope is the negated predicate and its
complements, never its subject, its modifiers or a subordinate clause (``when it derailed``),
which a negation leaves standing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from verification.polarity import NEGATIONS, STOP_WORDS, words
from verification.statements import stem

#: Verbs whose complement is what they negate ("denied that …", "failed to …").
_NEGATING_VERBS = frozenset({"deny", "fail", "refuse"})
_NEGATING_FORMS = frozenset(
    {"denied", "deny", "denies", "failed", "fail", "fails", "refused", "refuse", "refuses"}
)
#: Dependents a negation leaves outside its scope: the subject, a subordinate or coordinated
#: clause, and the modifiers of the negated word ("no rate change" negates the change).
_OUTSIDE = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "csubj",
        "expl",
        "advcl",
        "mark",
        "punct",
        "cc",
        "conj",
        "parataxis",
        "relcl",
        "compound",
        "amod",
    }
)
_COMPLEMENTS = frozenset({"ccomp", "xcomp", "dobj", "attr", "acomp", "pobj", "pcomp", "oprd"})


def _negating_verb(tok: Any) -> bool:
    # The surface forms too: a pipeline without a lemmatiser gives no lemma.
    return tok.lemma_.lower() in _NEGATING_VERBS or tok.lower_ in _NEGATING_FORMS


def _heads(tok: Any) -> list[Any]:
    """The words a negation cue negates."""
    if _negating_verb(tok):
        return [c for c in tok.children if c.dep_ in _COMPLEMENTS]
    if tok.lower_ == "without":
        return [c for c in tok.children if c.dep_ in ("pobj", "pcomp")]
    head = tok.head
    if head is tok:
        return []
    if tok.dep_ == "det" and head.dep_ in ("nsubj", "nsubjpass") and head.head is not head:
        # "No group claimed responsibility": the act is what is negated.
        return [head.head]
    if head.pos_ == "ADV" and head.head is not head:
        return [head.head]  # "no longer controls", "not even close"
    return [head]  # "was not controlled", "Nobody claimed it", "no deaths"


def _scope_words(head: Any) -> Iterable[str]:
    yield head.lower_
    stack = [c for c in head.children if c.dep_ not in _OUTSIDE]
    while stack:
        tok = stack.pop()
        yield tok.lower_
        stack.extend(c for c in tok.children if c.dep_ not in _OUTSIDE)


def scopes(doc: Any) -> list[frozenset[str]]:
    """The stemmed content words under each negation cue of a parsed text."""
    out = []
    for tok in doc:
        if tok.lower_ not in NEGATIONS and not _negating_verb(tok):
            continue
        under = " ".join(w for h in _heads(tok) for w in _scope_words(h))
        out.append(_stems(under))
    return out


def _meet(a: str, b: str) -> bool:
    # The light stem leaves "degrade" and "degrad(ed)" apart; a shared start joins them.
    return a == b or (min(len(a), len(b)) >= 5 and (a.startswith(b) or b.startswith(a)))


def flip_in_scope(claim: str, passage: str, parse: Callable[[str], Any]) -> bool:
    """Whether one text negates what the other states: a negation's scope holds a word the
    other text has outside any negation of its own.

    "He would not apologise" and "refused to apologise" negate the same; "you don't do deals"
    said twice is one statement. True (the word count's reading stands) when a text with a
    negation cannot be parsed.
    """
    sides: list[tuple[frozenset[str], frozenset[str]]] = []
    for text in (claim, passage):
        if not any(w in NEGATIONS for w in words(text)) and not _MAY_REFUSE.search(text):
            sides.append((frozenset(), _stems(text)))
            continue
        doc = parse(text)
        if doc is None or not doc.has_annotation("DEP"):
            return True
        negated = frozenset().union(*scopes(doc))
        sides.append((negated, _stems(text)))
    (claim_neg, claim_words), (passage_neg, passage_words) = sides
    return _asymmetric(passage_neg, claim_words, claim_neg) or _asymmetric(
        claim_neg, passage_words, passage_neg
    )


_MAY_REFUSE = re.compile(r"\brefus", re.I)


def _stems(text: str) -> frozenset[str]:
    # Every word but function words and negations: "take place on a Sunday" keeps all three.
    return frozenset(stem(w) for w in words(text) if w not in STOP_WORDS and w not in NEGATIONS)


def _asymmetric(
    negated: frozenset[str], other: frozenset[str], other_negated: frozenset[str]
) -> bool:
    """A word negated here that the other text states without negating it."""
    return any(
        any(_meet(n, w) for w in other) and not any(_meet(n, x) for x in other_negated)
        for n in negated
    )
