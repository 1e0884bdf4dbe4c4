"""assign_clusters: the same claim across articles shares a cluster id."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

from claims.clusters import assign_clusters
from claims.offline import OfflineClaimExtractor
from crosscheck.models import Claim, Document, content_id
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
