"""Markdown export: summary tables, per-article claims, hostile text rendered literally."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_factory import (
    ARABIC_NAME,
    DOC_A,
    EMOJI,
    FORMULA,
    MD_IMAGE,
    MD_LINK,
    SCRIPT,
    SQL,
    make_report,
)

from crosscheck.models import Report
from reports.labels import one_line
from reports.markdown_export import escape, report_to_markdown

markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py renders Markdown here")


def _render(text: str) -> str:
    return markdown_it.MarkdownIt("commonmark").enable("table").render(text)


def _text_of(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def test_summary_counts_per_verdict_and_per_article() -> None:
    md = report_to_markdown(make_report())
    assert "| ✔ Supported | 1 |" in md
    assert "| — Not checked | 1 |" in md
    assert "| ○ Not enough evidence | 2 |" in md
    assert "| **Total** | 6 |" in md
    assert (
        "| Paris attacks: what we know — “live” updates | 2015-11-14 | Amélie Dupré "
        "| 4 | 1 | 1 | 1 | 0 | 1 |"
    ) in md
    assert "| wire-c.txt | date unknown | — | 1 | 0 | 0 | 0 | 1 | 0 |" in md


def test_articles_list_their_claims_with_verdict_confidence_and_evidence() -> None:
    md = report_to_markdown(make_report())
    section = md.split("## Paris attacks")[1].split("\n## ")[0]
    assert section.startswith(": what we know — “live” updates\n\n2015-11-14 · by Amélie Dupré")
    assert "### ✔ Supported · 91% confidence" in section
    assert "### ✘ Refuted · 64% confidence" in section
    assert "- **Rationale:** Two articles give the same toll of 130." in section
    assert "- **Quantities:** At least 130 → ≥ 130 people \\(killed\\)" in section
    assert "score -0.250 · time: later" in section
    assert "   > The toll stands at 130 dead" in section
    assert "*No evidence found in the other articles.*" in md
    assert "chars 23–50" in section


def test_hostile_text_renders_literally() -> None:
    md = report_to_markdown(make_report())
    rendered = _render(md)
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered
    assert "<em>stars</em>" not in rendered and "<em>under</em>" not in rendered
    text = _text_of(rendered)
    for hostile in (SCRIPT, MD_LINK, FORMULA, SQL, ARABIC_NAME, EMOJI, "*stars*", "_under_"):
        assert hostile in text, hostile
    assert "a | pipe" in text
    assert 'broken/<img src=x onerror="alert(1)">.pdf — not UTF-8 text' in text


def test_hostile_image_in_a_quote_renders_as_text() -> None:
    report = make_report()
    claim = report.claims[0]
    start = DOC_A.text.index(MD_IMAGE)
    evidence = claim.evidence[0].model_copy(
        update={"doc_id": DOC_A.doc_id, "start": start, "end": start + len(MD_IMAGE)}
    )
    evidence = evidence.model_copy(update={"quote": MD_IMAGE})
    md = report_to_markdown(
        report.with_claims([claim.model_copy(update={"evidence": (evidence,)})])
    )
    rendered = _render(md)
    assert "<img" not in rendered
    assert MD_IMAGE in _text_of(rendered)


def test_pipe_in_a_title_does_not_split_the_table_row() -> None:
    report = make_report()
    docs = (report.documents[0].model_copy(update={"title": "A | B"}), *report.documents[1:])
    rendered = _render(report_to_markdown(report.model_copy(update={"documents": docs})))
    rows = re.findall(r"<tr>(.*?)</tr>", rendered, flags=re.S)
    article_rows = [r for r in rows if "A | B" in r]
    assert len(article_rows) == 1
    assert article_rows[0].count("<td") == 9


def test_filtered_report_counts_only_its_claims() -> None:
    report = make_report()
    subset = report.with_claims([c for c in report.claims if c.verdict == "refuted"])
    md = report_to_markdown(subset)
    assert "| ✘ Refuted | 1 |" in md and "| ✔ Supported | 0 |" in md
    assert "| **Total** | 1 |" in md
    assert "### ✔ Supported" not in md
    assert "## wire-c.txt" not in md  # an article with no claim left gets no section


def test_claims_without_a_known_article_get_their_own_section() -> None:
    report = make_report()
    loose = report.claims[3].model_copy(update={"doc_id": None, "source": None})
    md = report_to_markdown(report.with_claims([loose]))
    assert "## Claims without a source article" in md
    assert "| Claims without a source article | — | — | 1 |" in md


def test_empty_report_still_renders_every_section() -> None:
    md = report_to_markdown(Report(generated_at=make_report().generated_at))
    assert "| **Total** | 0 |" in md
    assert "No files were skipped." in md


@pytest.mark.parametrize(
    "text",
    ["- item", "+ item", "1. first", "12) twelfth", "# title", "> quote", "=== x", "---", "***"],
)
def test_block_syntax_at_line_start_is_escaped(text: str) -> None:
    rendered = _render(escape(text, line_start=True))
    assert rendered.startswith("<p>"), rendered
    assert _text_of(rendered).strip() == text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=60))
def test_escaped_text_renders_as_exactly_itself(text: str) -> None:
    expected = one_line(text)
    rendered = _render(escape(text, line_start=True))
    assert _text_of(rendered).strip() == expected.strip()
