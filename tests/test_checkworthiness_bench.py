"""The check-worthiness bench and the shipped model read in plain Python."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bench.checkworthiness import figures, main
from claims import checkworthiness as cw
from claims.checkworthy_model import WEIGHTS, CheckworthyModel, load_model, tokens
from crosscheck.errors import ModelError

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "news"


def test_figures_f1_and_top_share() -> None:
    f = figures([1, 0, 1, 0, 0, 0, 0, 0, 0, 1], [0.9, 0.8, 0.7, 0.1, 0, 0, 0, 0, 0, 0.2], 0.5)
    assert (round(f.precision, 3), round(f.recall, 3)) == (0.667, 0.667)
    assert round(f.f1, 3) == 0.667
    assert f.top_precision == 0.5  # top 2 of 10: 0.9 (pos) and 0.8 (neg)


def test_shipped_model_ranks_factual_sentences_above_chatter() -> None:
    model = load_model()
    assert model is not None, f"weights missing: {WEIGHTS}"
    assert tokens("In 2015, 130 people died.") == ["in", "0", "0", "people", "died"]

    def p(text: str) -> float:
        return cw.score(cw.features(text, quantities=(), types=()), text=text)

    factual = p("Unemployment rose to 9 percent in 2010, the highest rate in 25 years.")
    chatter = p("Thank you very much, it is great to be here tonight.")
    assert factual > 0.5 > chatter


def test_malformed_weights_are_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="malformed"):
        CheckworthyModel.from_json({"terms": ["a"]})
    bad = tmp_path / "w.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ModelError, match="cannot read"):
        load_model(bad)


def test_bench_runs_on_any_file_of_the_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "held_out.jsonl.gz"
    rows = [
        {"text": "The deficit doubled to $1.4 trillion in 2009.", "label": 1, "split": "test"},
        {"text": "Thank you all for coming.", "label": 0, "split": "test"},
        {"text": "not json"},
    ]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")
        handle.write("{broken\n")
    assert main(["--data", str(path)]) == 0
    out = capsys.readouterr()
    assert "test       model       2     1  1.000" in out.out
    assert "skipped" in out.err


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/bench/news not present")
def test_dev_figures_beat_the_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(SHARED / "checkworthy_ct24_claimbuster_en.jsonl.gz")]) == 0
    lines = {tuple(line.split()[:2]): line.split() for line in capsys.readouterr().out.splitlines()}
    model, rules = lines[("dev", "model")], lines[("dev", "rules")]
    assert float(model[4]) >= 0.85 > float(rules[4])  # F1 of the check-worthy class
    assert float(model[7]) >= 0.85  # precision of the top 20%
