"""The whole CLI on ../shared/seeds: schema, offsets, own-document exclusion, named claims."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reports.schema import validate_report
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.integration, pytest.mark.model, pytest.mark.slow]


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from tests.conftest import SEEDS

    if not SEEDS.is_dir():
        if os.environ.get("CI"):
            pytest.fail("seed corpus missing (required when CI is set)")
        pytest.skip("seed corpus not present")
    tmp = tmp_path_factory.mktemp("seeds")
    env = {**os.environ, "CROSSCHECK_DATA_DIR": str(tmp / "data")}
    command = [
        sys.executable,
        "-m",
        "crosscheck.cli",
        "check",
        str(SEEDS),
        "--out",
        str(tmp / "out"),
    ]
    first = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=900
    )
    assert first.returncode == 0, first.stderr
    report = json.loads((tmp / "out" / "report.json").read_text(encoding="utf-8"))
    return {"report": report, "stderr": first.stderr, "tmp": tmp, "env": env, "command": command}


def _texts(report: dict[str, Any]) -> dict[str, str]:
    from tests.conftest import SEEDS

    # Paths are relative to the corpus folder; offsets index the text exactly as decoded.
    return {
        d["doc_id"]: (SEEDS / d["path"]).read_text(encoding="utf-8") for d in report["documents"]
    }


def test_report_matches_schema(seed_run: dict[str, Any]) -> None:
    report = seed_run["report"]
    validate_report(report)
    assert report["schema_version"] == 1
    assert len(report["documents"]) == 5
    assert report["claims"]
    assert {"extractor", "retriever", "verifier"} <= set(report["pipeline"])


def test_every_quote_equals_the_text_at_its_offsets(seed_run: dict[str, Any]) -> None:
    report = seed_run["report"]
    texts = _texts(report)
    for claim in report["claims"]:
        source = claim["source"]
        assert texts[claim["doc_id"]][source["start"] : source["end"]] == source["quote"]
        for e in claim["evidence"]:
            assert texts[e["doc_id"]][e["start"] : e["end"]] == e["quote"]


def test_evidence_never_from_own_document(seed_run: dict[str, Any]) -> None:
    for claim in seed_run["report"]["claims"]:
        assert all(e["doc_id"] != claim["doc_id"] for e in claim["evidence"])
        if claim["verdict"] not in ("not_enough_evidence", "not_checked"):
            assert any(e["stance"] != "neutral" for e in claim["evidence"])


def _find(report: dict[str, Any], needle: str) -> list[dict[str, Any]]:
    # The seeds hold non-breaking spaces ("130 or more\xa0people"): match on words.
    return [c for c in report["claims"] if needle in " ".join(c["source"]["quote"].split())]


@pytest.mark.parametrize(
    "needle",
    [
        "at least 129 dead",
        "130 or more people",
        "89 people were murdered",
        "murder 130 people",
        "up to 200 militants",
    ],
)
def test_named_claims_are_extracted(seed_run: dict[str, Any], needle: str) -> None:
    assert _find(seed_run["report"], needle), needle


def test_casualty_claims_supported_by_other_articles(seed_run: dict[str, Any]) -> None:
    report = seed_run["report"]
    # "at least 129 dead" is entailed by another article's "130"; the figure is cited.
    claims = [c for c in _find(report, "at least 129 dead") if c["quantities"]]
    supported = [c for c in claims if c["verdict"] == "supported"]
    assert supported, claims
    assert any("130" in e["quote"] for e in supported[0]["evidence"] if e["stance"] == "supports")
    # "130" exactly is not entailed by "at least 129" or "130 or more", and never refuted.
    exact = [c for c in _find(report, "murder 130 people") if c["quantities"]]
    assert exact and all(c["verdict"] in ("supported", "not_enough_evidence") for c in exact)


def test_unique_figures_are_not_enough_evidence(seed_run: dict[str, Any]) -> None:
    report = seed_run["report"]
    for needle in ("89 people were murdered", "up to 200 militants"):
        verdicts = {c["verdict"] for c in _find(report, needle) if c["quantities"]}
        assert verdicts == {"not_enough_evidence"}, (needle, verdicts)


def test_no_refutation_by_comments_alone(seed_run: dict[str, Any]) -> None:
    for claim in seed_run["report"]["claims"]:
        if claim["verdict"] in ("refuted", "conflicting"):
            deciding = [e for e in claim["evidence"] if e["stance"] == "refutes"]
            assert any(e["zone"] != "comment" for e in deciding), claim


def test_second_run_adds_nothing_to_the_index(seed_run: dict[str, Any]) -> None:
    from retrieval.embedder import MiniLMEmbedder
    from retrieval.vector_store import VectorStore

    data = Path(seed_run["env"]["CROSSCHECK_DATA_DIR"])
    before = VectorStore(MiniLMEmbedder(), data / "chroma").count()
    again = subprocess.run(
        seed_run["command"] + ["--quiet"],
        capture_output=True,
        text=True,
        env=seed_run["env"],
        cwd=REPO_ROOT,
        timeout=900,
    )
    assert again.returncode == 0, again.stderr
    assert VectorStore(MiniLMEmbedder(), data / "chroma").count() == before > 0


HEAVY = ("torch", "sentence_transformers", "spacy")

# A rerun through every stage (no stored report): caches must answer each of them.
PIPELINE_RERUN = """
import json, sys
from crosscheck.factory import build_pipeline
pipeline = build_pipeline()
corpus = pipeline.load(sys.argv[1])
report = pipeline.run(corpus)
model = pipeline.embedder.inner._model
print(json.dumps({
    "modules": [m for m in sys.argv[2].split(",") if m in sys.modules],
    "embedder_loaded": model is not None,
    "verdicts": {c.claim_id: [c.verdict, c.cluster_id] for c in report.claims},
}))
"""


def _verdicts(report: dict[str, Any]) -> dict[str, list[Any]]:
    return {c["claim_id"]: [c["verdict"], c["cluster_id"]] for c in report["claims"]}


def test_unchanged_rerun_reuses_the_report_and_imports_no_model(seed_run: dict[str, Any]) -> None:
    out = seed_run["tmp"] / "rerun"
    again = subprocess.run(
        seed_run["command"] + ["--quiet", "--timings", "--out", str(out)],
        capture_output=True,
        text=True,
        env=seed_run["env"],
        cwd=REPO_ROOT,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert "stored report reused" in again.stderr
    assert "imported: none of" in again.stderr, again.stderr
    rerun = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert rerun["claims"] == seed_run["report"]["claims"]


def test_pipeline_rerun_loads_no_model_and_gives_the_same_verdicts(
    seed_run: dict[str, Any],
) -> None:
    from tests.conftest import SEEDS

    done = subprocess.run(
        [sys.executable, "-c", PIPELINE_RERUN, str(SEEDS), ",".join(HEAVY)],
        capture_output=True,
        text=True,
        env=seed_run["env"],
        cwd=REPO_ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["modules"] == [] and not result["embedder_loaded"]
    assert result["verdicts"] == _verdicts(seed_run["report"])
