"""HTML export: one self-contained, script-free page with escaped text and working anchors."""

from __future__ import annotations

from html.parser import HTMLParser

from report_factory import (
    ARABIC_NAME,
    EMOJI,
    FORMULA,
    HEBREW_NAME,
    HEBREW_QUOTE,
    LONG_QUOTE,
    MD_IMAGE,
    MD_LINK,
    SCRIPT,
    SQL,
    make_report,
)

from crosscheck.models import Report
from reports.html_export import report_to_html


class Page(HTMLParser):
    """Tags with their attributes, and the text, as a browser's parser sees them."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []
        self.auto_dir_text: list[str] = []
        self._dir_depth: list[bool] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.tags if attrs.get("id")}  # type: ignore[misc]


def _page(report: Report | None = None) -> tuple[str, Page]:
    markup = report_to_html(report or make_report())
    return markup, Page(markup)


def test_no_script_element_and_no_external_reference() -> None:
    markup, page = _page()
    assert page.all("script") == [] and page.all("iframe") == [] and page.all("img") == []
    assert page.all("link") == []  # no stylesheet or icon to fetch
    for _, attrs in page.tags:
        assert "src" not in attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), name  # no event handlers
            if name == "href":
                assert value is not None and value.startswith("#"), value
    assert "url(" not in markup and "@import" not in markup


def test_every_internal_link_has_a_target() -> None:
    _, page = _page()
    ids = page.ids()
    targets = {attrs["href"][1:] for attrs in page.all("a") if attrs.get("href")}  # type: ignore[index]
    assert targets and targets <= ids


def test_head_declares_utf8_and_a_locked_down_policy() -> None:
    markup, page = _page()
    assert markup.startswith("<!DOCTYPE html>")
    assert {"charset": "utf-8"} in page.all("meta")
    policy = next(m for m in page.all("meta") if m.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in (policy["content"] or "")
    assert len(page.all("style")) == 1


def test_hostile_strings_appear_as_text() -> None:
    markup, page = _page()
    for hostile in (SCRIPT, FORMULA, SQL, MD_IMAGE, MD_LINK, EMOJI, ARABIC_NAME, HEBREW_NAME):
        assert hostile in page.text, hostile
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert 'broken/<img src=x onerror="alert(1)">.pdf' in page.text
    assert LONG_QUOTE in page.text


def test_one_anchor_per_claim_and_a_table_of_contents() -> None:
    report = make_report()
    _, page = _page(report)
    ids = page.ids()
    for claim in report.claims:
        assert f"claim-{claim.claim_id}" in ids
    nav = page.all("nav")
    assert nav == [{"id": "contents"}]
    hrefs = [a.get("href") or "" for a in page.all("a")]
    toc_links = [href for href in hrefs if href.startswith("#claim-")]
    assert sorted(toc_links) == sorted(f"#claim-{c.claim_id}" for c in report.claims)


def test_verdicts_are_coloured_and_text_elements_choose_their_direction() -> None:
    markup, page = _page()
    classes = " ".join(attrs.get("class") or "" for _, attrs in page.tags)
    for verdict in ("supported", "refuted", "conflicting", "not_enough_evidence", "not_checked"):
        assert f"claim v-{verdict}" in classes
        assert f".v-{verdict} {{ --v: #" in markup
    assert len([1 for _, attrs in page.tags if attrs.get("dir") == "auto"]) >= 10
    assert f'<dt>Attributed to</dt><dd dir="rtl">{ARABIC_NAME}</dd>' in markup
    assert f'by <bdi dir="rtl">{HEBREW_NAME}</bdi>' in markup
    assert f'<bdi dir="ltr">{HEBREW_NAME}: follow-up' in markup
    assert f'<blockquote dir="rtl">{HEBREW_QUOTE}</blockquote>' in markup
    # Mostly-English text that opens with a Hebrew name stays left to right.
    assert f'<h2 dir="ltr">{HEBREW_NAME}: follow-up from Brussels' in markup
    assert '<blockquote dir="auto">The toll stands at 130 dead</blockquote>' in markup


def test_summary_counts_follow_a_filtered_report() -> None:
    report = make_report()
    subset = report.with_claims([c for c in report.claims if c.verdict == "supported"])
    markup, page = _page(subset)
    assert '<tr><th>Total</th><td class="n">1</td></tr>' in markup
    assert f"claim-{report.claims[1].claim_id}" not in page.ids()


def test_empty_report_is_a_valid_page() -> None:
    markup, page = _page(Report(generated_at=make_report().generated_at))
    assert "No files were skipped." in page.text
    assert markup.rstrip().endswith("</html>")
