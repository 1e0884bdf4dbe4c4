"""The Export view: every format, of all claims or the worksheet's, reviews included."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import streamlit as st

from crosscheck.models import CheckedClaim, Report


def render_export(report: Report, filtered: Sequence[CheckedClaim]) -> None:
    from reports import FORMATS, export

    reviewed = sum(1 for c in report.claims if c.review is not None)
    scope = st.radio(
        "Claims to export",
        ("all", "filtered"),
        format_func=lambda s: (
            f"All claims ({len(report.claims)})"
            if s == "all"
            else f"The worksheet's claims ({len(filtered)}), as filtered in the Claims view"
        ),
        key="export_scope",
        horizontal=True,
    )
    subset = report if scope == "all" else report.with_claims(filtered)
    cols = st.columns(min(len(FORMATS), 6) or 1)
    for i, (name, exporter) in enumerate(FORMATS.items()):
        cols[i % len(cols)].download_button(
            f"⬇️ {name.upper()}",
            data=partial(export, subset, name),
            file_name=f"crosscheck-{scope}.{exporter.extension}",
            mime=exporter.mime,
            key=f"download_{name}",
            on_click="ignore",
        )
    st.caption(
        f"Every quote in an export equals the article text at its character offsets. "
        f"{reviewed} claim(s) carry an editor's review: the exports show the editor's verdict "
        "and note beside the machine verdict; ClaimReview uses the editor's rating."
    )
