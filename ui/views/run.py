"""Running the checks: a progress bar and Cancel in plain sight, results kept on disk."""

from __future__ import annotations

import streamlit as st

from crosscheck.errors import CrosscheckError
from crosscheck.models import Corpus, Report
from crosscheck.pipeline import Pipeline, Progress
from ui import runs
from ui.text import escape_inline


def run_pipeline(pipeline: Pipeline, corpus: Corpus) -> Report | None:
    """Run with a visible progress bar; the finished report is stored on disk."""
    with st.container(border=True, key="run_box"):
        bar = st.progress(0.0, text="Loading articles")
        st.button(
            "Cancel",
            key="cancel_run",
            help="Stops after the current step; finished extractions and verdicts are kept.",
        )
        st.caption(
            "Cancel stops the run after the current step; finished extractions and verdicts "
            "are kept, so the next run picks up from there. The results below are the "
            "previous run's until this one finishes."
        )
        throttle = runs.Throttle()

        def on_progress(event: Progress) -> None:
            if throttle(event):
                bar.progress(runs.progress_fraction(event), text=runs.progress_text(event))

        total = len(corpus.documents)
        on_progress(Progress(stage="loading", done=total, total=total))
        try:
            report = pipeline.with_archive_documents(pipeline.run(corpus, progress=on_progress))
        except CrosscheckError as exc:
            st.error(f"Run failed: {escape_inline(str(exc))}")
            return None
        runs.store_report(pipeline, corpus, report)
        bar.progress(1.0, text=f"Done: {len(report.claims)} claims checked")
    return report


def current_report(pipeline: Pipeline, corpus: Corpus) -> tuple[Report | None, bool]:
    """The report for this corpus and configuration, else the last one shown (out of date).

    Returns the report and whether it is out of date.
    """
    key = pipeline.report_cache_key(corpus)
    memo = st.session_state.get("report_memo")
    if memo is not None and memo[0] == key:
        return memo[1], False
    report = runs.cached_report(pipeline, corpus)
    if report is not None:
        st.session_state["report_memo"] = (key, report)
        return report, False
    if memo is not None:
        return memo[1], True
    return None, False
