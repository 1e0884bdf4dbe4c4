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
