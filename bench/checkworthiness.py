"""Check-worthiness on ClaimBuster / CheckThat! files (``{"text","label","split"}`` JSONL,
gzipped or not): F1 of the check-worthy class and precision of the top 20% of sentences.

    python bench/checkworthiness.py \
        --data ../shared/bench/news/checkworthy_ct24_claimbuster_en.jsonl.gz
    python bench/checkworthiness.py --data FILE --fit   # refit the shipped weights on `train`

Every split in the file except ``train`` is scored (a file without splits: all rows), with
the shipped scorer (``model``: the trained weights) and the hand-set rules alone
(``rules``). A sentence is check-worthy when its score is at least ``--threshold``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from claims import checkworthiness as cw  # noqa: E402
from claims.checkworthy_model import WEIGHTS, dense_features, ngrams  # noqa: E402
from crosscheck.errors import InputError  # noqa: E402

TOP_SHARE = 0.2
SEED = 13


@dataclass(frozen=True)
class Row:
    text: str
    label: int
    split: str


def read_rows(path: Path) -> Iterator[Row]:
    """Rows of a JSONL(.gz) file; a malformed line is reported and skipped."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                    yield Row(str(data["text"]), int(data["label"]), str(data.get("split", "all")))
                except (ValueError, KeyError, TypeError) as exc:
                    print(f"{path}:{number}: skipped ({exc})", file=sys.stderr)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def rule_features(text: str):  # type: ignore[no-untyped-def]
    from claims.claim_types import classify_text
    from claims.quantities import parse_quantities

    quantities = parse_quantities(text)
    return cw.features(
        text,
        quantities=quantities,
        types=classify_text(text, quantities),
        question=text.rstrip().endswith("?"),
    )


def scores(texts: Sequence[str], *, use_model: bool) -> list[float]:
    return [cw.score(rule_features(t), text=t if use_model else None) for t in texts]


@dataclass(frozen=True)
class Figures:
    n: int
    positives: int
    f1: float
    precision: float
    recall: float
    top_precision: float


def figures(labels: Sequence[int], values: Sequence[float], threshold: float) -> Figures:
    predicted = [v >= threshold for v in values]
    tp = sum(1 for p, y in zip(predicted, labels, strict=True) if p and y)
    fp = sum(1 for p, y in zip(predicted, labels, strict=True) if p and not y)
    fn = sum(1 for p, y in zip(predicted, labels, strict=True) if not p and y)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    k = max(1, round(TOP_SHARE * len(labels)))
    # Ties broken by position, so the figure is reproducible.
    ranked = sorted(range(len(values)), key=lambda i: (-values[i], i))[:k]
    top = sum(labels[i] for i in ranked) / k
    return Figures(len(labels), sum(labels), f1, precision, recall, top)


def fit(rows: Sequence[Row], out: Path = WEIGHTS, max_terms: int = 12000) -> Path:
    """Logistic regression on ``train`` rows only; writes the JSON weights."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    train = [r for r in rows if r.split == "train"]
    if not train:
        raise InputError("no `train` rows to fit on")
    counts = [dict(ngrams(r.text)) for r in train]
    vectoriser = DictVectorizer()
    raw = vectoriser.fit_transform(counts)
    df = np.asarray((raw > 0).sum(axis=0)).ravel()
    keep = np.argsort(-df, kind="stable")[:max_terms]
    keep = np.sort(keep[df[keep] >= 3])
    raw = raw[:, keep]
    terms = [vectoriser.feature_names_[i] for i in keep]
    tfidf = TfidfTransformer(sublinear_tf=True).fit(raw)
    dense = csr_matrix(np.array([dense_features(rule_features(r.text)) for r in train]))
    x = hstack([tfidf.transform(raw), dense]).tocsr()
    y = np.array([r.label for r in train])
    model = LogisticRegression(C=2.0, class_weight="balanced", max_iter=2000, random_state=SEED)
    model.fit(x, y)
    payload = {
        "about": "check-worthiness LR: TF-IDF word 1-2-grams + rule features; "
        "fitted by bench/checkworthiness.py --fit on the ClaimBuster/CheckThat! train split",
        "terms": terms,
        "idf": [round(float(v), 5) for v in tfidf.idf_],
        "coef": [round(float(v), 5) for v in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 5),
        "train_rows": len(train),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="JSONL(.gz) of text/label/split")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--fit", action="store_true", help="refit the shipped weights on train")
    args = parser.parse_args(argv)
    try:
        rows = list(read_rows(args.data))
        if args.fit:
            print(f"wrote {fit(rows)}", file=sys.stderr)
            from claims.checkworthy_model import load_model

            load_model.cache_clear()
    except InputError as exc:
        print(f"checkworthiness: error: {exc}", file=sys.stderr)
        return 2
    splits = sorted({r.split for r in rows} - {"train"}) or ["train"]
    print(f"{args.data.name} · threshold {args.threshold} · top {TOP_SHARE:.0%} precision")
    print(f"{'split':10} {'scorer':6} {'n':>6} {'pos':>5} {'F1':>6} {'P':>6} {'R':>6} {'P@20%':>6}")
    for split in splits:
        part = [r for r in rows if r.split == split]
        labels = [r.label for r in part]
        for name, use_model in (("model", True), ("rules", False)):
            f = figures(labels, scores([r.text for r in part], use_model=use_model), args.threshold)
            print(
                f"{split:10} {name:6} {f.n:6d} {f.positives:5d} {f.f1:6.3f} {f.precision:6.3f} "
                f"{f.recall:6.3f} {f.top_precision:6.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
