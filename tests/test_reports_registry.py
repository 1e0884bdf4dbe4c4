"""The format registry, export() and write_all()."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_factory import make_report

import reports
from crosscheck.errors import InputError
from crosscheck.models import Report

EXPECTED = {
    "json": ("json", "application/json"),
    "csv": ("csv", "text/csv"),
    "md": ("md", "text/markdown"),
    "html": ("html", "text/html"),
    "pdf": ("pdf", "application/pdf"),
    "claimreview": ("claimreview.jsonld", "application/ld+json"),
}


def test_formats_registry_names_extensions_and_mime_types() -> None:
    assert list(reports.FORMATS) == list(EXPECTED)
    for name, (extension, mime) in EXPECTED.items():
        exporter = reports.FORMATS[name]
        assert (exporter.extension, exporter.mime) == (extension, mime)


def test_unknown_format_lists_the_valid_ones() -> None:
    with pytest.raises(InputError, match="unknown report format 'docx'") as caught:
        reports.export(make_report(), "docx")
    for name in EXPECTED:
        assert name in str(caught.value)


def test_format_names_ignore_case_and_spaces() -> None:
    report = make_report()
    assert reports.export(report, " JSON ") == reports.FORMATS["json"].render(report)


def test_write_all_writes_every_format(tmp_path: Path) -> None:
    report = make_report()
    out = tmp_path / "new" / "dir"
    paths = reports.write_all(report, out, list(EXPECTED))
    assert [p.name for p in paths] == [
        "report.json",
        "report.csv",
        "report.md",
        "report.html",
        "report.pdf",
        "report.claimreview.jsonld",
    ]
    for path, name in zip(paths, EXPECTED, strict=True):
        assert path.read_bytes() == reports.export(report, name)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)


def test_write_all_checks_every_name_before_writing(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        reports.write_all(make_report(), tmp_path, ["json", "xlsx"])
    assert list(tmp_path.iterdir()) == []


def test_write_all_writes_a_repeated_format_once(tmp_path: Path) -> None:
    paths = reports.write_all(make_report(), tmp_path, ["md", "MD", "md"])
    assert paths == [tmp_path / "report.md"]


def test_write_all_replaces_an_old_report(tmp_path: Path) -> None:
    (tmp_path / "report.md").write_text("old", encoding="utf-8")
    reports.write_all(make_report(), tmp_path, ["md"])
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("# Crosscheck report")


@pytest.mark.parametrize("fmt", list(EXPECTED))
def test_every_format_copes_with_a_filtered_or_empty_report(fmt: str) -> None:
    report = make_report()
    subset = report.with_claims(report.claims[1:2])
    assert reports.export(subset, fmt) != reports.export(report, fmt)
    assert reports.export(Report(generated_at=report.generated_at), fmt)
