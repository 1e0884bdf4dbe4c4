"""Readers, metadata and corpus loading, on invented files and on the seed articles."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from corpus import load_bytes, load_corpus, load_document, split_sentences
from corpus.metadata import extract_metadata, parse_date
from corpus.readers import HtmlReader, decode_text
from corpus.zones import detect_zones
from crosscheck.errors import CorpusError, DocumentError

DATA = Path(__file__).parent / "data" / "corpus"


# --- decoding -----------------------------------------------------------------------------


def test_utf8_bom_is_tolerated() -> None:
    assert decode_text("\ufeffHello world.".encode()) == "Hello world."


def test_utf16_with_bom_is_accepted() -> None:
    assert decode_text("Café talks.".encode("utf-16")) == "Café talks."


# Not UTF-8, and no legacy encoding decodes it confidently (Latin-1 text is read now:
# tests/test_corpus_office.py).
UNDECODABLE = b"caf\xe9 \x80\x81 broken bytes"


@pytest.mark.parametrize(
    "data",
    [b"\xff\xfe\x00bad\x81", UNDECODABLE, b"ok\x00\x00binary"],
)
def test_undecodable_bytes_raise(data: bytes) -> None:
    with pytest.raises(DocumentError):
        load_bytes("upload.txt", data)


def test_latin1_error_names_the_byte() -> None:
    with pytest.raises(DocumentError, match=r"0xe9.*offset 3"):
        decode_text(UNDECODABLE, name="x.txt")


def test_html_declared_charset_is_honoured() -> None:
    html = (
        '<html><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head>'
        "<body><p>Le caf\xe9 a rouvert lundi apr\xe8s trois semaines de travaux.</p></body></html>"
    ).encode("latin-1")
    doc = load_bytes("page.html", html)
    assert "café a rouvert" in doc.text
    assert doc.title == "Café"


# --- loading single documents -------------------------------------------------------------


def test_plain_text_is_kept_exactly() -> None:
    raw = "Title line\r\n\r\nFirst\xa0sentence here.  Second one.\r\n"
    doc = load_bytes("a.txt", raw.encode("utf-8"))
    assert doc.text == raw
    assert doc.path == "a.txt"
    assert doc.zones[0].start == 0 and doc.zones[-1].end == len(raw)


def test_empty_file_raises(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(DocumentError, match="no text"):
        load_document(empty)
    with pytest.raises(DocumentError, match="no text"):
        load_bytes("blank.md", b"  \n\n\t")


def test_unsupported_extension_raises(tmp_path: Path) -> None:
    rtf = tmp_path / "report.rtf"
    rtf.write_bytes(b"{\\rtf1 text}")
    with pytest.raises(DocumentError, match=r"unsupported file type \.rtf"):
        load_document(rtf)


def test_too_large_raises(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 100, encoding="utf-8")
    with pytest.raises(DocumentError, match="limit"):
        load_document(big, max_bytes=100)
    with pytest.raises(DocumentError, match="limit"):
        load_bytes("big.txt", b"x" * 101, max_bytes=100)


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="cannot read"):
        load_document(tmp_path / "nope.txt")


def test_html_extraction_drops_scripts_and_keeps_paragraphs() -> None:
    doc = load_document(DATA / "article.html")
    assert "tracking code" not in doc.text
    assert "font-family" not in doc.text
    assert "Dock workers returned to the harbour on Friday" in doc.text
    assert "\n\n" in doc.text  # paragraphs stay apart
    assert doc.title == "Harbour strike ends"
    assert doc.author == "Tom Baker"
    assert doc.published == date(2021, 6, 3)
    assert doc.outlet == "Coastal Post"
    sentences = split_sentences(doc)
    assert any(s.text.startswith("The union said its members voted 412 to 90") for s in sentences)


def test_html_small_page() -> None:
    html = (
        b"<html><head><title>Tiny page</title><script>var hidden = 'no';</script></head>"
        b"<body><p>Just one short line.</p><div>Another block</div></body></html>"
    )
    doc = load_bytes("tiny.htm", html)
    assert "Just one short line." in doc.text
    assert "hidden" not in doc.text
    assert doc.title == "Tiny page"


def test_html_fallback_when_extractor_finds_nothing() -> None:
    html = (DATA / "article.html").read_bytes()
    result = HtmlReader(extract=lambda _html: "").read(html, name="article.html")
    assert "tracking code" not in result.text
    assert "font-family" not in result.text
    paragraphs = result.text.split("\n\n")
    assert "Harbour strike ends" in paragraphs
    assert any(p.startswith("The union said its members voted 412 to 90") for p in paragraphs)
    assert result.hints.author == "Tom Baker"


def test_html_without_text_is_empty() -> None:
    with pytest.raises(DocumentError, match="no text"):
        load_bytes("blank.html", b"<html><head><script>x()</script></head><body></body></html>")


def test_markdown_kept_raw_with_heading_title() -> None:
    doc = load_document(DATA / "notes.md")
    assert doc.text == (DATA / "notes.md").read_text(encoding="utf-8")
    assert doc.title == "Council budget approved"
    texts = [s.text for s in split_sentences(doc)]
    assert "Libraries keep their opening hours." in texts


def test_markdown_front_matter() -> None:
    raw = "---\ntitle: Front Title\nauthor: Ann Lee\ndate: 2016-03-25\n---\n\n# Other\n\nText.\n"
    doc = load_bytes("n.md", raw.encode())
    assert (doc.title, doc.author, doc.published) == ("Front Title", "Ann Lee", date(2016, 3, 25))
    assert doc.zone_at(raw.index("author")) == "boilerplate"


# --- metadata -----------------------------------------------------------------------------


def test_metadata_header_byline_and_outlet() -> None:
    doc = load_document(DATA / "blog_with_comments.txt")
    assert doc.title == "Floods close the valley road"
    assert doc.author == "Maria Lopez"
    assert doc.published == date(2019, 3, 12)  # not the comment's "Mar 14, 2019"
    assert doc.outlet == "The Valley Gazette"


def test_metadata_glued_title_and_closing_dateline() -> None:
    doc = load_document(DATA / "glued_share.txt")
    assert doc.title == "Harbour strike ends after nine days Business"
    assert doc.published == date(2021, 6, 3)
    assert doc.author is None


def test_bare_name_under_title_next_to_date() -> None:
    text = "\n\nTalks in London\n\nJane Roe\n23 January 2015\n\nThe talks began on Thursday."
    meta = extract_metadata(text, detect_zones(text))
    assert meta.author == "Jane Roe"
    assert meta.published == date(2015, 1, 23)


def test_signature_is_not_an_author_and_body_dates_are_ignored() -> None:
    text = (
        "A response to the attacks\n\nThe attacks of 13 November 2015 shocked everyone. "
        "Comments are welcome -JD:\n\nWe must act."
    )
    meta = extract_metadata(text, detect_zones(text))
    assert meta.author is None
    assert meta.published is None  # a date in the body is an event, not publication


def test_comment_dates_and_names_are_ignored() -> None:
    text = (DATA / "wordpress_thread.txt").read_text(encoding="utf-8") + (
        "\n  3. Ian Writer said,\n\n    Ian Writer\n    14 November 2015\n"
    )
    meta = extract_metadata(text, detect_zones(text))
    assert meta.published is None
    assert meta.author is None


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Martin Chulov", "Martin Chulov"),
        ("By Jane van der Berg, Middle East correspondent", "Jane van der Berg"),
        ("By Ann Lee and Tom Baker | Coastal Post", "Ann Lee and Tom Baker"),
        ("By the way, nobody told the council.", None),
    ],
)
def test_byline(line: str, author: str | None) -> None:
    text = f"Budget agreed\n\n{line}\n\nThe council met on Monday. It agreed the budget."
    assert extract_metadata(text, detect_zones(text)).author == author


def test_paragraph_opening_has_no_title() -> None:
    text = "The jihadists struck on a Friday. The band was on stage.\nMore text follows."
    assert extract_metadata(text).title is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("23 January 2015", date(2015, 1, 23)),
        ("Mar 25, 2016", date(2016, 3, 25)),
        ("November 16, 2015", date(2015, 11, 16)),
        ("London, 16 November 2015", date(2015, 11, 16)),
        ("Monday 16 November 2015 10.00 GMT", date(2015, 11, 16)),
        ("2015-11-16T10:00:00Z", date(2015, 11, 16)),
        ("31 February 2015", None),
        ("November 13", None),
    ],
)
def test_parse_date(value: str, expected: date | None) -> None:
    assert parse_date(value) == expected


# --- corpora ------------------------------------------------------------------------------


def test_load_corpus_skips_failures_and_duplicates(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second article. It has text.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First article. It has text.", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "copy.txt").write_text("First article. It has text.", encoding="utf-8")
    (sub / "bad.txt").write_bytes(UNDECODABLE)
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text("Hidden. Never loaded.", encoding="utf-8")
    hidden_dir = tmp_path / ".git"
    hidden_dir.mkdir()
    (hidden_dir / "notes.txt").write_text("Hidden too.", encoding="utf-8")

    corpus = load_corpus(tmp_path)

    assert [d.path for d in corpus.documents] == ["a.txt", "b.txt"]
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert set(reasons) == {"empty.md", "image.png", "sub/bad.txt", "sub/copy.txt"}
    assert reasons["sub/copy.txt"] == "duplicate of a.txt"
    assert "UTF-8" in reasons["sub/bad.txt"]
    assert "unsupported" in reasons["image.png"]
    assert load_corpus(str(tmp_path)).fingerprint() == corpus.fingerprint()


def test_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "missing")


def test_folder_without_readable_documents_raises(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00bad\x81")
    with pytest.raises(CorpusError, match="no readable documents"):
        load_corpus(tmp_path)


def test_fixture_folder_loads(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "corpus")
    corpus = load_corpus(tmp_path / "corpus")
    assert len(corpus.documents) == len(list(DATA.iterdir()))
    assert corpus.skipped == ()
    for doc in corpus.documents:
        for s in split_sentences(doc):
            assert doc.text[s.start : s.end] == s.text


# --- the seed articles ----------------------------------------------------------------------


def test_seed_corpus(seeds_dir: Path) -> None:
    corpus = load_corpus(seeds_dir)
    assert len(corpus.documents) == 5
    by_prefix = {d.path[:3]: d for d in corpus.documents}

    assert by_prefix["000"].published == date(2015, 11, 16)
    assert by_prefix["003"].published == date(2016, 3, 25)
    assert by_prefix["004"].published == date(2015, 1, 23)
    assert by_prefix["003"].author == "Martin Chulov"
    assert by_prefix["004"].author == "Paul Mitchell"

    sentences = {d.path[:3]: split_sentences(d) for d in corpus.documents}
    for prefix, doc in by_prefix.items():
        assert sentences[prefix], prefix
        for s in sentences[prefix]:
            assert doc.text[s.start : s.end] == s.text
            assert s.text == s.text.strip()

    died = [s for s in sentences["003"] if "31 people died" in s.text]
    assert len(died) == 1 and died[0].zone == "comment"

    seed0 = by_prefix["000"]
    share = seed0.text.index("Share Tweet")
    assert {seed0.zone_at(i) for i in range(share, share + len("Share Tweet"))} == {"boilerplate"}
    assert seed0.zone_at(share + len("Share Tweet")) == "body"

    helpless = [s for s in sentences["000"] if "lay helpless on the ground." in s.text]
    atrocities = [s for s in sentences["000"] if "These atrocities mark" in s.text]
    assert len(helpless) == 1 and len(atrocities) == 1
    assert helpless[0] != atrocities[0]
    assert helpless[0].text.endswith("lay helpless on the ground.")
    assert atrocities[0].text.startswith("These atrocities mark")


@pytest.mark.parametrize(
    ("header", "author", "outlet"),
    [
        ("By Anna Berg, Northern Wire\n3 March 2024", "Anna Berg", "Northern Wire"),
        ("By Anna Berg for The Daily Courier\n3 March 2024", "Anna Berg", "The Daily Courier"),
        # A job title after the comma is no publication.
        ("By Anna Berg, Political Editor\n3 March 2024", "Anna Berg", None),
        # A publication's name alone under the title is not its author.
        ("Northern Wire\n4 March 2024", None, "Northern Wire"),
        ("Paul Mitchell\n23 January 2015", "Paul Mitchell", None),
    ],
)
def test_byline_and_outlet_lines(header: str, author: str | None, outlet: str | None) -> None:
    text = f"Train derails near Lyonsville\n{header}\n\nAt least 12 people were killed."
    meta = extract_metadata(text, detect_zones(text))
    assert (meta.author, meta.outlet) == (author, outlet)


@pytest.mark.parametrize(
    ("header", "title", "author", "outlet", "published"),
    [
        (
            "Title: Storm closes the coast road\nDate: 2013-09-22\nOutlet: Wire Service A",
            "Storm closes the coast road",
            None,
            "Wire Service A",
            date(2013, 9, 22),
        ),
        (
            "Headline: Storm closes the coast road\nAuthor: Ann Lee\nPublication: The Courier",
            "Storm closes the coast road",
            "Ann Lee",
            "The Courier",
            None,
        ),
        # A labelled source under a plain headline: the headline is still the title.
        (
            "Storm closes the coast road\nSource: Reuters",
            "Storm closes the coast road",
            None,
            "Reuters",
            None,
        ),
    ],
)
def test_labelled_header_fields(
    header: str, title: str, author: str | None, outlet: str | None, published: date | None
) -> None:
    text = f"{header}\n\nThe storm closed the coast road on Sunday."
    doc = load_bytes("a.txt", text.encode())
    assert (doc.title, doc.author, doc.outlet, doc.published) == (title, author, outlet, published)
    # The labels and the other fields are furniture: never a claim or a passage.
    assert doc.zone_at(text.index(header.split("\n")[1])) == "boilerplate"
    if header.startswith(("Title:", "Headline:")):
        assert doc.zone_at(0) == "boilerplate"
        assert doc.zone_at(text.index("Storm")) != "boilerplate"
