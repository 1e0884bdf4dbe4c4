"""bench/given_pairs.py: label schemes and seeded sampling (the CLI run is tested in test_cli)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from bench.given_pairs import load, predicted


def test_verdicts_map_onto_each_label_scheme() -> None:
    three = {"entailment", "contradiction", "neutral"}
    assert [predicted(v, three) for v in ("supported", "refuted", "conflicting")] == [
        "entailment",
        "contradiction",
        "neutral",
    ]
    two = {"entailment", "non-entailment"}
    assert predicted("refuted", two) == "non-entailment"
    assert predicted("supported", two) == "entailment"
    negation = {"contradiction", "non-contradiction"}
    assert predicted("supported", negation) == "non-contradiction"
    assert predicted("refuted", negation) == "contradiction"


def test_load_reads_gzip_filters_the_split_and_samples_reproducibly(tmp_path: Path) -> None:
    rows = [
        {"premise": f"p{i}", "hypothesis": f"h{i}", "label": "neutral", "split": s}
        for i, s in enumerate(["dev", "test"] * 10)
    ]
    path = tmp_path / "pairs.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r) for r in rows) + "\n")
    test_rows = load(path, "test", 0, 0)
    assert len(test_rows) == 10 and all(r["split"] == "test" for r in test_rows)
    sample = load(path, "all", 5, 0)
    assert len(sample) == 5 and sample == load(path, "all", 5, 0)
    assert sample != rows[:5]  # a sample, not the head of a sorted file
