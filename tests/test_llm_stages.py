"""build_llm_stages end to end: extract and verify a small corpus twice; the rerun is free."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from openai_stub_server import OpenAIStubServer, Reply, json_content

from crosscheck.config import LLMSettings, Settings
from crosscheck.models import CheckedClaim, Claim, Document, Passage, ScoredPassage, Verdict
from llm import LLMStages, build_llm_stages

ARTICLES = [
    "Unemployment fell to 4.1 percent in March, the statistics office said.\n\n"
    "The minister welcomed the news.",
    "Joblessness dropped to 4.1 percent in March according to official data.\n\n"
    "Analysts expect a rise in the autumn.",
]


def schema_name(body: dict[str, Any]) -> str:
    if "tools" in body:
        return str(body["tools"][0]["function"]["name"])
    return str(body["response_format"]["json_schema"]["name"])


def responder(body: dict[str, Any]) -> Reply:
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    if schema_name(body) == "extracted_claims":
        article = re.search(r"<article>\n(.*)\n</article>", user, re.DOTALL)
        assert article is not None
        sentences = re.findall(r"[^.\n]*\d[^\n]*?\.(?=\s|$)", article.group(1))
        claims = [{"claim": s.strip(), "source_sentence": s.strip()} for s in sentences]
        return json_content({"claims": claims}, prompt_tokens=200, completion_tokens=40)
    passages = re.findall(r'<passage id="(\d+)"[^>]*>\n(.*?)\n</passage>', user, re.DOTALL)
    stances = [
        {"passage": int(n), "stance": "supports" if "4.1 percent" in t else "neutral"}
        for n, t in passages
    ]
    cited = [s["passage"] for s in stances if s["stance"] == "supports"]
    return json_content(
        {
            "stances": stances,
            "verdict": "supported" if cited else "not_enough_evidence",
            "confidence": 0.9,
            "rationale": "Matches [1]." if cited else "Nothing relevant.",
            "citations": cited,
        },
        prompt_tokens=300,
        completion_tokens=50,
    )


class NoOffline:
    name = "unused.v1"

    def extract(self, document: Document) -> list[Claim]:
        raise AssertionError("offline extractor used")

    def verify(
        self, claim: Claim, passages: Sequence[ScoredPassage], documents: object = None
    ) -> Verdict:
        raise AssertionError("offline verifier used")


@pytest.fixture
def server() -> Iterator[OpenAIStubServer]:
    with OpenAIStubServer(responder) as stub:
        yield stub


def whole(document: Document) -> ScoredPassage:
    passage = Passage(
        passage_id=Passage.make_id(document.doc_id, 0, document.chars),
        doc_id=document.doc_id,
        start=0,
        end=document.chars,
        text=document.text,
        zone="body",
    )
    return ScoredPassage(passage=passage, score=0.5)


def run(stages: LLMStages, documents: list[Document]) -> list[CheckedClaim]:
    rows = []
    for document in documents:
        others = [whole(d) for d in documents if d.doc_id != document.doc_id]
        for claim in stages.extractor.extract(document):
            rows.append(CheckedClaim.from_parts(claim, stages.verifier.verify(claim, others)))
    return rows


def test_rerun_over_unchanged_corpus_makes_no_calls(
    server: OpenAIStubServer, tmp_path: Path
) -> None:
    settings = Settings(
        data_dir=tmp_path,
        backend="openai",
        llm=LLMSettings(
            base_url=server.base_url,
            model="stub",
            timeout_s=2,
            max_retries=0,
            price_in_per_mtok=1.0,
            price_out_per_mtok=2.0,
        ),
    )
    documents = [Document.create(path=f"{i}.txt", text=t) for i, t in enumerate(ARTICLES)]
    offline = NoOffline()

    first_stages = build_llm_stages(settings, offline, offline, tmp_path)
    first = run(first_stages, documents)
    calls = server.request_count
    assert calls == 4  # one extraction chunk per article, one verdict per claim
    assert [row.verdict for row in first] == ["supported", "supported"]
    assert all(row.backend == "openai:stub" for row in first)
    for row in first:
        for evidence in row.evidence:
            source = next(d for d in documents if d.doc_id == evidence.doc_id)
            assert source.text[evidence.start : evidence.end] == evidence.quote
    total = first_stages.accounting.total()
    assert (total.calls, total.tokens_in, total.tokens_out) == (4, 1000, 180)
    assert first_stages.accounting.cost(settings) == pytest.approx((1000 + 2 * 180) / 1e6)

    second_stages = build_llm_stages(settings, offline, offline, tmp_path)
    second = run(second_stages, documents)
    assert server.request_count == calls
    assert second == first
    assert second_stages.accounting.total().cache_hits == 4
    assert second_stages.accounting.total().calls == 0
