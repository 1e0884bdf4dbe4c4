"""The circuit breaker against real failing HTTP servers on 127.0.0.1.

Before it, every call retried on its own: a seed run against an always-429 server took
476 s instead of about 40 s offline.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Any

import pytest
from openai_stub_server import OpenAIStubServer, json_content, rate_limited, server_error, slow

from crosscheck.config import LLMSettings, Settings
from crosscheck.errors import BackendSwitchedOff, BackendUnavailable
from crosscheck.models import Corpus, Document
from crosscheck.pipeline import Pipeline
from crosscheck.store import KeyValueStore
from llm import build_llm_stages
from llm.accounting import Accounting
from llm.breaker import CircuitBreakerChat
from llm.client import OpenAIStructuredChat, build_chat_model, identity_from
from retrieval.embedder import HashingEmbedder
from retrieval.hybrid import HybridIndex
from tests.fakes import blank_reader, regex_splitter
from tests.test_llm_client import GOOD, ask_verdict
from tests.test_pipeline import SentenceExtractor
from verification.engine import StanceVerifier
from verification.stance_models import OverlapStanceModel


def _always(reply: Any) -> OpenAIStubServer:
    return OpenAIStubServer(lambda body: reply)


def _chat(base_url: str, *, timeout_s: float = 2.0, **breaker: Any) -> CircuitBreakerChat:
    settings = LLMSettings(base_url=base_url, model="stub-model", timeout_s=timeout_s)
    inner = OpenAIStructuredChat(build_chat_model(settings), identity_from(settings))
    return CircuitBreakerChat(inner, **breaker)


def _articles() -> Corpus:
    texts = [
        "In Port Alba 1,200 dock workers voted on Tuesday. The strike lasted 9 days.",
        "About 1,200 dock workers voted in Port Alba. The strike lasted 11 days.",
        "The council of Port Alba said 40 ships waited. Losses reached 4 million euros.",
    ]
    return Corpus(
        documents=tuple(Document.create(path=f"{i}.txt", text=t) for i, t in enumerate(texts))
    )


def test_always_429_server_switches_the_backend_off_in_seconds(tmp_path: Path) -> None:
    """A whole run against an always-429 backend: three requests, then offline."""
    with _always(rate_limited(retry_after_s=1)) as server:
        settings = Settings(
            data_dir=tmp_path,
            backend="openai",
            llm=LLMSettings(base_url=server.base_url, model="stub-model", timeout_s=5),
        )
        embedder = HashingEmbedder()
        offline_verifier = StanceVerifier(OverlapStanceModel(), reader=blank_reader())
        stages = build_llm_stages(settings, SentenceExtractor(), offline_verifier, tmp_path)
        pipeline = Pipeline(
            settings=settings,
            extractor=stages.extractor,
            embedder=embedder,
            index=HybridIndex(embedder, tmp_path / "chroma", splitter=regex_splitter),
            verifier=stages.verifier,
            cache=KeyValueStore(tmp_path / "cache.sqlite3"),
            notices=stages.notices,
        )
        started = time.monotonic()
        report = pipeline.run(_articles())
        elapsed = time.monotonic() - started
        sent = server.request_count
    assert sent == 3  # one request and two retries, then nothing more
    assert elapsed < 2 * 1 + 8  # two capped waits of 1 s, plus the offline work
    judged = [c for c in report.claims if c.evidence or c.verdict != "not_enough_evidence"]
    assert len(report.claims) >= 6
    fallbacks = [c for c in report.claims if c.backend == "offline-fallback"]
    assert judged and all(c.backend == "offline-fallback" for c in judged)
    assert all("switched off" in c.rationale for c in fallbacks[1:])
    [warning] = report.warnings
    assert "switched off after 3 consecutive failures" in warning
    assert "rate limited (HTTP 429)" in warning
    from reports.markdown_export import report_to_markdown

    assert "switched off" in report_to_markdown(report)


def test_retry_after_is_honoured_up_to_a_cap() -> None:
    waits: list[float] = []
    with OpenAIStubServer() as server:
        server.push(rate_limited(retry_after_s=30), json_content(GOOD))
        chat = _chat(server.base_url, max_wait_s=2.5, sleep=waits.append)
        assert ask_verdict(chat).verdict == "supported"
    assert waits == [2.5]  # the server asked for 30 s; the cap is 2.5 s


def test_short_retry_after_is_waited_for_exactly() -> None:
    waits: list[float] = []
    with OpenAIStubServer() as server:
        server.push(server_error(503), json_content(GOOD))
        chat = _chat(server.base_url, sleep=waits.append, backoff_s=0.25)
        assert ask_verdict(chat).verdict == "supported"
        assert server.request_count == 2
    assert waits == [0.25]  # no Retry-After: the breaker's own backoff


def test_a_success_resets_the_count() -> None:
    with OpenAIStubServer() as server:
        for _ in range(3):
            server.push(rate_limited(0.01), rate_limited(0.01), json_content(GOOD))
        chat = _chat(server.base_url, sleep=lambda s: None)
        for _ in range(3):
            assert ask_verdict(chat).verdict == "supported"
        assert not chat.is_open and chat.notice() is None
        assert server.request_count == 9


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_refused_connections_open_the_breaker_without_retries() -> None:
    chat = _chat(f"http://127.0.0.1:{_closed_port()}/v1", sleep=lambda s: None)
    accounting = Accounting()
    for _ in range(3):
        with pytest.raises(BackendUnavailable):
            ask_verdict(chat, accounting)
    assert chat.is_open
    started = time.monotonic()
    with pytest.raises(BackendSwitchedOff):
        ask_verdict(chat, accounting)
    assert time.monotonic() - started < 0.1
    assert accounting.stage("verify").calls == 3  # the refused-at-once call was never sent
    assert "could not connect" in str(chat.notice())


def test_timeouts_open_the_breaker() -> None:
    with _always(slow(json_content(GOOD), 5)) as server:
        chat = _chat(server.base_url, timeout_s=0.3)
        started = time.monotonic()
        for _ in range(4):
            with pytest.raises((BackendUnavailable, BackendSwitchedOff)):
                ask_verdict(chat)
        assert server.request_count == 3
    assert time.monotonic() - started < 3
    assert "timed out" in str(chat.notice())


def test_after_the_cooldown_one_request_goes_through() -> None:
    now = [0.0]
    with OpenAIStubServer() as server:
        server.push(server_error(500), server_error(500), server_error(500), json_content(GOOD))
        chat = _chat(server.base_url, clock=lambda: now[0], sleep=lambda s: None, cooldown_s=60)
        with pytest.raises(BackendUnavailable):
            ask_verdict(chat)
        with pytest.raises(BackendSwitchedOff):
            ask_verdict(chat)
        now[0] = 61.0
        assert ask_verdict(chat).verdict == "supported"
        assert not chat.is_open
