"""CSV export: claim–evidence pair rows, BOM, formula neutralisation, numeric columns."""

from __future__ import annotations

import csv
import io

import pytest
from report_factory import ARABIC_NAME, FORMULA, LONG_QUOTE, SQL, make_report

from crosscheck.models import Evidence, Report
from reports.csv_export import COLUMNS, neutralise, render_csv

NUMBER_COLUMNS = {
    "checkworthiness",
    "confidence",
    "source_start",
    "source_end",
    "evidence_rank",
    "evidence_start",
    "evidence_end",
    "score",
}
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _rows(report: Report) -> list[dict[str, str]]:
    data = render_csv(report)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    assert tuple(header) == COLUMNS
    rows = [dict(zip(header, row, strict=True)) for row in reader]
    return rows


def test_one_row_per_claim_evidence_pair_and_one_for_a_bare_claim() -> None:
    report = make_report()
    rows = _rows(report)
    assert len(rows) == sum(max(1, len(c.evidence)) for c in report.claims) == 9
    for claim in report.claims:
        mine = [r for r in rows if r["claim_id"] == claim.claim_id]
        assert len(mine) == max(1, len(claim.evidence))
        if not claim.evidence:
            assert all(mine[0][col] == "" for col in COLUMNS if col.startswith("evidence_"))
            assert mine[0]["stance"] == mine[0]["score"] == ""
        for rank, (row, evidence) in enumerate(zip(mine, claim.evidence, strict=False), 1):
            assert row["evidence_rank"] == str(rank)
            assert row["evidence_doc_id"] == evidence.doc_id
            assert int(row["evidence_start"]) == evidence.start
            assert int(row["evidence_end"]) == evidence.end
            assert row["stance"] == evidence.stance


def test_article_and_claim_columns_are_filled() -> None:
    report = make_report()
    rows = _rows(report)
    toll = next(r for r in rows if r["verdict"] == "supported")
    assert toll["article_title"] == "Paris attacks: what we know — “live” updates"
    assert toll["article_published"] == "2015-11-14"
    assert toll["article_author"] == "Amélie Dupré"
    assert toll["claim_types"] == "numeric;event"
    assert toll["quantities"] == "At least 130 → ≥ 130 people (killed)"
    assert toll["evidence_published"] == "2015-11-20"
    assert toll["confidence"] == "0.91"
    refuted = next(r for r in rows if r["verdict"] == "refuted")
    assert refuted["speaker"] == ARABIC_NAME
    assert refuted["attributed"] == "true"


def test_long_quotes_and_sql_like_text_survive_unchanged() -> None:
    rows = _rows(make_report())
    quotes = {r["evidence_quote"] for r in rows}
    assert LONG_QUOTE in quotes
    assert f"An editor wrote {SQL} in the margin." in quotes


def test_formula_cells_are_neutralised() -> None:
    rows = _rows(make_report())
    conflicting = [r for r in rows if r["verdict"] == "conflicting"]
    assert conflicting[0]["claim_text"].startswith("'" + FORMULA)
    assert conflicting[0]["source_quote"].startswith("'" + FORMULA)
    refuted = next(r for r in rows if r["verdict"] == "refuted")
    assert refuted["rationale"].startswith("'" + FORMULA)
    for row in rows:
        for column, cell in row.items():
            if column not in NUMBER_COLUMNS:
                assert not cell.startswith(DANGEROUS), (column, cell)


def test_negative_score_stays_a_plain_number() -> None:
    rows = _rows(make_report())
    neutral = next(r for r in rows if r["stance"] == "neutral")
    assert neutral["score"] == "-0.25"
    assert float(neutral["score"]) == -0.25


def test_non_finite_score_is_written_as_neutralised_text() -> None:
    report = make_report()
    claim = report.claims[0]
    bad = claim.evidence[0].model_copy(update={"score": float("-inf")})
    report = report.with_claims([claim.model_copy(update={"evidence": (bad,)})])
    assert _rows(report)[0]["score"] == "'-inf"


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r", "＝"])
def test_neutralise_prefixes_every_formula_start(prefix: str) -> None:
    assert neutralise(prefix + "1+1") == "'" + prefix + "1+1"


@pytest.mark.parametrize("value", ["plain", "", " =not first", "1-2", "'quoted"])
def test_neutralise_leaves_safe_text_alone(value: str) -> None:
    assert neutralise(value) == value


def test_multiline_cells_round_trip() -> None:
    report = make_report()
    claim = report.claims[0].model_copy(update={"rationale": 'line one\nline two, "quoted"'})
    rows = _rows(report.with_claims([claim]))
    assert rows[0]["rationale"] == 'line one\nline two, "quoted"'


def test_evidence_from_an_unknown_document_leaves_its_title_empty() -> None:
    report = make_report()
    orphan = Evidence(
        doc_id="doc-gone", start=0, end=3, quote="abc", zone="body", stance="supports", score=1
    )
    claim = report.claims[0].model_copy(update={"evidence": (orphan,)})
    row = _rows(report.with_claims([claim]))[0]
    assert row["evidence_doc_id"] == "doc-gone"
    assert row["evidence_title"] == row["evidence_published"] == ""
