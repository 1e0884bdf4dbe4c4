"""``--workers``: big runs judged by worker processes give the single process's report."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from crosscheck.config import Settings
from crosscheck.errors import ConfigError
from crosscheck.models import Claim, Corpus, Document, ScoredPassage, Verdict
from crosscheck.pipeline import RETRIEVAL_CHUNK, Pipeline
from crosscheck.store import KeyValueStore
from crosscheck.workers import WORKER_NICENESS, WorkerPool
from retrieval.embedder import HashingEmbedder
from retrieval.hybrid import HybridIndex
from tests.fakes import blank_reader, regex_splitter
from tests.test_pipeline import SentenceExtractor
from verification.engine import StanceVerifier
from verification.stance_models import OverlapStanceModel


def _verifier() -> StanceVerifier:
    return StanceVerifier(OverlapStanceModel(), reader=blank_reader())


class _Dying:
    """A verifier that ends its process: a worker killed mid-run (out of memory, say)."""

    name = _verifier().name

    def verify(
        self,
        claim: Claim,
        passages: Sequence[ScoredPassage],
        documents: Mapping[str, Document] | None = None,
    ) -> Verdict:
        os._exit(3)


def _dying() -> _Dying:
    return _Dying()


class _DyingExtractor(SentenceExtractor):
    def extract(self, document: Document) -> list[Claim]:
        os._exit(3)


class _SignalReporter(SentenceExtractor):
    """Claims that say how the worker that read them treats Ctrl-C and how nice it is."""

    def extract(self, document: Document) -> list[Claim]:
        import signal

        ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        return [
            c.model_copy(update={"speaker": f"ignored={ignored} nice={os.nice(0)}"})
            for c in super().extract(document)
        ]


def _corpus(articles: int = 12) -> Corpus:
    """Towns and tolls that repeat across articles, so that claims find support and
    refutation in the other articles, over several retrieval chunks."""
    docs = []
    for a in range(articles):
        sentences = [
            # Towns 0-2: every article agrees; towns 3-5: the first article says otherwise.
            f"The storm killed {10 + s + (s >= 3 and a == 0)} people in Town{s} on {1 + s} March."
            for s in range(6)
        ]
        byline = f"By reporter {chr(65 + a)}."  # no two articles alike
        docs.append(Document.create(path=f"a{a:02d}.txt", text=" ".join([byline, *sentences])))
    return Corpus(documents=tuple(docs))


def _pipeline(tmp_path: Path, pool: WorkerPool | None = None) -> Pipeline:
    embedder = HashingEmbedder(dim=128)
    return Pipeline(
        settings=Settings(data_dir=tmp_path),
        extractor=SentenceExtractor(),
        embedder=embedder,
        index=HybridIndex(embedder, tmp_path / "chroma", splitter=regex_splitter),
        verifier=_verifier(),
        cache=KeyValueStore(tmp_path / "cache.sqlite3"),
        worker_pool=pool,
    )


def test_run_on_workers_equals_the_single_process(tmp_path: Path) -> None:
    corpus = _corpus()
    single = _pipeline(tmp_path / "one").run(corpus)
    assert len(single.claims) > 2 * RETRIEVAL_CHUNK  # several chunks, judged while retrieving
    pool = WorkerPool(_verifier, workers=2, min_claims=1)
    on_workers = _pipeline(tmp_path / "pool", pool).run(corpus)
    assert pool.submitted == len(single.claims)  # every verdict came from a worker
    assert on_workers.claims == single.claims
    assert len({c.verdict for c in single.claims}) >= 2
    assert any(c.verdict in {"supported", "refuted"} for c in single.claims)
    assert not on_workers.warnings
    assert not pool.started  # the processes end with the run


def test_articles_read_by_workers_give_the_same_claims(tmp_path: Path) -> None:
    corpus = _corpus()
    single = _pipeline(tmp_path / "one").run(corpus)
    pool = WorkerPool(_verifier, workers=2, make_extractor=SentenceExtractor, min_documents=1)
    on_workers = _pipeline(tmp_path / "pool", pool).run(corpus)
    assert pool.documents_read == len(corpus.documents)
    assert pool.submitted == 0  # a small run's claims are judged here
    assert on_workers.claims == single.claims
    # The workers' claims were cached: a rerun reads no article.
    _pipeline(tmp_path / "pool", pool).run(corpus)
    assert pool.documents_read == len(corpus.documents)


def test_workers_leave_ctrl_c_to_the_parent_and_yield_to_it(tmp_path: Path) -> None:
    # The CLI answers Ctrl-C with one line; workers reached by the signal would each print
    # a traceback. They also run below the parent, whose retrieval they wait for.
    pool = WorkerPool(_verifier, workers=2, make_extractor=_SignalReporter, min_documents=1)
    report = _pipeline(tmp_path, pool).run(_corpus(2))
    assert pool.documents_read == 2
    nice = min(os.nice(0) + WORKER_NICENESS, 19)
    assert {c.speaker for c in report.claims} == {f"ignored=True nice={nice}"}


def test_a_worker_stopped_while_reading_leaves_the_rest_to_this_process(
    tmp_path: Path,
) -> None:
    corpus = _corpus(6)
    single = _pipeline(tmp_path / "one").run(corpus)
    pool = WorkerPool(_verifier, workers=2, make_extractor=_DyingExtractor, min_documents=1)
    report = _pipeline(tmp_path / "pool", pool).run(corpus)
    assert report.claims == single.claims
    assert any("worker process stopped" in w for w in report.warnings)


def test_workers_do_not_run_the_parents_main_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under Streamlit, ``__main__`` is the app's script: a spawned worker must not run it
    (it would draw the app in every worker, or fail as a test page did)."""
    import sys
    import types

    marker = tmp_path / "ran"
    script = tmp_path / "page.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\nraise SystemExit(2)\n")
    page = types.ModuleType("__main__")
    page.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", page)
    corpus = _corpus()  # several chunks: each worker starts with a task of its own
    pool = WorkerPool(_verifier, workers=2, min_claims=1)
    report = _pipeline(tmp_path / "pool", pool).run(corpus)
    assert pool.submitted > 0 and not report.warnings
    assert not marker.exists()
    assert page.__file__ == str(script)  # the parent's main module is left as it was


def test_unchanged_rerun_starts_no_worker(tmp_path: Path) -> None:
    corpus = _corpus(4)
    pool = WorkerPool(_verifier, workers=2, min_claims=1)
    pipeline = _pipeline(tmp_path, pool)
    first = pipeline.run(corpus)
    sent = pool.submitted
    assert sent > 0
    again = pipeline.run(corpus)
    assert pool.submitted == sent  # every verdict came from the cache
    assert again.claims == first.claims


def test_small_run_is_judged_in_this_process(tmp_path: Path) -> None:
    pool = WorkerPool(_verifier, workers=2)  # the default minimum: far above this run
    report = _pipeline(tmp_path, pool).run(_corpus(2))
    assert report.claims
    assert pool.submitted == 0


def test_a_stopped_worker_leaves_the_run_to_this_process(tmp_path: Path) -> None:
    corpus = _corpus(6)
    single = _pipeline(tmp_path / "one").run(corpus)
    pool = WorkerPool(_dying, workers=2, min_claims=1)
    report = _pipeline(tmp_path / "pool", pool).run(corpus)
    assert report.claims == single.claims  # nothing lost
    assert pool.submitted > 0
    assert any("worker process stopped" in w and "one process" in w for w in report.warnings)


def test_workers_setting_from_environment_and_not_in_the_fingerprint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CROSSCHECK_WORKERS", "3")
    settings = Settings.from_env()
    assert settings.workers == 3
    # Workers change where claims are judged, never the verdict: cached verdicts stay valid.
    assert settings.fingerprint() == Settings().fingerprint()
    monkeypatch.setenv("CROSSCHECK_WORKERS", "0")
    with pytest.raises(ConfigError, match="workers"):
        Settings.from_env()


def test_cli_rejects_a_worker_count_that_is_not_a_number(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from crosscheck.cli import main

    with pytest.raises(SystemExit):
        main(["check", "corpus", "--workers", "two"])
    assert "must be a whole number, not 'two'" in capsys.readouterr().err


@pytest.mark.model
@pytest.mark.slow
def test_real_pipeline_on_workers_gives_the_same_report(tmp_path: Path) -> None:
    """The real models in spawned worker processes: the multi-outlet corpus's report is
    the one-process report."""
    from crosscheck.factory import build_pipeline
    from tests.conftest import REPO_ROOT

    corpus_dir = REPO_ROOT / "tests" / "data" / "mall"
    reports = []
    for name, workers in (("one", 1), ("two", 2)):
        pipeline = build_pipeline(Settings(data_dir=tmp_path / name, workers=workers))
        if workers > 1:
            assert pipeline._pool is not None
            pipeline._pool.min_claims = pipeline._pool.min_documents = 1
        reports.append(pipeline.run(pipeline.load(corpus_dir)))
        if workers > 1:
            assert pipeline._pool is not None
            assert pipeline._pool.submitted > 0 and pipeline._pool.documents_read == 3
    one, two = (json.loads(r.model_dump_json(exclude={"generated_at"})) for r in reports)
    assert one["claims"] == two["claims"]
    assert any(c["verdict"] in {"supported", "refuted", "conflicting"} for c in one["claims"])
