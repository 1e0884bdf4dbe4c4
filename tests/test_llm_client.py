"""The real ChatOpenAI code path against the scripted OpenAI-compatible server."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openai_stub_server import (
    OpenAIStubServer,
    json_content,
    rate_limited,
    refusal,
    slow,
    text,
    tool_call,
)
from pydantic import SecretStr

from crosscheck.config import LLMSettings, Settings, StructuredMethod
from crosscheck.errors import BackendError, ConfigError
from crosscheck.models import Claim, Passage, ScoredPassage, Verdict
from llm import build_llm_stages, describe
from llm.accounting import Accounting
from llm.breaker import CircuitBreakerChat
from llm.cache import ResponseCache
from llm.calls import ask
from llm.client import (
    LOCAL_DUMMY_KEY,
    OpenAIStructuredChat,
    Prompt,
    StructuredChat,
    build_chat_model,
    identity_from,
)
from llm.schemas import VERDICT_SCHEMA, VerdictAnswer
from verification.llm_verifier import FALLBACK_BACKEND, LLMVerifier

SECRET = "sk-test-DO-NOT-LEAK-4f1c2e"
GOOD = {
    "stances": [{"passage": 1, "stance": "supports"}],
    "verdict": "supported",
    "confidence": 0.9,
    "rationale": "Passage [1] says so.",
    "citations": [1],
}
PROMPT = Prompt(system="system rules", user="<claim>x</claim>")


@pytest.fixture
def server() -> Iterator[OpenAIStubServer]:
    with OpenAIStubServer() as stub:
        yield stub


def settings_for(server: OpenAIStubServer, **overrides: Any) -> LLMSettings:
    values: dict[str, Any] = {
        "base_url": server.base_url,
        "model": "stub-model",
        "timeout_s": 2.0,
        "max_retries": 0,
    }
    values.update(overrides)
    return LLMSettings(**values)


def chat_for(settings: LLMSettings, **kwargs: Any) -> CircuitBreakerChat:
    """The client as ``build_llm_stages`` wires it: retries and the breaker around it."""
    inner = OpenAIStructuredChat(build_chat_model(settings, **kwargs), identity_from(settings))
    return CircuitBreakerChat(inner, max_retries=settings.max_retries)


def ask_verdict(chat: StructuredChat, accounting: Accounting | None = None) -> VerdictAnswer:
    return ask(
        chat,
        PROMPT,
        VERDICT_SCHEMA,
        VerdictAnswer,
        stage="verify",
        cache=None,
        accounting=accounting or Accounting(),
    )


class ConstantVerifier:
    name = "offline-const.v1"

    def __init__(self) -> None:
        self.calls = 0

    def verify(self, claim: Claim, passages: Any, documents: Any = None) -> Verdict:
        self.calls += 1
        return Verdict(label="not_enough_evidence", confidence=0.3, rationale="offline says NEE")


def one_passage() -> list[ScoredPassage]:
    text_ = "The council approved the budget on Tuesday."
    passage = Passage(
        passage_id=Passage.make_id("doc-b", 0, len(text_)),
        doc_id="doc-b",
        start=0,
        end=len(text_),
        text=text_,
        zone="body",
    )
    return [ScoredPassage(passage=passage, score=0.8)]


CLAIM = Claim(claim_id="c1", doc_id="doc-a", text="The council approved the budget.")


# -- structured output methods ---------------------------------------------------------------
def test_json_schema_method_sends_schema_and_parses_content(server: OpenAIStubServer) -> None:
    server.push(json_content(GOOD, prompt_tokens=120, completion_tokens=30))
    accounting = Accounting()
    answer = ask_verdict(chat_for(settings_for(server)), accounting)
    assert answer.verdict == "supported"
    assert answer.stances[0].stance == "supports"
    body = server.requests[0].body
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["name"] == "claim_verdict"
    assert body["temperature"] == 0
    assert body["model"] == "stub-model"
    usage = accounting.stage("verify")
    assert (usage.calls, usage.tokens_in, usage.tokens_out, usage.failures) == (1, 120, 30, 0)


def test_function_calling_method_reads_the_tool_call(server: OpenAIStubServer) -> None:
    server.push(tool_call(GOOD))
    answer = ask_verdict(chat_for(settings_for(server, structured_method="function_calling")))
    assert answer.verdict == "supported"
    body = server.requests[0].body
    assert body["tools"][0]["function"]["name"] == "claim_verdict"
    assert body["tool_choice"]["function"]["name"] == "claim_verdict"
    assert "response_format" not in body


def test_json_mode_method_asks_for_a_json_object(server: OpenAIStubServer) -> None:
    server.push(json_content(GOOD))
    answer = ask_verdict(chat_for(settings_for(server, structured_method="json_mode")))
    assert answer.citations == [1]
    assert server.requests[0].body["response_format"] == {"type": "json_object"}


@pytest.mark.parametrize("method", ["json_schema", "function_calling", "json_mode"])
def test_plain_text_with_json_inside_prose_is_parsed(
    server: OpenAIStubServer, method: StructuredMethod
) -> None:
    import json

    prose = (
        "Sure! Here is my analysis of the claim.\n\n```json\n"
        + json.dumps(
            {**GOOD, "verdict": "Refuted", "stances": [{"passage": 1, "stance": "refute"}]}
        )
        + "\n```\nLet me know if you need more {help}."
    )
    server.push(text(prose))
    answer = ask_verdict(chat_for(settings_for(server, structured_method=method)))
    assert answer.verdict == "refuted"
    assert answer.stances[0].stance == "refutes"


# -- failures --------------------------------------------------------------------------------
def test_malformed_json_raises_backend_error_and_counts_failure(server: OpenAIStubServer) -> None:
    server.push(text('{"verdict": "supported", "stances": [ {"passage": 1,'))
    accounting = Accounting()
    with pytest.raises(BackendError, match="no valid JSON"):
        ask_verdict(chat_for(settings_for(server)), accounting)
    assert accounting.stage("verify").failures == 1


def test_truncated_json_is_not_completed_into_an_answer(server: OpenAIStubServer) -> None:
    # LangChain's lenient parser would close the brackets and read "supported" citing [1].
    server.push(text('{"verdict": "supported", "confidence": 0.9, "citations": [1'))
    with pytest.raises(BackendError):
        ask_verdict(chat_for(settings_for(server)))


def test_json_not_matching_the_schema_is_a_failure(server: OpenAIStubServer) -> None:
    server.push(json_content({"verdict": "maybe?", "stances": []}))
    accounting = Accounting()
    with pytest.raises(BackendError, match="verdict"):
        ask_verdict(chat_for(settings_for(server)), accounting)
    usage = accounting.stage("verify")
    assert (usage.calls, usage.failures) == (1, 1)


def test_rate_limit_respects_retry_after_then_succeeds(server: OpenAIStubServer) -> None:
    server.push(rate_limited(retry_after_s=0.4), json_content(GOOD))
    started = time.monotonic()
    answer = ask_verdict(chat_for(settings_for(server, max_retries=1)))
    assert answer.verdict == "supported"
    assert server.request_count == 2
    waited = server.requests[1].received_at - server.requests[0].received_at
    assert waited >= 0.35  # the header's delay, not the client's default backoff
    assert time.monotonic() - started < 3


def test_rate_limit_beyond_max_retries_falls_back(server: OpenAIStubServer) -> None:
    server.push(rate_limited(0.05), rate_limited(0.05), rate_limited(0.05))
    accounting = Accounting()
    fallback = ConstantVerifier()
    verifier = LLMVerifier(
        chat_for(settings_for(server, max_retries=1)), fallback, cache=None, accounting=accounting
    )
    verdict = verifier.verify(CLAIM, one_passage())
    assert server.request_count == 2  # first try and one retry, no more
    assert fallback.calls == 1
    assert verdict.backend == FALLBACK_BACKEND
    assert "rate limited" in verdict.rationale
    usage = accounting.stage("verify")
    assert (usage.failures, usage.fallbacks) == (1, 1)


def test_slow_response_beyond_timeout_falls_back(server: OpenAIStubServer) -> None:
    server.push(slow(json_content(GOOD), delay_s=3.0))
    accounting = Accounting()
    verifier = LLMVerifier(
        chat_for(settings_for(server, timeout_s=0.3)),
        ConstantVerifier(),
        cache=None,
        accounting=accounting,
    )
    started = time.monotonic()
    verdict = verifier.verify(CLAIM, one_passage())
    assert time.monotonic() - started < 2.0
    assert verdict.backend == FALLBACK_BACKEND
    assert verdict.label == "not_enough_evidence"
    assert "timed out" in verdict.rationale
    assert accounting.stage("verify").failures == 1


def test_refusal_falls_back(server: OpenAIStubServer) -> None:
    server.push(refusal("I can't assist with that."))
    with pytest.raises(BackendError, match="refused"):
        ask_verdict(chat_for(settings_for(server)))
    server.push(refusal())
    verifier = LLMVerifier(
        chat_for(settings_for(server)), ConstantVerifier(), cache=None, accounting=Accounting()
    )
    verdict = verifier.verify(CLAIM, one_passage())
    assert verdict.backend == FALLBACK_BACKEND
    assert "refused" in verdict.rationale


def test_malformed_answer_in_verifier_falls_back_and_is_marked(server: OpenAIStubServer) -> None:
    server.push(text("I think the claim is probably true, but I am not sure."))
    accounting = Accounting()
    fallback = ConstantVerifier()
    verifier = LLMVerifier(
        chat_for(settings_for(server)), fallback, cache=None, accounting=accounting
    )
    verdict = verifier.verify(CLAIM, one_passage())
    assert fallback.calls == 1
    assert verdict.backend == FALLBACK_BACKEND
    assert verdict.rationale.startswith("offline says NEE")
    assert accounting.stage("verify").fallbacks == 1


def test_connection_refused_falls_back() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = LLMSettings(
        base_url=f"http://127.0.0.1:{port}/v1", model="m", timeout_s=1.0, max_retries=0
    )
    with pytest.raises(BackendError, match="connect"):
        ask_verdict(chat_for(settings))


def test_success_is_marked_with_the_model(server: OpenAIStubServer) -> None:
    server.push(json_content(GOOD))
    verifier = LLMVerifier(
        chat_for(settings_for(server)), ConstantVerifier(), cache=None, accounting=Accounting()
    )
    verdict = verifier.verify(CLAIM, one_passage())
    assert verdict.backend == "openai:stub-model"
    assert verdict.verifier == "llm-verify.v1"
    assert verdict.label == "supported"


# -- keys and clients ------------------------------------------------------------------------
def test_local_server_gets_a_dummy_key(server: OpenAIStubServer) -> None:
    server.push(json_content(GOOD))
    ask_verdict(chat_for(settings_for(server, api_key=None)))
    assert server.requests[0].headers["authorization"] == f"Bearer {LOCAL_DUMMY_KEY}"


def test_http_client_is_injectable(server: OpenAIStubServer) -> None:
    import httpx2

    server.push(json_content(GOOD))
    with httpx2.Client(headers={"x-crosscheck-test": "injected"}) as client:
        ask_verdict(chat_for(settings_for(server), http_client=client))
    assert server.requests[0].headers["x-crosscheck-test"] == "injected"


def test_api_key_never_leaks(
    server: OpenAIStubServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    settings = Settings(
        data_dir=tmp_path,
        backend="openai",
        llm=settings_for(server, api_key=SecretStr(SECRET), max_retries=1),
    )
    stages = build_llm_stages(settings, _NoClaims(), ConstantVerifier(), tmp_path)
    server.push(json_content(GOOD))
    ok = stages.verifier.verify(CLAIM, one_passage())
    server.push(rate_limited(0.05), refusal())
    failed = stages.verifier.verify(CLAIM.model_copy(update={"text": "Other."}), one_passage())
    errors: list[str] = []
    server.push(text("not json at all"))
    try:
        ask_verdict(chat_for(settings.llm))
    except BackendError as exc:
        errors.append(repr(exc) + str(exc.__cause__) + str(exc.__context__))
    # The key did reach the server, so it was really in use.
    assert server.requests[0].headers["authorization"] == f"Bearer {SECRET}"
    assert failed.backend == FALLBACK_BACKEND
    cache_files = list((tmp_path / "llm-cache").rglob("*.json"))
    assert cache_files
    places = [
        caplog.text,
        *errors,
        ok.model_dump_json(),
        failed.model_dump_json(),
        repr(describe(settings)),
        repr(stages.describe),
        repr(settings),
        *(p.read_text() for p in cache_files),
    ]
    for place in places:
        assert SECRET not in place
    assert stages.describe["llm_api_key"] == "set"


class _NoClaims:
    name = "none.v1"

    def extract(self, document: Any) -> list[Claim]:
        return []


def test_build_llm_stages_uses_the_data_dir_cache(server: OpenAIStubServer, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, backend="openai", llm=settings_for(server))
    stages = build_llm_stages(settings, _NoClaims(), ConstantVerifier(), tmp_path)
    assert stages.cache.directory == tmp_path / "llm-cache"
    assert stages.extractor.name == "llm-extract.v1"
    assert stages.describe["llm_model"] == "stub-model"
    with pytest.raises(ConfigError):
        build_llm_stages(Settings(data_dir=tmp_path), _NoClaims(), ConstantVerifier(), tmp_path)


def test_describe_redacts_credentials_in_the_url() -> None:
    settings = LLMSettings(base_url="https://user:pw@llm.example.org:8443/v1", model="m")
    described = describe(settings)
    assert described["llm_base_url"] == "https://llm.example.org:8443/v1"
    assert described["llm_api_key"] == "not set (local server)"


def test_cached_answer_skips_the_server(server: OpenAIStubServer, tmp_path: Path) -> None:
    server.push(json_content(GOOD))
    chat = chat_for(settings_for(server))
    cache = ResponseCache(tmp_path)
    accounting = Accounting()
    for _ in range(3):
        answer = ask(
            chat,
            PROMPT,
            VERDICT_SCHEMA,
            VerdictAnswer,
            stage="verify",
            cache=cache,
            accounting=accounting,
        )
        assert answer.verdict == "supported"
    assert server.request_count == 1
    assert accounting.stage("verify").cache_hits == 2
    # Another model is another key.
    server.push(json_content({**GOOD, "verdict": "refuted"}))
    other = chat_for(settings_for(server, model="other-model"))
    answer = ask(
        other,
        PROMPT,
        VERDICT_SCHEMA,
        VerdictAnswer,
        stage="verify",
        cache=cache,
        accounting=accounting,
    )
    assert server.request_count == 2
