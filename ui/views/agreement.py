"""The agreement map: which articles' passages back or contradict which articles' claims.
A click on a cell opens the Claims view filtered to those claims."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd
import streamlit as st

from crosscheck.models import VERDICTS, Report
from ui import agreement
from ui.text import escape_inline
from ui.verdicts import VERDICT_NAMES

CHART_COLOURS = {
    "supported": "#21c354",
    "refuted": "#ff4b4b",
    "conflicting": "#ffa421",
    "not_enough_evidence": "#a3a8b8",
    "not_checked": "#1c83e1",
}


def filter_by_cell(claims_doc: str, evidence_doc: str) -> None:
    """Show the claims of ``claims_doc`` that ``evidence_doc``'s passages bear on."""
    st.session_state["f_article"] = [claims_doc]
    st.session_state["f_evidence_from"] = evidence_doc
    st.session_state["view"] = "Claims"


def _on_cell() -> None:
    event = st.session_state.get("agreement_chart")
    points = (event or {}).get("selection", {}).get("cell", []) if event else []
    if points:
        point = points[0]
        filter_by_cell(str(point["claims_doc"]), str(point["evidence_doc"]))


def render_agreement(report: Report, labels: Mapping[str, str]) -> None:
    st.caption(
        "Rows: the articles whose claims were checked. Columns: the articles whose passages "
        "were cited. Each cell counts claims by their verdict: ✔ supported, ✘ refuted, "
        "⚠ conflicting, by that column's passages. Click a cell to see those claims."
    )
    rows = agreement.agreement_rows(report, labels)
    if not rows:
        st.info("The map needs at least two articles.")
        return
    frame = pd.DataFrame(rows)
    limit = max(1, int(frame[["supported", "refuted"]].to_numpy().max()))
    pick = alt.selection_point(name="cell", fields=["claims_doc", "evidence_doc"])
    base = alt.Chart(frame).encode(
        x=alt.X(
            "evidence_from:N",
            title="Evidence from",
            axis=alt.Axis(labelAngle=-30, labelLimit=320, labelOverlap=False),
        ),
        y=alt.Y("claims_of:N", title="Claims of", axis=alt.Axis(labelLimit=320)),
    )
    heat = (
        base.mark_rect()
        .encode(
            color=alt.Color(
                "net:Q",
                title="supported − refuted",
                scale=alt.Scale(scheme="redyellowgreen", domain=[-limit, limit]),
            ),
            tooltip=["claims_of", "evidence_from", "supported", "refuted", "conflicting"],
        )
        .add_params(pick)
    )
    text = base.mark_text(fontSize=13).encode(text="label:N")
    st.altair_chart(
        (heat + text).properties(height=420),
        width="stretch",
        key="agreement_chart",
        on_select=_on_cell,
        selection_mode="cell",
    )
    for sentence in agreement.corroboration_summary(report, labels):
        st.markdown(f"- {escape_inline(sentence)}")
    st.markdown("**Verdicts per article**")
    verdict_frame = pd.DataFrame(agreement.verdict_rows(report, labels))
    if not verdict_frame.empty:
        names = [VERDICT_NAMES[v] for v in VERDICTS]
        bars = (
            alt.Chart(verdict_frame)
            .mark_bar()
            .encode(
                y=alt.Y("article:N", title=None, axis=alt.Axis(labelLimit=320)),
                x=alt.X("claims:Q", title="claims"),
                color=alt.Color(
                    "verdict:N",
                    scale=alt.Scale(domain=names, range=[CHART_COLOURS[v] for v in VERDICTS]),
                ),
                order=alt.Order("order:Q"),
                tooltip=["article", "verdict", "claims"],
            )
            .properties(height=max(120, 45 * len(report.documents)))
        )
        st.altair_chart(bars, width="stretch", key="verdict_chart")
