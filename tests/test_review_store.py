"""The review store: persistence, stale detection, undo, passage marks, --reviews input."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from report_factory import make_report, make_reviewed_report

from crosscheck.errors import InputError
from crosscheck.models import Evidence
from reports.json_export import report_from_json, report_to_json
from reports.schema import validate_report
from review import ReviewStore, attach_reviews, load_reviews

FIXED = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)


def _store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(tmp_path / "reviews.sqlite3", clock=lambda: FIXED)


def test_override_persists_across_a_new_store(tmp_path: Path) -> None:
    report = make_report()
    toll = report.claims[0]
    _store(tmp_path).update(
        report, toll, "saved", status="reviewed", verdict="refuted", confidence=0.7, note="n1"
    )
    found = _store(tmp_path).for_report(report)  # a restart: a new connection
    review = found[toll.claim_id]
    assert (review.verdict, review.confidence, review.note) == ("refuted", 0.7, "n1")
    assert review.machine_verdict == "supported" and review.overridden
    assert review.reviewed_at == FIXED and not review.stale
    assert attach_reviews(report, found).claims[0].final_verdict == "refuted"


def test_changed_evidence_or_text_makes_the_review_stale(tmp_path: Path) -> None:
    report = make_report()
    toll = report.claims[0]
    store = _store(tmp_path)
    store.update(report, toll, "accepted", status="reviewed")
    fewer = toll.model_copy(update={"evidence": toll.evidence[:1]})
    assert store.for_report(report.with_claims([fewer]))[toll.claim_id].stale
    # an edited article: new text, new claim id, same file: the review follows, stale
    edited = toll.model_copy(
        update={"claim_id": "claim-edited", "text": toll.text.replace("130", "129")}
    )
    found = store.for_report(report.with_claims([edited]))
    assert found["claim-edited"].stale and found["claim-edited"].claim_id == "claim-edited"
    unrelated = toll.model_copy(update={"claim_id": "claim-other", "text": "Something else."})
    assert store.for_report(report.with_claims([unrelated])) == {}


def test_undo_restores_each_previous_state(tmp_path: Path) -> None:
    report = make_report()
    toll = report.claims[0]
    store = _store(tmp_path)
    assert store.undo() is None
    store.update(report, toll, "accepted the verdict", status="reviewed")
    store.update(report, toll, "saved the review", verdict="refuted", note="n")
    assert store.last_action() == "saved the review"
    assert store.undo() == "saved the review"
    back = store.for_report(report)[toll.claim_id]
    assert back.verdict is None and back.status == "reviewed" and back.note == ""
    assert store.undo() == "accepted the verdict"
    assert store.for_report(report) == {}


def test_passage_marks(tmp_path: Path) -> None:
    report = make_report()
    store = _store(tmp_path)
    toll = report.claims[0]
    store.flag_passage(report, toll, 1, "irrelevant")
    reviewed = attach_reviews(report, store.for_report(report)).claims[0]
    flags = reviewed.review.passage_flags  # type: ignore[union-attr]
    assert [(f.start, f.mark) for f in flags] == [(toll.evidence[1].start, "irrelevant")]
    store.flag_passage(report, reviewed, 1, "wrong")
    reviewed = attach_reviews(report, store.for_report(report)).claims[0]
    assert [f.mark for f in reviewed.review.passage_flags] == ["wrong"]  # type: ignore[union-attr]
    with pytest.raises(InputError, match="no evidence passage 9"):
        store.flag_passage(report, toll, 8, "wrong")


def test_bad_values_are_refused(tmp_path: Path) -> None:
    report = make_report()
    with pytest.raises(ValueError):
        _store(tmp_path).update(report, report.claims[0], "x", confidence=1.5)
    assert _store(tmp_path).for_report(report) == {}


def test_reviewed_report_round_trips_and_validates() -> None:
    reviewed = make_reviewed_report()
    text = report_to_json(reviewed)
    import json

    validate_report(json.loads(text))
    assert report_from_json(text) == reviewed
    # unreviewed claims carry no review key at all (files read as before schema 1.1)
    assert '"review"' not in report_to_json(make_report())


def test_load_reviews_from_data_dir_sqlite_or_report_json(tmp_path: Path) -> None:
    report = make_report()
    store = ReviewStore.in_data_dir(tmp_path)
    store.update(report, report.claims[1], "follow", status="needs_follow_up")
    assert set(load_reviews(tmp_path, report)) == {report.claims[1].claim_id}
    assert set(load_reviews(store.path, report)) == {report.claims[1].claim_id}
    exported = tmp_path / "report.json"
    exported.write_text(report_to_json(make_reviewed_report()), encoding="utf-8")
    found = load_reviews(exported, report)
    assert found[report.claims[0].claim_id].verdict == "refuted"
    assert not found[report.claims[0].claim_id].stale
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no reviews in"):
        load_reviews(tmp_path / "empty", report)
    bad = tmp_path / "bad.json"
    bad.write_text("{nope", encoding="utf-8")
    with pytest.raises(InputError, match="neither a review database nor a report"):
        load_reviews(bad, report)
    with pytest.raises(InputError, match="not found"):
        load_reviews(tmp_path / "missing.sqlite3", report)


def test_a_corrupt_review_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "reviews.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(InputError, match="review file"):
        ReviewStore(path).for_report(make_report())


def test_evidence_marks_appear_in_csv() -> None:
    from reports.csv_export import COLUMNS, report_to_csv

    text = report_to_csv(make_reviewed_report())
    header, first, second = text.splitlines()[:3]
    assert header.split(",")[-7:] == list(COLUMNS[-7:])
    assert first.endswith(",")  # evidence 1 not marked
    assert second.endswith(",irrelevant")
    assert ",refuted,0.8,reviewed," in first


def test_evidence_identity_ignores_scores() -> None:
    from review import fingerprint

    toll = make_report().claims[0]
    rescored = toll.model_copy(
        update={
            "evidence": tuple(Evidence(**{**e.model_dump(), "score": 0.1}) for e in toll.evidence)
        }
    )
    assert fingerprint(rescored) == fingerprint(toll)
    assert sqlite3.sqlite_version  # the stdlib module is all the store needs
