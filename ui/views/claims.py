"""The worksheet: triaged claims on the left, the selected claim's detail and review beside.

Selecting: a click anywhere on a row, ↑/↓ (the Previous/Next buttons' keys), or a
``?claim=<id>`` link. The verdict counts follow the filtered view.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from crosscheck.models import VERDICTS, CheckedClaim, Document, Report
from ui import tables
from ui.detail import claim_detail
from ui.text import escape_inline
from ui.triage import above_minimum, triage
from ui.verdicts import (
    VERDICT_ICONS,
    VERDICT_NAMES,
    is_fallback,
    verdict_cell_css,
    verdict_label,
    zone_name,
)
from ui.views.detail import render_detail
from ui.views.review import STATUS_NAMES, ReviewContext, mark_passage, progress_line, render_review
from ui.views.state import JUMP, SELECTED, select_claim

REVIEW_FILTERS = ("unreviewed", "reviewed", "needs_follow_up", "stale")
COLUMNS = ["Verdict", "Claim", "Article", "Review", "Check-worthiness", "Confidence", "Cited"]


def claim_filter_widgets(
    report: Report, labels: Mapping[str, str], minimum: float
) -> tables.ClaimFilter:
    options = tables.filter_options(report)
    c1, c2, c3, c4, c5 = st.columns(5)
    articles = c1.multiselect(
        "Article", options["articles"], format_func=lambda d: labels.get(d, d), key="f_article"
    )
    verdicts = c2.multiselect(
        "Verdict", options["verdicts"], format_func=verdict_label, key="f_verdict"
    )
    types = c3.multiselect("Type", options["types"], key="f_type")
    zones = c4.multiselect("Zone", options["zones"], format_func=zone_name, key="f_zone")
    reviews = c5.multiselect(
        "Review", REVIEW_FILTERS, format_func=lambda s: STATUS_NAMES[s], key="f_review"
    )
    c6, c7, c8 = st.columns([1, 1, 2])
    if st.session_state.get("f_cw_setting") != minimum:  # the sidebar's setting changed
        st.session_state["f_cw"] = minimum
        st.session_state["f_cw_setting"] = minimum
    min_cw = c6.slider("Min. check-worthiness", 0.0, 1.0, step=0.05, key="f_cw")
    min_conf = c7.slider("Min. confidence", 0.0, 1.0, 0.0, 0.05, key="f_conf")
    text = c8.text_input("Search claims, notes and evidence", key="f_text")
    evidence_from = st.session_state.get("f_evidence_from")
    if evidence_from:
        st.button(
            f"✕ Only claims that {labels.get(evidence_from, 'another article')}'s passages "
            "bear on (from the agreement map): show all",
            key="clear_evidence_from",
            on_click=lambda: st.session_state.pop("f_evidence_from", None),
            type="tertiary",
        )
    return tables.ClaimFilter(
        evidence_from=evidence_from,
        articles=frozenset(articles),
        verdicts=frozenset(verdicts),
        types=frozenset(types),
        zones=frozenset(zones),
        reviews=frozenset(reviews),
        min_checkworthiness=float(min_cw),
        min_confidence=float(min_conf),
        text=str(text or ""),
    )


def visible_claims(
    report: Report, claim_filter: tables.ClaimFilter, show_all: bool
) -> list[CheckedClaim]:
    """Filtered, triaged; headlines, fragments and comment lines only with ``show_all``."""
    kept = above_minimum(report.claims, claim_filter.min_checkworthiness)
    return triage(tables.filter_claims(kept, claim_filter), show_all=show_all)


def render_counts(claims: Sequence[CheckedClaim]) -> None:
    counts = {v: 0 for v in VERDICTS}
    for claim in claims:
        counts[claim.verdict] += 1
    for col, verdict in zip(st.columns(len(VERDICTS)), VERDICTS, strict=True):
        col.metric(f"{VERDICT_ICONS[verdict]} {VERDICT_NAMES[verdict]}", counts[verdict])
    fallbacks = [c for c in claims if is_fallback(c.backend)]
    if fallbacks:
        st.warning(
            f"The LLM backend failed for {len(fallbacks)} claim(s); the offline verifier "
            "decided those (marked in their detail)."
        )


def _table_key() -> str:
    """A new key whenever the selection moves by ↑/↓ or a link, so the table's highlighted
    row follows it (a table's selection cannot be set, only defaulted on first render)."""
    return f"claims_table_{st.session_state.get('table_generation', 0)}"


def _on_table_select() -> None:
    event = st.session_state.get(_table_key())
    ids: list[str] = st.session_state.get("table_ids", [])
    if event is None:
        return
    rows = list(event.selection.rows) or [cell[0] for cell in event.selection.get("cells", [])]
    if rows and rows[0] < len(ids):
        select_claim(ids[rows[0]])
        st.session_state[JUMP] = False  # the row is on screen already


def _step(ids: Sequence[str], delta: int) -> None:
    if not ids:
        return
    current = st.session_state.get(SELECTED)
    index = ids.index(current) + delta if current in ids else 0
    select_claim(ids[max(0, min(len(ids) - 1, index))])


def render_table(claims: Sequence[CheckedClaim], labels: Mapping[str, str]) -> None:
    ids = [c.claim_id for c in claims]
    st.session_state["table_ids"] = ids
    if not claims:
        st.info("No claim matches these filters.")
        return
    frame = pd.DataFrame(tables.claim_rows(claims, labels))
    selected = st.session_state.get(SELECTED)
    if st.session_state.pop(JUMP, False):
        st.session_state["table_generation"] = st.session_state.get("table_generation", 0) + 1
    default: Any = {"selection": {"rows": [ids.index(selected)]}} if selected in ids else None
    st.dataframe(
        frame.style.map(verdict_cell_css, subset=["Verdict"]),
        key=_table_key(),
        on_select=_on_table_select,
        selection_mode=["single-row", "single-cell"],
        selection_default=default,
        hide_index=True,
        width="stretch",
        height=560,
        column_order=COLUMNS,
        column_config={
            "Verdict": st.column_config.TextColumn("Verdict", width=130),
            "Claim": st.column_config.TextColumn("Claim", width=330),
            "Article": st.column_config.TextColumn("Article", width=110),
            "Review": st.column_config.TextColumn("Review", width=95),
            "Check-worthiness": st.column_config.ProgressColumn(
                "Worthiness",
                min_value=0.0,
                max_value=1.0,
                format="%.2f",
                width=80,
                help="check-worthiness",
            ),
            "Confidence": st.column_config.NumberColumn(
                "Confidence", format="%.2f", width=80, help="empty for opinions"
            ),
            "Cited": st.column_config.NumberColumn(
                "Cited", help="passages that support or refute the claim", width=55
            ),
        },
    )
    prev, nxt = st.columns(2)
    prev.button(
        "↑ Previous",
        key="claim_prev",
        on_click=_step,
        args=(ids, -1),
        shortcut="Up",
        width="stretch",
    )
    nxt.button(
        "↓ Next", key="claim_next", on_click=_step, args=(ids, 1), shortcut="Down", width="stretch"
    )


def render_claims(
    report: Report,
    documents: Mapping[str, Document],
    labels: Mapping[str, str],
    ctx: ReviewContext,
    minimum: float,
    out_of_date: bool = False,
) -> list[CheckedClaim]:
    """The worksheet; returns the claims it shows (the Export view's 'filtered')."""
    claim_filter = claim_filter_widgets(report, labels, minimum)
    show_all = st.toggle(
        "Show all claims (headlines, fragments, reader comments too)", key="f_show_all"
    )
    shown = visible_claims(report, claim_filter, show_all)
    matching = tables.filter_claims(report.claims, claim_filter)
    hidden = len(above_minimum(matching, claim_filter.min_checkworthiness)) - len(shown)
    render_counts(shown)
    for warning in report.warnings:
        # Limits the run hit (a document's claims capped, a backend switched off).
        st.warning(escape_inline(warning))
    note = f"{len(shown)} of {len(report.claims)} claims, what needs a person first"
    if hidden > 0:
        note += f" · {hidden} headline, fragment or comment line(s) hidden"
    st.caption(escape_inline(f"{progress_line(report.claims, minimum)} · {note}"))
    if out_of_date:
        st.warning("Out of date: articles or settings changed since this run. Press Run checks.")
    by_id = {c.claim_id: c for c in report.claims}
    if st.session_state.get(SELECTED) not in by_id:
        st.session_state[SELECTED] = shown[0].claim_id if shown else None
    left, right = st.columns([11, 9], gap="medium")
    with left:
        render_table(shown, labels)
    with right:
        selected = by_id.get(st.session_state.get(SELECTED) or "")
        if selected is None:
            st.info("Select a claim on the left to see its evidence and review it.")
        else:
            with st.container(height=900, border=False, key="detail_pane"):
                render_review(ctx, selected)
                detail = claim_detail(selected, documents, report, labels)
                render_detail(
                    detail,
                    "detail",
                    on_mark=lambda i, m: mark_passage(ctx, selected.claim_id, i, m),
                )
    return shown
