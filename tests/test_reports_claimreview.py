"""ClaimReview JSON-LD: one review per checked claim, ratings on the stated scale."""

from __future__ import annotations

import json
from typing import Any

import pytest
from report_factory import ARABIC_NAME, HEBREW_NAME, SCRIPT, make_report

from crosscheck.models import Report
from reports.claimreview import RATING_VALUES, document_url, render_claimreview

NAMES = {
    "supported": "Supported",
    "refuted": "Refuted",
    "conflicting": "Conflicting",
    "not_enough_evidence": "Not enough evidence",
}


def _reviews(report: Report | None = None, **kwargs: Any) -> list[dict[str, Any]]:
    data = json.loads(render_claimreview(report or make_report(), **kwargs))
    assert isinstance(data, list)
    return data


def test_one_review_per_checked_claim_and_opinions_left_out() -> None:
    report = make_report()
    reviews = _reviews(report)
    checked = [c for c in report.claims if c.verdict != "not_checked"]
    assert [r["identifier"] for r in reviews] == [c.claim_id for c in checked]
    assert len(reviews) == len(report.claims) - 1


def test_every_review_has_the_required_fields() -> None:
    report = make_report()
    checked = [c for c in report.claims if c.verdict != "not_checked"]
    for review, claim in zip(_reviews(report), checked, strict=True):
        assert review["@context"] == "https://schema.org"
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == claim.text
        assert review["datePublished"] == "2024-05-01"
        assert review["author"] == {"@type": "Organization", "name": "crosscheck"}
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
        assert rating["alternateName"] == NAMES[claim.verdict]
        assert "1 = Refuted" in rating["ratingExplanation"]
        assert "5 = Supported" in rating["ratingExplanation"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["appearance"][0]["@type"] == "CreativeWork"


def test_rating_scale_orders_verdicts_by_truth() -> None:
    assert RATING_VALUES["refuted"] == 1 and RATING_VALUES["supported"] == 5
    assert RATING_VALUES["refuted"] < RATING_VALUES["conflicting"] < RATING_VALUES["supported"]
    assert "not_checked" not in RATING_VALUES


def test_item_reviewed_names_the_article_date_and_author() -> None:
    reviews = _reviews()
    toll = reviews[0]["itemReviewed"]
    assert toll["appearance"][0]["name"] == "Paris attacks: what we know — “live” updates"
    assert toll["appearance"][0]["url"] == "file:///data/articles/paris-attacks.txt"
    assert toll["datePublished"] == "2015-11-14"
    assert toll["author"] == {"@type": "Person", "name": "Amélie Dupré"}
    organiser = reviews[1]["itemReviewed"]
    assert organiser["author"] == {"@type": "Person", "name": ARABIC_NAME}
    undated = next(
        r
        for r in reviews
        if r["reviewRating"]["alternateName"] == NAMES["not_enough_evidence"]
        and "120" in r["claimReviewed"]
    )["itemReviewed"]
    assert "datePublished" not in undated and "author" not in undated
    assert undated["appearance"][0] == {
        "@type": "CreativeWork",
        "name": "articles/wire-c.txt",
        "url": "articles/wire-c.txt",
    }
    raid = reviews[-1]["itemReviewed"]
    assert raid["author"]["name"] == HEBREW_NAME
    assert raid["appearance"][0]["url"] == "articles/brussels%20followup.txt"


def test_organisation_and_url_are_configurable() -> None:
    reviews = _reviews(organisation="Les Décodeurs", url="https://example.org/checks")
    assert reviews[0]["author"] == {
        "@type": "Organization",
        "name": "Les Décodeurs",
        "url": "https://example.org/checks",
    }


def test_output_is_safe_to_embed_in_a_script_element() -> None:
    raw = render_claimreview(make_report())
    assert b"<" not in raw and b">" not in raw
    reviews = json.loads(raw)
    assert any(SCRIPT in r["itemReviewed"]["appearance"][0]["name"] for r in reviews)


def test_claim_without_a_known_article_has_no_appearance() -> None:
    report = make_report()
    loose = report.claims[0].model_copy(update={"doc_id": None, "speaker": None})
    (review,) = _reviews(report.with_claims([loose]))
    assert review["itemReviewed"] == {"@type": "Claim"}


def test_report_of_only_opinions_gives_an_empty_array() -> None:
    report = make_report()
    assert (
        _reviews(report.with_claims(c for c in report.claims if c.verdict == "not_checked")) == []
    )


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("/tmp/a b/ü.txt", "file:///tmp/a%20b/%C3%BC.txt"),
        ("C:\\news\\a.txt", "file:///C:/news/a.txt"),
        ("rel/x#1.txt", "rel/x%231.txt"),
    ],
)
def test_document_url(path: str, url: str) -> None:
    assert document_url(path) == url
