"""Which articles corroborate or contradict which: counts for the agreement map."""

from __future__ import annotations

from collections.abc import Mapping

from crosscheck.models import VERDICTS, Report
from ui.verdicts import VERDICT_NAMES

Row = dict[str, object]


def agreement_counts(report: Report) -> dict[tuple[str, str], tuple[int, int]]:
    """(supports, refutes) per (claim article, evidence article) pair of distinct articles.

    A claim of the first article counts once per evidence article whose passages
    support (or refute) it, however many passages it cites there. Every pair of the
    report's documents is present, zeros included.
    """
    supports: dict[tuple[str, str], set[str]] = {}
    refutes: dict[tuple[str, str], set[str]] = {}
    for claim in report.claims:
        if claim.doc_id is None:
            continue
        for ev in claim.evidence:
            if ev.doc_id == claim.doc_id:
                continue
            pair = (claim.doc_id, ev.doc_id)
            if ev.stance == "supports":
                supports.setdefault(pair, set()).add(claim.claim_id)
            elif ev.stance == "refutes":
                refutes.setdefault(pair, set()).add(claim.claim_id)
    doc_ids = [d.doc_id for d in report.documents]
    return {
        (a, b): (len(supports.get((a, b), ())), len(refutes.get((a, b), ())))
        for a in doc_ids
        for b in doc_ids
        if a != b
    }


def agreement_rows(report: Report, labels: Mapping[str, str]) -> list[Row]:
    """Records for the agreement heat map (one per ordered pair of articles)."""
    rows: list[Row] = []
    for (source, other), (s, r) in agreement_counts(report).items():
        rows.append(
            {
                "claims_of": labels.get(source, source),
                "evidence_from": labels.get(other, other),
                "supports": s,
                "refutes": r,
                "net": s - r,
                "label": f"+{s} / −{r}" if s or r else "",
            }
        )
    return rows


def verdict_rows(report: Report, labels: Mapping[str, str]) -> list[Row]:
    """Long-form verdict counts per article (zero counts left out)."""
    counts: dict[tuple[str, str], int] = {}
    for claim in report.claims:
        if claim.doc_id is None:
            continue
        key = (claim.doc_id, claim.verdict)
        counts[key] = counts.get(key, 0) + 1
    rows: list[Row] = []
    for doc in report.documents:
        for verdict in VERDICTS:
            n = counts.get((doc.doc_id, verdict), 0)
            if n:
                rows.append(
                    {
                        "article": labels.get(doc.doc_id, doc.doc_id),
                        "verdict": VERDICT_NAMES[verdict],
                        "order": VERDICTS.index(verdict),
                        "claims": n,
                    }
                )
    return rows


def corroboration_summary(report: Report, labels: Mapping[str, str], top: int = 3) -> list[str]:
    """Plain sentences naming the pairs of articles that engage most (for readers)."""
    counts = agreement_counts(report)
    ranked = sorted(
        ((pair, sr) for pair, sr in counts.items() if sr[0] or sr[1]),
        key=lambda item: (-(item[1][0] + item[1][1]), item[0]),
    )
    out: list[str] = []
    for (source, other), (s, r) in ranked[:top]:
        out.append(
            f"{labels.get(other, other)} supports {s} and refutes {r} "
            f"claim(s) of {labels.get(source, source)}"
        )
    return out
