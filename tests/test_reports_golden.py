"""Every text export of the hand-built report equals its golden file, byte for byte."""

from __future__ import annotations

import pytest
from golden_files import assert_golden
from report_factory import make_report, make_reviewed_report

import reports

GOLDEN = {
    "json": "report.json",
    "csv": "report.csv",
    "md": "report.md",
    "html": "report.html",
    "claimreview": "report.claimreview.jsonld",
}


@pytest.mark.parametrize("fmt", sorted(GOLDEN))
def test_export_matches_golden_file(fmt: str) -> None:
    assert_golden(GOLDEN[fmt], reports.export(make_report(), fmt))


@pytest.mark.parametrize("fmt", sorted(reports.FORMATS))
def test_export_is_a_pure_function_of_the_report(fmt: str) -> None:
    report = make_report()
    assert reports.export(report, fmt) == reports.export(report.model_copy(), fmt)


def test_golden_names_are_the_written_file_names() -> None:
    for fmt, name in GOLDEN.items():
        assert reports.FORMATS[fmt].filename == name


@pytest.mark.parametrize("fmt", sorted(GOLDEN))
def test_reviewed_export_matches_golden_file(fmt: str) -> None:
    """Reviewed claims: the editor's verdict, note and status in every format."""
    assert_golden(
        "reviewed." + GOLDEN[fmt].removeprefix("report."),
        reports.export(make_reviewed_report(), fmt),
    )
