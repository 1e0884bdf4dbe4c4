"""LLMClaimExtractor against the scripted server: verbatim spans, typing, fallback, cache."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openai_stub_server import OpenAIStubServer, json_content, server_error, text

from claims.llm_extractor import LLMClaimExtractor
from crosscheck.config import LLMSettings
from crosscheck.models import Claim, Document, Quantity, SourceSpan, ZoneSpan
from llm.accounting import Accounting
from llm.cache import ResponseCache
from llm.client import OpenAIStructuredChat, build_chat_model, identity_from

BODY = (
    "The city council approved a budget of 4.2 million euros on Tuesday. "
    "Critics said it was far too small.\n\n"
    "The mayor, who took office in 2019, said the budget would “protect every school”."
)
BOILERPLATE = "\n\nSubscribe to our newsletter for more news."
EXACT = "The city council approved a budget of 4.2 million euros on Tuesday."
# Re-spaced and re-quoted by the model: must be repaired to the article's own characters.
RESPACED = 'The mayor,  who took office in 2019,\nsaid the budget would "protect every school".'
PROPOSED = [
    {
        "claim": "The city council approved a 4.2 million euro budget.",
        "source_sentence": EXACT,
        "speaker": "Finance Minister Jane Doe",  # not in the article: ignored
    },
    {
        "claim": "The mayor took office in 2019.",
        "source_sentence": RESPACED,
        "speaker": "The mayor",
    },
    {
        "claim": "The council will raise taxes.",
        "source_sentence": "The council announced it will raise taxes next year.",
    },
    {"claim": "The budget is 5 million euros.", "source_sentence": EXACT},
]


def article() -> Document:
    text_ = BODY + BOILERPLATE
    return Document.create(
        path="budget.txt",
        text=text_,
        title="Council budget",
        published=date(2024, 3, 6),
        zones=(
            ZoneSpan(start=0, end=len(BODY), zone="body"),
            ZoneSpan(start=len(BODY), end=len(text_), zone="boilerplate"),
        ),
    )


class SentenceExtractor:
    """Offline stand-in: one claim per sentence, typed by whether it has a figure."""

    name = "sentences.v1"

    def __init__(self) -> None:
        self.documents: list[Document] = []

    def extract(self, document: Document) -> list[Claim]:
        self.documents.append(document)
        claims = []
        for match in re.finditer(r"[^\n]+?[.!?](?=\s|$)", document.text):
            sentence = match.group(0).strip()
            start = document.text.index(sentence, match.start())
            quantities = tuple(
                Quantity(
                    text=q.group(0),
                    low=float(q.group(1)),
                    high=float(q.group(1)),
                    start=start + q.start(),
                    end=start + q.end(),
                )
                for q in re.finditer(r"(\d+(?:\.\d+)?)(?: million euros)?", sentence)
            )
            claims.append(
                Claim(
                    claim_id=Claim.make_id(document.doc_id, start, start + len(sentence), sentence),
                    doc_id=document.doc_id,
                    text=sentence,
                    source=SourceSpan(
                        start=start, end=start + len(sentence), quote=sentence, zone="body"
                    ),
                    types=("numeric",) if quantities else ("event",),
                    quantities=quantities,
                    speaker="the mayor" if "mayor" in sentence else None,
                    attributed="said" in sentence,
                    checkworthiness=0.9 if quantities else 0.4,
                )
            )
        return claims


@pytest.fixture
def server() -> Iterator[OpenAIStubServer]:
    with OpenAIStubServer() as stub:
        yield stub


def extractor_for(
    server: OpenAIStubServer,
    fallback: SentenceExtractor | None = None,
    *,
    cache: ResponseCache | None = None,
    accounting: Accounting | None = None,
    **kwargs: Any,
) -> LLMClaimExtractor:
    settings = LLMSettings(base_url=server.base_url, model="stub", timeout_s=2, max_retries=0)
    chat = OpenAIStructuredChat(build_chat_model(settings), identity_from(settings))
    return LLMClaimExtractor(
        chat,
        fallback or SentenceExtractor(),
        cache=cache,
        accounting=accounting or Accounting(),
        **kwargs,
    )


def test_claims_are_anchored_to_verbatim_spans(server: OpenAIStubServer) -> None:
    server.push(json_content({"claims": PROPOSED}))
    document = article()
    extractor = extractor_for(server)
    claims = extractor.extract(document)

    assert [c.text for c in claims] == [
        "The city council approved a 4.2 million euro budget.",
        "The mayor took office in 2019.",
    ]
    for claim in claims:
        assert claim.source is not None
        assert document.text[claim.source.start : claim.source.end] == claim.source.quote
        assert claim.doc_id == document.doc_id
        assert claim.published == date(2024, 3, 6)
    # The re-spaced, re-quoted sentence maps to the article's own characters.
    repaired = claims[1].source
    assert repaired is not None
    assert repaired.quote == (
        "The mayor, who took office in 2019, said the budget would “protect every school”."
    )
    # Not in the article, or a figure the article never states: rejected.
    assert extractor.rejected_count(document.doc_id) == 2
    assert extractor.fallback_reason(document.doc_id) is None
    # Boilerplate is never sent to the model.
    user = server.requests[0].message_text("user")
    assert "newsletter" not in user
    assert "<article>" in user and "untrusted" in server.requests[0].message_text("system")


def test_claims_are_typed_by_the_offline_rules(server: OpenAIStubServer) -> None:
    from claims import checkworthiness
    from claims.claim_types import classify

    server.push(json_content({"claims": PROPOSED[:2]}))
    document = article()
    first, second = extractor_for(server).extract(document)
    assert first.types == classify(first.text, first.quantities) == ("numeric",)
    # Quantities come from the verbatim span, so their offsets index the article.
    assert [(q.text, q.low, q.unit) for q in first.quantities] == [
        ("4.2 million euros", 4_200_000.0, "EUR")
    ]
    for quantity in first.quantities:
        assert quantity.start is not None and quantity.end is not None
        assert document.text[quantity.start : quantity.end] == quantity.text
    expected = checkworthiness.score(
        checkworthiness.features(first.text, quantities=first.quantities, types=first.types),
        text=first.text,
    )
    assert first.checkworthiness == expected
    assert first.speaker is None and first.attributed is False  # invented speaker dropped
    assert second.speaker == "The mayor" and second.attributed is True
    assert second.quantities == ()  # a year is a date here, not a figure
    # both are checkable facts for the trained scorer (a date, a named office)
    assert min(first.checkworthiness, second.checkworthiness) >= 0.5


def test_any_extractor_can_type_claims(server: OpenAIStubServer) -> None:
    from llm.claim_typing import OfflineExtractorTyper

    server.push(json_content({"claims": PROPOSED[:2]}))
    document = article()
    typer = OfflineExtractorTyper(SentenceExtractor())
    first, second = extractor_for(server, typer=typer).extract(document)
    assert first.types == ("numeric",)
    assert first.checkworthiness == 0.9
    assert [q.text for q in first.quantities] == ["4.2 million euros"]
    for quantity in first.quantities:
        assert quantity.start is not None and quantity.end is not None
        assert document.text[quantity.start : quantity.end] == quantity.text
    assert second.speaker == "The mayor"
    assert second.attributed is True


def test_malformed_answer_falls_back_to_offline_for_the_document(server: OpenAIStubServer) -> None:
    server.push(text('{"claims": [{"claim": "x", "source_sentence": '))
    fallback = SentenceExtractor()
    accounting = Accounting()
    document = article()
    extractor = extractor_for(server, fallback, accounting=accounting)
    claims = extractor.extract(document)
    assert claims == SentenceExtractor().extract(document)
    assert (
        extractor.fallback_reason(document.doc_id) == "model answer contains no valid JSON object"
    )
    usage = accounting.stage("extract")
    assert (usage.failures, usage.fallbacks) == (1, 1)


def test_one_failed_chunk_sends_the_whole_document_offline(server: OpenAIStubServer) -> None:
    paragraphs = [
        f"Paragraph {n} reports that {n * 10} new homes were built in the district last year, "
        "according to the housing office, which publishes its figures every spring."
        for n in range(1, 4)
    ]
    document = Document.create(path="long.txt", text="\n\n".join(paragraphs))
    ok = json_content({"claims": []})
    server.push(ok, ok, server_error(500))
    extractor = extractor_for(server, max_chunk_chars=200)
    claims = extractor.extract(document)
    assert server.request_count == 3
    assert len(claims) == 3 and all(c.text.startswith("Paragraph") for c in claims)
    assert extractor.fallback_reason(document.doc_id) == "LLM server error (HTTP 500)"


def test_rerun_over_unchanged_article_makes_no_calls(
    server: OpenAIStubServer, tmp_path: Path
) -> None:
    server.push(json_content({"claims": PROPOSED}))
    cache = ResponseCache(tmp_path)
    first = extractor_for(server, cache=cache).extract(article())
    assert server.request_count == 1
    accounting = Accounting()
    second = extractor_for(server, cache=cache, accounting=accounting).extract(article())
    assert server.request_count == 1
    assert second == first
    assert accounting.stage("extract").cache_hits == 1


def test_requests_per_document_are_capped_with_a_note(server: OpenAIStubServer) -> None:
    """A long document costs at most ``max_chunks`` requests, and says it was cut."""
    server.responder = lambda body: json_content({"claims": []})
    paragraphs = [f"Paragraph {i} says the council met on day {i}. " * 8 for i in range(40)]
    document = Document.create(path="long.txt", text="\n\n".join(paragraphs))
    extractor = extractor_for(server, max_chunks=3, max_chunk_chars=400)
    extractor.extract(document)
    assert server.request_count == 3
    note = extractor.limit_note(document.doc_id)
    assert note is not None and "only the first 3 were sent" in note
