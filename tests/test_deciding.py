"""Deciding evidence added to retrieval: passages that give the claim's date."""

from __future__ import annotations

from datetime import date

from crosscheck.models import Claim, Document, Passage
from retrieval.deciding import MAX_ADDED, date_index, dated


def _passages(doc: Document) -> list[Passage]:
    out, start = [], 0
    for sentence in doc.text.split("\n"):
        end = start + len(sentence)
        out.append(
            Passage(
                passage_id=Passage.make_id(doc.doc_id, start, end),
                doc_id=doc.doc_id,
                start=start,
                end=end,
                text=sentence,
                zone="body",
                published=doc.published,
            )
        )
        start = end + 1
    return out


def test_a_busy_day_keeps_the_passages_closest_to_the_claim() -> None:
    noise = [f"On 13 November the council number {i} met about parking fees." for i in range(6)]
    lines = [*noise, "On 13 November gunmen attacked the concert hall in the city centre."]
    other = Document.create(path="other.txt", text="\n".join(lines), published=date(2015, 11, 14))
    own = Document.create(path="own.txt", text="x", published=date(2015, 11, 16))
    claim = Claim(
        claim_id="c1",
        doc_id=own.doc_id,
        text="Gunmen attacked the concert hall on 13 November.",
        published=own.published,
    )
    index = date_index({other.doc_id: _passages(other)})
    found = dated(claim, index)
    assert len(found) == MAX_ADDED
    assert found[0].text.startswith("On 13 November gunmen attacked the concert hall")


def test_the_claims_own_article_is_never_added() -> None:
    own = Document.create(path="own.txt", text="On 13 November gunmen attacked the hall.")
    claim = Claim(claim_id="c1", doc_id=own.doc_id, text="Gunmen attacked on 13 November 2015.")
    assert dated(claim, date_index({own.doc_id: _passages(own)})) == []
