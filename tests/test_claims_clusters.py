"""assign_clusters: the same claim across articles shares a cluster id."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import spacy

import claims.clusters as clusters_module
from claims.clusters import assign_clusters, nearest_pairs
from claims.offline import OfflineClaimExtractor
from crosscheck.models import Claim, Document, Quantity, content_id
from retrieval.embedder import HashingEmbedder, MiniLMEmbedder

ARTICLES = {
    "a": "Gunmen killed at least 129 people in Paris on Friday night.",
    "b": "On Friday night the gunmen killed 130 people in Paris.",
    "c": "Gunmen killed 89 people in the Bataclan theatre in Paris on Friday night.",
    "d": "Gunmen injured over 300 people in Paris on Friday night.",
    "e": "The coalition carried out 2,000 air strikes against the group in Syria.",
}


@pytest.fixture(scope="module")
def claims() -> list[Claim]:
    extractor = OfflineClaimExtractor(spacy.blank("en"))
    found: list[Claim] = []
    for name, text in ARTICLES.items():
        found += extractor.extract(Document.create(path=f"{name}.txt", text=text))
    assert len(found) == len(ARTICLES)
    return found


def by_article(claims: list[Claim]) -> dict[str, Claim]:
    names = {Document.create(path="x", text=t).doc_id: n for n, t in ARTICLES.items()}
    return {names[c.doc_id or ""]: c for c in claims}


def check_casualty_clusters(clustered: list[Claim]) -> None:
    got = by_article(clustered)
    assert got["a"].cluster_id is not None
    assert got["a"].cluster_id == got["b"].cluster_id
    assert got["a"].cluster_id == content_id(
        "cluster", *sorted([got["a"].claim_id, got["b"].claim_id])
    )
    # 89 is another count; 300 injured is another outcome; air strikes are another thing.
    assert got["c"].cluster_id is None
    assert got["d"].cluster_id is None
    assert got["e"].cluster_id is None


def test_hashing_embedder_clusters_the_same_count(claims: list[Claim]) -> None:
    clustered = assign_clusters(claims, HashingEmbedder(dim=256))
    assert [c.claim_id for c in clustered] == [c.claim_id for c in claims]
    check_casualty_clusters(clustered)


def test_same_document_claims_never_make_a_cluster_alone(claims: list[Claim]) -> None:
    got = by_article(claims)
    twin = got["b"].model_copy(update={"doc_id": got["a"].doc_id, "claim_id": "claim-twin"})
    clustered = assign_clusters([got["a"], twin], HashingEmbedder())
    assert [c.cluster_id for c in clustered] == [None, None]


def test_opinions_and_stale_ids_are_left_out(claims: list[Claim]) -> None:
    got = by_article(claims)
    opinion = got["b"].model_copy(update={"types": ("opinion",), "cluster_id": "stale"})
    clustered = assign_clusters([got["a"], opinion], HashingEmbedder())
    assert [c.cluster_id for c in clustered] == [None, None]


def test_empty_input() -> None:
    assert assign_clusters([], HashingEmbedder()) == []


@pytest.mark.model
def test_minilm_clusters_the_same_count(claims: list[Claim]) -> None:
    embedder: Any = MiniLMEmbedder()
    check_casualty_clusters(assign_clusters(claims, embedder))


def all_pairs_reference(
    claims: list[Claim], embedder: Any, threshold: float = 0.25, text_threshold: float = 0.8
) -> list[str | None]:
    """The former O(n²) algorithm: every pair compared, an n × n matrix."""
    from claims.clusters import _counts, _linked, _same_document_ok

    candidates = [i for i, c in enumerate(claims) if not c.is_opinion and c.doc_id]
    if len(candidates) < 2:
        return [None] * len(claims)
    vectors = np.asarray(embedder.embed([claims[i].text for i in candidates]), dtype=float)
    similarity = vectors @ vectors.T
    n = len(candidates)
    linked = np.zeros((n, n), dtype=bool)
    edges: list[tuple[float, int, int]] = []
    for a in range(n):
        for b in range(a + 1, n):
            left, right = _counts(claims[candidates[a]]), _counts(claims[candidates[b]])
            if claims[candidates[a]].doc_id == claims[candidates[b]].doc_id:
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
    out: list[str | None] = [None] * len(claims)
    for indices in members.values():
        if len({claims[candidates[i]].doc_id for i in indices}) < 2:
            continue
        cluster_id = content_id("cluster", *sorted(claims[candidates[i]].claim_id for i in indices))
        for i in indices:
            out[candidates[i]] = cluster_id
    return out


class FixedEmbedder:
    """Returns given vectors by text (random data for the equivalence test)."""

    name = "fixed"

    def __init__(self, vectors: dict[str, list[float]]) -> None:
        self.vectors = vectors

    def embed(self, texts: Any) -> list[list[float]]:
        return [self.vectors[t] for t in texts]


def random_claims(seed: int, topics: int = 40, per_topic: int = 6) -> tuple[list[Claim], Any]:
    """Claims in topic groups (close vectors), numbers that agree or clash, some opinions."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(topics, 48))
    claims: list[Claim] = []
    vectors: dict[str, list[float]] = {}
    for t in range(topics):
        base = int(rng.integers(10, 5000))
        for j in range(per_topic):
            vec = centres[t] + rng.normal(scale=rng.choice([0.2, 0.6, 1.2]), size=48)
            vec /= np.linalg.norm(vec)
            text = f"topic {t} claim {j}"
            value = float(base * rng.choice([1.0, 1.01, 1.5]))
            quantities = (
                (Quantity(text=str(value), low=value, high=value, referent="people"),)
                if rng.random() < 0.7
                else ()
            )
            claim = Claim(
                claim_id=content_id("claim", text),
                doc_id=f"doc-{int(rng.integers(0, 8))}",
                text=text,
                quantities=quantities,
                types=("opinion",) if rng.random() < 0.05 else ("numeric",),
            )
            claims.append(claim)
            vectors[text] = vec.tolist()
    order = rng.permutation(len(claims))
    return [claims[i] for i in order], FixedEmbedder(vectors)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_nearest_neighbour_clusters_equal_all_pairs_on_random_data(seed: int) -> None:
    claims, embedder = random_claims(seed)
    expected = all_pairs_reference(claims, embedder)
    assert any(expected), "the data must make some clusters"
    # A small batch exercises several blocks; k well below n exercises argpartition.
    got = assign_clusters(claims, embedder, neighbours=24)
    assert [c.cluster_id for c in got] == expected


def test_nearest_pairs_finds_every_close_pair_within_k() -> None:
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(300, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    exact = vectors.astype(np.float64) @ vectors.T.astype(np.float64)
    want = {(a, b) for a in range(300) for b in range(a + 1, 300) if exact[a, b] >= 0.6}
    seen: list[tuple[int, int]] = []
    pairs = nearest_pairs(vectors, 0.6, 299, batch=37, progress=lambda d, t: seen.append((d, t)))
    assert {(a, b) for a, b, _ in pairs} == want
    assert seen[-1] == (300, 300) and len(seen) == 9
    # With k = 1 each row keeps only its nearest: fewer pairs, all of them close.
    few = nearest_pairs(vectors, 0.6, 1)
    assert 0 < len(few) < len(want) and {(a, b) for a, b, _ in few} <= want


@pytest.mark.model
@pytest.mark.slow
def test_nearest_neighbour_clusters_equal_all_pairs_on_the_seeds() -> None:
    from pathlib import Path

    from crosscheck.factory import _prepare_claims
    from tests.conftest import SEEDS

    if not Path(SEEDS).is_dir():
        pytest.skip("seed corpus not present")
    from corpus.loader import load_corpus

    corpus = load_corpus(Path(SEEDS))
    extractor = OfflineClaimExtractor()
    claims = [c for d in corpus.documents for c in extractor.extract(d)]
    embedder = MiniLMEmbedder()
    expected = all_pairs_reference(claims, embedder)
    assert sum(1 for c in expected if c) >= 4
    assert [c.cluster_id for c in _prepare_claims(claims, embedder)] == expected
    # A tight neighbour budget still gives the same clusters on the seeds.
    assert [c.cluster_id for c in assign_clusters(claims, embedder, neighbours=16)] == expected


def test_clustering_shows_progress_while_it_embeds(
    claims: list[Claim], monkeypatch: pytest.MonkeyPatch
) -> None:
    # 38,000 claims take a minute and a half to embed: the bar moves during it, then during
    # the neighbour scan, and ends full. The clusters are those of one embedding call.
    monkeypatch.setattr(clusters_module, "EMBED_BATCH", 2)
    seen: list[tuple[int, int]] = []
    got = assign_clusters(claims, HashingEmbedder(), progress=lambda d, t: seen.append((d, t)))
    n = len(claims)
    assert seen[0] == (0, 2 * n) and seen[-1] == (2 * n, 2 * n)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert {d for d, _ in seen if 0 < d < n} == {2, 4}  # after each batch of two claims
    monkeypatch.setattr(clusters_module, "EMBED_BATCH", 1024)
    assert [c.cluster_id for c in got] == [
        c.cluster_id for c in assign_clusters(claims, HashingEmbedder())
    ]
