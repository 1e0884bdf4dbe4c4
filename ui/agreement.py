"""Which articles corroborate or contradict which: counts for the agreement map."""

from __future__ import annotations

from collections.abc import Mapping

from crosscheck.models import VERDICTS, Report
from ui.verdicts import VERDICT_NAMES

Row = dict[str, object]


Counts = tuple[int, int, int]  # (supported, refuted, conflicting) claims


def agreement_counts(report: Report) -> dict[tuple[str, str], Counts]:
    """Per (claim article A, evidence article B): how many of A's claims B's passages
    support, refute or conflict with, by the claims' verdicts.

    A supported claim counts for B when B has a supporting passage; a refuted one when B
    has a refuting passage; a conflicting one when B has either. The editor's verdict is
    used where there is one. Every ordered pair of documents is present, zeros included.
    """
    found: dict[tuple[str, str], list[set[str]]] = {}
    for claim in report.claims:
        if claim.doc_id is None:
            continue
        verdict = claim.final_verdict
        for ev in claim.evidence:
            if ev.doc_id == claim.doc_id or ev.stance == "neutral":
                continue
            slot = {
                ("supported", "supports"): 0,
                ("refuted", "refutes"): 1,
                ("conflicting", "supports"): 2,
                ("conflicting", "refutes"): 2,
            }.get((verdict, ev.stance))
            if slot is not None:
                sets = found.setdefault((claim.doc_id, ev.doc_id), [set(), set(), set()])
                sets[slot].add(claim.claim_id)
    doc_ids = [d.doc_id for d in report.documents]
    empty: list[set[str]] = [set(), set(), set()]
    return {
        (a, b): tuple(len(s) for s in found.get((a, b), empty))  # type: ignore[misc]
        for a in doc_ids
        for b in doc_ids
        if a != b
    }


def cell_label(counts: Counts) -> str:
    s, r, c = counts
    parts = [f"✔{s}" if s else "", f"✘{r}" if r else "", f"⚠{c}" if c else ""]
    return " ".join(p for p in parts if p)


def agreement_rows(report: Report, labels: Mapping[str, str]) -> list[Row]:
    """Records for the agreement heat map (one per ordered pair of articles)."""
    rows: list[Row] = []
    for (source, other), counts in agreement_counts(report).items():
        s, r, c = counts
        rows.append(
            {
                "claims_of": labels.get(source, source),
                "evidence_from": labels.get(other, other),
                "claims_doc": source,
                "evidence_doc": other,
                "supported": s,
                "refuted": r,
                "conflicting": c,
                "net": s - r,
                "label": cell_label(counts),
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
        ((pair, n) for pair, n in counts.items() if any(n)),
        key=lambda item: (-sum(item[1]), item[0]),
    )
    out: list[str] = []
    for (source, other), (s, r, c) in ranked[:top]:
        text = f"{labels.get(other, other)} supports {s} and refutes {r} claim(s)"
        if c:
            text += f" (and bears on {c} conflicting)"
        out.append(f"{text} of {labels.get(source, source)}")
    return out
