"""Triage: noise detection, priority order, review progress; the CLI's --reviews."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_factory import make_report, make_reviewed_report

from crosscheck.cli import _with_reviews, build_parser
from crosscheck.models import SourceSpan
from review import ReviewStore
from ui.triage import noise_reason, review_progress, triage


def _as(text: str, zone: str = "body"):  # type: ignore[no-untyped-def]
    claim = make_report().claims[0]
    source = SourceSpan(start=0, end=len(text), quote=text, zone=zone)  # type: ignore[arg-type]
    return claim.model_copy(update={"text": text, "source": source})


@pytest.mark.parametrize(
    ("text", "zone", "reason"),
    [
        ("For their response to Paris see", "body", "fragment"),
        ("How Isis laid out its plans…", "body", "headline"),
        ("Paris Attacks Leave 130 Dead In Night Of Terror", "body", "headline"),
        ("Isis claimed responsibility.", "body", "fragment"),
        ("I think 130 people died, a reader wrote.", "comment", "comment"),
        ("At least 130 people were killed in the attacks, officials said.", "body", None),
        ("“We are at war,” the president said on Saturday.", "body", None),
    ],
)
def test_noise_reason(text: str, zone: str, reason: str | None) -> None:
    assert noise_reason(_as(text, zone)) == reason


def test_triage_order_and_show_all() -> None:
    report = make_report()
    fragment = _as("For the timeline see")
    ordered = triage([*report.claims, fragment])
    assert fragment not in ordered and fragment in triage([fragment], show_all=True)
    verdicts = [c.verdict for c in ordered]
    assert verdicts[:3] == ["supported", "refuted", "conflicting"] or set(verdicts[:3]) == {
        "supported",
        "refuted",
        "conflicting",
    }
    assert verdicts[-1] == "not_checked"


def test_review_progress_counts_reviewed_check_worthy_claims() -> None:
    done, total = review_progress(make_reviewed_report().claims, 0.0)
    assert (done, total) == (1, 5)  # follow-up and stale reviews are not done
    assert review_progress(make_reviewed_report().claims, 0.9) == (0, 0)


def test_cli_reviews_option_attaches_reviews(tmp_path: Path) -> None:
    args = build_parser().parse_args(
        ["check", "x", "--out", "o", "--reviews", str(tmp_path), "--min-checkworthiness", "0.5"]
    )
    assert args.reviews == tmp_path and args.min_checkworthiness == 0.5
    report = make_report()
    ReviewStore.in_data_dir(tmp_path).update(
        report, report.claims[0], "saved", status="reviewed", verdict="refuted", note="n"
    )
    out = _with_reviews(report, tmp_path, 0.0)
    assert out.claims[0].review is not None and out.claims[0].final_verdict == "refuted"
    assert all(c.review is None for c in out.claims[1:])
    filtered = _with_reviews(report, None, 0.6)
    assert {c.checkworthiness for c in filtered.claims if c.verdict != "not_checked"} >= {0.8}
    assert all(c.checkworthiness >= 0.6 or c.verdict == "not_checked" for c in filtered.claims)
    assert len(filtered.claims) == len(report.claims) - 1  # the 0.55 claim left out
