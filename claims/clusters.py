"""The same claim made by several articles: one shared ``cluster_id``.

Two claims from different documents are linked when their texts are close in embedding
space and their numbers can describe the same fact (intervals overlap, the counted things
agree: "130 people were murdered" ~ "at least 129 dead", but not ~ "89 people" or "300
injured"). Linked claims form clusters (connected components); the id is a content hash of
the member claim ids, so it is stable across runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
# Candidate links per claim: the same fact is rarely stated by more than a few dozen
# other claims, and O(n·k) keeps an archive of 100,000 claims in memory.
DEFAULT_NEIGHBOURS = 64
# Similarity rows per batch: about 8M entries (32 MB, plus the argpartition indices).
BLOCK_ENTRIES = 8_000_000
FLOAT32_MARGIN = 1e-4

ClusterProgress = Callable[[int, int], None]

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
    neighbours: int = DEFAULT_NEIGHBOURS,
    progress: ClusterProgress | None = None,
) -> list[Claim]:
    """``claims`` in the same order, each with its cluster id (None when in no cluster).

    Complete linkage: two groups merge only when every pair across them from different
    documents is linked, so a chain of loosely related claims never becomes one cluster.
    Only each claim's ``neighbours`` nearest claims are candidate links (O(n·k) memory,
    batched matrix products); with fewer linked neighbours than that per claim the result
    is the same as comparing every pair.
    """
    candidates = [i for i, c in enumerate(claims) if not c.is_opinion and c.doc_id]
    if len(candidates) < 2:
        return [c.model_copy(update={"cluster_id": None}) for c in claims]
    members_of = [claims[i] for i in candidates]
    n = len(members_of)
    # Two halves of one bar: embedding the claims, then the neighbour scan.
    report = progress or (lambda done, total: None)
    report(0, 2 * n)
    vectors = _embedded([c.text for c in members_of], embedder, lambda done: report(done, 2 * n))
    counts = [_counts(c) for c in members_of]
    links = _Links(members_of, counts, vectors, threshold, text_threshold)
    edges: list[tuple[float, int, int]] = []
    floor = min(threshold, text_threshold)
    scanned = nearest_pairs(
        vectors, floor, neighbours, progress=lambda done, total: report(n + done, 2 * n)
    )
    for a, b, similarity in scanned:
        if members_of[a].doc_id != members_of[b].doc_id and links.linked(a, b, similarity):
            edges.append((similarity, a, b))
    group = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for _, a, b in sorted(edges, reverse=True):
        ga, gb = group[a], group[b]
        if ga == gb or not all(links(x, y) for x in members[ga] for y in members[gb]):
            continue
        for x in members[gb]:
            group[x] = ga
        members[ga].extend(members.pop(gb))
    cluster_of: dict[int, str] = {}
    for indices in members.values():
        if len({members_of[i].doc_id for i in indices}) < 2:
            continue
        ids = sorted(members_of[i].claim_id for i in indices)
        cluster_id = content_id("cluster", *ids)
        for i in indices:
            cluster_of[candidates[i]] = cluster_id
    return [
        claim.model_copy(update={"cluster_id": cluster_of.get(i)}) for i, claim in enumerate(claims)
    ]


#: Claims embedded per call: progress is shown as they go, and only this many vectors are
#: ever held as Python lists (38,000 claims' lists would take half a gigabyte).
EMBED_BATCH = 1024


def _embedded(texts: Sequence[str], embedder: Embedder, done: Callable[[int], None]) -> np.ndarray:
    # float32 halves the memory; similarities are recomputed in float64 per candidate pair.
    matrix: np.ndarray | None = None
    for start in range(0, len(texts), EMBED_BATCH):
        rows = np.asarray(embedder.embed(texts[start : start + EMBED_BATCH]), dtype=np.float32)
        if matrix is None:
            matrix = np.empty((len(texts), rows.shape[1]), dtype=np.float32)
        matrix[start : start + len(rows)] = rows
        done(start + len(rows))
    return matrix if matrix is not None else np.empty((0, 0), dtype=np.float32)


def nearest_pairs(
    vectors: np.ndarray,
    floor: float,
    k: int,
    *,
    batch: int | None = None,
    progress: ClusterProgress | None = None,
) -> list[tuple[int, int, float]]:
    """Pairs ``(a, b, similarity)``, a < b, where b is among a's ``k`` nearest (or a among
    b's) and the similarity is at least ``floor``; sorted by (a, b)."""
    n = len(vectors)
    k = max(1, min(k, n - 1))
    batch = batch or max(16, min(4096, BLOCK_ENTRIES // n))
    found: set[tuple[int, int]] = set()
    for start in range(0, n, batch):
        block = vectors[start : start + batch] @ vectors.T
        rows = np.arange(block.shape[0])
        block[rows, rows + start] = -np.inf  # never one's own neighbour
        if k < n - 1:
            nearest = np.argpartition(-block, k - 1, axis=1)[:, :k]
        else:
            nearest = np.broadcast_to(np.arange(n), (block.shape[0], n))
        # float32 products may round just below the floor: keep a margin, recheck exactly.
        keep = np.take_along_axis(block, nearest, axis=1) >= floor - FLOAT32_MARGIN
        for row, col in zip(*np.nonzero(keep), strict=True):
            a, b = start + int(row), int(nearest[row, col])
            found.add((a, b) if a < b else (b, a))
        if progress is not None:
            progress(min(start + batch, n), n)
    exact = vectors.astype(np.float64)
    pairs = []
    for a, b in sorted(found):
        similarity = float(exact[a] @ exact[b])
        if similarity >= floor:
            pairs.append((a, b, similarity))
    return pairs


class _Links:
    """Whether two candidate claims may share a cluster, computed once per pair asked."""

    def __init__(
        self,
        claims: Sequence[Claim],
        counts: Sequence[list[Quantity]],
        vectors: np.ndarray,
        threshold: float,
        text_threshold: float,
    ) -> None:
        self._claims = claims
        self._counts = counts
        self._vectors = vectors
        self._threshold = threshold
        self._text_threshold = text_threshold
        self._memo: dict[tuple[int, int], bool] = {}

    def __call__(self, a: int, b: int) -> bool:
        key = (a, b) if a < b else (b, a)
        known = self._memo.get(key)
        if known is None:
            if self._claims[a].doc_id == self._claims[b].doc_id:
                known = _same_document_ok(self._counts[a], self._counts[b])
            else:
                similarity = float(
                    self._vectors[a].astype(np.float64) @ self._vectors[b].astype(np.float64)
                )
                known = self.linked(a, b, similarity)
            self._memo[key] = known
        return known

    def linked(self, a: int, b: int, similarity: float) -> bool:
        ok = _linked(
            self._counts[a], self._counts[b], similarity, self._threshold, self._text_threshold
        )
        self._memo[(a, b) if a < b else (b, a)] = ok
        return ok


def _linked(
    counts_a: Sequence[Quantity],
    counts_b: Sequence[Quantity],
    similarity: float,
    threshold: float,
    text_threshold: float,
) -> bool:
    if counts_a and counts_b:
        return similarity >= threshold and _numbers_agree(counts_a, counts_b)
    if counts_a or counts_b:
        return False  # one states a number the other lacks: not the same checkable claim
    return similarity >= text_threshold


def _same_document_ok(counts_a: Sequence[Quantity], counts_b: Sequence[Quantity]) -> bool:
    """Two claims of one article may share a cluster when their numbers do not clash."""
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
