"""PDF (text layer, via pypdf) and Word .docx (via python-docx) files as text.

The text produced here is the document's text: offsets index into it and quotes are checked
against it, as for any other file. Paragraphs are a blank line apart; a PDF's pages too.
Document properties (title, author, creation date) only fill what the text itself lacks.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from typing import Any

from corpus.metadata import Metadata, parse_date
from corpus.readers import ReadResult
from crosscheck.errors import DocumentError

# A PDF page with fewer letters than this on average has no usable text layer.
MIN_LETTERS_PER_PAGE = 20
MAX_PDF_PAGES = 2_000
# A .docx is a zip: its XML parts are refused beyond this (a zip bomb stays small on disk).
MAX_DOCX_XML_BYTES = 50_000_000

# "Microsoft Word - draft3.doc", "untitled", "report.pdf": properties nobody set.
_JUNK_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint) - .*|untitled.*|document\d*|.*\.(?:docx?|pdf|txt|rtf))$",
    re.IGNORECASE,
)
_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")


class PdfReader:
    """The text layer of a PDF; a scanned PDF (images only) is refused with a reason."""

    extensions: tuple[str, ...] = (".pdf",)

    def read(self, data: bytes, *, name: str) -> ReadResult:
        import pypdf
        from pypdf.errors import PyPdfError

        try:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise DocumentError(f"{name}: encrypted PDF (a password is needed to read it)")
            pages = reader.pages
            if len(pages) > MAX_PDF_PAGES:
                raise DocumentError(
                    f"{name}: {len(pages):,} pages, over the {MAX_PDF_PAGES:,}-page limit"
                )
            texts = [_clean_page(page.extract_text() or "") for page in pages]
            info = reader.metadata
        except DocumentError:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
            raise DocumentError(f"{name}: not a readable PDF ({type(exc).__name__})") from None
        except RecursionError:
            raise DocumentError(f"{name}: not a readable PDF (nested too deeply)") from None
        text = "\n\n".join(t for t in texts if t)
        letters = sum(ch.isalpha() for ch in text)
        if letters < MIN_LETTERS_PER_PAGE * max(1, len(texts)):
            raise DocumentError(f"{name}: no text layer (scanned?); run OCR on it first")
        # A PDF's text has no headings, only wrapped lines: its title comes from its
        # properties (stale ones filtered out), never from its first line.
        return ReadResult(text=text, fallback=_pdf_metadata(info), title_from_text=False)


def _clean_page(text: str) -> str:
    """Page text with trailing spaces gone and words split at a line end joined."""
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _HYPHEN_BREAK.sub("", text).strip()


def _pdf_metadata(info: Any) -> Metadata:
    if info is None:
        return Metadata()
    try:
        created = info.creation_date
    except (ValueError, TypeError, AttributeError):
        created = None
    return Metadata(
        title=_property(getattr(info, "title", None)),
        author=_property(getattr(info, "author", None)),
        published=_as_date(created),
    )


class DocxReader:
    """Paragraphs (and table rows, which the zones set aside) of a Word .docx file."""

    extensions: tuple[str, ...] = (".docx",)

    def read(self, data: bytes, *, name: str) -> ReadResult:
        import docx
        from docx.table import Table

        _check_zip(data, name)
        try:
            document = docx.Document(io.BytesIO(data))
            blocks: list[str] = []
            heading: str | None = None
            for item in document.iter_inner_content():
                if isinstance(item, Table):
                    blocks.append(_table_text(item))
                    continue
                blocks.append(item.text.strip())
                style = (item.style.name if item.style is not None else "") or ""
                if heading is None and style.startswith(("Title", "Heading")) and blocks[-1]:
                    heading = _property(blocks[-1])
            props = document.core_properties
            fallback = Metadata(
                title=_property(props.title),
                author=_property(props.author),
                published=_as_date(props.created),
            )
        except DocumentError:
            raise
        except Exception as exc:  # python-docx raises many types on a damaged file
            raise DocumentError(
                f"{name}: not a readable Word file ({type(exc).__name__})"
            ) from None
        text = "\n\n".join(b for b in blocks if b)
        # The title is a paragraph styled as one, else the file's title property.
        return ReadResult(
            text=text, hints=Metadata(title=heading), fallback=fallback, title_from_text=False
        )


def _table_text(table: Any) -> str:
    rows = []
    for row in table.rows:
        rows.append("| " + " | ".join(" ".join(c.text.split()) for c in row.cells) + " |")
    return "\n".join(rows)


def _check_zip(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(i.file_size for i in archive.infolist() if i.filename.endswith(".xml"))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DocumentError(f"{name}: not a Word .docx file (not a zip archive)") from None
    if total > MAX_DOCX_XML_BYTES:
        raise DocumentError(
            f"{name}: unpacks to {total:,} bytes of XML, over the {MAX_DOCX_XML_BYTES:,} limit"
        )


def _property(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    clean = " ".join(value.split())
    if not clean or len(clean) > 300 or _JUNK_TITLE.match(clean):
        return None
    return clean


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    return None
