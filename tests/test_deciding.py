"""Deciding evidence added to retrieval: passages that give the claim's date."""

from __future__ import annotations

from datetime import date

from crosscheck.models import Claim, Document
from retrieval.deciding import MAX_ADDED, date_index, dated
from retrieval.passages import make_passages
from tests.fakes import regex_splitter


def test_a_busy_day_keeps_the_passages_closest_to_the_claim() -> None:
    noise = [f"On 13 November the council number {i} met about parking fees." for i in range(6)]
    lines = [*noise, "On 13 November gunmen attacked the concert hall in the city centre."]
    other = Document.create(path="other.txt", text=" ".join(lines), published=date(2015, 11, 14))
    own = Document.create(path="own.txt", text="x", published=date(2015, 11, 16))
    claim = Claim(
        claim_id="c1",
        doc_id=own.doc_id,
        text="Gunmen attacked the concert hall on 13 November.",
        published=own.published,
    )
    index = date_index({other.doc_id: make_passages(other, regex_splitter)})
    found = dated(claim, index)
    assert len(found) == MAX_ADDED
    assert found[0].text.startswith("On 13 November gunmen attacked the concert hall")


def test_the_claims_own_article_is_never_added() -> None:
    own = Document.create(path="own.txt", text="On 13 November gunmen attacked the hall.")
    claim = Claim(claim_id="c1", doc_id=own.doc_id, text="Gunmen attacked on 13 November 2015.")
    assert dated(claim, date_index({own.doc_id: make_passages(own, regex_splitter)})) == []
