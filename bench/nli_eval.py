"""Accuracy, macro-F1 and speed of the shipped int8 ONNX stance model on the NLI evaluation sets.

Usage::

    python bench/nli_eval.py [--model-dir DIR] [--data-dir DIR] [--limit N] [--update-metadata]

Evaluates on snli_test, xnli_en_dev, cad_snli_test, conjnli_dev and sick (never used in
training) plus the held-out fold of CLIMATE-FEVER dev (evidence sentence vs claim), and reports
inference time per pair (batched, 2 intra-op threads).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from verification.stance.data import (  # noqa: E402
    EVAL_FILES,
    NLIPair,
    accuracy_macro_f1,
    load_climate_fever_pairs,
    load_nli_file,
)
from verification.stance.onnx_model import DEFAULT_MODEL_DIR, OnnxNLIModel  # noqa: E402

DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "bench" / "nli"
DEFAULT_CLIMATE_FEVER = REPO_ROOT.parent / "shared" / "bench" / "climate-fever-dev.jsonl"
CF_NAME = "climate_fever_heldout"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--model-dir", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    ap.add_argument("--climate-fever", type=Path, default=DEFAULT_CLIMATE_FEVER)
    ap.add_argument("--no-climate-fever", action="store_true", help="skip the CLIMATE-FEVER row")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--limit", type=int, default=0, help="first N pairs of each file (0: all)")
    ap.add_argument(
        "--update-metadata",
        action="store_true",
        help="store the results under 'eval_onnx_int8' in <model-dir>/metadata.json",
    )
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    args = parse_args(argv)
    sets: dict[str, list[NLIPair]] = {
        name: load_nli_file(name, args.data_dir) for name in EVAL_FILES
    }
    if not args.no_climate_fever:
        sets[CF_NAME] = load_climate_fever_pairs(args.climate_fever, fold="heldout")
    if args.limit:
        sets = {name: pairs[: args.limit] for name, pairs in sets.items()}

    model = OnnxNLIModel(args.model_dir, batch_size=args.batch_size)
    model.predict_proba(["warm up"], ["warm up"])

    results: dict[str, dict] = {}
    total_pairs, total_s, total_cpu = 0, 0.0, 0.0
    header = f"{'set':<24}{'pairs':>7}{'accuracy':>10}{'macro-F1':>10}{'ms/pair':>9}{'cpu ms':>8}"
    print(f"model: {args.model_dir}")
    print(header)
    print("-" * len(header))
    for name, pairs in sets.items():
        t0, c0 = time.perf_counter(), time.process_time()
        probs = model.predict_proba([p.premise for p in pairs], [p.hypothesis for p in pairs])
        elapsed = time.perf_counter() - t0
        cpu = time.process_time() - c0
        total_cpu += cpu
        total_pairs += len(pairs)
        total_s += elapsed
        row = accuracy_macro_f1([p.label_id for p in pairs], probs.argmax(1).tolist())
        row["ms_per_pair"] = round(1000 * elapsed / max(len(pairs), 1), 3)
        row["cpu_ms_per_pair"] = round(1000 * cpu / max(len(pairs), 1), 3)
        results[name] = row
        print(
            f"{name:<24}{row['n']:>7}{row['accuracy']:>10.4f}{row['macro_f1']:>10.4f}"
            f"{row['ms_per_pair']:>9.2f}{row['cpu_ms_per_pair']:>8.2f}"
        )
    overall_ms = 1000 * total_s / max(total_pairs, 1)
    print("-" * len(header))
    print(
        f"speed: {overall_ms:.2f} ms/pair over {total_pairs} pairs "
        f"(batch {args.batch_size}, 2 intra-op threads, length-sorted); "
        f"CPU time {1000 * total_cpu / max(total_pairs, 1):.2f} ms/pair"
    )
    if CF_NAME in results:
        print(
            "claim-sentence speed (CLIMATE-FEVER pairs): "
            f"{results[CF_NAME]['ms_per_pair']:.2f} ms/pair"
        )

    if args.update_metadata:
        meta_path = args.model_dir / "metadata.json"
        meta = json.loads(meta_path.read_text()) if meta_path.is_file() else {}
        meta["eval_onnx_int8"] = {
            "sets": results,
            "ms_per_pair_overall": round(overall_ms, 3),
            "cpu_ms_per_pair_overall": round(1000 * total_cpu / max(total_pairs, 1), 3),
            "batch_size": args.batch_size,
            "threads": 2,
            "limit": args.limit or None,
        }
        meta_path.write_text(json.dumps(meta, indent=2) + "\n")
        print(f"metrics written to {meta_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
