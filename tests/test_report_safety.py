"""Small things from issue 14: umask, bidi controls, Excel's cell limit."""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from crosscheck.display import neutralise_bidi
from crosscheck.models import Report
from reports import write_all
from reports.csv_export import MAX_CELL_CHARS, cap_cell, report_to_csv
from reports.html_export import report_to_html
from reports.markdown_export import report_to_markdown
from tests.report_factory import make_report
from ui.text import escape_inline, escape_markdown

RLO = "\u202e"


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_reports_respect_the_umask(tmp_path: Path, umask: None, mask: int, mode: int) -> None:
    """Reports were written 0600 whatever the umask."""
    os.umask(mask)
    paths = write_all(make_report(), tmp_path / "out", ["json", "csv", "md"])
    for path in paths:
        assert stat.S_IMODE(path.stat().st_mode) == mode, path


def _hostile() -> Report:
    report = make_report()
    doc = report.documents[0]
    renamed = doc.model_copy(update={"path": f"report{RLO}txt.exe", "title": f"Title {RLO}cba"})
    claim = report.claims[0].model_copy(update={"text": f"Claim with {RLO}override\u2066 inside"})
    return report.model_copy(
        update={
            "documents": (renamed, *report.documents[1:]),
            "claims": (claim, *report.claims[1:]),
        }
    )


def test_bidi_controls_are_neutralised_in_every_readable_report() -> None:
    """U+202E in a file name reached report.md unneutralised."""
    report = _hostile()
    for text in (report_to_markdown(report), report_to_html(report), report_to_csv(report)):
        assert RLO not in text and "\u2066" not in text
        assert "U+202E" in text.replace("\\", "")
    assert "U+2066" in report_to_markdown(report)


def test_bidi_controls_are_neutralised_in_the_pdf() -> None:
    from reports.pdf_export import render_pdf

    pdf = render_pdf(_hostile())
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert RLO not in text
    assert "U+202E" in text


def test_bidi_controls_are_neutralised_in_the_app() -> None:
    assert RLO not in escape_inline(f"report{RLO}txt.exe")
    assert "U\\+202E" in escape_inline(f"report{RLO}txt.exe")
    assert RLO not in escape_markdown(f"line one\nline {RLO}two")
    # Right-to-left text itself is untouched: only the invisible controls are shown.
    assert neutralise_bidi("مرحبا Paris") == "مرحبا Paris"


def test_csv_cells_are_capped_at_excels_limit_with_a_marker() -> None:
    """A CSV cell could exceed Excel's 32,767 characters."""
    report = make_report()
    huge = "word " * 10_000  # 50,000 characters
    claim = report.claims[0].model_copy(update={"text": huge})
    report = report.model_copy(update={"claims": (claim, *report.claims[1:])})
    rows = list(csv.reader(io.StringIO(report_to_csv(report))))
    longest = max(len(cell) for row in rows for cell in row)
    assert longest <= MAX_CELL_CHARS
    cell = next(c for row in rows for c in row if c.startswith("word word"))
    assert cell.endswith("more characters cut; full text in report.json]")
    cut = int(cell.rsplit("[… ", 1)[1].split(" ")[0].replace(",", ""))
    assert cell.split(" [… ")[0] == huge[: len(huge) - cut]


def test_cap_cell_leaves_short_cells_alone() -> None:
    assert cap_cell("x" * MAX_CELL_CHARS) == "x" * MAX_CELL_CHARS
    assert len(cap_cell("x" * (MAX_CELL_CHARS + 1))) <= MAX_CELL_CHARS


def test_bidi_controls_are_neutralised_in_the_app_tables() -> None:
    from crosscheck.models import Document
    from ui.tables import article_rows, document_title

    doc = Document.create(path=f"in/report{RLO}txt.exe", text="Some text here.")
    [row] = article_rows([doc], None)
    assert row["File"] == "report[U+202E]txt.exe"
    assert RLO not in document_title(doc)
