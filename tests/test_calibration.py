"""Tests of the learned parts of the offline verifier: stance calibration and the aggregator.

Covers :mod:`verification.calibration`, the calibrated ONNX factory, the logistic
aggregator's weights handling, the bench-time fitting helpers and the bench's stance cache.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from crosscheck.errors import ModelError
from crosscheck.models import StanceScores
from tests.fakes import ScriptedStanceModel
from verification.aggregate import (
    FEATURE_NAMES,
    LABELS,
    JudgedPassage,
    LogisticAggregator,
    features,
)
from verification.calibration import ORDER, CalibratedStanceModel, StanceCalibration
from verification.stance_models import CALIBRATION_FILE, OnnxStanceModel, onnx_stance_model

IDENTITY = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]


def calibration_dict(
    coef: Sequence[Sequence[float]] = IDENTITY,
    intercept: Sequence[float] = (0.0, 0.0, 0.0),
    order: Sequence[str] = ORDER,
) -> dict:
    """A calibration in the JSON layout the runtime reads."""
    return {
        "version": "v1",
        "order": list(order),
        "coef": [list(row) for row in coef],
        "intercept": list(intercept),
    }


def scores(supports: float, refutes: float, neutral: float) -> StanceScores:
    """Shorthand for a :class:`StanceScores`."""
    return StanceScores(supports=supports, refutes=refutes, neutral=neutral)


def as_list(s: StanceScores) -> list[float]:
    """Probabilities in :data:`ORDER`."""
    return [s.supports, s.refutes, s.neutral]


def assert_distribution(s: StanceScores) -> None:
    """Each probability is in [0, 1] and they sum to 1."""
    values = as_list(s)
    assert all(math.isfinite(v) and 0.0 <= v <= 1.0 for v in values), values
    assert sum(values) == pytest.approx(1.0, abs=1e-9)


# -- StanceCalibration -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "probs", [(0.2, 0.3, 0.5), (0.7, 0.1, 0.2), (0.001, 0.004, 0.995), (1 / 3, 1 / 3, 1 / 3)]
)
def test_identity_calibration_returns_input(probs: tuple[float, float, float]) -> None:
    """``W = I, b = 0`` is softmax(log p) = p."""
    cal = StanceCalibration.from_dict(calibration_dict())
    out = cal.apply(scores(*probs))
    assert as_list(out) == pytest.approx(list(probs), abs=1e-9)


def test_positive_refutes_bias_raises_refutes_only() -> None:
    """A bias on the refutes row moves mass to refutes, keeping a distribution."""
    cal = StanceCalibration.from_dict(calibration_dict(intercept=[0.0, 1.5, 0.0]))
    raw = scores(0.3, 0.2, 0.5)
    out = cal.apply(raw)
    assert out.refutes > raw.refutes
    assert out.supports < raw.supports
    assert out.neutral < raw.neutral
    # The other two keep their ratio: the bias only touches the refutes logit.
    assert out.supports / out.neutral == pytest.approx(raw.supports / raw.neutral)
    expected_r = 0.2 * math.exp(1.5) / (0.3 + 0.2 * math.exp(1.5) + 0.5)
    assert out.refutes == pytest.approx(expected_r, abs=1e-9)
    assert_distribution(out)


@pytest.mark.parametrize(
    "probs", [(0.0, 0.0, 1.0), (0.0, 0.0, 0.0), (1.0, 0.0, 0.0), (0.0, 0.5, 0.5)]
)
@pytest.mark.parametrize(
    "coef,intercept",
    [
        (IDENTITY, [0.0, 0.0, 0.0]),
        ([[40.0, -30.0, 5.0], [-50.0, 60.0, 0.0], [0.0, 0.0, -80.0]], [3.0, -7.0, 100.0]),
    ],
)
def test_output_is_a_distribution_even_for_zero_probabilities(
    probs: tuple[float, float, float], coef: list[list[float]], intercept: list[float]
) -> None:
    """Zero probabilities are floored, so extreme weights still give a finite distribution."""
    cal = StanceCalibration.from_dict(calibration_dict(coef, intercept))
    assert_distribution(cal.apply(scores(*probs)))


def test_identity_keeps_a_zero_probability_near_zero() -> None:
    """The floor is tiny: a zero stays (almost) zero under the identity map."""
    cal = StanceCalibration.from_dict(calibration_dict())
    out = cal.apply(scores(0.0, 0.25, 0.75))
    assert out.supports < 1e-5
    assert out.refutes == pytest.approx(0.25, abs=1e-5)
    assert_distribution(out)


def test_load_reads_file_and_tags_with_its_bytes(tmp_path: Path) -> None:
    """The tag is a hash of the file's bytes: same data, other formatting, other tag."""
    data = calibration_dict(intercept=[0.1, 0.2, 0.3])
    compact, pretty = tmp_path / "a.json", tmp_path / "b.json"
    compact.write_text(json.dumps(data), encoding="utf-8")
    pretty.write_text(json.dumps(data, indent=2), encoding="utf-8")
    a, b = StanceCalibration.load(compact), StanceCalibration.load(pretty)
    assert a.coef == b.coef == IDENTITY
    assert a.intercept == b.intercept == [0.1, 0.2, 0.3]
    assert a.tag == hashlib.sha256(compact.read_bytes()).hexdigest()[:8]
    assert a.tag != b.tag
    assert StanceCalibration.load(compact).tag == a.tag


def test_from_dict_tag_depends_on_content() -> None:
    """Without a given tag, equal dicts share one and different dicts differ."""
    one = StanceCalibration.from_dict(calibration_dict())
    again = StanceCalibration.from_dict(calibration_dict())
    other = StanceCalibration.from_dict(calibration_dict(intercept=[0.0, 0.1, 0.0]))
    assert one.tag == again.tag
    assert one.tag != other.tag
    assert StanceCalibration.from_dict(calibration_dict(), "fixed").tag == "fixed"


BAD_CALIBRATIONS = {
    "wrong-order": json.dumps(calibration_dict(order=["refutes", "supports", "neutral"])),
    "wrong-shape": json.dumps(calibration_dict(coef=[[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])),
    "short-intercept": json.dumps(calibration_dict(intercept=[0.0, 0.0])),
    "missing-key": json.dumps({"order": list(ORDER), "coef": IDENTITY}),
    "not-numbers": json.dumps(calibration_dict(coef=[["a", 0, 0], [0, 1, 0], [0, 0, 1]])),
    "invalid-json": "{not json",
    "not-utf8": b"\xff\xfe{".decode("latin-1"),
}


@pytest.mark.parametrize("case", [*BAD_CALIBRATIONS, "missing-file"])
def test_load_rejects_bad_files_with_model_error(tmp_path: Path, case: str) -> None:
    """Every unusable calibration file is a :class:`ModelError`, never another exception."""
    path = tmp_path / f"{case}.json"
    if case != "missing-file":
        path.write_bytes(BAD_CALIBRATIONS[case].encode("latin-1"))
    with pytest.raises(ModelError):
        StanceCalibration.load(path)


@pytest.mark.parametrize(
    "case",
    [
        "invalid-json",
        "missing-file",
        "wrong-order",
        "wrong-shape",
    ],
)
def test_load_error_names_the_file(tmp_path: Path, case: str) -> None:
    """The error message says which file is broken."""
    path = tmp_path / f"{case}-calibration.json"
    if case != "missing-file":
        path.write_text(BAD_CALIBRATIONS[case], encoding="utf-8")
    with pytest.raises(ModelError) as info:
        StanceCalibration.load(path)
    assert str(path) in str(info.value)


# -- CalibratedStanceModel -------------------------------------------------------------------


def test_calibrated_model_name_and_predictions() -> None:
    """The name carries the calibration tag; each inner score goes through the calibration."""
    inner = ScriptedStanceModel(
        {"yes": scores(0.8, 0.1, 0.1), "no": scores(0.1, 0.3, 0.6), "zero": scores(0, 0, 1)}
    )
    cal = StanceCalibration.from_dict(calibration_dict(intercept=[0.0, 2.0, -1.0]), "abcd1234")
    model = CalibratedStanceModel(inner, cal)
    assert model.name == "scripted.v1+cal-abcd1234"

    premises, hypotheses = ["no", "yes", "zero", "other"], ["h1", "h2", "h3", "h4"]
    raw = inner.predict(premises, hypotheses)
    inner.calls.clear()
    out = model.predict(premises, hypotheses)
    assert inner.calls == list(zip(premises, hypotheses, strict=True))
    assert len(out) == 4
    for got, r in zip(out, raw, strict=True):
        assert as_list(got) == pytest.approx(as_list(cal.apply(r)), abs=1e-12)
        assert got.refutes > r.refutes
        assert_distribution(got)
    # The bias made the "no" passage refute, although the raw model called it neutral.
    assert raw[0].label == "neutral" and out[0].label == "refutes"


def test_calibrated_model_empty_input() -> None:
    """No pairs in, no scores out."""
    model = CalibratedStanceModel(
        ScriptedStanceModel({}), StanceCalibration.from_dict(calibration_dict())
    )
    assert model.predict([], []) == []


# -- onnx_stance_model ----------------------------------------------------------------------


def test_onnx_stance_model_without_calibration_is_plain(tmp_path: Path) -> None:
    """No ``calibration.json``: the bare ONNX model (not loaded yet)."""
    model = onnx_stance_model(tmp_path)
    assert type(model) is OnnxStanceModel
    assert model.model_dir == tmp_path
    assert model.name == OnnxStanceModel.name


def test_onnx_stance_model_with_calibration_is_wrapped(tmp_path: Path) -> None:
    """A ``calibration.json`` beside the model wraps it, tagged with the file's hash."""
    path = tmp_path / CALIBRATION_FILE
    path.write_text(json.dumps(calibration_dict(intercept=[0.0, 0.5, 0.0])), encoding="utf-8")
    model = onnx_stance_model(tmp_path)
    assert isinstance(model, CalibratedStanceModel)
    assert isinstance(model.model, OnnxStanceModel)
    assert model.model.model_dir == tmp_path
    tag = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
    assert model.calibration.tag == tag
    assert model.name == f"{OnnxStanceModel.name}+cal-{tag}"
    assert model.calibration.intercept == [0.0, 0.5, 0.0]


def test_onnx_stance_model_with_broken_calibration_fails_early(tmp_path: Path) -> None:
    """A malformed ``calibration.json`` is a :class:`ModelError` at construction."""
    (tmp_path / CALIBRATION_FILE).write_text("[1, 2", encoding="utf-8")
    with pytest.raises(ModelError):
        onnx_stance_model(tmp_path)


# -- LogisticAggregator.from_dict -----------------------------------------------------------


def aggregator_dict(support_weight: float = 10.0, **changes: object) -> dict:
    """Weights where only ``max_supports`` matters: high supports means "supported"."""
    coef = [[0.0] * len(FEATURE_NAMES) for _ in LABELS]
    coef[LABELS.index("supported")][FEATURE_NAMES.index("max_supports")] = support_weight
    intercept = [0.0] * len(LABELS)
    intercept[LABELS.index("not_enough_evidence")] = support_weight / 2
    data: dict = {
        "version": "v2",
        "labels": list(LABELS),
        "coef": coef,
        "intercept": intercept,
        "features": list(FEATURE_NAMES),
    }
    data.update(changes)
    return data


def passage(supports: float, refutes: float = 0.02, credible: bool = True) -> JudgedPassage:
    """A judged passage whose stance is its argmax."""
    neutral = max(0.0, 1.0 - supports - refutes)
    best = max(
        ("supports", supports), ("refutes", refutes), ("neutral", neutral), key=lambda t: t[1]
    )
    return JudgedPassage(
        supports=supports,
        refutes=refutes,
        neutral=neutral,
        relevance=0.5,
        credible=credible,
        stance=best[0],  # type: ignore[arg-type]
    )


def test_logistic_aggregator_from_dict_decides_by_weights() -> None:
    """High supports wins "supported"; low supports falls to the intercept's label."""
    agg = LogisticAggregator.from_dict(aggregator_dict())
    high = agg.decide([passage(0.95), passage(0.1)])
    assert high.label == "supported"
    assert set(high.probabilities) == set(LABELS)
    assert sum(high.probabilities.values()) == pytest.approx(1.0)
    assert high.confidence == pytest.approx(high.probabilities["supported"], abs=1e-4)
    assert high.confidence > 0.5

    low = agg.decide([passage(0.05), passage(0.1)])
    assert low.label == "not_enough_evidence"
    assert sum(low.probabilities.values()) == pytest.approx(1.0)
    # A non-credible supporting passage is ignored by the features.
    assert agg.decide([passage(0.95, credible=False), passage(0.05)]).label == (
        "not_enough_evidence"
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"features": list(reversed(FEATURE_NAMES))},
        {"features": [*FEATURE_NAMES, "extra"]},
        {"coef": [[0.0] * (len(FEATURE_NAMES) - 1) for _ in LABELS]},
        {"coef": [[0.0] * len(FEATURE_NAMES)] * 3 + [[0.0] * (len(FEATURE_NAMES) + 1)]},
    ],
    ids=["reordered-features", "extra-feature", "short-rows", "one-long-row"],
)
def test_logistic_aggregator_rejects_mismatched_weights(changes: dict) -> None:
    """Weights for other features, or rows of the wrong length, are a :class:`ModelError`."""
    with pytest.raises(ModelError):
        LogisticAggregator.from_dict(aggregator_dict(**changes))


def test_logistic_aggregator_rejects_missing_keys() -> None:
    """Missing labels or coefficients are a :class:`ModelError`."""
    for key in ("labels", "coef", "intercept"):
        data = aggregator_dict()
        del data[key]
        with pytest.raises(ModelError):
            LogisticAggregator.from_dict(data)


def test_logistic_aggregator_rejects_row_count_not_matching_labels() -> None:
    """Fewer coefficient rows than labels is caught when the weights load."""
    with pytest.raises(ModelError):
        LogisticAggregator.from_dict(
            aggregator_dict(coef=aggregator_dict()["coef"][:3], intercept=[0.0] * 3)
        )


def test_fit_aggregator_refuses_data_with_two_labels() -> None:
    """Two labels would give scikit-learn's single binary row: refused, not shipped broken."""
    from bench.fitting import fit_aggregator

    x = np.array([[float(i % 2)] * len(FEATURE_NAMES) for i in range(20)])
    labels = ["supported" if i % 2 else "not_enough_evidence" for i in range(20)]
    with pytest.raises(ValueError, match="three verdict labels"):
        fit_aggregator(x, labels, 1.0, 0.5)


def test_logistic_aggregator_name_follows_weights() -> None:
    """Same weights, same name; other weights, other name (cached verdicts invalidated)."""
    a = LogisticAggregator.from_dict(aggregator_dict())
    b = LogisticAggregator.from_dict(aggregator_dict())
    c = LogisticAggregator.from_dict(aggregator_dict(support_weight=9.0))
    assert a.name == b.name
    assert a.name != c.name
    assert a.name.startswith("logistic.v2-")


def test_logistic_aggregator_file_errors_are_model_errors(tmp_path: Path) -> None:
    """A missing or non-JSON weights file is a :class:`ModelError` naming the file."""
    missing = tmp_path / "missing.json"
    with pytest.raises(ModelError, match="missing.json"):
        LogisticAggregator(missing)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(ModelError, match="broken.json"):
        LogisticAggregator(broken)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(aggregator_dict()), encoding="utf-8")
    assert LogisticAggregator(good).decide([passage(0.95)]).label == "supported"


# -- bench.fitting --------------------------------------------------------------------------


def test_class_weights_power_zero_and_one() -> None:
    """Power 0 is unweighted, power 1 is ``n / (k * count)``; absent classes weigh 1."""
    from bench.fitting import class_weights

    y = np.array([0, 0, 0, 0, 0, 0, 1, 1, 2])
    assert class_weights(y, 3, 0.0) == {0: 1.0, 1: 1.0, 2: 1.0}
    balanced = class_weights(y, 3, 1.0)
    assert balanced == pytest.approx({0: 9 / (3 * 6), 1: 9 / (3 * 2), 2: 9 / (3 * 1)})
    half = class_weights(y, 3, 0.5)
    assert half == pytest.approx({k: math.sqrt(v) for k, v in balanced.items()})
    assert class_weights(np.array([0, 0, 1]), 4, 1.0)[3] == 1.0


@pytest.mark.parametrize("n,k", [(10, 3), (9, 3), (7, 5), (100, 4), (3, 3)])
def test_claim_folds_partition(n: int, k: int) -> None:
    """``k`` disjoint folds covering every index once, sizes within one, reproducible."""
    from bench.fitting import claim_folds

    folds = claim_folds(n, k)
    assert len(folds) == k
    assert sorted(int(i) for fold in folds for i in fold) == list(range(n))
    sizes = [len(fold) for fold in folds]
    assert max(sizes) - min(sizes) <= 1
    again = claim_folds(n, k)
    assert all(np.array_equal(a, b) for a, b in zip(folds, again, strict=True))


def test_claim_folds_shuffle_depends_on_seed() -> None:
    """The folds are a fixed shuffle, not contiguous blocks, and the seed changes them."""
    from bench.fitting import claim_folds

    folds = claim_folds(50, 5)
    assert [sorted(f.tolist()) for f in folds] != [list(range(i, 50, 5)) for i in range(5)]
    other = claim_folds(50, 5, seed=1)
    assert any(not np.array_equal(a, b) for a, b in zip(folds, other, strict=True))


def synthetic_pairs(rng: np.random.RandomState, n: int) -> tuple[list[StanceScores], list[str]]:
    """A raw model that calls hidden refutations neutral.

    Whenever ``refutes > 0.2`` the truth is "refutes", even where the raw argmax is neutral.
    """
    out: list[StanceScores] = []
    labels: list[str] = []
    for _ in range(n):
        s_small, r_small = rng.uniform(0.005, 0.05), rng.uniform(0.005, 0.05)
        # Clear supports.
        s = rng.uniform(0.6, 0.9)
        out.append(scores(s, r_small, 1 - s - r_small))
        labels.append("supports")
        # Clear refutes.
        r = rng.uniform(0.6, 0.9)
        out.append(scores(s_small, r, 1 - r - s_small))
        labels.append("refutes")
        # Truly neutral: almost no refutes mass.
        out.append(scores(s_small, r_small, 1 - s_small - r_small))
        labels.append("neutral")
        # Hidden refutation: the raw model says neutral, but refutes has real mass.
        r = rng.uniform(0.25, 0.42)
        out.append(scores(s_small, r, 1 - r - s_small))
        labels.append("refutes")
    return out, labels


def test_fit_calibration_learns_to_move_mass_to_refutes() -> None:
    """The fitted calibration fixes the raw model's argmax on held-out pairs."""
    pytest.importorskip("sklearn")
    from bench.fitting import fit_calibration

    train, labels = synthetic_pairs(np.random.RandomState(0), 40)
    data = fit_calibration(train, labels, c=10.0, weight_power=1.0)
    assert data["order"] == list(ORDER)
    assert np.array(data["coef"]).shape == (3, 3)
    assert len(data["intercept"]) == 3
    assert data["fitted_on"] == {"pairs": len(train), "C": 10.0, "class_weight_power": 1.0}
    json.dumps(data)  # Shippable as JSON.

    cal = StanceCalibration.from_dict(data)
    hidden = [scores(0.02, 0.3, 0.68), scores(0.03, 0.35, 0.62), scores(0.01, 0.4, 0.59)]
    for raw in hidden:
        assert raw.label == "neutral"
        fixed = cal.apply(raw)
        assert fixed.label == "refutes", (raw, fixed)
        assert fixed.refutes > raw.refutes
        assert_distribution(fixed)
    # It did not learn "always refutes": clear cases keep their labels.
    assert cal.apply(scores(0.02, 0.01, 0.97)).label == "neutral"
    assert cal.apply(scores(0.85, 0.02, 0.13)).label == "supports"
    assert cal.apply(scores(0.02, 0.8, 0.18)).label == "refutes"

    held_out, gold = synthetic_pairs(np.random.RandomState(1), 25)
    raw_acc = np.mean([s.label == g for s, g in zip(held_out, gold, strict=True)])
    cal_acc = np.mean([cal.apply(s).label == g for s, g in zip(held_out, gold, strict=True)])
    assert raw_acc == pytest.approx(0.75)
    assert cal_acc >= 0.97


def test_fit_calibration_needs_all_three_stances() -> None:
    """Labels missing a stance are a :class:`ValueError`."""
    pytest.importorskip("sklearn")
    from bench.fitting import fit_calibration

    train, labels = synthetic_pairs(np.random.RandomState(0), 10)
    keep = [i for i, lab in enumerate(labels) if lab != "neutral"]
    with pytest.raises(ValueError, match="three stances"):
        fit_calibration([train[i] for i in keep], [labels[i] for i in keep], 1.0, 0.0)


def synthetic_claims(rng: np.random.RandomState, n: int) -> tuple[np.ndarray, list[str]]:
    """Feature rows from judged passages whose stances match the claim label."""
    rows: list[list[float]] = []
    labels: list[str] = []
    for _ in range(n):
        hi, lo = rng.uniform(0.7, 0.95), rng.uniform(0.0, 0.1)
        groups = {
            "supported": [passage(hi, lo), passage(lo, lo)],
            "refuted": [passage(lo, hi), passage(lo, lo)],
            "conflicting": [passage(hi, lo), passage(lo, rng.uniform(0.7, 0.95))],
            "not_enough_evidence": [passage(lo, lo), passage(rng.uniform(0, 0.1), lo)],
        }
        for label, passages in groups.items():
            rows.append(features(passages))
            labels.append(label)
    return np.array(rows), labels


def test_fit_aggregator_output_loads_and_decides() -> None:
    """The fitted dict loads in :class:`LogisticAggregator` and separates clear cases."""
    pytest.importorskip("sklearn")
    from bench.fitting import fit_aggregator

    x, labels = synthetic_claims(np.random.RandomState(0), 15)
    data = fit_aggregator(x, labels, c=5.0, weight_power=0.5)
    assert data["features"] == list(FEATURE_NAMES)
    assert data["fitted_on"]["C"] == 5.0
    assert data["fitted_on"]["class_weight_power"] == 0.5
    assert data["fitted_on"]["claims"] == len(labels)
    assert sorted(data["labels"]) == sorted(LABELS)
    json.dumps(data)

    agg = LogisticAggregator.from_dict(data)
    assert agg.decide([passage(0.9), passage(0.05)]).label == "supported"
    assert agg.decide([passage(0.05, 0.9), passage(0.05)]).label == "refuted"
    assert agg.decide([passage(0.9), passage(0.05, 0.9)]).label == "conflicting"
    assert agg.decide([passage(0.05), passage(0.03)]).label == "not_enough_evidence"
    decision = agg.decide([passage(0.9), passage(0.05)])
    assert sum(decision.probabilities.values()) == pytest.approx(1.0)


# -- CachedStanceModel ----------------------------------------------------------------------


def test_cached_stance_model_scores_each_pair_once() -> None:
    """Repeats and duplicates hit the cache; results keep the caller's order."""
    from bench.climate_fever import CachedStanceModel

    script = {"a": scores(0.8, 0.1, 0.1), "b": scores(0.1, 0.8, 0.1), "c": scores(0.2, 0.2, 0.6)}
    inner = ScriptedStanceModel(script)
    cached = CachedStanceModel(inner)
    assert cached.name == inner.name

    first = cached.predict(["a", "b", "a", "b"], ["h", "h", "h", "h"])
    assert inner.calls == [("a", "h"), ("b", "h")]
    assert first == [script["a"], script["b"], script["a"], script["b"]]

    again = cached.predict(["b", "a"], ["h", "h"])
    assert inner.calls == [("a", "h"), ("b", "h")]
    assert again == [script["b"], script["a"]]

    # Only the new pairs reach the model; the same premise with another hypothesis is new.
    mixed = cached.predict(["c", "a", "a", "c"], ["h", "h", "h2", "h"])
    assert inner.calls[2:] == [("c", "h"), ("a", "h2")]
    assert mixed == [script["c"], script["a"], script["a"], script["c"]]

    assert cached.predict([], []) == []
    assert len(inner.calls) == 4


# -- confidence map ----------------------------------------------------------------------------


def test_confidence_map_identity_and_fallback_penalty() -> None:
    """slope 1, no intercept: unchanged; a label changed by the citation rule is discounted."""
    from verification.aggregate import ConfidenceMap

    identity = ConfidenceMap(slope=1.0, intercept=0.0, changed=0.0)
    for c in (0.1, 0.5, 0.83):
        assert identity.apply(c, changed=False) == pytest.approx(c)
    penalised = ConfidenceMap(slope=1.0, intercept=0.0, changed=-3.0)
    assert penalised.apply(0.9, changed=True) < 0.35 < penalised.apply(0.9, changed=False)
    assert 0.0 < penalised.apply(1.0, changed=True) < 1.0  # clipped, never exactly 0 or 1


def test_final_decision_maps_confidence_and_discounts_fallbacks() -> None:
    """Backed verdicts keep the mapped confidence; a fallback to NEE is discounted."""
    from verification.aggregate import final_decision

    mapping = {"slope": 1.0, "intercept": 0.0, "changed": -3.0}
    agg = LogisticAggregator.from_dict(aggregator_dict(confidence_map=mapping))
    backed = final_decision(agg, [passage(0.95)])
    assert backed.label == "supported"
    assert backed.confidence == pytest.approx(agg.decide([passage(0.95)]).confidence, abs=1e-4)
    # High support probability, but below every stance threshold the fake passage uses:
    # the aggregator says supported, nothing is cited as supporting -> NEE, discounted.
    unbacked = JudgedPassage(
        supports=0.95, refutes=0.0, neutral=0.05, relevance=0.9, credible=True, stance="neutral"
    )
    assert agg.decide([unbacked]).label == "supported"
    fallback = final_decision(agg, [unbacked])
    assert fallback.label == "not_enough_evidence"
    # The fallback alone would claim certainty (1.0, renormalised over one allowed label).
    assert fallback.confidence == pytest.approx(
        agg.confidence_map.apply(1.0, changed=True),  # type: ignore[union-attr]
        abs=1e-4,
    )
    assert fallback.confidence < agg.confidence_map.apply(1.0, changed=False)  # type: ignore[union-attr]
    with pytest.raises(ModelError, match="confidence map"):
        LogisticAggregator.from_dict(aggregator_dict(confidence_map={"slope": 1.0}))


def test_fit_confidence_map_learns_overconfidence() -> None:
    """Verdicts right 50% of the time at confidence 0.9 are mapped down towards 0.5."""
    from bench.fitting import fit_confidence_map
    from verification.aggregate import ConfidenceMap

    confidences = [0.9] * 200 + [0.6] * 200
    correct = [i % 2 == 0 for i in range(200)] + [i % 5 != 0 for i in range(200)]
    mapping = ConfidenceMap(**fit_confidence_map(confidences, [False] * 400, correct))
    assert mapping.apply(0.9, False) == pytest.approx(0.5, abs=0.05)
    assert mapping.apply(0.6, False) == pytest.approx(0.8, abs=0.05)
    with pytest.raises(ValueError, match="right and wrong"):
        fit_confidence_map([0.9, 0.8], [False, False], [True, True])
