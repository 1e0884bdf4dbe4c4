"""PDF export: content, page numbering, bundled fonts, no missing glyph, wrapping."""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from fpdf import FPDF
from report_factory import ARABIC_NAME, EMOJI, HEBREW_NAME, SCRIPT, SQL, make_report

import reports.pdf_export as pdf_export
from crosscheck.models import Report
from reports.glyphs import PLACEHOLDER
from reports.pdf_export import FONT_DIR, build_pdf, render_pdf


def _pages_with_pypdf(data: bytes) -> list[str] | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def _pages_with_pdftotext(data: bytes, tmp: Path) -> list[str] | None:
    if shutil.which("pdftotext") is None:
        return None
    source = tmp / "report.pdf"
    source.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(source), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8").split("\f")[:-1]


def pdf_pages(data: bytes, tmp: Path) -> list[str]:
    """Text of each page, NFKC-normalised (shaped Arabic may come back as presentation forms)."""
    pages = _pages_with_pypdf(data) or _pages_with_pdftotext(data, tmp)
    if pages is None:
        message = "no PDF text extractor: install pypdf (pip) or poppler-utils (apt)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [unicodedata.normalize("NFKC", page) for page in pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return render_pdf(make_report())


def test_is_a_pdf_with_metadata(rendered: bytes) -> None:
    assert rendered.startswith(b"%PDF-")
    assert rendered.rstrip().endswith(b"%%EOF")
    assert b"DejaVu" in rendered  # the bundled font is embedded, not a core font


def test_content_matches_the_other_formats(rendered: bytes, tmp_path: Path) -> None:
    text = _flat(" ".join(pdf_pages(rendered, tmp_path)))
    for expected in (
        "Crosscheck report",
        "Generated 2024-05-01 12:30:00 UTC · 6 claims · 3 articles",
        "Paris attacks: what we know — “live” updates",
        "2015-11-14 · by Amélie Dupré · Le Quotidien",
        "✔ Supported",
        "✘ Refuted",
        "⚠ Conflicting",
        "○ Not enough evidence",
        "— Not checked",
        "91% confidence",
        "At least 130 → ≥ 130 people (killed)",
        "The toll stands at 130 dead",
        "date unknown",
        "chars 23–50",
        "No evidence found in the other articles.",
        SCRIPT,
        SQL,
        "=HYPERLINK(",
        "Skipped files",
        'broken/<img src=x onerror="alert(1)">.pdf — not UTF-8 text',
    ):
        assert expected in text, expected


def test_right_to_left_names_are_present(rendered: bytes, tmp_path: Path) -> None:
    text = " ".join(pdf_pages(rendered, tmp_path))
    letters = "".join(ch for ch in text if not ch.isspace())
    for name in (ARABIC_NAME, HEBREW_NAME):
        squeezed = "".join(name.split())
        # Extractors return right-to-left runs in logical or visual order.
        assert squeezed in letters or squeezed[::-1] in letters, name


def test_long_quote_prints_whole_and_wraps(rendered: bytes, tmp_path: Path) -> None:
    pages = pdf_pages(rendered, tmp_path)
    text = " ".join(pages)
    assert "LONGSTART" in text and "LONGEND." in text
    assert _flat(text).count("café by café") >= 26
    longest = max(len(line) for page in pages for line in page.splitlines())
    assert longest < 200  # wrapped into lines, not one 2,000-character run off the page


def test_footer_numbers_every_page_and_stamps_the_time(rendered: bytes, tmp_path: Path) -> None:
    pages = pdf_pages(rendered, tmp_path)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "generated 2024-05-01 12:30:00 UTC" in page


def test_emoji_become_a_visible_placeholder(rendered: bytes, tmp_path: Path) -> None:
    text = " ".join(pdf_pages(rendered, tmp_path))
    assert EMOJI not in text
    assert f"one resident said {PLACEHOLDER}." in _flat(text)


@pytest.fixture
def unshaped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without harfbuzz, fpdf2 looks every character up itself and records misses."""
    monkeypatch.setattr(pdf_export, "shaping_available", lambda: False)


def _assert_no_missing_glyph(pdf: FPDF, caplog: pytest.LogCaptureFixture) -> None:
    assert pdf.fonts, "no font was used"
    for font in pdf.fonts.values():
        assert font.missing_glyphs == [], font  # type: ignore[union-attr]
    assert not [r for r in caplog.records if "missing" in r.getMessage()]


@pytest.mark.usefixtures("unshaped")
def test_no_glyph_is_missing(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="fpdf")
    pdf = build_pdf(make_report())
    pdf.output()
    _assert_no_missing_glyph(pdf, caplog)


HOSTILE_GLYPHS = (
    "👨\u200d👩\u200d👧 🇫🇷 ☺️ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 漢字 かな \u202eevil\u202c \x00\x07\tend " + "x" * 3000
)


@pytest.mark.parametrize("shaping", [True, False], ids=["shaped", "unshaped"])
def test_hostile_glyphs_neither_crash_nor_go_missing(
    shaping: bool, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shaping and not pdf_export.shaping_available():
        pytest.skip("uharfbuzz not installed")
    monkeypatch.setattr(pdf_export, "shaping_available", lambda: shaping)
    caplog.set_level(logging.WARNING, logger="fpdf")
    report = make_report()
    claim = report.claims[0].model_copy(
        update={"text": HOSTILE_GLYPHS, "rationale": HOSTILE_GLYPHS, "speaker": EMOJI * 3}
    )
    pdf = build_pdf(report.with_claims([claim]))
    assert bytes(pdf.output()).startswith(b"%PDF-")
    if not shaping:
        _assert_no_missing_glyph(pdf, caplog)


def test_output_is_reproducible(rendered: bytes) -> None:
    assert render_pdf(make_report()) == rendered


def test_renders_without_the_shaping_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_export, "shaping_available", lambda: False)
    assert render_pdf(make_report()).startswith(b"%PDF-")


def test_naive_timestamp_and_empty_report(tmp_path: Path) -> None:
    report = Report(generated_at=make_report().generated_at.replace(tzinfo=None))
    pages = pdf_pages(render_pdf(report), tmp_path)
    assert "Page 1 of 1" in pages[0]
    assert "No files were skipped." in pages[0]


def test_fonts_and_licence_are_bundled() -> None:
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"):
        assert (FONT_DIR / name).is_file(), name
    assert "Bitstream" in (FONT_DIR / "LICENSE").read_text(encoding="utf-8")


def test_pdf_shows_the_editors_verdict_and_note(tmp_path: Path) -> None:
    from report_factory import make_reviewed_report

    text = _flat(" ".join(pdf_pages(render_pdf(make_reviewed_report()), tmp_path)))
    assert "refuted (machine: supported), 80% confidence" in text
    assert "Ministry gave 129 on Nov 16" in text
    assert "needs follow-up" in text and "stale" in text
