"""Sentence splitting: boundaries, abbreviations and exact offsets."""

from __future__ import annotations

import time

import pytest

from corpus.sentences import (
    SentenceSplitter,
    SpacyBoundaryModel,
    split_sentences,
    split_text,
)
from crosscheck.models import Document, ZoneSpan


def texts(text: str) -> list[str]:
    return [s.text for s in split_text(text, doc_id="doc-test")]


def assert_offsets(text: str) -> None:
    for s in split_text(text, doc_id="doc-test"):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()


def test_glued_sentences_are_split() -> None:
    text = "They lay helpless on the ground.These atrocities mark a new phase."
    assert texts(text) == ["They lay helpless on the ground.", "These atrocities mark a new phase."]


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("What price Schengen?The flood began.", "What price Schengen?", "The flood began."),
        ("He quoted “the method in't.”The crowd cheered.", "“the method in't.”", "The crowd"),
        ('They knew of "100 cases".It is worse now.', '"100 cases".', "It is worse now."),
        ("The refugee problemThe bombings will matter.", "The refugee problem", "The bombings"),
        ("The “war on terror”The President spoke.", "“war on terror”", "The President spoke."),
        ("Why attack elsewhere?ISIS is reeling.", "elsewhere?", "ISIS is reeling."),
    ],
)
def test_glued_headings_and_quotes(text: str, first: str, second: str) -> None:
    parts = texts(text)
    assert len(parts) == 2
    assert parts[0].endswith(first)
    assert parts[1].startswith(second)


@pytest.mark.parametrize(
    "sentence",
    [
        "The U.S. Army arrived in force on Monday.",
        "He has lived in St. Louis since the war.",
        "It was 9 a.m. on Friday when it began.",
        "Growth was 3.5 per cent last year.",
        "The novel by J. D. Salinger was banned.",
        "After 9/11 everything changed for them.",
        "Write to wsws.org/contact for details.",
        "He met Mr. Smith and Dr. Jones in Washington.",
        "The talks (see Fig. 3) were held on Jan. 5 in London.",
        "The plan was backed by Smith et al. in their paper.",
        "Went to St.Louis by train.",
    ],
)
def test_abbreviations_do_not_split(sentence: str) -> None:
    text = f"{sentence} The next sentence follows."
    assert texts(text) == [sentence, "The next sentence follows."]


def test_abbreviation_at_sentence_end_still_splits() -> None:
    assert texts("It happened in the U.S. The police came.") == [
        "It happened in the U.S.",
        "The police came.",
    ]


def test_full_stop_inside_quote_ends_sentence() -> None:
    text = "The song was “Kiss of the Devil.” The details sound unreal."
    assert texts(text) == ["The song was “Kiss of the Devil.”", "The details sound unreal."]


def test_non_breaking_spaces_kept_and_offsets_exact() -> None:
    text = "Paris\xa0was quiet.\xa0Then\xa0it\xa0was not.\xa0"
    assert texts(text) == ["Paris\xa0was quiet.", "Then\xa0it\xa0was not."]
    assert_offsets(text)


def test_title_line_without_punctuation_is_a_sentence() -> None:
    text = "A title without punctuation\n\nFirst sentence here. Second one\nThird line."
    assert texts(text) == [
        "A title without punctuation",
        "First sentence here.",
        "Second one",
        "Third line.",
    ]


def test_paragraph_break_always_ends_a_sentence_unless_lowercase_continues() -> None:
    assert texts("It rose sharply\n\nThe end.") == ["It rose sharply", "The end."]
    joined = texts("Twitter agreed to\n\nwork with them.")
    assert joined == ["Twitter agreed to\n\nwork with them."]


def test_hard_wrapped_prose_is_joined() -> None:
    text = (
        "The coalition met in London on Thursday to discuss the offensive by\n"
        "Islamic State militants in Iraq and Syria and agreed a common plan\n"
        "for the months ahead. Kerry spoke first.\n"
    )
    parts = texts(text)
    assert len(parts) == 2
    assert parts[0].startswith("The coalition") and parts[0].endswith("months ahead.")


def test_list_numbers_and_bullets() -> None:
    text = "  1. Jim Denham said,\n\n    Well said.\n\n  • Another reader wrote this."
    assert texts(text) == ["1. Jim Denham said,", "Well said.", "Another reader wrote this."]
    assert_offsets(text)


def test_zones_attached_and_zone_changes_split() -> None:
    text = "The title France Share TweetLast Friday was bloody. More followed."
    start = text.index("Share Tweet")
    end = start + len("Share Tweet")
    zones = (
        ZoneSpan(start=0, end=start, zone="body"),
        ZoneSpan(start=start, end=end, zone="boilerplate"),
        ZoneSpan(start=end, end=len(text), zone="body"),
    )
    doc = Document.create(path="x.txt", text=text, zones=zones)
    sentences = split_sentences(doc)
    assert [s.text for s in sentences] == [
        "The title France",
        "Share Tweet",
        "Last Friday was bloody.",
        "More followed.",
    ]
    assert [s.zone for s in sentences] == ["body", "boilerplate", "body", "body"]
    assert all(s.doc_id == doc.doc_id for s in sentences)


def test_quote_zone_does_not_split_sentence() -> None:
    text = "Kerry said, “We need to move ahead on every front,” and left."
    start = text.index("“")
    end = text.index("”") + 1
    zones = (
        ZoneSpan(start=0, end=start, zone="body"),
        ZoneSpan(start=start, end=end, zone="quote"),
        ZoneSpan(start=end, end=len(text), zone="body"),
    )
    doc = Document.create(path="x.txt", text=text, zones=zones)
    assert [s.text for s in split_sentences(doc)] == [text]


def test_empty_and_whitespace_text() -> None:
    assert texts("") == []
    assert texts(" \n\n\xa0 ") == []


def test_fast_on_large_text() -> None:
    paragraph = (
        "The U.S. envoy met Mr. Smith at 9 a.m. on Friday. Growth was 3.5 per cent.They "
        "said “it is over.” Then it rained.\n\n"
    )
    text = paragraph * 500  # ~60 KB
    started = time.perf_counter()
    sentences = split_text(text, doc_id="big")
    assert time.perf_counter() - started < 2.0
    assert len(sentences) == 4 * 500
    assert all(text[s.start : s.end] == s.text for s in sentences)


@pytest.mark.model
def test_spacy_boundary_model_agrees_on_simple_text() -> None:
    splitter = SentenceSplitter(SpacyBoundaryModel())
    text = "The U.S. Army arrived on Monday. They lay on the ground.These atrocities mark it."
    got = [s.text for s in splitter.split(text, doc_id="d")]
    assert got == [
        "The U.S. Army arrived on Monday.",
        "They lay on the ground.",
        "These atrocities mark it.",
    ]


def test_long_headline_over_byline_and_date_is_not_wrapped_prose() -> None:
    text = (
        "Train derails near Lyonsville, killing at least 12\n"
        "By Anna Berg, Northern Wire\n"
        "3 March 2024\n\n"
        "At least 12 people were killed on Saturday."
    )
    assert texts(text) == [
        "Train derails near Lyonsville, killing at least 12",
        "By Anna Berg, Northern Wire",
        "3 March 2024",
        "At least 12 people were killed on Saturday.",
    ]
    assert_offsets(text)
