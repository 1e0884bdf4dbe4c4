"""Zone detection: comments, boilerplate and quotes over small invented texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.zones import detect_zones
from crosscheck.models import Document, ZoneSpan

DATA = Path(__file__).parent / "data" / "corpus"


def zone_of(text: str, zones: tuple[ZoneSpan, ...], needle: str) -> str:
    doc = Document.create(path="x.txt", text=text, zones=zones)
    start = text.index(needle)
    found = {doc.zone_at(i) for i in range(start, start + len(needle))}
    assert len(found) == 1, f"{needle!r} spans zones {found}"
    return found.pop()


def assert_cover(text: str, zones: tuple[ZoneSpan, ...]) -> None:
    assert zones[0].start == 0
    assert zones[-1].end == len(text)
    for before, after in zip(zones, zones[1:], strict=False):
        assert before.end == after.start
        assert before.zone != after.zone  # adjacent spans of one zone are merged
    assert all(span.start < span.end for span in zones)


@pytest.mark.parametrize(
    "name", ["blog_with_comments.txt", "wordpress_thread.txt", "glued_share.txt", "notes.md"]
)
def test_zones_cover_text_in_order(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    assert_cover(text, detect_zones(text))


def test_empty_text_has_no_zones() -> None:
    assert detect_zones("") == ()


def test_plain_text_is_one_body_span() -> None:
    text = "The council met on Monday. It agreed the budget."
    assert detect_zones(text) == (ZoneSpan(start=0, end=len(text), zone="body"),)


def test_comment_section_after_article() -> None:
    text = (DATA / "blog_with_comments.txt").read_text(encoding="utf-8")
    zones = detect_zones(text)
    assert zone_of(text, zones, "Heavy rain closed the valley road") == "body"
    assert zone_of(text, zones, "3 comments on") == "comment"
    assert zone_of(text, zones, "This has happened three times since 2015.") == "comment"
    assert zone_of(text, zones, "Report abuse") == "comment"
    assert zone_of(text, zones, "RiverWatcher #2") == "comment"
    assert zone_of(text, zones, "Mar 14, 2019 at 9:41 am") == "comment"
    assert zone_of(text, zones, "Source: The Valley Gazette") == "boilerplate"
    assert zone_of(text, zones, "Leave a Reply") == "boilerplate"
    assert zone_of(text, zones, "View our comment policy.") == "boilerplate"


def test_numbered_said_thread_is_comment() -> None:
    text = (DATA / "wordpress_thread.txt").read_text(encoding="utf-8")
    zones = detect_zones(text)
    assert zone_of(text, zones, "The library will open on Sundays") == "body"
    assert zone_of(text, zones, "1. Sam Green said,") == "comment"
    assert zone_of(text, zones, "Who pays for the extra staff?") == "comment"


def test_comment_markers_need_article_before_them() -> None:
    text = "Report abuse\n\nThe council met on Monday and agreed the budget."
    assert zone_of(text, detect_zones(text), "The council met") == "body"


def test_time_stamped_comment_without_header() -> None:
    text = (
        "The council met on Monday and agreed the budget. " * 10
        + "\n\n  • Reader99 #1\n    Mar 28, 2016 at 7:12 pm\n\n    I disagree with all of this.\n"
    )
    zones = detect_zones(text)
    assert zone_of(text, zones, "The council met") == "body"
    assert zone_of(text, zones, "Reader99 #1") == "comment"
    assert zone_of(text, zones, "I disagree with all of this.") == "comment"


@pytest.mark.parametrize("stamp", ["Mar 25, 2016", "Mar 25, 2016 at 10:02 am"])
def test_article_date_line_is_not_a_comment_stamp(stamp: str) -> None:
    text = f"Budget agreed\n\n{stamp}\n\n" + "The council met on Monday. " * 30
    zones = detect_zones(text)
    assert all(span.zone != "comment" for span in zones)
    # The header's date line is metadata (furniture), the article is text.
    assert zone_of(text, zones, stamp) == "boilerplate"
    assert zone_of(text, zones, "Budget agreed") == "body"
    assert zone_of(text, zones, "The council met") == "body"


def test_header_byline_date_and_outlet_lines_are_furniture() -> None:
    text = (
        "Train derails near Lyonsville, killing at least 12\nBy Anna Berg, Northern Wire\n"
        "3 March 2024\n\nAt least 12 people were killed. By nightfall the line was open."
    )
    zones = detect_zones(text)
    assert zone_of(text, zones, "Train derails") == "body"
    assert zone_of(text, zones, "By Anna Berg") == "boilerplate"
    assert zone_of(text, zones, "3 March 2024") == "boilerplate"
    assert zone_of(text, zones, "At least 12") == "body"
    # "By nightfall" in the body is no byline: only the header is read.
    assert zone_of(text, zones, "By nightfall") == "body"


def test_glued_share_tweet_only_the_furniture() -> None:
    text = (DATA / "glued_share.txt").read_text(encoding="utf-8")
    zones = detect_zones(text)
    start = text.index("Share Tweet")
    spans = [s for s in zones if s.zone == "boilerplate" and s.start == start]
    assert spans and spans[0].end == start + len("Share Tweet")
    assert zone_of(text, zones, "Business") == "body"
    assert zone_of(text, zones, "Dock workers returned") == "body"
    assert zone_of(text, zones, "Photo credit: Example Images/Jo Bloggs") == "boilerplate"


def test_contact_footer_over_several_lines() -> None:
    text = (
        "The talks ended on Friday.\n\n"
        "To contact the Example News and the\nExample Party visit:\n\nexample.org/contact\n"
    )
    zones = detect_zones(text)
    assert zone_of(text, zones, "The talks ended") == "body"
    assert zone_of(text, zones, "Example Party visit:") == "boilerplate"
    assert zone_of(text, zones, "example.org/contact") == "boilerplate"


def test_source_needs_a_colon() -> None:
    text = "Source material was scarce.\n\nVia the northern route, trucks arrived."
    assert all(span.zone == "body" for span in detect_zones(text))


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("Kerry said, “We need to move ahead on every front,” and left.", "“We need"),
        ('He said "we will accept refugees only with guarantees" on Monday.', '"we will'),
        ("She spoke of “an almost\n\necstatic enthusiasm” for the cause.", "“an almost"),
    ],
)
def test_quotes_are_nested_in_body(text: str, quote: str) -> None:
    zones = detect_zones(text)
    assert_cover(text, zones)
    quoted = [s for s in zones if s.zone == "quote"]
    assert len(quoted) == 1
    assert text[quoted[0].start :].startswith(quote)
    assert text[quoted[0].end - 1] in '”"'
    assert zones[0].zone == "body" and zones[-1].zone == "body"


def test_short_quotes_stay_body() -> None:
    text = "Baghdad wanted “enough” help and a “declaration of war” soon."
    assert all(span.zone == "body" for span in detect_zones(text))


def test_quotes_inside_comments_stay_comment() -> None:
    text = (
        "The council met on Monday.\n\n  1. Sam said,\n\n"
        "    They told us “the road will stay shut all year” again.\n"
    )
    zones = detect_zones(text)
    assert not any(span.zone == "quote" for span in zones)


def test_long_text_is_fast() -> None:
    import time

    paragraph = 'He said “this is a quotation of some length” and "another one of four words".\n\n'
    text = paragraph * 20_000  # ~1.6 MB
    started = time.perf_counter()
    zones = detect_zones(text)
    assert time.perf_counter() - started < 5.0
    assert sum(1 for s in zones if s.zone == "quote") == 40_000
