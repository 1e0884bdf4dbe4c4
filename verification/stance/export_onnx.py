"""Export a trained stance checkpoint to int8 ONNX for :class:`OnnxNLIModel`.

Usage::

    python -m verification.stance.export_onnx --model .train/run1/model
    python -m verification.stance.export_onnx --checkpoint .train/run1/checkpoint/state.pt \\
        --out-dir /tmp/stance-test

Writes ``model.onnx`` (dynamic int8 quantisation), ``tokenizer.json`` and ``metadata.json``
into ``verification/models/stance-minilm/`` unless ``--out-dir`` is given, then checks that the
int8 model agrees with the torch model on a sample of evaluation pairs.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from verification.stance.data import (
    DEFAULT_CLIMATE_FEVER,
    DEFAULT_NLI_DIR,
    HF_LABEL_CONFIG,
    LABELS,
    load_climate_fever_pairs,
    load_nli_file,
)
from verification.stance.onnx_model import DEFAULT_MODEL_DIR, OnnxNLIModel, softmax

log = logging.getLogger("stance.export")
OPSET = 17


def load_torch_model(model_dir: Path | None, checkpoint: Path | None, base_model: Path) -> Any:
    """Torch model from a saved HF folder, or from a training checkpoint plus the base config."""
    from transformers import AutoConfig, AutoModelForSequenceClassification

    if model_dir is not None:
        model = AutoModelForSequenceClassification.from_pretrained(model_dir, local_files_only=True)
    else:
        import torch

        if checkpoint is None:
            raise SystemExit("give --model or --checkpoint")
        state = torch.load(checkpoint, map_location="cpu", weights_only=False)
        config = AutoConfig.from_pretrained(
            base_model,
            **HF_LABEL_CONFIG,
            local_files_only=True,
        )
        model = AutoModelForSequenceClassification.from_config(config)
        model.load_state_dict(state["model"])
    names = [model.config.id2label[i].lower() for i in range(len(LABELS))]
    if tuple(names) != LABELS:
        raise SystemExit(f"model label order {names} differs from {LABELS}")
    model.eval()
    return model


def export_fp32(model: Any, path: Path) -> None:
    """Export logits(input_ids, attention_mask, token_type_ids) with dynamic batch/sequence."""
    import torch

    class Logits(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).logits

    dummy = (
        torch.ones((2, 16), dtype=torch.long),
        torch.ones((2, 16), dtype=torch.long),
        torch.zeros((2, 16), dtype=torch.long),
    )
    axes = {0: "batch", 1: "sequence"}
    with torch.inference_mode():
        torch.onnx.export(
            Logits(model).eval(),
            dummy,
            str(path),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["logits"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "logits": {0: "batch"},
            },
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )


def quantize_int8(src: Path, dst: Path) -> None:
    """Dynamic int8 quantisation of MatMul/Gather weights (activations quantised at run time)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(src),
        str(dst),
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul", "Gather"],
        per_channel=True,
    )


def sample_pairs(n: int, nli_dir: Path, climate_fever: Path, seed: int) -> list:
    """A mixed sample of evaluation pairs (NLI and CLIMATE-FEVER held-out) for the check."""
    rng = random.Random(seed)
    pool = load_nli_file("xnli_en_dev", nli_dir) + load_nli_file("snli_test", nli_dir)
    cf = load_climate_fever_pairs(climate_fever, fold="heldout")
    return rng.sample(pool, min(n // 2, len(pool))) + rng.sample(cf, min(n - n // 2, len(cf)))


def torch_probs(
    model: Any, tokenizer: Any, premises: list[str], hyps: list[str], max_length: int
) -> np.ndarray:
    """Torch fp32 probabilities with the same encoding as the runtime."""
    import torch

    from verification.stance.onnx_model import encode_pairs, pad_batch

    ids, types = encode_pairs(tokenizer, premises, hyps, max_length)
    out = []
    with torch.inference_mode():
        for start in range(0, len(ids), 32):
            input_ids, mask, type_ids = pad_batch(
                ids[start : start + 32], types[start : start + 32]
            )
            logits = model(
                input_ids=torch.from_numpy(input_ids),
                attention_mask=torch.from_numpy(mask),
                token_type_ids=torch.from_numpy(type_ids),
            ).logits
            out.append(softmax(logits.float().numpy()))
    return np.concatenate(out)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--model", type=Path, help="HF model folder written by train.py")
    src.add_argument("--checkpoint", type=Path, help="train.py checkpoint (state.pt)")
    ap.add_argument("--base-model", type=Path, default=None, help="config for --checkpoint")
    ap.add_argument("--out-dir", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--nli-dir", type=Path, default=DEFAULT_NLI_DIR)
    ap.add_argument("--climate-fever", type=Path, default=DEFAULT_CLIMATE_FEVER)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--check-pairs", type=int, default=400)
    ap.add_argument("--threads", type=int, default=2)
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s", stream=sys.stdout)
    log.setLevel(logging.INFO)  # keep onnxruntime.quantization's root-logger chatter out
    args = parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from tokenizers import Tokenizer

    from verification.stance.train import default_base_model

    torch.set_num_threads(args.threads)
    base = args.base_model or default_base_model()
    model = load_torch_model(args.model, args.checkpoint, base)
    tok_src = (args.model or base) / "tokenizer.json"
    tokenizer = Tokenizer.from_file(str(tok_src))
    tokenizer.no_padding()
    tokenizer.no_truncation()

    args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model-fp32.onnx"
        t0 = time.time()
        export_fp32(model, fp32)
        quantize_int8(fp32, args.out_dir / "model.onnx")
        log.info("exported + quantised in %.1f s", time.time() - t0)
        fp32_bytes = fp32.stat().st_size + sum(
            f.stat().st_size for f in Path(tmp).iterdir() if f.name != fp32.name
        )
    tokenizer.save(str(args.out_dir / "tokenizer.json"))
    size = (args.out_dir / "model.onnx").stat().st_size
    log.info("model.onnx: %.1f MB (fp32 export was %.1f MB)", size / 1e6, fp32_bytes / 1e6)

    pairs = sample_pairs(args.check_pairs, args.nli_dir, args.climate_fever, seed=0)
    prem = [p.premise for p in pairs]
    hyp = [p.hypothesis for p in pairs]
    ref = torch_probs(model, tokenizer, prem, hyp, args.max_length)
    onnx_model = OnnxNLIModel(args.out_dir, max_length=args.max_length)
    got = onnx_model.predict_proba(prem, hyp)
    agree = float(np.mean(ref.argmax(1) == got.argmax(1)))
    max_diff = float(np.abs(ref - got).max())
    mean_diff = float(np.abs(ref - got).mean())
    log.info(
        "int8 vs torch fp32 on %d pairs: argmax agreement %.4f, |dp| max %.3f mean %.4f",
        len(pairs),
        agree,
        max_diff,
        mean_diff,
    )

    metadata: dict[str, Any] = {}
    meta_src = (args.model / "metadata.json") if args.model else None
    if meta_src is not None and meta_src.is_file():
        metadata = json.loads(meta_src.read_text())
    elif args.checkpoint is not None:
        state = torch.load(args.checkpoint, map_location="cpu", weights_only=False)
        metadata = {
            "labels": list(LABELS),
            "checkpoint_step": state["step"],
            "hyperparameters": state["plan"],
        }
    hyper = metadata.get("hyperparameters", {})
    if "base_model" in hyper:  # keep machine paths out of the shipped metadata
        hyper["base_model"] = "/".join(Path(hyper["base_model"]).parts[-2:])
    metadata["export"] = {
        "format": "onnx",
        "opset": OPSET,
        "quantization": "onnxruntime quantize_dynamic, QInt8 per-channel weights (MatMul, Gather)",
        "inputs": ["input_ids", "attention_mask", "token_type_ids"],
        "output": "logits (batch, 3) in labels order",
        "max_length": args.max_length,
        "encoding": "[CLS] premise [SEP] hypothesis [SEP], premise truncated first",
        "model_onnx_bytes": size,
        "int8_vs_torch_fp32": {
            "pairs": len(pairs),
            "argmax_agreement": round(agree, 4),
            "max_abs_prob_diff": round(max_diff, 4),
            "mean_abs_prob_diff": round(mean_diff, 5),
        },
    }
    (args.out_dir / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n")
    for stale in ("model.onnx.data",):
        if (args.out_dir / stale).exists():
            (args.out_dir / stale).unlink()
    if agree < 0.9:
        log.error("int8 model disagrees with torch on %.1f%% of pairs", 100 * (1 - agree))
        return 1
    log.info("wrote %s", args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
