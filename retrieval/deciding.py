"""Find the deciding evidence: the same figure told in other words, and the same claim elsewhere.

Dense and BM25 retrieval rank passages by how much they sound like the claim. The passage
that decides a figure often does not ("In total, the terrorists would murder 130 people" for
"at least 129 dead"), and the other articles' versions of the same claim (its cluster) are
the first place a fact-checker looks. Both are added to the retrieved passages here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from crosscheck.models import Claim, Passage, ScoredPassage

#: How many retrieved places the added passages may take, at most, per claim.
MAX_ADDED = 3
_DIGIT = re.compile(r"\d")
_CONTENT = re.compile(r"[a-z]{4,}")


def figure_query(claim: Claim) -> str | None:
    """A lexical query naming what the claim's figures count in all the usual words."""
    from verification.figures import referent_class
    from verification.lexicon import load_lexicon

    lexicon = load_lexicon()
    classes = {referent_class(q, lexicon, claim.text) for q in claim.quantities}
    words = sorted(
        w
        for cls in classes
        if cls in lexicon.referents
        for w in lexicon.referents[cls]
        if " " not in w
    )
    if not words:
        return None
    return claim.text + " " + " ".join(words)


def with_figures(passages: Sequence[Passage], claim: Claim | None = None) -> list[Passage]:
    """Passages stating a figure; with a claim, a figure of the same kind as one of its own."""
    stating = [p for p in passages if _DIGIT.search(p.text)]
    if claim is None:
        return stating
    from claims.quantities import parse_quantities
    from verification.figures import referent_class
    from verification.lexicon import load_lexicon

    lexicon = load_lexicon()
    wanted = {referent_class(q, lexicon, claim.text) for q in claim.quantities} - {None}
    return [
        p
        for p in stating
        if wanted & {referent_class(q, lexicon, p.text) for q in parse_quantities(p.text)}
    ]


def cluster_sources(claims: Sequence[Claim]) -> dict[str, list[tuple[str, int, int]]]:
    """For each cluster, where its claims come from: (doc_id, start, end)."""
    out: dict[str, list[tuple[str, int, int]]] = {}
    for c in claims:
        if c.cluster_id and c.doc_id and c.source is not None:
            out.setdefault(c.cluster_id, []).append((c.doc_id, c.source.start, c.source.end))
    return out


def covering(passages: Sequence[Passage], start: int, end: int) -> list[Passage]:
    """The passages of one document that overlap [start, end)."""
    return [p for p in passages if p.start < end and start < p.end]


def merge(
    primary: Sequence[ScoredPassage], added: Sequence[ScoredPassage], k: int
) -> list[ScoredPassage]:
    """Keep the retrieved order; the added passages take the last places (up to MAX_ADDED)."""
    seen = {sp.passage.passage_id for sp in primary}
    extra: list[ScoredPassage] = []
    for sp in added:
        if sp.passage.passage_id not in seen and len(extra) < MAX_ADDED:
            extra.append(sp)
            seen.add(sp.passage.passage_id)
    if not extra:
        return list(primary)[:k]
    keep = list(primary)[: max(k - len(extra), 0)]
    return keep + extra


def date_key_of(day: object) -> tuple[int, int] | None:
    month, dom = getattr(day, "month", None), getattr(day, "day", None)
    return (month, dom) if month and dom else None


def date_index(doc_passages: dict[str, list[Passage]]) -> dict[tuple[int, int], list[Passage]]:
    """Passages by the day and month they state or imply ("Last Friday" in a dated article)."""
    from verification.statements import find_dates

    index: dict[tuple[int, int], list[Passage]] = {}
    for passages in doc_passages.values():
        for p in passages:
            for d in find_dates(p.text, p.published):
                key = date_key_of(d)
                if key is not None:
                    index.setdefault(key, []).append(p)
    return index


def dated(claim: Claim, index: dict[tuple[int, int], list[Passage]]) -> list[Passage]:
    """Other articles' passages that give the claim's date (13 November, 'last Friday')."""
    from verification.statements import find_dates

    out: list[Passage] = []
    for d in find_dates(claim.text, claim.published):
        key = date_key_of(d)
        if key is not None:
            out.extend(p for p in index.get(key, []) if p.doc_id != claim.doc_id)
    if len(out) <= MAX_ADDED:
        return out
    # A busy day is named by many passages: those sharing most of the claim's words come
    # first, and only as many as may be added are kept (the rest would be dropped anyway).
    words = set(_CONTENT.findall(claim.text.lower()))
    ranked = sorted(
        dict.fromkeys(out), key=lambda p: -len(words & set(_CONTENT.findall(p.text.lower())))
    )
    return ranked[:MAX_ADDED]
