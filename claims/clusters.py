"""The same claim made by several articles: one shared ``cluster_id``.

Two claims from different documents are linked when their texts are close in embedding
space and their numbers can describe the same fact (intervals overlap, the counted things
agree: "130 people were murdered" ~ "at least 129 dead", but not ~ "89 people" or "300
injured"). Linked claims form clusters (connected components); the id is a content hash of
the member claim ids, so it is stable across runs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from claims.referents import outcome
from claims.units import dimension
from crosscheck.models import Claim, Quantity, content_id
from retrieval.base import Embedder

# Claims whose numbers agree need only be about the same thing: MiniLM scores the same
# casualty count in differently built sentences between 0.3 and 0.6.
DEFAULT_THRESHOLD = 0.25
# Without a number to agree on, only near-paraphrases are the same claim (same-topic
# articles are all close to each other in embedding space).
DEFAULT_TEXT_THRESHOLD = 0.8
# "130" and "at least 129" are the same count; allow a little slack for rounding.
TOLERANCE = 0.02
CLOSE_KNOWN = 0.10  # both say what they count: 129 ~ 130
CLOSE_UNKNOWN = 0.02

_PERSON_WORDS = frozenset(
    [
        "people",
        "person",
        "persons",
        "civilians",
        "victims",
        "dead",
        "killed",
        "wounded",
        "injured",
        "tourists",
        "men",
        "women",
        "children",
        "passengers",
        "casualties",
        "lives",
        "bodies",
        "individuals",
        "residents",
        "citizens",
    ]
)


def assign_clusters(
    claims: Sequence[Claim],
    embedder: Embedder,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    text_threshold: float = DEFAULT_TEXT_THRESHOLD,
) -> list[Claim]:
    """``claims`` in the same order, each with its cluster id (None when in no cluster).

    Complete linkage: two groups merge only when every pair across them from different
    documents is linked, so a chain of loosely related claims never becomes one cluster.
    """
    candidates = [i for i, c in enumerate(claims) if not c.is_opinion and c.doc_id]
    if len(candidates) < 2:
        return [c.model_copy(update={"cluster_id": None}) for c in claims]
    vectors = np.asarray(embedder.embed([claims[i].text for i in candidates]), dtype=float)
    similarity = vectors @ vectors.T
    n = len(candidates)
    linked = np.zeros((n, n), dtype=bool)
    edges: list[tuple[float, int, int]] = []
    for a in range(n):
        for b in range(a + 1, n):
            left, right = claims[candidates[a]], claims[candidates[b]]
            if left.doc_id == right.doc_id:
                ok = _same_document_ok(left, right)
            else:
                ok = _linked(left, right, float(similarity[a, b]), threshold, text_threshold)
                if ok:
                    edges.append((float(similarity[a, b]), a, b))
            linked[a, b] = linked[b, a] = ok
    group = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for _, a, b in sorted(edges, reverse=True):
        ga, gb = group[a], group[b]
        if ga == gb or not all(linked[x, y] for x in members[ga] for y in members[gb]):
            continue
        for x in members[gb]:
            group[x] = ga
        members[ga].extend(members.pop(gb))
    cluster_of: dict[int, str] = {}
    for indices in members.values():
        if len({claims[candidates[i]].doc_id for i in indices}) < 2:
            continue
        ids = sorted(claims[candidates[i]].claim_id for i in indices)
        cluster_id = content_id("cluster", *ids)
        for i in indices:
            cluster_of[candidates[i]] = cluster_id
    return [
        claim.model_copy(update={"cluster_id": cluster_of.get(i)}) for i, claim in enumerate(claims)
    ]


def _linked(a: Claim, b: Claim, similarity: float, threshold: float, text_threshold: float) -> bool:
    counts_a, counts_b = _counts(a), _counts(b)
    if counts_a and counts_b:
        return similarity >= threshold and _numbers_agree(counts_a, counts_b)
    if counts_a or counts_b:
        return False  # one states a number the other lacks: not the same checkable claim
    return similarity >= text_threshold


def _same_document_ok(a: Claim, b: Claim) -> bool:
    """Two claims of one article may share a cluster when their numbers do not clash."""
    counts_a, counts_b = _counts(a), _counts(b)
    if counts_a and counts_b:
        return _numbers_agree(counts_a, counts_b)
    return not (counts_a or counts_b)


def _counts(claim: Claim) -> list[Quantity]:
    return [q for q in claim.quantities if dimension(q.unit) != "time"]


def _numbers_agree(left: Sequence[Quantity], right: Sequence[Quantity]) -> bool:
    """Some number of one claim can be the same fact as some number of the other."""
    return any(compatible(a, b) for a in left for b in right)


def compatible(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities can describe the same thing: same kind, overlapping intervals."""
    if a.unit != b.unit and (a.unit is not None or b.unit is not None):
        # Same dimension, different units: there is no conversion table, so do not veto.
        return dimension(a.unit) == dimension(b.unit) and dimension(a.unit) is not None
    if not _referents_agree(a.referent, b.referent):
        return False
    if not _overlap(a, b):
        return False
    # "up to 5,000" overlaps every smaller count: the numbers must also be close, closer
    # still when one side does not say what it counts.
    known = bool(a.referent and b.referent)
    return _relative_gap(_representative(a), _representative(b)) <= (
        CLOSE_KNOWN if known else CLOSE_UNKNOWN
    )


def _representative(q: Quantity) -> float:
    if q.low is not None and q.high is not None:
        return (q.low + q.high) / 2
    return q.low if q.low is not None else (q.high or 0.0)


def _relative_gap(x: float, y: float) -> float:
    scale = max(abs(x), abs(y))
    return abs(x - y) / scale if scale else 0.0


def _overlap(a: Quantity, b: Quantity) -> bool:
    low_a = a.low if a.low is not None else float("-inf")
    low_b = b.low if b.low is not None else float("-inf")
    high_a = a.high if a.high is not None else float("inf")
    high_b = b.high if b.high is not None else float("inf")
    slack = TOLERANCE * max(
        abs(low_a) if low_a != float("-inf") else 0.0,
        abs(low_b) if low_b != float("-inf") else 0.0,
        1.0,
    )
    return max(low_a, low_b) <= min(high_a, high_b) + slack


def _kind(referent: str | None) -> tuple[str | None, str | None]:
    """(thing counted, outcome): ("people", "killed") for "people murdered"."""
    if not referent:
        return None, None
    words = referent.lower().split()
    found = next((outcome(w) for w in reversed(words) if outcome(w)), None)
    if found in ("murdered", "massacred", "executed", "dead"):
        found = "killed"
    nouns = [w for w in words if outcome(w) is None]
    if not nouns:
        return ("people" if found else None), found
    noun = nouns[-1]
    thing = "people" if noun in _PERSON_WORDS else noun.rstrip("s")
    return thing, found


def _referents_agree(a: str | None, b: str | None) -> bool:
    thing_a, outcome_a = _kind(a)
    thing_b, outcome_b = _kind(b)
    if thing_a and thing_b and thing_a != thing_b:
        return False
    return not (outcome_a and outcome_b and outcome_a != outcome_b)
