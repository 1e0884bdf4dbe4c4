"""PDF and Word files the tests build, read to golden text; legacy encodings detected."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from corpus.loader import load_bytes, load_corpus
from crosscheck.models import Document
from tests.golden_files import assert_golden
from ui import library

PARAGRAPHS = [
    "Dock workers in Port Alba voted on Tuesday to end a strike that lasted nine days. "
    "The union said 1,200 members took part in the vote.",
    "Shipping companies reported losses of about 4 million euros, the port authority said.",
]


def _pdf(*, title: str | None = "Harbour strike ends", with_text: bool = True) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime(2015, 11, 16, 9, 30))
    if title:
        pdf.set_title(title)
    pdf.set_author("Ana Ferreira")
    pdf.add_page()
    if with_text:
        pdf.set_font("Helvetica", size=12)
        for paragraph in PARAGRAPHS:
            pdf.multi_cell(0, 6, paragraph)
            pdf.ln(6)
        pdf.add_page()
        pdf.multi_cell(0, 6, "The mayor said the city lost tourism revenue during the dispute.")
    else:
        from PIL import Image

        scan = Image.new("RGB", (400, 200), "white")
        buffer = io.BytesIO()
        scan.save(buffer, format="PNG")
        pdf.image(io.BytesIO(buffer.getvalue()), x=10, y=10, w=150)
    return bytes(pdf.output())


def _docx(*, title: str | None = "Port Alba returns to work", heading: str | None = None) -> bytes:
    import docx

    document = docx.Document()
    if heading:
        document.add_heading(heading, level=1)
    document.core_properties.title = title or ""
    document.core_properties.author = "Rui Costa"
    document.core_properties.created = datetime(2015, 11, 17, 8, 0)
    document.add_paragraph("The strike at Port Alba lasted eleven days, the port authority said.")
    document.add_paragraph("About 1,200 dock workers voted to return to work on Tuesday.")
    table = document.add_table(rows=4, cols=3)
    for r, row in enumerate(
        [("day", "ships", "losses"), ("1", "40", "0.3"), ("2", "38", "0.4"), ("3", "41", "0.5")]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("The mayor said the city lost tourism revenue during the dispute.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _summary(document: Document) -> bytes:
    head = {
        "title": document.title,
        "author": document.author,
        "published": document.published.isoformat() if document.published else None,
        "encoding": document.encoding,
        "zones": [[z.start, z.end, z.zone] for z in document.zones],
    }
    return (json.dumps(head, indent=1) + "\n---\n" + document.text + "\n").encode("utf-8")


def test_pdf_text_layer_and_properties_golden() -> None:
    document = load_bytes("strike.pdf", _pdf())
    assert_golden("office/strike.pdf.txt", _summary(document))
    assert "1,200 members" in document.text
    assert document.author == "Ana Ferreira"
    assert document.published is not None and document.published.isoformat() == "2015-11-16"


def test_pdf_properties_only_fill_what_the_text_lacks() -> None:
    # The text opens with a paragraph (no title line): the PDF's title is used.
    document = load_bytes("strike.pdf", _pdf())
    assert document.title == "Harbour strike ends"
    untitled = load_bytes("strike.pdf", _pdf(title="Microsoft Word - draft3.doc"))
    assert untitled.title is None  # a stale property is not a title


def test_scanned_pdf_is_skipped_with_a_reason(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(_pdf(with_text=False))
    (folder / "strike.pdf").write_bytes(_pdf())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf")
    corpus = load_corpus(folder)
    assert [d.path for d in corpus.documents] == ["strike.pdf"]
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert reasons["scan.pdf"].startswith("no text layer (scanned?)")
    assert "not a readable PDF" in reasons["broken.pdf"]


def test_docx_paragraphs_tables_and_properties_golden() -> None:
    document = load_bytes("return.docx", _docx())
    assert_golden("office/return.docx.txt", _summary(document))
    assert document.title == "Port Alba returns to work"
    assert document.author == "Rui Costa"
    assert document.published is not None and document.published.isoformat() == "2015-11-17"
    table = document.text.index("| day |")
    assert document.zone_at(table) == "boilerplate"  # a table is set aside, never a claim


def test_docx_heading_wins_over_the_title_property() -> None:
    document = load_bytes("return.docx", _docx(heading="Strike over at Port Alba"))
    assert document.title == "Strike over at Port Alba"
    assert document.text.startswith("Strike over at Port Alba\n\nThe strike")


def test_damaged_docx_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "ok.docx").write_bytes(_docx())
    (folder / "zip.docx").write_bytes(b"PK\x03\x04 broken")
    (folder / "plain.docx").write_bytes(b"just text renamed")
    corpus = load_corpus(folder)
    assert [d.path for d in corpus.documents] == ["ok.docx"]
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert "not a Word .docx file" in reasons["zip.docx"]
    assert "not a Word .docx file" in reasons["plain.docx"]


def test_app_uploads_accept_pdf_and_docx(tmp_path: Path) -> None:
    uploads = tmp_path / "uploads"
    for name, data in (("strike.pdf", _pdf()), ("return.docx", _docx())):
        outcome = library.save_upload(name, data, uploads, max_bytes=5_000_000)
        assert outcome.error is None, outcome.error
    assert {".pdf", ".docx"} <= set(library.UPLOAD_SUFFIXES)
    corpus = library.load_folder(uploads, max_bytes=5_000_000)
    assert len(corpus.documents) == 2


# --- legacy encodings ---------------------------------------------------------------------

FRENCH = (
    "Le café de la gare a fermé très tôt.\n\n"
    "« Nous sommes désolés », a déclaré le propriétaire à la presse — 12 € perdus. Ça arrive.\n"
)
ENGLISH = "The minister’s office said “no comment” — twice, on 16 November 2015.\n"
GERMAN = "Die Straße in München war gesperrt. Über 300 Menschen mussten warten.\n"


@pytest.mark.parametrize(
    ("text", "codec", "recorded"),
    [
        (FRENCH, "cp1252", "cp1252"),
        (ENGLISH, "cp1252", "cp1252"),
        (GERMAN, "latin-1", "cp1252"),
        ("Министр сказал, что 300 человек были эвакуированы в понедельник.\n", "cp1251", "cp1251"),
    ],
)
def test_legacy_encodings_are_read_and_recorded(text: str, codec: str, recorded: str) -> None:
    """cp1252 / Latin-1 articles were refused; now decoded, with the encoding recorded."""
    document = load_bytes("old.txt", text.encode(codec))
    assert document.text == text
    assert document.encoding == recorded
    assert document.info().encoding == recorded


def test_quotes_from_a_detected_encoding_index_the_decoded_text() -> None:
    from claims.given import claim_from_text  # noqa: F401  (the loader is all that is needed)

    document = load_bytes("old.txt", FRENCH.encode("cp1252"))
    start = document.text.index("Nous sommes")
    assert document.text[start : start + 19] == "Nous sommes désolés"


def test_utf8_and_utf16_keep_working_and_garbage_is_still_refused(tmp_path: Path) -> None:
    assert load_bytes("a.txt", FRENCH.encode("utf-8")).encoding is None
    assert load_bytes("a.txt", FRENCH.encode("utf-16")).encoding == "utf-16-le"
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "ok.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "noise.txt").write_bytes(bytes(range(1, 256)) * 8)
    corpus = load_corpus(folder)
    [skipped] = corpus.skipped
    assert skipped.path == "noise.txt"
    assert "save the file as UTF-8" in skipped.reason or "binary" in skipped.reason
