"""The scope of a negation: which words a "not", "no", "denied" or "failed" actually negates.

Word counting (``polarity``) sees one more negation in "Northern Rail denied that its train
was speeding when it derailed" than in "Train derails near Lyonsville" and calls the passage
the claim's denial. What is denied is the speeding; the derailment is presupposed. A
negation flips the claim only when its scope, read from the dependency parse, holds some
of the other text's content words: the negated predicate and its complements, never its
subject or a subordinate clause (``when it derailed``), which a negation leaves standing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from verification.polarity import NEGATIONS, words
from verification.statements import content_words, stem

#: Verbs whose complement is what they negate ("denied that …", "failed to …").
_NEGATING_VERBS = frozenset({"deny", "fail"})
#: Dependents a negation leaves outside its scope.
_OUTSIDE = frozenset(
    {"nsubj", "nsubjpass", "csubj", "expl", "advcl", "mark", "punct", "cc", "parataxis"}
)
_COMPLEMENTS = frozenset({"ccomp", "xcomp", "dobj", "attr", "acomp", "pobj", "pcomp", "oprd"})


def _heads(tok: Any) -> list[Any]:
    """The words a negation cue negates."""
    if tok.lemma_.lower() in _NEGATING_VERBS or tok.lower_ in _NEGATING_FORMS:
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


_NEGATING_FORMS = frozenset({"denied", "deny", "denies", "failed", "fail", "fails"})


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
        if tok.lower_ not in NEGATIONS and tok.lemma_.lower() not in _NEGATING_VERBS:
            continue
        under = " ".join(w for h in _heads(tok) for w in _scope_words(h))
        out.append(frozenset(stem(w) for w in content_words(under) if w not in NEGATIONS))
    return out


def _meet(a: str, b: str) -> bool:
    # The light stem leaves "degrade" and "degrad(ed)" apart; a shared start joins them.
    return a == b or (min(len(a), len(b)) >= 5 and (a.startswith(b) or b.startswith(a)))


def negates_shared_words(negated: Any, other_words: Iterable[str]) -> bool | None:
    """Whether a negation in the parsed text ``negated`` covers a word the other text has.

    None when the text carries no parse or no negation cue (the caller keeps its reading).
    """
    if negated is None or not negated.has_annotation("DEP"):
        return None
    found = scopes(negated)
    if not found:
        return None
    other = {stem(w) for w in content_words(" ".join(other_words))}
    return any(_meet(a, b) for scope in found for a in scope for b in other)


def flip_in_scope(claim: str, passage: str, parse: Callable[[str], Any]) -> bool:
    """Whether a negation that only one of the two texts carries negates what they share.

    True (the word count's reading stands) when both or neither carry one, or when the
    parse cannot tell.
    """
    claim_neg = sum(1 for w in words(claim) if w in NEGATIONS)
    passage_neg = sum(1 for w in words(passage) if w in NEGATIONS)
    if bool(claim_neg) == bool(passage_neg):
        return True
    negated, other = (passage, claim) if passage_neg else (claim, passage)
    return negates_shared_words(parse(negated), content_words(other)) is not False
