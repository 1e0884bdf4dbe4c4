"""Tests of the stance (NLI) model wrappers: HF cross-encoder, shipped int8 ONNX model, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.fakes import tiny_bert_classifier
from verification.stance.hf_cross_encoder import HFCrossEncoderNLI, label_permutation
from verification.stance.onnx_model import LABELS, OnnxNLIModel, StanceModelError

ENTAIL = ("A man is playing a guitar on stage.", "A man is playing an instrument.")
CONTRA = ("A man is sleeping in his bed.", "A man is running a marathon.")
TINY_WORDS = "a man is playing guitar on stage an instrument sleeping in his bed running marathon ."
TINY_ID2LABEL = {0: "CONTRADICTION", 1: "ENTAILMENT", 2: "NEUTRAL"}
TINY_ID2LABEL_INV = {v: k for k, v in TINY_ID2LABEL.items()}


@pytest.fixture(scope="module")
def tiny_nli_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random BertForSequenceClassification with a non-standard label order."""
    torch = pytest.importorskip("torch")
    out = tmp_path_factory.mktemp("tiny-nli")
    model = tiny_bert_classifier(out, TINY_WORDS.split(), TINY_ID2LABEL)
    with torch.no_grad():  # make the head's outputs clearly distinct per label
        model.classifier.bias.copy_(torch.tensor([0.5, -0.3, 0.1]))
    model.save_pretrained(out)
    return out


def test_label_permutation_any_case_and_order() -> None:
    assert label_permutation(TINY_ID2LABEL) == [1, 2, 0]
    assert label_permutation({"0": "entailment", "1": "neutral", "2": "contradiction"}) == [0, 1, 2]


@pytest.mark.parametrize(
    "id2label",
    [
        {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"},
        {0: "entailment", 1: "contradiction"},
        {0: "entailment", 1: "ENTAILMENT", 2: "neutral"},
    ],
)
def test_label_permutation_rejects_non_nli_heads(id2label: dict) -> None:
    with pytest.raises(StanceModelError):
        label_permutation(id2label)


def test_hf_cross_encoder_remaps_labels(tiny_nli_dir: Path) -> None:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    premises = [ENTAIL[0], CONTRA[0], "a man is on stage .", "his guitar"]
    hypotheses = [ENTAIL[1], CONTRA[1], "a man is running .", "a man is sleeping in his bed ."]
    nli = HFCrossEncoderNLI(str(tiny_nli_dir), batch_size=3)
    assert nli._model is None  # lazy: nothing loaded before the first prediction
    probs = nli.predict_proba(premises, hypotheses)

    assert probs.shape == (len(premises), 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)

    tok = AutoTokenizer.from_pretrained(tiny_nli_dir, local_files_only=True)
    raw = AutoModelForSequenceClassification.from_pretrained(tiny_nli_dir, local_files_only=True)
    raw.eval()
    perm = [TINY_ID2LABEL_INV[name.upper()] for name in LABELS]
    for i, (p, h) in enumerate(zip(premises, hypotheses, strict=True)):
        with torch.no_grad():
            logits = raw(**tok(p, h, return_tensors="pt")).logits[0]
        expected = torch.softmax(logits, dim=-1)[perm].numpy()
        np.testing.assert_allclose(probs[i], expected, atol=1e-5)
    # contradiction (raw index 0) got the largest bias: it must land in the last column
    assert probs[:, LABELS.index("contradiction")].mean() > probs[:, 0].mean()


def test_hf_cross_encoder_missing_model_is_clear(tmp_path: Path) -> None:
    nli = HFCrossEncoderNLI(str(tmp_path / "no-such-model"))
    with pytest.raises(StanceModelError, match="no-such-model"):
        nli.predict_proba(["a"], ["b"])


def test_onnx_model_missing_files_raise_clear_error(tmp_path: Path) -> None:
    model = OnnxNLIModel(tmp_path / "absent")  # lazy: constructing does not touch the disk
    with pytest.raises(StanceModelError, match=r"model\.onnx.*tokenizer\.json"):
        model.predict_proba(["A premise."], ["A hypothesis."])


def test_onnx_model_rejects_mismatched_inputs(tmp_path: Path) -> None:
    model = OnnxNLIModel(tmp_path)
    with pytest.raises(ValueError):
        model.predict_proba(["one", "two"], ["one"])
    with pytest.raises(TypeError):
        model.predict_proba("premise", "hypothesis")  # type: ignore[arg-type]
    assert model.predict_proba([], []).shape == (0, 3)


@pytest.fixture(scope="module")
def shipped_model() -> OnnxNLIModel:
    return OnnxNLIModel()


@pytest.mark.model
def test_shipped_model_obvious_pairs(shipped_model: OnnxNLIModel) -> None:
    probs = shipped_model.predict_proba([ENTAIL[0], CONTRA[0]], [ENTAIL[1], CONTRA[1]])
    assert probs.shape == (2, 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert LABELS[int(probs[0].argmax())] == "entailment"
    assert LABELS[int(probs[1].argmax())] == "contradiction"


@pytest.mark.model
def test_shipped_model_keeps_input_order(shipped_model: OnnxNLIModel) -> None:
    long_premise = (
        "After a long evening of rehearsals in the old theatre downtown, with the crowd already "
        "seated and the lights dimmed, a man is playing a guitar on stage next to a drummer."
    )
    premises = [long_premise, CONTRA[0], "Two dogs run.", ENTAIL[0], "A woman reads a book.", "Hi."]
    hypotheses = [
        "A man is playing an instrument.",
        CONTRA[1],
        "Animals are moving.",
        ENTAIL[1],
        "A woman is swimming in the sea.",
        "Hello.",
    ]
    probs = shipped_model.predict_proba(premises, hypotheses)
    assert probs.shape == (6, 3)
    assert LABELS[int(probs[1].argmax())] == "contradiction"
    assert LABELS[int(probs[3].argmax())] == "entailment"
    # same batch content in reverse order gives the same rows, reversed
    rev = shipped_model.predict_proba(premises[::-1], hypotheses[::-1])
    np.testing.assert_allclose(rev[::-1], probs, atol=1e-5)
    # batches of one (no padding, no sorting) agree up to int8 activation-scale noise
    single = np.vstack(
        [shipped_model.predict_proba([p], [h]) for p, h in zip(premises, hypotheses, strict=True)]
    )
    np.testing.assert_allclose(single, probs, atol=0.1)
