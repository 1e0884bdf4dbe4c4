from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crosscheck.cli import main
from tests.conftest import REPO_ROOT


def test_bad_arguments_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check"])  # --out missing
    assert exc.value.code == 2
    assert main(["check", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    assert "error" in capsys.readouterr().err


def test_empty_corpus_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "bad.txt").write_bytes(b"\xff\xfe\x00bad\x81")
    code = main(["check", str(tmp_path / "corpus"), "--out", str(tmp_path / "o"), "--quiet"])
    assert code == 2
    assert "error" in capsys.readouterr().err


def test_claims_file_errors_name_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    claims = tmp_path / "claims.jsonl"
    claims.write_text('{"id": "a", "claim": "x", "passages": ["y"]}\n{"id": "b"}\n')
    assert main(["check", "--claims", str(claims), "--out", str(tmp_path / "o")]) == 2
    assert ":2:" in capsys.readouterr().err


def test_unknown_format_exit_2(tmp_path: Path) -> None:
    claims = tmp_path / "claims.jsonl"
    claims.write_text('{"id": "a", "claim": "x", "passages": ["y"]}\n')
    assert main(["check", "--claims", str(claims), "--out", str(tmp_path), "--format", "docx"]) == 2


@pytest.mark.model
def test_given_claims_with_passages_run_without_corpus(tmp_path: Path, data_dir: Path) -> None:
    claims = tmp_path / "claims.jsonl"
    rows = [
        {
            "id": "paris-1",
            "claim": "The Paris attacks killed 130 people.",
            "passages": [
                "It rained in Lyon.",
                "The Paris attacks of 13 November killed 130 people.",
            ],
        },
        {"id": "opinion-1", "claim": "Paris is the most beautiful city.", "passages": []},
    ]
    claims.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    env = {**os.environ, "CROSSCHECK_DATA_DIR": str(data_dir)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "crosscheck.cli",
            "check",
            "--claims",
            str(claims),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    first = next(c for c in report["claims"] if c["claim_id"] == "paris-1")
    assert first["doc_id"] is None
    assert first["verdict"] == "supported"
    supporting = [e for e in first["evidence"] if e["stance"] == "supports"]
    assert supporting and supporting[0]["doc_id"] == "input:1"
    passage = rows[0]["passages"][1]  # type: ignore[index]
    assert passage[supporting[0]["start"] : supporting[0]["end"]] == supporting[0]["quote"]


@pytest.mark.model
def test_given_passages_the_model_reads_decide_with_the_real_stance_model(
    tmp_path: Path, data_dir: Path
) -> None:
    """Rewordings no slot settles: the shipped stance model's reading decides a given passage
    (and says so), while a passage on another topic and a retrieved-style reading do not."""
    rows = [
        {
            "id": "retreat",
            "claim": "Glaciers around the world are retreating.",
            "passages": ["Most mountain glaciers have lost mass and pulled back since 1900."],
        },
        {
            "id": "crowds",
            "claim": "The museum is empty on weekends.",
            "passages": ["Crowds pack the museum every Saturday and Sunday."],
        },
        {
            "id": "praise",
            "claim": "The mayor praised the new library.",
            "passages": ["The mayor criticised the new library at its opening on Monday."],
        },
        {
            "id": "topic",
            "claim": "The river flooded the town centre.",
            "passages": ["Shops were shut on Sunday."],
        },
        {
            "id": "hearsay",
            "claim": "Apple is buying the Path social network.",
            "passages": ["Apple is reportedly buying the Path social network."],
        },
        {
            "id": "report",
            "claim": "Apple is reported to be buying the Path social network.",
            "passages": ["Apple is reportedly buying the Path social network."],
        },
        {
            "id": "named-report",
            "claim": "A report by the think-tank Demos said broadband users are creating "
            "their own websites.",
            "passages": [
                "Broadband users are creating their own websites, according to a report by "
                "the think-tank Demos."
            ],
        },
    ]
    claims = tmp_path / "claims.jsonl"
    claims.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    code = main(["check", "--claims", str(claims), "--out", str(tmp_path / "out")])
    assert code == 0
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    got = {c["claim_id"]: c for c in report["claims"]}
    assert got["retreat"]["verdict"] == "supported"
    assert "as the stance model reads it" in got["retreat"]["rationale"]
    assert got["crowds"]["verdict"] == "refuted"
    # An antonym is a slot: the rationale names the words, not the model.
    assert got["praise"]["verdict"] == "refuted"
    assert "'criticised' for 'praised'" in got["praise"]["rationale"]
    assert got["topic"]["verdict"] == "not_enough_evidence"
    assert got["topic"]["rationale"].startswith("No passage in the given passages settles")
    # A hedged passage confirms only a claim that is itself a report.
    assert got["hearsay"]["verdict"] == "not_enough_evidence"
    assert "without vouching" in got["hearsay"]["rationale"]
    assert got["report"]["verdict"] == "supported"
    # What a named report says is confirmed by a passage giving it "according to" that report.
    assert got["named-report"]["verdict"] == "supported"


@pytest.mark.model
def test_a_long_given_passage_is_judged_sentence_by_sentence_and_cited_at_its_offsets(
    tmp_path: Path, data_dir: Path
) -> None:
    body = (
        "The town council met on Monday evening to discuss several matters, including parking "
        "fees, the state of the park near the river, and the schedule for the summer festival, "
        "which will run for three days in July. Residents raised concerns about noise from the "
        "festival and asked for earlier closing times. After a long debate the council approved "
        "the new bridge by seven votes to two. The bridge will cost 48 million dollars and is "
        "due to open in 2027, the mayor said after the meeting."
    )
    rows = [
        {"id": "approved", "claim": "The council approved the new bridge.", "passages": [body]},
        {"id": "cost", "claim": "The bridge will cost 95 million dollars.", "passages": [body]},
    ]
    claims = tmp_path / "claims.jsonl"
    claims.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert main(["check", "--claims", str(claims), "--out", str(tmp_path / "out")]) == 0
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    got = {c["claim_id"]: c for c in report["claims"]}
    assert got["approved"]["verdict"] == "supported"
    assert got["cost"]["verdict"] == "refuted"
    for claim in got.values():
        deciding = [e for e in claim["evidence"] if e["stance"] != "neutral"]
        assert len(deciding) == 1 and deciding[0]["doc_id"] == "input:0"
        # The deciding sentence alone, quoted at its offsets in the whole given text.
        assert deciding[0]["quote"] == body[deciding[0]["start"] : deciding[0]["end"]]
        assert deciding[0]["end"] - deciding[0]["start"] < len(body) / 2


# --- clear edges (issue 14) --------------------------------------------------------------


def test_empty_format_list_exits_2_before_running(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--format ''`` ran the whole pipeline, exited 0 and wrote nothing."""
    claims = tmp_path / "claims.jsonl"
    claims.write_text('{"id": "a", "claim": "x", "passages": ["y"]}\n')
    out = tmp_path / "o"
    for value in ("", " , ,"):
        code = main(["check", "--claims", str(claims), "--out", str(out), "--format", value])
        assert code == 2
        err = capsys.readouterr().err
        assert "names no report format" in err and "json" in err
    assert not out.exists()


@pytest.mark.parametrize("value", ["0", "51", "-3", "many"])
def test_top_k_out_of_range_exits_2_with_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    """``--top-k 0`` printed raw pydantic text."""
    with pytest.raises(SystemExit) as exc:
        main(["check", str(tmp_path), "--out", str(tmp_path / "o"), "--top-k", value])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--top-k" in err and ("between 1 and 50" in err or "whole number" in err)
    assert "pydantic" not in err and "validation error" not in err


def test_invalid_settings_read_as_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    from crosscheck.config import Settings
    from crosscheck.errors import ConfigError

    monkeypatch.setenv("CROSSCHECK_LLM_TIMEOUT", "soon")
    with pytest.raises(ConfigError) as exc:
        Settings.from_env()
    message = str(exc.value)
    assert message.startswith("invalid setting llm.timeout_s = 'soon'")
    assert "errors.pydantic.dev" not in message


def test_help_states_the_limits(capsys: pytest.CaptureFixture[str]) -> None:
    from claims.offline import MAX_CLAIM_CHARS, MAX_SENTENCES_PER_DOCUMENT
    from corpus.loader import DEFAULT_MAX_BYTES
    from corpus.sentences import MAX_SENTENCE_CHARS
    from crosscheck.config import Settings

    with pytest.raises(SystemExit):
        main(["check", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for number in (
        DEFAULT_MAX_BYTES,
        MAX_SENTENCE_CHARS,
        MAX_CLAIM_CHARS,
        MAX_SENTENCES_PER_DOCUMENT,
        Settings().max_claims_per_document,
    ):
        assert f"{number:,}" in text
    assert "1 to 50" in text and "130 interrupted" in text
    assert "outside the corpus" in text


def test_ctrl_c_exits_130_with_one_line(tmp_path: Path, data_dir: Path) -> None:
    """Ctrl-C printed a traceback; now one line and exit 130."""
    import signal
    import time

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Dock workers voted on Tuesday to end a nine-day strike.\n")
    (corpus / "b.txt").write_text("The strike at the port lasted eleven days, officials said.\n")
    (corpus / "table.csv").write_text("a,b\n1,2\n")  # skipped: its line says loading is done
    # Enough articles that the run is still going when the signal comes, even if a loaded
    # machine lets this test send it late (with 3 s instead of 0.5 s it still lands mid-run).
    for i in range(60):
        (corpus / f"port-{i:02d}.txt").write_text(
            "".join(
                f"Dock workers at berth {i}-{j} voted on day {j} to end a strike of {i + j} days.\n"
                for j in range(30)
            )
        )
    env = {**os.environ, "CROSSCHECK_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "crosscheck.cli", "check", str(corpus), "--out", str(tmp_path)],
        cwd=REPO_ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    first = proc.stderr.readline()  # "skipped table.csv: ..." once the corpus is loaded
    assert "skipped table.csv" in first
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    rest = proc.stderr.read()
    assert proc.wait(timeout=60) == 130
    assert "Traceback" not in rest
    lines = [ln for ln in rest.splitlines() if "interrupted" in ln]
    assert lines == ["crosscheck: interrupted (Ctrl-C); stopped, no file left half-written"]
    assert not (tmp_path / "report.json").exists()
