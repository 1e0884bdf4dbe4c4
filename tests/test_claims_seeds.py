"""The claims the user named, extracted from the seed articles with the right intervals."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from claims.offline import OfflineClaimExtractor
from corpus.loader import load_corpus
from crosscheck.models import Claim, Document

pytestmark = pytest.mark.model


@lru_cache(maxsize=1)
def _extracted(folder: str) -> tuple[tuple[Document, tuple[Claim, ...]], ...]:
    extractor = OfflineClaimExtractor()
    corpus = load_corpus(Path(folder))
    return tuple((d, tuple(extractor.extract(d))) for d in corpus.documents)


@pytest.fixture
def seeds(seeds_dir: Path) -> dict[str, tuple[Document, tuple[Claim, ...]]]:
    return {Path(d.path).name[:3]: (d, claims) for d, claims in _extracted(str(seeds_dir))}


def claim_at(
    seeds: dict[str, tuple[Document, tuple[Claim, ...]]], prefix: str, anchor: str
) -> Claim:
    """The claim whose number lies in the anchor (else the first claim overlapping it)."""
    document, claims = seeds[prefix]
    start = document.text.index(anchor)
    end = start + len(anchor)
    overlapping = [c for c in claims if c.source and c.source.start < end and start < c.source.end]
    assert overlapping, f"no claim at {anchor!r}"
    with_number = [
        c
        for c in overlapping
        if any(
            q.start is not None and q.end is not None and q.start < end and start < q.end
            for q in c.quantities
        )
    ]
    return (with_number or overlapping)[0]


def number_in(claim: Claim, anchor_low: float) -> tuple[float | None, float | None, bool]:
    q = next(q for q in claim.quantities if q.low == anchor_low or q.high == anchor_low)
    return q.low, q.high, q.low_inclusive


@pytest.mark.parametrize(
    ("prefix", "anchor", "key", "interval"),
    [
        ("000", "at least one hundred and twenty-nine people", 129, (129, None, True)),
        ("000", "at least 129 dead", 129, (129, None, True)),
        ("000", "over 300 seriously injured", 300, (300, None, False)),
        ("001", "massacred 130 or more", 130, (130, None, True)),
        ("002", "89 people were murdered", 89, (89, 89, True)),
        ("002", "murder 130 people", 130, (130, 130, True)),
        ("003", "up to 200 militants", 200, (0, 200, True)),
        ("003", "31 people died", 31, (31, 31, True)),
        ("004", "up to 5,000 European Union citizens", 5000, (0, 5000, True)),
        ("003", "estimated 25,000 fighters", 27500, (22500, 27500, True)),
    ],
)
def test_named_casualty_and_fighter_counts(
    seeds: dict[str, tuple[Document, tuple[Claim, ...]]],
    prefix: str,
    anchor: str,
    key: float,
    interval: tuple[float | None, float | None, bool],
) -> None:
    claim = claim_at(seeds, prefix, anchor)
    assert "numeric" in claim.types
    assert number_in(claim, key) == interval


def test_dead_and_injured_are_separate_claims(
    seeds: dict[str, tuple[Document, tuple[Claim, ...]]],
) -> None:
    dead = claim_at(seeds, "000", "at least 129 dead")
    injured = claim_at(seeds, "000", "over 300 seriously injured")
    assert dead.claim_id != injured.claim_id
    assert [q.low for q in dead.quantities] == [129]
    assert [q.low for q in injured.quantities] == [300]


def test_border_control_claim(seeds: dict[str, tuple[Document, tuple[Claim, ...]]]) -> None:
    claim = claim_at(seeds, "000", "is now controlled by the YPG")
    assert claim.types[0] == "control"
    assert not claim.quantities


def test_traps(seeds: dict[str, tuple[Document, tuple[Claim, ...]]]) -> None:
    assert not claim_at(seeds, "000", "near London in 2013").quantities
    assert not claim_at(seeds, "002", "struck Paris on November 13").quantities
    europol = claim_at(seeds, "004", "Europol estimates")
    assert europol.speaker == "Europol" and europol.attributed
    comment = claim_at(seeds, "003", "31 people died")
    assert comment.source is not None and comment.source.zone == "comment"
    body = [c.checkworthiness for c in seeds["003"][1] if c.source and c.source.zone == "body"]
    assert comment.checkworthiness < sorted(body)[len(body) // 2]


def test_no_claims_from_boilerplate_and_quotes_are_exact(
    seeds: dict[str, tuple[Document, tuple[Claim, ...]]],
) -> None:
    for document, claims in seeds.values():
        boiler = [(z.start, z.end) for z in document.zones if z.zone == "boilerplate"]
        for claim in claims:
            assert claim.source is not None
            assert document.text[claim.source.start : claim.source.end] == claim.source.quote
            assert claim.source.zone != "boilerplate"
            assert not any(claim.source.start < e and s < claim.source.end for s, e in boiler)


def test_relative_dates_in_the_seeds(seeds: dict[str, tuple[Document, tuple[Claim, ...]]]) -> None:
    assert "13 November 2015" in claim_at(seeds, "000", "at least one hundred").text
    assert "22 January 2015" in claim_at(seeds, "004", "in London on Thursday").text
