"""Decoding and reading .txt, .md and .html files into text plus metadata hints.

Text is decoded strictly: UTF-8 (a BOM is tolerated) or UTF-16/32 announced by a BOM; HTML
may also declare its charset. Other bytes go to ``charset-normalizer``, restricted to the
legacy encodings articles really come in (Windows and ISO code pages, KOI8-R, Mac Roman,
the CJK ones), and are accepted only when it is confident: a wrong guess silently corrupts
every quote taken from the file, so anything doubtful still raises ``DocumentError``. The
encoding used is recorded on the document.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from corpus.metadata import Metadata, parse_date
from crosscheck.errors import DocumentError


class ReadResult(BaseModel):
    """A file's text (offsets index into it) and what its markup says about it.

    ``hints`` win over what the text says; ``fallback`` (a PDF's or Word file's document
    properties, often stale: "Microsoft Word - draft3.doc") only fills what the text lacks.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    hints: Metadata = Metadata()
    fallback: Metadata = Metadata()
    encoding: str | None = None  # set when the bytes were not plain UTF-8
    # False when the text's first line is no sign of a title (a PDF's wrapped first line).
    title_from_text: bool = True


class Reader(Protocol):
    """Turns a file's bytes into text; ``name`` is only used in error messages."""

    extensions: tuple[str, ...]

    def read(self, data: bytes, *, name: str) -> ReadResult: ...


# --- decoding -----------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class Decoded(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    encoding: str | None = None  # None: plain UTF-8


# Legacy encodings worth detecting; UTF-16/32 need their BOM (as before).
LEGACY_ENCODINGS = (
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "iso8859_15",
    "koi8_r",
    "mac_roman",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "euc_kr",
)
MAX_CHAOS = 0.05  # charset-normalizer's mess ratio above which a guess is refused
_PREFERRED = "cp1252"  # the most common legacy encoding of Western news text


def decode_text(data: bytes, *, name: str = "file", declared: str | None = None) -> str:
    """Strictly decoded text: BOM first, then a declared charset, else UTF-8 (or a
    confidently detected legacy encoding)."""
    return decode_bytes(data, name=name, declared=declared).text


def decode_bytes(data: bytes, *, name: str = "file", declared: str | None = None) -> Decoded:
    """The text and the encoding it was decoded from (see the module docstring)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _decode(data[len(bom) :], encoding, name=name, why="byte-order mark")
            return Decoded(text=text, encoding=None if encoding == "utf-8" else encoding)
    if declared:
        try:
            encoding = codecs.lookup(declared).name
        except LookupError as exc:
            raise DocumentError(f"{name}: declares unknown charset {declared!r}") from exc
        text = _decode(data, encoding, name=name, why="declared charset")
        return Decoded(text=text, encoding=None if encoding == "utf-8" else encoding)
    try:
        return Decoded(text=_decode(data, "utf-8", name=name, why=None))
    except DocumentError:
        detected = detect_encoding(data)
        if detected is None:
            raise
        return Decoded(
            text=_decode(data, detected, name=name, why="detected encoding"), encoding=detected
        )


def detect_encoding(data: bytes) -> str | None:
    """A legacy encoding ``charset-normalizer`` is confident of, or None.

    Several code pages often decode a text identically (cp1250 and cp1252 agree on
    ``München``); cp1252 is then named, being by far the most common.
    """
    if b"\x00" in data:
        return None  # binary, or UTF-16 without its BOM: never guessed
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS))]
    if not matches or matches[0].chaos > MAX_CHAOS:
        return None
    best = matches[0]
    chosen = codecs.lookup(best.encoding).name
    for match in matches:
        if match.chaos <= best.chaos + 0.01 and _PREFERRED in match.could_be_from_charset:
            chosen = _PREFERRED
            break
    text = data.decode(chosen, errors="replace")
    return None if "\ufffd" in text or _mixes_scripts(text) else chosen


_WORD_RE = re.compile(r"[^\W\d_]{2,}")


def _mixes_scripts(text: str) -> bool:
    """A word mixing Latin with another script ("cafй"): the mark of a wrong code page."""
    import unicodedata

    for word in _WORD_RE.findall(text):
        scripts = {unicodedata.name(ch, "?").split(" ")[0] for ch in word}
        if len(scripts) > 1 and not scripts <= {"CJK", "HIRAGANA", "KATAKANA"}:
            return True
    return False


def _decode(data: bytes, encoding: str, *, name: str, why: str | None) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        source = f"{encoding} ({why})" if why else "UTF-8"
        raise DocumentError(
            f"{name}: not valid {source} text: byte 0x{bad} at offset {exc.start} cannot be "
            "decoded; save the file as UTF-8"
        ) from exc
    if "\x00" in text:
        raise DocumentError(f"{name}: binary content (NUL characters), not a text document")
    return text


# --- plain text and markdown --------------------------------------------------------------


class TextReader:
    """Plain text: the decoded file, unchanged."""

    extensions: tuple[str, ...] = (".txt",)

    def read(self, data: bytes, *, name: str) -> ReadResult:
        decoded = decode_bytes(data, name=name)
        return ReadResult(text=decoded.text, encoding=decoded.encoding)


_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(?P<body>.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)
_FRONT_KEY = re.compile(r"^(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.+?)\s*$", re.M)
_ATX_HEADING = re.compile(r"^[ ]{0,3}#[ \t]+(?P<title>.+?)[ \t]*#*[ \t]*\r?$")


class MarkdownReader:
    """Markdown kept raw (offsets index the source); title from a leading ``# `` heading."""

    extensions: tuple[str, ...] = (".md", ".markdown")

    def read(self, data: bytes, *, name: str) -> ReadResult:
        decoded = decode_bytes(data, name=name)
        text = decoded.text
        hints = _front_matter(text)
        front = _FRONT_MATTER.match(text)
        rest = text[front.end() :] if front else text
        first = next((line for line in rest.splitlines() if line.strip()), "")
        heading = _ATX_HEADING.match(first)
        if heading:
            hints = hints.merged(Metadata(title=heading.group("title").strip()))
        return ReadResult(text=text, hints=hints, encoding=decoded.encoding)


def _front_matter(text: str) -> Metadata:
    """``title``/``author``/``date``/``source`` keys of a YAML-style front matter block."""
    block = _FRONT_MATTER.match(text)
    if block is None:
        return Metadata()
    values = {
        m.group("key").lower(): m.group("value").strip().strip("\"'")
        for m in _FRONT_KEY.finditer(block.group("body"))
    }
    return Metadata(
        title=values.get("title") or None,
        author=values.get("author") or None,
        published=parse_date(values.get("date", "")),
        outlet=values.get("source") or values.get("publisher") or None,
    )


# --- HTML ---------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_DECL = re.compile(r"\A\s*<\?xml[^>]*\?>")
_BLOCK_TAGS = _words(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hr li main nav ol p pre section table td th tr ul"
)
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "head", "object")


class HtmlReader:
    """Main text via trafilatura (reader comments left out); plain lxml text as a fallback."""

    extensions: tuple[str, ...] = (".html", ".htm")

    def __init__(self, extract: Callable[[str], str] | None = None) -> None:
        self.extract = extract or trafilatura_text

    def read(self, data: bytes, *, name: str) -> ReadResult:
        declared = _CHARSET.search(data[:4096])
        decoded = decode_bytes(
            data, name=name, declared=declared.group(1).decode("ascii") if declared else None
        )
        html = _XML_DECL.sub("", decoded.text, count=1)
        root = _parse_html(html)
        hints = _html_metadata(root) if root is not None else Metadata()
        text = self.extract(html) or (_lxml_text(root) if root is not None else "")
        return ReadResult(text=text, hints=hints, encoding=decoded.encoding)


def _parse_html(html: str) -> Any:
    import lxml.etree
    import lxml.html

    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def trafilatura_text(html: str) -> str:
    """The main text of a page (reader comments left out), paragraphs a blank line apart."""
    import trafilatura

    extracted = trafilatura.extract(
        html, include_comments=False, include_tables=True, output_format="txt"
    )
    return _paragraphs(extracted.split("\n")) if extracted else ""


def _lxml_text(root: Any) -> str:
    for bad in root.xpath(" | ".join(f"//{tag}" for tag in _DROP_TAGS)):
        bad.drop_tree()
    pieces: list[str] = []
    _collect(root, pieces)
    return _paragraphs("".join(pieces).split("\n\n"))


def _collect(element: Any, pieces: list[str]) -> None:
    """Text in document order, with a paragraph break around every block element."""
    tag = element.tag if isinstance(element.tag, str) else None
    block = tag is not None and tag.lower() in _BLOCK_TAGS
    if block:
        pieces.append("\n\n")
    if tag is not None and element.text:
        pieces.append(element.text)
    for child in element:
        _collect(child, pieces)
    if block:
        pieces.append("\n\n")
    if element.tail:
        pieces.append(element.tail)


def _paragraphs(chunks: list[str]) -> str:
    """Whitespace collapsed within paragraphs; paragraphs separated by a blank line."""
    kept = (re.sub(r"\s+", " ", chunk).strip() for chunk in chunks)
    return "\n\n".join(chunk for chunk in kept if chunk)


def _html_metadata(root: Any) -> Metadata:
    meta = dict(_meta_tags(root))
    site = meta.get("og:site_name") or meta.get("application-name")
    title = meta.get("og:title") or meta.get("twitter:title") or _title_tag(root)
    if title and site:
        title = re.sub(rf"\s*[|\-–—:]\s*{re.escape(site)}\s*$", "", title) or title
    published = None
    for key in (
        "article:published_time",
        "datepublished",
        "date",
        "dc.date",
        "dc.date.issued",
        "pubdate",
        "publish-date",
        "sailthru.date",
    ):
        if key in meta:
            published = parse_date(meta[key])
            if published:
                break
    author = meta.get("author") or meta.get("article:author") or meta.get("dc.creator")
    if author and author.startswith(("http://", "https://")):
        author = None  # article:author is often a profile URL
    return Metadata(title=title or None, published=published, author=author, outlet=site)


def _meta_tags(root: Any) -> Iterator[tuple[str, str]]:
    for tag in root.iter("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        value = tag.get("content")
        if key and value and value.strip():
            yield key.strip().lower(), re.sub(r"\s+", " ", value).strip()


def _title_tag(root: Any) -> str | None:
    found = root.find(".//title")
    if found is None or not found.text_content():
        return None
    return re.sub(r"\s+", " ", found.text_content()).strip() or None


# --- registry -----------------------------------------------------------------------------


def _readers() -> tuple[Reader, ...]:
    from corpus.office import DocxReader, PdfReader

    return (TextReader(), MarkdownReader(), HtmlReader(), PdfReader(), DocxReader())


READERS: tuple[Reader, ...] = _readers()
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(ext for r in READERS for ext in r.extensions)


def reader_for(name: str) -> Reader:
    """The reader for a file name's extension (case-insensitive)."""
    lowered = name.lower()
    for reader in READERS:
        if lowered.endswith(reader.extensions):
            return reader
    suffix = "." + lowered.rsplit(".", 1)[-1] if "." in lowered else "(none)"
    raise DocumentError(
        f"{name}: unsupported file type {suffix} (supported: {', '.join(SUPPORTED_EXTENSIONS)})"
    )
