"""crosscheck — the Streamlit app. It only wires: each view lives in ``ui/views/``.

Article text is untrusted: everything derived from it goes through ``ui.text`` escaping
and is shown with ``st.markdown`` (``unsafe_allow_html`` is never used), in tables, in
charts or as plain widget options.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from crosscheck.config import Settings
from crosscheck.errors import ConfigError, CrosscheckError
from crosscheck.factory import build_pipeline
from crosscheck.models import CheckedClaim, Corpus, Report
from crosscheck.pipeline import Pipeline
from review import ReviewStore, attach_reviews
from ui import library, tables
from ui.settings_view import pipeline_key, resolve_settings
from ui.text import escape_inline
from ui.views.agreement import render_agreement
from ui.views.articles import render_articles
from ui.views.ask import render_ask
from ui.views.claims import render_claims
from ui.views.corpus import current_corpus, render_corpus
from ui.views.export import render_export
from ui.views.review import ReviewContext
from ui.views.run import current_report, run_pipeline
from ui.views.settings import archive_setting, settings_sidebar
from ui.views.state import apply_deep_link

VIEWS = ("Corpus", "Claims", "Articles", "Agreement map", "Ask", "Export")

st.set_page_config(
    page_title="crosscheck", page_icon="🔎", layout="wide", initial_sidebar_state="collapsed"
)


@st.cache_resource(show_spinner="Preparing the pipeline…", max_entries=4)
def get_pipeline(key: str, _settings: Settings, archive: bool = False) -> Pipeline:
    """One pipeline per distinct configuration; models load on first use. With ``archive``,
    ``data_dir`` is an indexed archive the corpus is checked against (the CLI's --archive)."""
    return build_pipeline(_settings, archive=True) if archive else build_pipeline(_settings)


@st.cache_data(show_spinner="Reading articles…", max_entries=32)
def read_folder(folder: str, signature: str, max_bytes: int) -> Corpus:
    """A folder's corpus, re-read only when its files change (``signature``)."""
    return library.load_folder(Path(folder), max_bytes=max_bytes)


def stop_with(message: str) -> None:
    st.title("🔎 crosscheck")
    st.error(message)
    st.stop()


def article_labels(corpus: Corpus, report: Report | None) -> dict[str, str]:
    """Titles (or first lines) and dates for every article the views may name."""
    docs: list = list(corpus.documents)  # type: ignore[type-arg]
    known = {d.doc_id for d in docs}
    if report is not None:
        docs += [d for d in report.documents if d.doc_id not in known]
    return tables.article_labels(docs)


def main() -> None:
    st.session_state.setdefault("corpus_folder", os.environ.get("CROSSCHECK_CORPUS", ""))
    try:
        resolve_settings(None)
    except ConfigError as exc:
        stop_with(f"The environment's settings are invalid: {escape_inline(str(exc))}")
    settings = settings_sidebar()
    # The minimum check-worthiness filters at view time: changing it needs no rerun.
    run_settings = settings.model_copy(update={"min_checkworthiness": 0.0})
    archive = archive_setting()
    if archive is not None:
        # The archive's folder holds its index and caches; uploads and reviews stay in the
        # data directory.
        run_settings = run_settings.model_copy(update={"data_dir": archive})
    try:
        pipeline = get_pipeline(pipeline_key(run_settings), run_settings, archive is not None)
    except CrosscheckError as exc:
        stop_with(f"Cannot build the pipeline: {escape_inline(str(exc))} — fix the settings.")
    workspace = library.Workspace(settings.data_dir)
    working = current_corpus(read_folder, settings.max_file_bytes, workspace)
    corpus = working.corpus
    report, out_of_date = current_report(pipeline, corpus) if corpus.documents else (None, False)

    head, run_col = st.columns([6, 1], vertical_alignment="center")
    head.title("🔎 crosscheck")
    head.caption(
        "Settings (verifier, LLM endpoint, thresholds, data folder) are in the sidebar: "
        "» at the top left."
    )
    run_clicked = run_col.button(
        "Run checks",
        key="run_button",
        type="primary",
        disabled=not corpus.documents,
        help="Extract claims and verify them against the other articles.",
    )
    run_slot = st.container()
    summary = f"{len(corpus.documents)} article(s)"
    if archive is not None:
        summary += f" · checked against the archive in {archive}"
    if report is not None:
        verifier = str(report.pipeline.get("verifier", "—")).split("(")[0]  # name, not hashes
        summary += f" · {len(report.claims)} claims · verifier {verifier}"
        if out_of_date:
            summary += " · out of date: press Run checks"
    elif corpus.documents:
        summary += " · not checked yet with these settings: press Run checks"
    st.caption(escape_inline(summary))

    store = ReviewStore.in_data_dir(settings.data_dir)
    if report is not None:
        report = attach_reviews(report, store.for_report(report))
        apply_deep_link({c.claim_id for c in report.claims})
    if "next_view" in st.session_state:
        st.session_state["view"] = st.session_state.pop("next_view")
    st.session_state.setdefault("view", "Claims" if report is not None else "Corpus")
    documents = {d.doc_id: d for d in corpus.documents}
    labels = article_labels(corpus, report)
    tabs = dict(zip(VIEWS, st.tabs(list(VIEWS), key="view", on_change="rerun"), strict=True))

    shown: list[CheckedClaim] = []
    with tabs["Claims"]:
        if report is None:
            st.info("No results yet for this corpus and these settings: press **Run checks**.")
        else:
            ctx = ReviewContext(store=store, report=report)
            minimum = settings.min_checkworthiness
            shown = render_claims(report, documents, labels, ctx, minimum, out_of_date)
    with tabs["Corpus"]:
        render_corpus(working, report, settings.max_file_bytes, workspace)
    with tabs["Articles"]:
        render_articles(corpus, report, labels)
    with tabs["Agreement map"]:
        if report is None:
            st.info("Run the checks to see which articles corroborate each other.")
        else:
            render_agreement(report, labels)
    with tabs["Ask"]:
        render_ask(pipeline.check_text, corpus, report, documents, labels)
    with tabs["Export"]:
        if report is None:
            st.info("Run the checks first.")
        else:
            render_export(report, shown)

    if run_clicked and corpus.documents:
        with run_slot:  # above the previous results, which stay visible meanwhile
            fresh = run_pipeline(pipeline, corpus)
        if fresh is not None:
            st.session_state["report_memo"] = (pipeline.report_cache_key(corpus), fresh)
            st.session_state["next_view"] = "Claims"  # the tabs exist already this run
            st.rerun()


main()
