r"""Labelled premise/hypothesis pairs through the CLI: each hypothesis checked against its premise.

    python bench/given_pairs.py \
        --data ../shared/bench/news/nli_news_stance_fnc1_emergent_en.jsonl.gz

Each row becomes ``crosscheck check --claims`` input: the hypothesis is the claim, the premise
its one given passage (the path a user takes with the Ask box's given evidence). Verdicts map
onto the file's labels: supported = entailment, refuted = contradiction, anything else =
neutral. A two-way file is scored in its own scheme (``non-entailment``: everything but
supported; ``non-contradiction``: everything but refuted). Runs unchanged on any gzipped or
plain JSONL with ``premise``, ``hypothesis`` and ``label`` (``../shared/bench/nli``,
``../shared/bench/news``). Nothing is fitted on these files.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from bench.climate_fever import accuracy, confusion, macro_f1  # noqa: E402
from crosscheck.cli import main as cli_main  # noqa: E402

THREE_WAY = ("entailment", "contradiction", "neutral")


def load(path: Path, split: str, limit: int, seed: int) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        rows = [json.loads(line) for line in fh if line.strip()]
    if split != "all":
        rows = [r for r in rows if r.get("split") == split]
    if limit and limit < len(rows):
        # A seeded sample, not the first rows: files are often sorted by label or source.
        rows = random.Random(seed).sample(rows, limit)
    return rows


def predicted(verdict: str, labels: set[str]) -> str:
    """The verdict in the file's own label scheme."""
    if "non-entailment" in labels:
        return "entailment" if verdict == "supported" else "non-entailment"
    if "non-contradiction" in labels:
        return "contradiction" if verdict == "refuted" else "non-contradiction"
    return {"supported": "entailment", "refuted": "contradiction"}.get(verdict, "neutral")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--split", default="all", help="rows of this split only (default all)")
    parser.add_argument("--limit", type=int, default=600, help="a seeded sample of N rows; 0 = all")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--verifier", default="stance", choices=["stance", "similarity"])
    args = parser.parse_args(argv)
    rows = load(args.data, args.split, args.limit, args.seed)
    if not rows:
        print(f"no rows in {args.data} (split {args.split})", file=sys.stderr)
        return 2
    labels = {str(r["label"]) for r in rows}
    order = [x for x in THREE_WAY if x in labels] + sorted(labels - set(THREE_WAY))
    print(
        f"{args.data.name} split={args.split}: {len(rows)} pairs",
        dict(Counter(r["label"] for r in rows)),
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        claims = root / "pairs.jsonl"
        claims.write_text(
            "".join(
                json.dumps({"id": f"row-{i}", "claim": r["hypothesis"], "passages": [r["premise"]]})
                + "\n"
                for i, r in enumerate(rows)
            ),
            encoding="utf-8",
        )
        started = time.perf_counter()
        code = cli_main(
            [
                "check",
                "--claims",
                str(claims),
                "--out",
                str(root / "out"),
                "--data-dir",
                str(root / "data"),
                "--quiet",
                "--verifier",
                args.verifier,
            ]
        )
        seconds = time.perf_counter() - started
        if code != 0:
            raise SystemExit(f"crosscheck check exited {code}")
        report = json.loads((root / "out" / "report.json").read_text(encoding="utf-8"))
    verdicts = {c["claim_id"]: c["verdict"] for c in report["claims"]}
    gold = [str(r["label"]) for r in rows]
    pred = [predicted(verdicts[f"row-{i}"], labels) for i in range(len(rows))]
    decisive = [
        (g, p) for g, p in zip(gold, pred, strict=True) if p in ("entailment", "contradiction")
    ]
    precision = sum(g == p for g, p in decisive) / len(decisive) if decisive else 0.0
    acc, f1 = accuracy(gold, pred), macro_f1(gold, pred, order)
    print(
        f"{len(rows)} pairs in {seconds:.1f}s ({len(rows) / seconds:.1f} pairs/s, {args.verifier})"
    )
    print(
        f"accuracy {acc:.3f}  macro-F1 {f1:.3f}",
        f"decisive precision {precision:.3f} ({len(decisive)} decisive)",
    )
    print(confusion(gold, pred, order))
    result = {"accuracy": acc, "macro_f1": f1, "decisive_precision": precision, "pairs": len(rows)}
    print("\n" + json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
