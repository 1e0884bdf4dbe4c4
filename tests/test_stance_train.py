"""Tests of the resumable stance training script: mix/repeat parsing, data set, batches, runs."""

from __future__ import annotations

import gzip
import itertools
import json
import random
import shutil
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes import tiny_bert_classifier
from verification.stance import train
from verification.stance.data import (
    CLIMATE_FEVER,
    EVAL_FILES,
    LABELS,
    TRAIN_FILES,
    DataError,
    NLIPair,
    pair_key,
)
from verification.stance.splits import climate_fever_fold

WORDS = ["the", "a", "man", "dog", "cat", "runs", "eats", "red", "big", "park"]
Row = tuple[str, str, str]


def sentence(i: int) -> str:
    """A unique sentence per integer, written with :data:`WORDS` only."""
    base = len(WORDS)
    return " ".join(WORDS[(i // base**k) % base] for k in range(4)) + " ."


def rows(start: int, labels: list[str]) -> list[Row]:
    """Unique (premise, hypothesis, label) rows, one per label given."""
    return [
        (sentence(start + 2 * i), sentence(start + 2 * i + 1), lab) for i, lab in enumerate(labels)
    ]


def write_nli(nli_dir: Path, name: str, data: list[Row]) -> None:
    """Write ``<nli_dir>/<name>.jsonl.gz`` in the bench format."""
    nli_dir.mkdir(parents=True, exist_ok=True)
    with gzip.open(nli_dir / f"{name}.jsonl.gz", "wt", encoding="utf-8") as fh:
        for premise, hypothesis, label in data:
            fh.write(json.dumps({"premise": premise, "hypothesis": hypothesis, "label": label}))
            fh.write("\n")


def claim_id(fold: str, skip: int = 0) -> str:
    """A claim id that :func:`climate_fever_fold` puts in ``fold`` (the ``skip``-th such id)."""
    ids = (f"claim-{i}" for i in itertools.count() if climate_fever_fold(f"claim-{i}") == fold)
    return next(itertools.islice(ids, skip, None))


def write_climate_fever(path: Path, claims: list[tuple[str, str, list[tuple[str, str]]]]) -> Path:
    """Write CLIMATE-FEVER records: (claim_id, claim, [(evidence, evidence_label), ...])."""
    with path.open("w", encoding="utf-8") as fh:
        for cid, text, evidences in claims:
            record = {
                "claim_id": cid,
                "claim": text,
                "claim_label": "DISPUTED",
                "evidences": [
                    {
                        "evidence_id": f"Article:{i}",
                        "evidence_label": label,
                        "article": "Article",
                        "evidence": evidence,
                        "entropy": 0.0,
                        "votes": [label, label, None, None, None],
                    }
                    for i, (evidence, label) in enumerate(evidences)
                ],
            }
            fh.write(json.dumps(record) + "\n")
    return path


def make_pairs(counts: dict[str, int], source: str = "src") -> list[NLIPair]:
    """Distinct pairs with ``counts[label]`` pairs of each label."""
    return [
        NLIPair(f"premise {lab} {i}", f"hypothesis {lab} {i}", lab, source)
        for lab, n in counts.items()
        for i in range(n)
    ]


# --- parse_mix / parse_repeat -------------------------------------------------------------------


def test_parse_mix_keeps_defaults_and_overrides_named_caps() -> None:
    assert train.parse_mix(None) == train.DEFAULT_MIX
    mix = train.parse_mix("covidfact=10, fever_dev_rte=all,scifact_rte=")
    assert mix["covidfact"] == 10
    assert mix["fever_dev_rte"] is None
    assert mix["scifact_rte"] is None
    assert mix["conjnli_adv_train"] == train.DEFAULT_MIX["conjnli_adv_train"] == 4000
    assert list(mix) == list(train.DEFAULT_MIX)
    mix["med_monotonicity"] = 1  # a copy: the defaults are never mutated
    assert train.DEFAULT_MIX["med_monotonicity"] == 1500


@pytest.mark.parametrize("spec", ["nope=1", "snli_test=5", "covidfact=3,sick=all"])
def test_parse_mix_rejects_unknown_and_evaluation_sources(spec: str) -> None:
    with pytest.raises(SystemExit, match="not a training source"):
        train.parse_mix(spec)


@pytest.mark.parametrize("spec", ["covidfact=x", "covidfact=-5", "covidfact=1.5"])
def test_parse_mix_rejects_caps_that_are_not_whole_numbers(spec: str) -> None:
    with pytest.raises(SystemExit, match="needs a cap"):
        train.parse_mix(spec)


def test_parse_repeat_valid_specs() -> None:
    assert train.parse_repeat(None) == {}
    assert train.parse_repeat("") == {}
    assert train.parse_repeat("climate_fever=3") == {"climate_fever": 3}
    assert train.parse_repeat(" climate_fever=2 , covidfact=1,") == {
        "climate_fever": 2,
        "covidfact": 1,
    }


@pytest.mark.parametrize(
    "spec",
    [
        "climate_fever=0",
        "climate_fever=-2",
        "climate_fever=x",
        "climate_fever=1.5",
        "climate_fever",
        "nope=2",
        "snli_test=2",
    ],
)
def test_parse_repeat_rejects_bad_specs(spec: str) -> None:
    with pytest.raises(SystemExit):
        train.parse_repeat(spec)


# --- balanced_sample ----------------------------------------------------------------------------


def test_balanced_sample_two_label_source_gets_half_each() -> None:
    pairs = make_pairs({"entailment": 50, "contradiction": 50})
    sample = train.balanced_sample(pairs, 20, random.Random(0))
    assert len(sample) == 20
    assert Counter(p.label for p in sample) == {"entailment": 10, "contradiction": 10}
    assert len(set(sample)) == 20 and set(sample) <= set(pairs)


def test_balanced_sample_small_label_kept_whole_rest_split_evenly() -> None:
    pairs = make_pairs({"entailment": 100, "neutral": 3, "contradiction": 100})
    counts = Counter(p.label for p in train.balanced_sample(pairs, 30, random.Random(1)))
    assert counts["neutral"] == 3
    assert sum(counts.values()) == 30
    assert abs(counts["entailment"] - counts["contradiction"]) <= 1


@pytest.mark.parametrize("counts", [(0, 0, 7), (1, 3, 10), (10, 10, 10), (5, 0, 2), (3, 10, 0)])
def test_balanced_sample_is_max_min_fair_for_every_cap(counts: tuple[int, int, int]) -> None:
    """Exactly min(cap, n) pairs; a label below its count never trails another by more than 1."""
    available = dict(zip(LABELS, counts, strict=True))
    pairs = make_pairs(available)
    for cap in range(len(pairs) + 3):
        sample = train.balanced_sample(pairs, cap, random.Random(cap))
        got = Counter(p.label for p in sample)
        assert len(sample) == min(cap, len(pairs)) == len(set(sample))
        for a, b in itertools.permutations(LABELS, 2):
            if got[a] < available[a]:
                assert got[a] >= got[b] - 1, (cap, dict(got))


def test_balanced_sample_deterministic_for_a_seed() -> None:
    pairs = make_pairs({"entailment": 40, "neutral": 40, "contradiction": 40})
    first = train.balanced_sample(pairs, 30, random.Random(7))
    assert first == train.balanced_sample(pairs, 30, random.Random(7))
    assert first != train.balanced_sample(pairs, 30, random.Random(8))
    assert train.balanced_sample(pairs, 0, random.Random(7)) == []
    assert sorted(train.balanced_sample(pairs, 500, random.Random(7)), key=str) == sorted(
        pairs, key=str
    )


# --- build_training_set -------------------------------------------------------------------------

EVAL_PAIR = ("A dog runs in the park.", "An animal moves.")
TRAIN_CLAIM = "The park is big."
HELDOUT_CLAIM = "The house is red."


@pytest.fixture
def bench(tmp_path: Path) -> tuple[Path, Path]:
    """A tiny NLI folder (every evaluation file, a few training files) and CLIMATE-FEVER file."""
    nli = tmp_path / "nli"
    for i, name in enumerate(EVAL_FILES):
        write_nli(nli, name, rows(1000 + 10 * i, ["neutral"]))
    write_nli(nli, "snli_test", [(*EVAL_PAIR, "entailment"), *rows(1100, ["neutral"])])
    unique = rows(0, ["entailment", "neutral", "contradiction"])
    leaked = ("a  DOG runs in the park.", " an animal MOVES.", "neutral")  # same pair, reformatted
    write_nli(nli, "snli_dev", [leaked, *unique, unique[0]])
    write_nli(
        nli,
        "cad_snli_train",
        [(unique[1][0], unique[1][1], "contradiction"), *rows(20, ["neutral"])],
    )
    write_nli(nli, "covidfact", rows(40, ["entailment"] * 3 + ["contradiction"] * 3))
    cf = write_climate_fever(
        tmp_path / "climate-fever.jsonl",
        [
            (
                claim_id("train"),
                TRAIN_CLAIM,
                [
                    ("The park has grown.", "SUPPORTS"),
                    ("The park is tiny.", "REFUTES"),
                    ("Cats sleep.", "NOT_ENOUGH_INFO"),
                    ("Something unrelated.", "DISPUTED"),
                ],
            ),
            (claim_id("heldout"), HELDOUT_CLAIM, [("The house is painted red.", "SUPPORTS")]),
        ],
    )
    return nli, cf


SMALL_MIX: dict[str, int | None] = {
    "snli_dev": None,
    "cad_snli_train": None,
    "covidfact": 2,
    CLIMATE_FEVER: None,
}


def test_build_training_set_drops_eval_overlap_duplicates_and_heldout(
    bench: tuple[Path, Path],
) -> None:
    nli, cf = bench
    pairs, report = train.build_training_set(SMALL_MIX, nli, cf, seed=3)

    keys = [pair_key(p.premise, p.hypothesis) for p in pairs]
    assert len(keys) == len(set(keys)) == 3 + 1 + 2 + 3
    assert pair_key(*EVAL_PAIR) not in keys
    assert report["snli_dev"] == {
        "rows_in_file": 5,
        "dropped_in_eval_files": 1,
        "dropped_duplicates": 1,
        "cap": None,
        "rows_used": 3,
        "labels_used": {"entailment": 1, "neutral": 1, "contradiction": 1},
        "repeated": 1,
    }
    # a pair already taken from snli_dev is dropped in cad_snli_train even with another label
    assert report["cad_snli_train"]["dropped_duplicates"] == 1
    assert report["cad_snli_train"]["rows_used"] == 1
    assert report["covidfact"]["rows_used"] == 2
    assert report["covidfact"]["labels_used"] == {"entailment": 1, "neutral": 0, "contradiction": 1}
    # CLIMATE-FEVER: only the train-fold claim, evidence = premise, unknown labels skipped
    climate = [p for p in pairs if p.source == CLIMATE_FEVER]
    assert {p.hypothesis for p in climate} == {TRAIN_CLAIM}
    assert HELDOUT_CLAIM not in {p.hypothesis for p in pairs}
    assert sorted(p.label for p in climate) == sorted(LABELS)
    assert report[CLIMATE_FEVER]["rows_in_file"] == 3
    assert set(report) == set(SMALL_MIX)
    assert pairs == train.build_training_set(SMALL_MIX, nli, cf, seed=3)[0]


def test_build_training_set_repeat_multiplies_rows(bench: tuple[Path, Path]) -> None:
    nli, cf = bench
    plain, _ = train.build_training_set(SMALL_MIX, nli, cf, seed=3)
    pairs, report = train.build_training_set(SMALL_MIX, nli, cf, seed=3, repeat={CLIMATE_FEVER: 3})
    climate = Counter(p for p in pairs if p.source == CLIMATE_FEVER)
    assert len(climate) == 3 and set(climate.values()) == {3}
    assert len(pairs) == len(plain) + 2 * 3
    assert Counter(p for p in pairs if p.source != CLIMATE_FEVER) == Counter(
        p for p in plain if p.source != CLIMATE_FEVER
    )
    assert report[CLIMATE_FEVER]["repeated"] == 3
    assert report[CLIMATE_FEVER]["rows_used"] == 3  # distinct rows, not the repeated count
    assert {report[name]["repeated"] for name in SMALL_MIX if name != CLIMATE_FEVER} == {1}


def test_build_training_set_refuses_evaluation_files_and_missing_eval_data(
    bench: tuple[Path, Path],
) -> None:
    nli, cf = bench
    with pytest.raises(SystemExit, match="not allowed"):
        train.build_training_set({"snli_test": None}, nli, cf, seed=0)
    (nli / "sick.jsonl.gz").unlink()  # cannot check for leaks without every evaluation file
    with pytest.raises(DataError, match="sick"):
        train.build_training_set({"snli_dev": None}, nli, cf, seed=0)


# --- make_batches -------------------------------------------------------------------------------


def flat(batches: list[list[int]]) -> list[int]:
    return [i for batch in batches for i in batch]


def test_make_batches_each_index_once_per_epoch_and_bucketed() -> None:
    rng = random.Random(5)
    lengths = [rng.randint(3, 60) for _ in range(23)]
    assert len(set(lengths)) > 10
    one = train.make_batches(lengths, batch_size=4, epochs=1, seed=9, bucket_chunks=2)
    two = train.make_batches(lengths, batch_size=4, epochs=2, seed=9, bucket_chunks=2)
    assert sorted(flat(one)) == list(range(23))
    assert two[: len(one)] == one  # epoch 0 does not depend on the number of epochs
    assert sorted(flat(two[len(one) :])) == list(range(23))
    for batch in two:
        assert 1 <= len(batch) <= 4
        assert [lengths[i] for i in batch] == sorted(lengths[i] for i in batch)


def test_make_batches_one_bucket_is_sorted_within_batches_but_batches_are_shuffled() -> None:
    lengths = list(range(40))
    batches = train.make_batches(lengths, batch_size=4, epochs=1, seed=3, bucket_chunks=100)
    # one chunk holds the whole epoch: batches are length-contiguous runs of 4 ...
    assert sorted(batches) == [list(range(i, i + 4)) for i in range(0, 40, 4)]
    # ... presented in shuffled order, not shortest first
    assert batches != sorted(batches)


def test_make_batches_fractional_epochs_truncate() -> None:
    lengths = list(range(20))
    half = flat(train.make_batches(lengths, 3, 0.5, seed=1, bucket_chunks=3))
    assert len(half) == len(set(half)) == 10
    more = train.make_batches(lengths, 3, 1.5, seed=1, bucket_chunks=3)
    counts = Counter(flat(more))
    assert sum(counts.values()) == 30
    assert set(counts) == set(range(20)) and sorted(counts.values()) == [1] * 10 + [2] * 10


def test_make_batches_deterministic_for_a_seed() -> None:
    rng = random.Random(2)
    lengths = [rng.randint(1, 40) for _ in range(50)]
    a = train.make_batches(lengths, 8, 2, seed=4, bucket_chunks=2)
    assert a == train.make_batches(lengths, 8, 2, seed=4, bucket_chunks=2)
    assert a != train.make_batches(lengths, 8, 2, seed=5, bucket_chunks=2)


# --- end-to-end runs (tiny random BERT) ---------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random BertForSequenceClassification with NLI labels and a tokenizer.json."""
    pytest.importorskip("torch")
    out = tmp_path_factory.mktemp("tiny-base")
    tiny_bert_classifier(out, [".", *WORDS], dict(enumerate(LABELS)))
    assert (out / "tokenizer.json").is_file()
    return out


@pytest.fixture
def full_bench(tmp_path: Path) -> tuple[Path, Path]:
    """Every training and evaluation file (two rows each) and a CLIMATE-FEVER file."""
    nli = tmp_path / "nli"
    for i, name in enumerate(TRAIN_FILES):
        write_nli(nli, name, rows(10 * i, ["entailment", "contradiction"]))
    for i, name in enumerate(EVAL_FILES):
        write_nli(nli, name, rows(500 + 10 * i, ["neutral", "entailment"]))
    cf = write_climate_fever(
        tmp_path / "cf.jsonl",
        [
            (
                claim_id("train"),
                "the dog runs .",
                [("a dog plays .", "SUPPORTS"), ("the dog sleeps .", "REFUTES")],
            ),
            (claim_id("heldout"), "the cat eats .", [("a cat eats .", "SUPPORTS")]),
        ],
    )
    return nli, cf


@pytest.fixture
def restore_process_state() -> Iterator[None]:
    """``main`` installs signal handlers and sets torch threads: put both back afterwards."""
    import torch

    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    threads = torch.get_num_threads()
    yield
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
    torch.set_num_threads(threads)


def state_dict(model_dir: Path) -> dict[str, Any]:
    from transformers import AutoModelForSequenceClassification

    model = AutoModelForSequenceClassification.from_pretrained(model_dir, local_files_only=True)
    assert model.config.id2label == dict(enumerate(LABELS))
    return model.state_dict()


def assert_same_weights(a: Path, b: Path) -> None:
    import torch

    sa, sb = state_dict(a), state_dict(b)
    assert sa.keys() == sb.keys()
    for key in sa:
        torch.testing.assert_close(sa[key], sb[key], msg=key)


@pytest.mark.slow
def test_train_run_resume_and_continue(
    tmp_path: Path,
    tiny_base: Path,
    full_bench: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    restore_process_state: None,
) -> None:
    import torch

    nli, cf = full_bench
    data = ["--nli-dir", str(nli), "--climate-fever", str(cf), "--no-eval", "--threads", "1"]
    plan = ["--max-steps", "3", "--batch-size", "4", "--mix", "covidfact=1"]
    plan += ["--repeat", "climate_fever=2", "--seed", "5"]

    # 1. a full run, checkpointing after every step; keep the step-1 checkpoint
    saved: list[int] = []
    real_save = train.atomic_torch_save

    def spy_save(obj: Any, path: Path) -> None:
        real_save(obj, path)
        saved.append(obj["step"])
        shutil.copy2(path, tmp_path / f"state-{obj['step']}.pt")

    monkeypatch.setattr(train, "atomic_torch_save", spy_save)
    run_a = tmp_path / "a"
    args = ["--out", str(run_a), "--base-model", str(tiny_base), *plan, *data]
    assert train.main([*args, "--checkpoint-min", "0"]) == 0
    assert saved == [1, 2, 3]  # one per step, the last one not written twice
    model_a = run_a / "model"
    for name in ("config.json", "tokenizer.json", "vocab.txt", "metadata.json"):
        assert (model_a / name).is_file(), name
    meta = json.loads((model_a / "metadata.json").read_text())
    # 8 training files x 2 rows, covidfact capped to 1, 2 CLIMATE-FEVER rows seen twice
    assert meta["training_rows"] == 8 * 2 + 1 + 2 * 2
    assert meta["steps"] == meta["total_steps_planned"] == 3
    assert meta["stopped_early"] is False
    assert meta["training_data"][CLIMATE_FEVER]["repeated"] == 2
    assert meta["training_data"][CLIMATE_FEVER]["rows_used"] == 2
    assert meta["training_data"]["covidfact"]["rows_used"] == 1
    hyper = meta["hyperparameters"]
    assert hyper["repeat"] == {CLIMATE_FEVER: 2}
    assert hyper["mix"]["covidfact"] == 1 and hyper["mix"]["conjnli_adv_train"] == 4000
    assert (hyper["batch_size"], hyper["max_steps"], hyper["seed"]) == (4, 3, 5)
    assert hyper["base_model"] == str(tiny_base) and hyper["threads"] == "1"
    assert "continued_from" not in meta and "eval_torch_fp32" not in meta
    trained = state_dict(model_a)
    base = state_dict(tiny_base)
    assert not torch.equal(trained["classifier.weight"], base["classifier.weight"])
    # frozen word embeddings (the default) are saved unchanged
    torch.testing.assert_close(
        trained["bert.embeddings.word_embeddings.weight"],
        base["bert.embeddings.word_embeddings.weight"],
    )

    # 2. resume from the step-1 checkpoint: the plan comes from the checkpoint, not the
    #    command line, and the result equals the uninterrupted run
    run_b = tmp_path / "b"
    (run_b / "checkpoint").mkdir(parents=True)
    shutil.copy2(tmp_path / "state-1.pt", run_b / train.CHECKPOINT)
    saved.clear()
    other_plan = ["--max-steps", "50", "--batch-size", "8", "--seed", "6"]
    assert train.main(["--out", str(run_b), *other_plan, *data, "--resume"]) == 0
    assert saved == [3]
    meta_b = json.loads((run_b / "model" / "metadata.json").read_text())
    assert meta_b["steps"] == 3
    assert meta_b["hyperparameters"] == hyper
    assert meta_b["training_rows"] == meta["training_rows"]
    assert_same_weights(model_a, run_b / "model")

    # 3. a signal stops the run after the current step with a checkpoint; --resume finishes it
    run_c = tmp_path / "c"
    calls: list[int] = []
    real_collate: Callable[..., dict[str, Any]] = train.collate

    def interrupting_collate(*a: Any) -> dict[str, Any]:
        calls.append(1)
        if len(calls) == 2:
            handler = signal.getsignal(signal.SIGTERM)
            assert callable(handler), "main installs a SIGTERM handler"
            handler(signal.SIGTERM, None)
        return real_collate(*a)

    monkeypatch.setattr(train, "collate", interrupting_collate)
    saved.clear()
    args_c = ["--out", str(run_c), "--base-model", str(tiny_base), *plan, *data]
    assert train.main(args_c) == 128 + signal.SIGTERM
    assert saved == [2]
    assert not (run_c / "model").exists()
    saved.clear()
    assert train.main([*args_c, "--resume"]) == 0
    assert saved == [3]
    assert json.loads((run_c / "model" / "metadata.json").read_text())["steps"] == 3
    assert_same_weights(model_a, run_c / "model")

    # 4. --resume without a checkpoint is refused
    with pytest.raises(SystemExit, match="no checkpoint"):
        train.main(
            ["--out", str(tmp_path / "empty"), "--base-model", str(tiny_base), *data, "--resume"]
        )

    # 5. continuing from a trained model embeds its metadata (lineage)
    run_d = tmp_path / "d"
    cont = [
        "--out",
        str(run_d),
        "--base-model",
        str(model_a),
        "--max-steps",
        "1",
        "--batch-size",
        "4",
    ]
    assert train.main([*cont, *data]) == 0
    meta_d = json.loads((run_d / "model" / "metadata.json").read_text())
    assert meta_d["steps"] == 1
    assert meta_d["hyperparameters"]["base_model"] == str(model_a)
    assert meta_d["continued_from"] == meta
