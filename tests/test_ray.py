"""``--ray``: embedding and verification on a local Ray give the single process's results."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from crosscheck.distributed import RayEmbedder, RayVerifier, _split
from crosscheck.pipeline import Pipeline
from crosscheck.store import KeyValueStore
from retrieval.embedder import HashingEmbedder
from retrieval.hybrid import HybridIndex
from tests.fakes import blank_reader, regex_splitter
from tests.test_pipeline import SentenceExtractor, _corpus
from verification.engine import StanceVerifier
from verification.stance_models import OverlapStanceModel

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    import sys

    from ray import cloudpickle

    from tests.conftest import REPO_ROOT

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    # The factories below travel by value; the actors import the project from the checkout.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        runtime_env={"env_vars": {"PYTHONPATH": str(REPO_ROOT)}},
    )
    try:
        yield
    finally:
        ray.shutdown()


def _hashing() -> HashingEmbedder:
    return HashingEmbedder(dim=128)


def _verifier() -> StanceVerifier:
    return StanceVerifier(OverlapStanceModel(), reader=blank_reader())


def test_split_keeps_order_and_sizes() -> None:
    assert _split(list(range(7)), 3) == [[0, 1, 2], [3, 4], [5, 6]]
    assert _split([1], 4) == [[1]]


def test_ray_embedder_gives_the_local_vectors(local_ray: None) -> None:
    texts = [f"claim number {i} about {i % 7} people" for i in range(300)]
    remote = RayEmbedder(_hashing, actors=2, chunk=32)
    assert remote.embed(texts) == _hashing().embed(texts)
    assert remote._pool is not None and len(remote._pool) == 2  # the batch went to actors
    small = RayEmbedder(_hashing, actors=2, chunk=32)
    assert small.embed(texts[:10]) == _hashing().embed(texts[:10])
    assert small._pool is None  # a small call never leaves the driver


def _pipeline(tmp_path: Path, verifier, embedder) -> Pipeline:  # type: ignore[no-untyped-def]
    from crosscheck.config import Settings

    return Pipeline(
        settings=Settings(data_dir=tmp_path),
        extractor=SentenceExtractor(),
        embedder=embedder,
        index=HybridIndex(embedder, tmp_path / "chroma", splitter=regex_splitter),
        verifier=verifier,
        cache=KeyValueStore(tmp_path / "cache.sqlite3"),
    )


def test_verdict_cache_keys_on_ray_are_the_single_process_keys(tmp_path: Path) -> None:
    # The acronyms a corpus defines are part of a verdict's key; the driver reads them.
    from crosscheck.models import Document

    corpus = _corpus()
    defining = Document.create(
        path="sohr.txt", text="The Syrian Observatory for Human Rights (SOHR) counted 40 dead."
    )
    corpus = corpus.model_copy(update={"documents": (*corpus.documents, defining)})
    single = _pipeline(tmp_path / "one", _verifier(), _hashing())
    ray_verifier = RayVerifier(_verifier, _verifier().name, actors=2)
    on_ray = _pipeline(tmp_path / "ray", ray_verifier, _hashing())
    claims = [c for d in corpus.documents for c in single.extract(d)]
    found = [[] for _ in claims]
    assert on_ray._verdict_keys(claims, found, corpus) == single._verdict_keys(
        claims, found, corpus
    )
    assert ray_verifier._pool is None  # no actor was started for it


def test_pipeline_on_ray_equals_the_single_process(local_ray: None, tmp_path: Path) -> None:
    corpus = _corpus()
    single = _pipeline(tmp_path / "one", _verifier(), _hashing()).run(corpus)
    verifier = RayVerifier(_verifier, _verifier().name, actors=2)
    embedder = RayEmbedder(_hashing, actors=2, chunk=1)
    distributed = _pipeline(tmp_path / "ray", verifier, embedder).run(corpus)
    assert verifier._pool is not None  # verdicts came from the actors
    assert distributed.claims == single.claims
    assert any(c.verdict == "supported" for c in single.claims)


@pytest.mark.model
@pytest.mark.slow
def test_cli_with_ray_gives_the_same_report(
    local_ray: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crosscheck.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Gunmen killed 130 people in Paris on Friday night.\n")
    (corpus / "b.txt").write_text("On Friday night gunmen killed 130 people in Paris.\n")
    (corpus / "c.txt").write_text("Gunmen killed 89 people at the Bataclan in Paris.\n")
    reports = []
    for name, extra in (("one", []), ("ray", ["--ray", "auto"])):
        monkeypatch.setenv("CROSSCHECK_DATA_DIR", str(tmp_path / name))
        out = tmp_path / f"out-{name}"
        assert main(["check", str(corpus), "--out", str(out), "--quiet", *extra]) == 0
        reports.append(json.loads((out / "report.json").read_text(encoding="utf-8")))
    assert reports[0]["claims"] == reports[1]["claims"]
    assert reports[0]["claims"]
