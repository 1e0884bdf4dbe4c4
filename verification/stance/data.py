"""Loading of the NLI / fact-verification pairs used to train and evaluate the stance model."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from verification.stance.splits import Fold, climate_fever_fold

LABELS: tuple[str, str, str] = ("entailment", "neutral", "contradiction")
LABEL2ID: dict[str, int] = {name: i for i, name in enumerate(LABELS)}
#: Hugging Face config arguments that give a classifier these labels, in this order.
HF_LABEL_CONFIG: dict = {
    "num_labels": len(LABELS),
    "id2label": dict(enumerate(LABELS)),
    "label2id": LABEL2ID,
}

#: Files of ``shared/bench/nli`` whose licence row says ``train``.
TRAIN_FILES: tuple[str, ...] = (
    "snli_dev",
    "cad_snli_train",
    "taxinli_mnli",
    "conjnli_adv_train",
    "med_monotonicity",
    "fever_dev_rte",
    "covidfact",
    "scifact_rte",
    "healthver_devtest",
)
#: Files reserved for evaluation: never train on these.
EVAL_FILES: tuple[str, ...] = (
    "snli_test",
    "xnli_en_dev",
    "cad_snli_test",
    "conjnli_dev",
    "sick",
)
#: Pseudo file name of the CLIMATE-FEVER dev pairs.
CLIMATE_FEVER = "climate_fever"

CLIMATE_FEVER_LABELS: dict[str, str] = {
    "SUPPORTS": "entailment",
    "REFUTES": "contradiction",
    "NOT_ENOUGH_INFO": "neutral",
}

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_BENCH = REPO_ROOT.parent / "shared" / "bench"
DEFAULT_NLI_DIR = SHARED_BENCH / "nli"
DEFAULT_CLIMATE_FEVER = SHARED_BENCH / "climate-fever-dev.jsonl"


class DataError(Exception):
    """Raised when a data file is missing or malformed."""


@dataclass(frozen=True, slots=True)
class NLIPair:
    """One labelled premise/hypothesis pair and the file it came from."""

    premise: str
    hypothesis: str
    label: str
    source: str

    @property
    def label_id(self) -> int:
        """Index of the label in :data:`LABELS`."""
        return LABEL2ID[self.label]


def pair_key(premise: str, hypothesis: str) -> tuple[str, str]:
    """Normalised key used to detect the same pair across files."""
    return (" ".join(premise.lower().split()), " ".join(hypothesis.lower().split()))


def _read_jsonl(path: Path) -> Iterator[dict]:
    if not path.is_file():
        raise DataError(f"data file not found: {path}")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{lineno}: invalid JSON ({exc})") from exc


def nli_path(name: str, data_dir: Path = DEFAULT_NLI_DIR) -> Path:
    """Path of a named NLI file (``snli_dev`` -> ``<data_dir>/snli_dev.jsonl.gz``)."""
    return Path(data_dir) / f"{name}.jsonl.gz"


def load_nli_file(name: str, data_dir: Path = DEFAULT_NLI_DIR) -> list[NLIPair]:
    """Load one gzipped JSONL NLI file; rows with an unknown label raise :class:`DataError`."""
    pairs: list[NLIPair] = []
    for row in _read_jsonl(nli_path(name, data_dir)):
        label = row.get("label")
        if label not in LABEL2ID:
            raise DataError(f"{name}: unknown label {label!r}")
        pairs.append(NLIPair(str(row["premise"]), str(row["hypothesis"]), label, name))
    return pairs


def load_climate_fever_pairs(
    path: Path = DEFAULT_CLIMATE_FEVER, fold: Fold | None = "train"
) -> list[NLIPair]:
    """Evidence/claim pairs of CLIMATE-FEVER (premise = evidence sentence, hypothesis = claim).

    ``fold`` selects the claims of one :func:`climate_fever_fold` fold; ``None`` keeps all.
    """
    pairs: list[NLIPair] = []
    for row in _read_jsonl(Path(path)):
        if fold is not None and climate_fever_fold(str(row["claim_id"])) != fold:
            continue
        claim = str(row["claim"])
        for ev in row.get("evidences", []):
            label = CLIMATE_FEVER_LABELS.get(ev.get("evidence_label"))
            if label is None:
                continue
            pairs.append(NLIPair(str(ev["evidence"]), claim, label, CLIMATE_FEVER))
    return pairs


def label_counts(pairs: Iterable[NLIPair]) -> dict[str, int]:
    """Number of pairs per label, in :data:`LABELS` order."""
    counts = dict.fromkeys(LABELS, 0)
    for pair in pairs:
        counts[pair.label] += 1
    return counts


def accuracy_macro_f1(gold: Sequence[int], pred: Sequence[int], n_classes: int = 3) -> dict:
    """Accuracy and macro-F1 over the classes present in gold or predictions."""
    gold_a, pred_a = np.asarray(gold), np.asarray(pred)
    f1s = []
    for c in range(n_classes):
        tp = int(np.sum((gold_a == c) & (pred_a == c)))
        fp = int(np.sum((gold_a != c) & (pred_a == c)))
        fn = int(np.sum((gold_a == c) & (pred_a != c)))
        if tp + fp + fn == 0:
            continue
        f1s.append(2 * tp / (2 * tp + fp + fn))
    return {
        "n": len(gold_a),
        "accuracy": round(float(np.mean(gold_a == pred_a)), 4) if len(gold_a) else 0.0,
        "macro_f1": round(float(np.mean(f1s)), 4) if f1s else 0.0,
    }
