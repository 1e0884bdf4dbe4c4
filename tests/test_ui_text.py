"""ui.text: untrusted text becomes Markdown that shows it literally, with highlights."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ui.text import (
    WORD_JOINER,
    Highlight,
    context_bounds,
    defuse,
    escape_inline,
    escape_markdown,
    highlight_markdown,
    quote_in_context,
    shorten,
)

NBSP = "\u00a0"
_APP_SYNTAX = re.compile(r":(?:red|orange|yellow|green|blue|violet|gray)-(?:background|badge)\[")


def unescape(markdown: str) -> str:
    """What a CommonMark renderer shows for our output (escapes, hard breaks, NBSP)."""
    text = markdown.replace("\\\n", "\n")
    text = re.sub(r"\\(.)", r"\1", text)
    return text.replace(NBSP, " ").replace(WORD_JOINER, "")


def unescaped_punctuation(markdown: str, *, allow_app_syntax: bool = False) -> set[str]:
    rest = _APP_SYNTAX.sub("", markdown) if allow_app_syntax else markdown
    found: set[str] = set()
    i = 0
    while i < len(rest):
        if rest[i] == "\\":
            i += 2
            continue
        if rest[i] in string.punctuation and not (allow_app_syntax and rest[i] == "]"):
            found.add(rest[i])
        i += 1
    return found


HOSTILE = [
    "<script>alert('x')</script>",
    "![x](http://evil.example/pixel.png)",
    "[link](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    ":red[directive] :material/home: :smile: :orange-background[paint]",
    "$x^2$ and $$\\int$$",
    "**bold** _it_ ~~strike~~ `code` | a | table |",
    "www.example.com and https://example.com and mail@example.com",
    "&lt;b&gt; &amp; &#60;",
    "# heading\n> quote\n- item\n1. item\n---\n===",
    "a \\ backslash and trailing \\",
    "<!-- comment --> <b>html</b>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_markdown_leaves_no_markdown_syntax(text: str) -> None:
    out = escape_markdown(text)
    assert unescaped_punctuation(out) == set(), out
    assert "<script>" not in out and "](" not in out and "![" not in out
    assert unescape(out) == text


def test_known_escapes() -> None:
    wj = WORD_JOINER
    assert escape_markdown("<script>") == r"\<script\>"
    assert escape_markdown("![x](http://a.b)") == rf"\!\[x\]\(http\:{wj}\/\/a\.b\)"
    assert escape_markdown("[l](javascript:x)") == r"\[l\]\(javascript\:x\)"


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("see http://evil.example/x", "http:\u2060//evil"),
        ("HTTPS://EVIL.EXAMPLE", "HTTPS:\u2060//"),
        ("www.example.com", "www\u2060.example"),
        ("write to mail@example.com", "mail@\u2060example"),
        ("mailto:x@y.z", "mailto:\u2060x@\u2060y"),
        ("12 -> 13 <- 14 <-> 15", "12 -\u2060> 13 <\u2060- 14 <\u2060-\u2060> 15"),
        ("a -- b >= c <= d ~= e", "a -\u2060- b >\u2060= c <\u2060= d ~\u2060= e"),
    ],
)
def test_defuse_breaks_what_streamlit_rewrites_after_parsing(text: str, broken: str) -> None:
    """Autolink literals and arrows are rewritten on parsed text, past any escape."""
    assert broken in defuse(text)
    assert defuse(text).replace(WORD_JOINER, "") == text


def test_defuse_leaves_ordinary_text_alone() -> None:
    for text in ("1-2", "no@", "a: b", "x > y", "a - b", "http is a protocol"):
        assert defuse(text) == text


def test_line_structure_is_kept_without_code_blocks() -> None:
    out = escape_markdown("first line\nsecond line\n\n\n    indented\tline\r\nlast")
    assert out == ("first line\\\nsecond line\n\n" + NBSP * 4 + "indented    line\\\nlast")


def test_escape_inline_is_one_line() -> None:
    assert escape_inline("a\n\n# b  c") == r"a \# b c"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80))
def test_any_text_round_trips_and_stays_inert(text: str) -> None:
    out = escape_markdown(text)
    assert unescaped_punctuation(out) == set()
    # what the reader sees is the text, up to whitespace layout
    assert unescape(out).split() == text.replace("\r", "\n").split()


def test_highlight_paints_spans_and_escapes_inside() -> None:
    text = "Before [x](y) after."
    out = highlight_markdown(text, [Highlight(7, 13, "red", "1")])
    assert out == r"Before :red-background[\[x\]\(y\)] :red-badge[1] after\."
    assert unescaped_punctuation(out, allow_app_syntax=True) == set()


def test_highlight_uses_document_offsets_and_clips() -> None:
    text = "0123456789"
    out = highlight_markdown(text[5:], [Highlight(3, 7, "green")], offset=5)
    assert out == ":green-background[56]789"


def test_overlapping_highlights_first_wins_and_lines_are_cut() -> None:
    text = "aaa bbb\nccc ddd"
    out = highlight_markdown(text, [Highlight(0, 11, "orange"), Highlight(4, 15, "blue", "2")])
    lines = out.split("\\\n")
    assert lines[0] == ":orange-background[aaa bbb]"
    assert lines[1] == ":orange-background[ccc]:blue-background[ ddd] :blue-badge[2]"


def test_highlight_with_hostile_text_stays_inert() -> None:
    text = "\n".join(HOSTILE)
    spans = [Highlight(i, i + 9, "gray", str(i)) for i in range(0, len(text) - 9, 17)]
    out = highlight_markdown(text, spans)
    assert unescaped_punctuation(out, allow_app_syntax=True) == set()
    stripped = _APP_SYNTAX.sub("", re.sub(r" :gray-badge\[\d+\]", "", out))
    stripped = re.sub(r"(?<!\\)\]", "", stripped)
    assert unescape(stripped).split() == text.split()


def test_bad_highlight_rejected() -> None:
    with pytest.raises(ValueError):
        Highlight(0, 1, "pink")
    with pytest.raises(ValueError):
        Highlight(5, 1, "red")


def test_context_bounds_trim_to_sentences() -> None:
    text = "One sentence here. " * 30 + "The claim is here. " + "Another one follows. " * 30
    start = text.index("The claim")
    end = start + len("The claim is here.")
    lo, hi = context_bounds(text, start, end, max_chars=120)
    assert lo <= start and hi >= end
    assert hi - lo <= 140
    assert text[lo:].startswith(("One", "The")) and text[:hi].endswith(".")


def test_context_bounds_stay_in_the_paragraph() -> None:
    text = "Other paragraph.\nShort para with claim.\nNext para."
    start = text.index("claim")
    assert context_bounds(text, start, start + 5) == (17, 39)


def test_quote_in_context_marks_cuts() -> None:
    text = "Lead in. " * 100 + "Key quote. " + "Tail out. " * 100
    start = text.index("Key quote.")
    out = quote_in_context(text, start, start + 10, "green", max_chars=60)
    assert out.startswith("… ") and out.endswith(" …")
    assert r":green-background[Key quote\.]" in out


def test_shorten() -> None:
    assert shorten("short") == "short"
    assert shorten("word " * 40, 20).endswith("…")
    assert len(shorten("word " * 40, 20)) <= 20
