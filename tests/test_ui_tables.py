"""ui.tables, ui.agreement, ui.article, ui.detail, ui.intervals on a hand-built report."""

from __future__ import annotations

from datetime import date

import pytest
from report_factory import (
    DOC_A,
    DOC_B,
    DOC_C,
    DOCUMENTS,
    HEBREW_QUOTE,
    make_report,
)

from crosscheck.models import CheckedClaim, Document, Quantity, ZoneSpan
from ui import agreement
from ui.article import article_blocks, zone_runs
from ui.detail import claim_detail
from ui.intervals import interval_rows, relation
from ui.tables import (
    ClaimFilter,
    article_labels,
    article_rows,
    claim_number,
    claim_rows,
    document_title,
    filter_claims,
    filter_options,
    same_claim_elsewhere,
    source_line,
)
from ui.verdicts import (
    VERDICT_ICONS,
    is_fallback,
    verdict_cell_css,
    verdict_from_label,
    verdict_label,
)


@pytest.fixture
def report():  # type: ignore[no-untyped-def]
    return make_report()


def by_verdict(report, verdict: str) -> CheckedClaim:  # type: ignore[no-untyped-def]
    return next(c for c in report.claims if c.verdict == verdict)


def test_verdict_labels_round_trip_with_icons() -> None:
    for verdict, icon in VERDICT_ICONS.items():
        label = verdict_label(verdict)
        assert label.startswith(icon)
        assert verdict_from_label(label) == verdict
        assert verdict_cell_css(label).startswith("background-color")
    assert verdict_label("refuted") == "❌ refuted"
    assert verdict_cell_css("something else") == ""


def test_fallback_detection() -> None:
    assert is_fallback("openai+offline-fallback")
    assert not is_fallback("offline")
    assert not is_fallback("openai")


def test_labels_are_unique_and_short() -> None:
    twin = DOC_A.model_copy(update={"doc_id": "doc-twin"})
    labels = article_labels([DOC_A, twin, DOC_C], limit=20)
    assert labels[DOC_A.doc_id] != labels["doc-twin"]
    assert all(len(v) <= 24 + len(" (2015-11-14)") for v in labels.values())
    assert labels[DOC_A.doc_id].endswith(" (2015-11-14)")  # title and date
    # no title: the first line, never the file name or the id
    assert labels[DOC_C.doc_id] == "Officials gave a lo…"
    assert "wire-c" not in labels[DOC_C.doc_id]
    assert document_title(None) == "(unknown article)"


def test_source_line_and_article_rows(report) -> None:  # type: ignore[no-untyped-def]
    assert source_line(DOC_A) == "Le Quotidien · Amélie Dupré · 2015-11-14"
    rows = article_rows([DOC_A, DOC_B, DOC_C], report)
    assert [r["Claims"] for r in rows] == [4, 1, 1]
    assert rows[0]["Size (chars)"] == len(DOC_A.text)
    assert rows[0]["Date"] == date(2015, 11, 14)
    assert [r["Claims"] for r in article_rows([DOC_A], None)] == [None]


def test_filters_combine(report) -> None:  # type: ignore[no-untyped-def]
    everything = filter_claims(report.claims, ClaimFilter())
    assert len(everything) == len(report.claims)
    only_a = filter_claims(report.claims, ClaimFilter(articles=frozenset({DOC_A.doc_id})))
    assert {c.doc_id for c in only_a} == {DOC_A.doc_id} and len(only_a) == 4
    numeric = filter_claims(report.claims, ClaimFilter(types=frozenset({"numeric"})))
    assert {c.verdict for c in numeric} == {"supported", "not_enough_evidence"}
    decided = ClaimFilter(verdicts=frozenset({"supported", "refuted"}), min_confidence=0.7)
    assert [c.verdict for c in filter_claims(report.claims, decided)] == ["supported"]
    worthy = filter_claims(report.claims, ClaimFilter(min_checkworthiness=0.6))
    # opinions stay (shown as opinions, as the extractor keeps them)
    assert all(c.checkworthiness >= 0.6 or c.verdict == "not_checked" for c in worthy)
    assert len(worthy) == 5 and sum(c.verdict == "not_checked" for c in worthy) == 1
    text = filter_claims(report.claims, ClaimFilter(text="SAINT-denis"))
    assert len(text) == 1
    zone = filter_claims(report.claims, ClaimFilter(zones=frozenset({"comment"})))
    assert zone == []


def test_filter_options_list_present_values(report) -> None:  # type: ignore[no-untyped-def]
    options = filter_options(report)
    assert options["articles"] == [DOC_A.doc_id, DOC_B.doc_id, DOC_C.doc_id]
    assert options["types"] == ["numeric", "event", "attribution", "opinion"]
    assert options["zones"] == ["body"]
    assert options["verdicts"][0] == "supported"


def test_claim_rows_are_plain_and_in_order(report) -> None:  # type: ignore[no-untyped-def]
    labels = article_labels(report.documents)
    rows = claim_rows(report.claims, labels)
    assert [r["ID"] for r in rows] == [c.claim_id for c in report.claims]
    assert rows[0]["Verdict"] == "✅ supported"
    assert rows[0]["Type"] == "numeric, event"
    assert rows[0]["Evidence"] == 3
    # tables render cells as plain text: the claim is kept verbatim, not escaped
    conflicting = next(r for r in rows if r["Verdict"] == "⚖️ conflicting")
    assert "*stars*, _under_ and a | pipe" in str(conflicting["Claim"])


def test_claim_numbers_follow_text_order(report) -> None:  # type: ignore[no-untyped-def]
    numbers = claim_number(report)
    a_claims = sorted(
        (c for c in report.claims if c.doc_id == DOC_A.doc_id), key=lambda c: c.source.start
    )
    assert [numbers[c.claim_id] for c in a_claims] == [1, 2, 3, 4]
    assert numbers[by_verdict(report, "not_enough_evidence").claim_id] == 1


def test_same_claim_elsewhere_uses_clusters(report) -> None:  # type: ignore[no-untyped-def]
    toll = by_verdict(report, "supported").model_copy(update={"cluster_id": "toll"})
    lower = by_verdict(report, "not_enough_evidence").model_copy(update={"cluster_id": "toll"})
    same_doc = by_verdict(report, "refuted").model_copy(update={"cluster_id": "toll"})
    clustered = report.with_claims([toll, lower, same_doc])
    assert same_claim_elsewhere(clustered, toll) == [lower]
    assert same_claim_elsewhere(clustered, toll.model_copy(update={"cluster_id": None})) == []


def test_agreement_counts_claims_once_per_article_pair(report) -> None:  # type: ignore[no-untyped-def]
    counts = agreement.agreement_counts(report)
    assert len(counts) == 6  # 3 articles, ordered pairs
    # By verdict: A's supported toll claim (two supporting passages of B) counts once;
    # A's conflicting claim cites B on both sides: one conflicting, not a support.
    assert counts[(DOC_A.doc_id, DOC_B.doc_id)] == (1, 0, 1)
    assert counts[(DOC_A.doc_id, DOC_C.doc_id)] == (0, 1, 0)
    assert counts[(DOC_B.doc_id, DOC_A.doc_id)] == (0, 0, 0)  # neutral evidence only
    labels = article_labels(report.documents)
    rows = agreement.agreement_rows(report, labels)
    ab = next(
        r
        for r in rows
        if r["claims_of"] == labels[DOC_A.doc_id] and r["evidence_from"] == labels[DOC_B.doc_id]
    )
    assert ab["net"] == 1 and ab["label"] == "✔1 ⚠1"
    assert ab["claims_doc"] == DOC_A.doc_id and ab["evidence_doc"] == DOC_B.doc_id
    summary = agreement.corroboration_summary(report, labels)
    assert summary[0].startswith(labels[DOC_B.doc_id] + " supports 1 and refutes 0")


def test_verdict_rows_count_per_article(report) -> None:  # type: ignore[no-untyped-def]
    labels = article_labels(report.documents)
    rows = agreement.verdict_rows(report, labels)
    a_rows = {r["verdict"]: r["claims"] for r in rows if r["article"] == labels[DOC_A.doc_id]}
    assert a_rows == {
        "supported": 1,
        "refuted": 1,
        "conflicting": 1,
        "not checked (opinion)": 1,
    }
    assert sum(int(r["claims"]) for r in rows) == len(report.claims)  # type: ignore[call-overload]


def test_zone_runs_cover_the_text_and_set_comments_apart() -> None:
    text = "Body one. Quoted bit. Body two.\nComments:\nNice piece!\nFooter links"
    c = text.index("Comments")
    f = text.index("Footer")
    q = text.index("Quoted")
    doc = Document.create(
        path="z.txt",
        text=text,
        zones=[
            ZoneSpan(start=0, end=q, zone="body"),
            ZoneSpan(start=q, end=q + 12, zone="quote"),
            ZoneSpan(start=q + 12, end=c, zone="body"),
            ZoneSpan(start=c, end=f, zone="comment"),
            ZoneSpan(start=f, end=len(text), zone="boilerplate"),
        ],
    )
    runs = zone_runs(doc)
    assert runs == [(0, c, "body"), (c, f, "comment"), (f, len(text), "boilerplate")]
    gappy = Document.create(
        path="g.txt", text=text, zones=[ZoneSpan(start=c, end=f, zone="comment")]
    )
    assert zone_runs(gappy) == [(0, c, "body"), (c, f, "comment"), (f, len(text), "body")]


def test_article_blocks_highlight_claims_by_verdict(report) -> None:  # type: ignore[no-untyped-def]
    numbers = claim_number(report)
    blocks = article_blocks(DOC_A, report.claims, numbers)
    assert len(blocks) == 1 and blocks[0].zone == "body"
    md = blocks[0].markdown
    assert md.count(":green-background[") == 1  # the supported toll claim
    assert ":red-background[" in md and ":orange-background[" in md and ":blue-background[" in md
    assert ":green-badge[1]" in md
    assert "<script>" not in md and r"\<script\>" in md
    assert set(blocks[0].claim_ids) == {
        c.claim_id for c in report.claims if c.doc_id == DOC_A.doc_id
    }


def test_claim_detail_collects_cards_and_context(report) -> None:  # type: ignore[no-untyped-def]
    toll = by_verdict(report, "supported")
    labels = article_labels(report.documents)
    detail = claim_detail(toll, DOCUMENTS, report, labels, parser=lambda text: [])
    assert detail.article == DOC_A.title
    assert detail.published == date(2015, 11, 14)
    assert detail.source_markdown is not None
    assert ":orange-background[At least 130 people were killed" in detail.source_markdown
    assert len(detail.cards) == 3
    first = detail.cards[0]
    assert first.title == DOC_B.title and first.stance == "supports"
    assert ":green-background[The toll stands at 130 dead]" in first.context_markdown
    assert detail.cards[2].time_relation == "later"
    assert ":gray-background[" in detail.cards[2].context_markdown
    assert not detail.fallback
    # a cited document no longer loaded: the quote alone, still highlighted and escaped
    lonely = claim_detail(toll, {}, report, labels, parser=lambda text: [])
    assert lonely.source_markdown is None
    assert lonely.cards[1].context_markdown.startswith(":green-background[")
    assert HEBREW_QUOTE.rstrip(".") in lonely.cards[1].context_markdown


def test_interval_relations() -> None:
    at_least = Quantity(text="at least 129", low=129, high=None, referent="people killed")
    exact = Quantity(text="130", low=130, high=130, referent="dead")
    lower = Quantity(text="120", low=120, high=120, referent="people murdered")
    open_ended = Quantity(text="over 100", low=100, high=None, referent="dead")
    fighters = Quantity(text="300", low=300, high=300, referent="fighters")
    assert relation(at_least, exact) == "within"
    assert relation(at_least, lower) == "conflict"
    assert relation(at_least, open_ended) == "open"
    assert relation(at_least, fighters) == "unrelated"
    assert relation(at_least, Quantity(text="5", low=5, high=5)) == "unrelated"


def test_interval_rows_put_conflicts_first(report) -> None:  # type: ignore[no-untyped-def]
    toll = by_verdict(report, "supported").model_copy(
        update={
            "quantities": (
                Quantity(text="At least 130", low=130, high=None, referent="people killed"),
            )
        }
    )
    parsed = {
        "q1": [Quantity(text="130 dead", low=130, high=130, referent="dead")],
        "q2": [Quantity(text="120 killed", low=120, high=120, referent="killed")],
    }
    rows = interval_rows(toll, [("B", "q1"), ("C", "q2")], parser=lambda t: parsed[t])
    assert [r.relation for r in rows] == ["conflict", "within"]
    assert rows[0].claim_interval == "at least 130"
    assert rows[0].evidence_interval == "exactly 120"
    assert rows[0].record()["Comparison"] == "❌ conflict"
    assert rows[0].source == "C"
    no_numbers = toll.model_copy(update={"quantities": ()})
    assert interval_rows(no_numbers, [("B", "q1")], parser=lambda t: parsed[t]) == []


def test_intervals_in_words() -> None:
    from ui.intervals import interval_words

    assert interval_words(Quantity(text="129+", low=129, high=None)) == "at least 129"
    assert interval_words(Quantity(text="5-10", low=5, high=10)) == "between 5 and 10"
    assert (
        interval_words(Quantity(text="<10", low=None, high=10, high_inclusive=False))
        == "fewer than 10"
    )
    assert interval_words(Quantity(text="1,200", low=1200, high=1200, unit="people")) == (
        "exactly 1,200 people"
    )


def test_rationale_names_articles_not_ids(report) -> None:  # type: ignore[no-untyped-def]
    from ui.detail import titled

    labels = article_labels(report.documents)
    text = f"[1] {DOC_B.doc_id} supports it; doc-000000000000 is unknown."
    shown = titled(text, labels)
    assert DOC_B.doc_id not in shown and labels[DOC_B.doc_id] in shown
    assert "doc-000000000000" in shown
