"""``crosscheck check --backend openai`` end to end against a scripted server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openai_stub_server import OpenAIStubServer, Reply, json_content

from crosscheck.cli import main

ARTICLES = {
    "a.txt": "Officials said the flood closed 12 schools in the valley on Monday.\n",
    "b.txt": "The flood closed 12 schools in the valley, the council confirmed on Monday.\n",
}


def _responder(body: dict[str, Any]) -> Reply:
    prompt = json.dumps(body.get("messages", []))
    if "extracted_claims" in json.dumps(body) or "Check-worthy claims" in prompt:
        sentence = next((t.strip() for t in ARTICLES.values() if t.strip()[:40] in prompt), "")
        return json_content({"claims": [{"claim": sentence, "source_sentence": sentence}]})
    return json_content(
        {
            "stances": [{"passage": 1, "stance": "supports"}],
            "verdict": "supported",
            "confidence": 0.8,
            "rationale": "[1] states the same figure.",
            "citations": [1],
        }
    )


@pytest.fixture
def server() -> Any:
    with OpenAIStubServer(_responder) as stub:
        yield stub


@pytest.mark.model
def test_openai_backend_runs_the_cli(
    server: OpenAIStubServer, tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-123")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    args = ["check", str(corpus), "--out", str(out), "--quiet", "--backend", "openai"]
    args += ["--base-url", server.base_url, "--model", "stub-model"]
    assert main(args) == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["pipeline"]["backend"] == "openai"
    assert report["pipeline"]["llm_model"] == "stub-model"
    assert any(k.startswith("llm_") and "calls=" in v for k, v in report["pipeline"].items())
    assert "sk-test-secret-123" not in (out / "report.json").read_text(encoding="utf-8")
    checked = [c for c in report["claims"] if c["verdict"] != "not_checked"]
    assert checked and all(c["backend"] == "openai:stub-model" for c in checked)
    assert any(c["verdict"] == "supported" for c in checked)
    calls = server.request_count
    # A rerun over the unchanged corpus is answered from the caches: no new request.
    assert main(args) == 0
    assert server.request_count == calls
