"""``--chroma-url``: the index on a real Chroma server (``chroma run``), started here."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from crosscheck.errors import ConfigError
from retrieval.embedder import HashingEmbedder
from retrieval.hybrid import HybridIndex
from tests.fakes import regex_splitter
from tests.test_scaling import _docs

CHROMA = Path(sys.executable).with_name("chroma")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMA.is_file() and shutil.which("chroma") is None:
        pytest.skip("the chroma CLI is not installed")
    path = tmp_path_factory.mktemp("chroma-server")
    port = _free_port()
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    server = subprocess.Popen(
        [str(CHROMA if CHROMA.is_file() else "chroma"), "run", "--path", str(path)]
        + ["--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("chroma server did not start")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_server_index_gives_the_same_evidence_as_the_local_one(
    chroma_url: str, tmp_path: Path
) -> None:
    docs = _docs()
    remote = HybridIndex(
        HashingEmbedder(), tmp_path / "remote", splitter=regex_splitter, chroma_url=chroma_url
    )
    local = HybridIndex(HashingEmbedder(), tmp_path / "local", splitter=regex_splitter)
    first = remote.index(docs)
    assert first.added == first.passages > 0
    local.index(docs)
    for query, own in [("130 people killed in Paris", 0), ("rain in Scotland", 1)]:
        got = remote.retrieve(query, k=3, exclude_doc_id=docs[own].doc_id)
        assert got == local.retrieve(query, k=3, exclude_doc_id=docs[own].doc_id)
        assert all(h.passage.doc_id != docs[own].doc_id for h in got)
    # The vectors live on the server: a second client adds nothing.
    again = HybridIndex(
        HashingEmbedder(), tmp_path / "other", splitter=regex_splitter, chroma_url=chroma_url
    )
    assert again.index(docs).added == 0


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    index = HybridIndex(HashingEmbedder(), tmp_path, chroma_url=f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(ConfigError, match="cannot reach the Chroma server"):
        index.index(_docs())
    with pytest.raises(ConfigError, match="http://HOST:PORT"):
        HybridIndex(HashingEmbedder(), tmp_path, chroma_url="localhost:8000").index(_docs())


@pytest.mark.model
def test_cli_checks_against_the_server(
    chroma_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from crosscheck.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Gunmen killed 130 people in Paris on Friday night.\n")
    (corpus / "b.txt").write_text("On Friday night gunmen killed 130 people in Paris.\n")
    monkeypatch.setenv("CROSSCHECK_DATA_DIR", str(tmp_path / "data"))
    args = ["check", str(corpus), "--out", str(tmp_path / "out"), "--quiet"]
    assert main([*args, "--chroma-url", chroma_url]) == 0
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert {c["verdict"] for c in report["claims"]} == {"supported"}
    assert not (tmp_path / "data" / "chroma" / "chroma.sqlite3").exists()  # nothing local
