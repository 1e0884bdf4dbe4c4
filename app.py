"""crosscheck — the Streamlit app. It only renders: the logic lives in the packages and ui/.

Article text is untrusted: everything derived from it goes through ``ui.text`` escaping
and is shown with ``st.markdown`` (``unsafe_allow_html`` is never used), in tables, in
charts or as plain widget options.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from crosscheck.config import Settings
from crosscheck.errors import ConfigError, CorpusError, CrosscheckError
from crosscheck.factory import build_pipeline
from crosscheck.models import VERDICTS, CheckedClaim, Corpus, Document, Report
from crosscheck.pipeline import Pipeline, Progress
from ui import agreement, library, runs, tables
from ui.article import article_blocks
from ui.detail import ClaimDetail, EvidenceCard, claim_detail
from ui.settings_view import (
    BACKENDS,
    VERIFIER_HELP,
    VERIFIERS,
    SettingsChoice,
    api_key_status,
    pipeline_key,
    resolve_settings,
    uses_llm,
)
from ui.text import escape_inline, escape_markdown, shorten
from ui.verdicts import (
    STANCE_ICONS,
    VERDICT_COLOURS,
    VERDICT_ICONS,
    VERDICT_NAMES,
    is_fallback,
    stance_label,
    time_name,
    verdict_cell_css,
    verdict_label,
    zone_name,
)

VIEWS = ("Corpus", "Claims", "Articles", "Agreement map", "Ask", "Export")
CHART_COLOURS = {
    "supported": "#21c354",
    "refuted": "#ff4b4b",
    "conflicting": "#ffa421",
    "not_enough_evidence": "#a3a8b8",
    "not_checked": "#1c83e1",
}

INTERVAL_COLUMNS = {
    "Comparison": st.column_config.TextColumn("Comparison", width=115),
    "Claim says": st.column_config.TextColumn("Claim says", width=160),
    "Claim interval": st.column_config.TextColumn("Claim interval", width=110),
    "Evidence interval": st.column_config.TextColumn("Evidence interval", width=120),
    "Evidence says": st.column_config.TextColumn("Evidence says", width=190),
    "Evidence from": st.column_config.TextColumn("Evidence from", width="medium"),
}

st.set_page_config(
    page_title="crosscheck", page_icon="🔎", layout="wide", initial_sidebar_state="collapsed"
)


# -- cached resources ---------------------------------------------------------------------
@st.cache_resource(show_spinner="Preparing the pipeline…", max_entries=4)
def get_pipeline(key: str, _settings: Settings) -> Pipeline:
    """One pipeline per distinct configuration; models load on first use."""
    return build_pipeline(_settings)


@st.cache_data(show_spinner="Reading articles…", max_entries=32)
def read_folder(folder: str, signature: str, max_bytes: int) -> Corpus:
    """A folder's corpus, re-read only when its files change (``signature``)."""
    return library.load_folder(Path(folder), max_bytes=max_bytes)


# -- session helpers ----------------------------------------------------------------------
def flash(level: str, message: str) -> None:
    """Queue an already-escaped Markdown message for the next rendering of the corpus."""
    st.session_state.setdefault("flash", []).append((level, message))


def show_flash() -> None:
    for level, message in st.session_state.pop("flash", []):
        {"success": st.success, "error": st.error, "warning": st.warning}.get(level, st.info)(
            message
        )


def open_claim(claim_id: str) -> None:
    """Callback: show this claim's detail in the Claims view."""
    st.session_state["detail_claim"] = claim_id
    st.session_state["view"] = "Claims"


def on_table_select() -> None:
    """Callback: a row picked in the claims table opens its detail."""
    event = st.session_state.get("claims_table")
    rows = list(event.selection.rows) if event is not None else []
    ids: list[str] = st.session_state.get("table_ids", [])
    if rows and rows[0] < len(ids):
        st.session_state["detail_claim"] = ids[rows[0]]


# -- sidebar: settings --------------------------------------------------------------------
def settings_sidebar() -> Settings:
    """The Settings form; returns the settings in force (environment + applied form)."""
    overrides = st.session_state.get("settings_overrides")
    try:
        settings = resolve_settings(overrides)
    except ConfigError as exc:
        st.sidebar.error(f"Settings rejected: {escape_inline(str(exc))}")
        st.session_state.pop("settings_overrides", None)
        settings = resolve_settings(None)  # the environment alone (checked in main)
    choice = SettingsChoice.from_settings(settings)
    with st.sidebar:
        st.header("⚙️ Settings")
        with st.form("settings_form", border=False):
            verifier = st.selectbox(
                "Verifier",
                VERIFIERS,
                index=VERIFIERS.index(choice.verifier),
                format_func=lambda v: VERIFIER_HELP.get(v, v),
                key="set_verifier",
            )
            backend = st.selectbox(
                "Backend",
                BACKENDS,
                index=BACKENDS.index(choice.backend),
                format_func=lambda b: (
                    "local (offline)" if b == "offline" else "OpenAI-compatible server"
                ),
                key="set_backend",
            )
            base_url = st.text_input(
                "LLM base URL",
                value=choice.base_url,
                placeholder="http://localhost:11434/v1",
                key="set_base_url",
            )
            model = st.text_input("LLM model", value=choice.model, key="set_model")
            st.caption(api_key_status(settings))
            support = st.slider(
                "Support threshold",
                0.0,
                1.0,
                choice.support_threshold,
                0.05,
                key="set_support",
            )
            refute = st.slider(
                "Refute threshold", 0.0, 1.0, choice.refute_threshold, 0.05, key="set_refute"
            )
            top_k = st.number_input(
                "Passages per claim (top-k)", 1, 50, choice.top_k, key="set_top_k"
            )
            min_cw = st.slider(
                "Minimum check-worthiness",
                0.0,
                1.0,
                choice.min_checkworthiness,
                0.05,
                key="set_min_cw",
            )
            data_dir = st.text_input("Data directory", value=choice.data_dir, key="set_data_dir")
            applied = st.form_submit_button("Apply settings", key="settings_apply")
        if applied:
            new = SettingsChoice(
                verifier=str(verifier),
                backend=str(backend),
                base_url=base_url,
                model=model,
                support_threshold=float(support),
                refute_threshold=float(refute),
                top_k=int(top_k),
                min_checkworthiness=float(min_cw),
                data_dir=data_dir,
            )
            try:
                settings = resolve_settings(new.overrides())
            except ConfigError as exc:
                st.error(f"Settings rejected: {escape_inline(str(exc))}")
            else:
                st.session_state["settings_overrides"] = new.overrides()
                st.success("Settings applied.")
        if uses_llm(settings):
            st.caption(
                f"LLM: {escape_inline(settings.llm.model or '(no model)')} at "
                f"{escape_inline(settings.llm.base_url or '(no URL)')}"
            )
    return settings


# -- corpus -------------------------------------------------------------------------------
def current_corpus(
    settings: Settings, workspace: library.Workspace
) -> tuple[Corpus, set[str], str | None]:
    """The working corpus (folder + uploads − removed), the uploads' doc ids, a folder error."""
    folder_text = str(st.session_state.get("corpus_folder", "")).strip()
    parts: list[Corpus] = []
    error = None
    if folder_text:
        folder = Path(folder_text).expanduser()
        try:
            parts.append(
                read_folder(
                    str(folder.resolve()),
                    library.folder_signature(folder),
                    settings.max_file_bytes,
                )
            )
        except CorpusError as exc:
            error = str(exc)
    uploads = (
        read_folder(
            str(workspace.uploads),
            library.folder_signature(workspace.uploads),
            settings.max_file_bytes,
        )
        if workspace.uploads.is_dir()
        else Corpus()
    )
    parts.append(uploads)
    excluded = library.read_excluded(workspace.state_file)
    corpus = library.merge_corpora(parts, excluded)
    return corpus, {d.doc_id for d in uploads.documents}, error


def add_uploads(workspace: library.Workspace, max_bytes: int) -> None:
    """Callback of the upload form: store each file or say why it was refused."""
    files = st.session_state.get("upload_files") or []
    added: list[library.UploadOutcome] = []
    refused: list[library.UploadOutcome] = []
    for file in files:
        outcome = library.save_upload(
            file.name, file.getvalue(), workspace.uploads, max_bytes=max_bytes
        )
        (added if outcome.ok else refused).append(outcome)
    if added:
        names = ", ".join(
            escape_inline(o.name) + (" (already there)" if o.duplicate else "") for o in added
        )
        flash("success", f"Added {len(added)} article(s): {names}")
    if refused:
        lines = "\n".join(
            f"- **{escape_inline(o.name)}**: {escape_inline(o.error or '')}" for o in refused
        )
        flash("error", f"{len(refused)} file(s) could not be added:\n\n{lines}")
    if not files:
        flash("warning", "Choose one or more files first.")


def remove_selected(corpus: Corpus, upload_ids: set[str], workspace: library.Workspace) -> None:
    """Callback: remove the articles picked in the multiselect."""
    chosen = set(st.session_state.get("remove_select") or [])
    docs = [d for d in corpus.documents if d.doc_id in chosen]
    if not docs:
        flash("warning", "Pick the articles to remove first.")
        return
    result = library.remove_articles(docs, upload_ids, workspace)
    if result.deleted:
        flash("success", "Deleted uploads: " + ", ".join(escape_inline(p) for p in result.deleted))
    if result.hidden:
        flash(
            "success",
            "Removed from this corpus (the folder is unchanged): "
            + ", ".join(escape_inline(p) for p in result.hidden),
        )
    st.session_state["remove_select"] = []


def restore_removed(workspace: library.Workspace) -> None:
    library.write_excluded(workspace.state_file, [])
    flash("success", "Removed folder articles are back.")


def render_corpus(
    corpus: Corpus,
    upload_ids: set[str],
    folder_error: str | None,
    report: Report | None,
    settings: Settings,
    workspace: library.Workspace,
) -> None:
    show_flash()
    st.text_input(
        "Corpus folder",
        key="corpus_folder",
        placeholder="/path/to/articles (leave empty to use uploaded articles only)",
        help="Every .txt, .md, .html, .pdf and .docx file under this folder is an article.",
    )
    if folder_error:
        st.error(f"Folder not used: {escape_inline(folder_error)}")
    if corpus.skipped:
        lines = "\n".join(
            f"- **{escape_inline(s.path)}**: {escape_inline(s.reason)}" for s in corpus.skipped
        )
        st.warning(f"{len(corpus.skipped)} file(s) skipped; the rest is used:\n\n{lines}")
    if corpus.documents:
        st.dataframe(
            pd.DataFrame(tables.article_rows(corpus.documents, report)),
            key="corpus_table",
            hide_index=True,
            width="stretch",
            column_config={
                "Date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
                "Size (chars)": st.column_config.NumberColumn("Size (chars)", format="%d"),
                "Claims": st.column_config.NumberColumn("Claims", help="after a run"),
            },
        )
    else:
        st.info("No articles yet: upload some below or enter a folder above.")

    limit = library.format_bytes(settings.max_file_bytes)
    with st.form("upload_form", clear_on_submit=True):
        st.file_uploader(
            f"Add articles (.txt, .md, .html, .pdf, .docx — up to {limit} each)",
            type=[s.lstrip(".") for s in library.UPLOAD_SUFFIXES],
            accept_multiple_files=True,
            key="upload_files",
        )
        st.form_submit_button(
            "Add to corpus",
            key="upload_submit",
            on_click=add_uploads,
            args=(workspace, settings.max_file_bytes),
        )
    st.caption(f"Uploads are kept in {escape_inline(str(workspace.uploads))}.")

    if corpus.documents:
        labels = tables.article_labels(corpus.documents)
        cols = st.columns([4, 1], vertical_alignment="bottom")
        cols[0].multiselect(
            "Remove articles",
            [d.doc_id for d in corpus.documents],
            format_func=lambda doc_id: labels.get(doc_id, doc_id),
            key="remove_select",
        )
        cols[1].button(
            "Remove",
            key="remove_button",
            on_click=remove_selected,
            args=(corpus, upload_ids, workspace),
        )
    if library.read_excluded(workspace.state_file):
        st.button(
            "Restore removed folder articles",
            key="restore_button",
            on_click=restore_removed,
            args=(workspace,),
        )


# -- running ------------------------------------------------------------------------------
def run_pipeline(pipeline: Pipeline, corpus: Corpus) -> Report | None:
    """Run with a status box and a progress bar; the finished report is stored on disk."""
    with st.status("Checking claims…", expanded=True) as status:
        bar = st.progress(0.0, text="Loading articles")
        st.button(
            "Cancel",
            key="cancel_run",
            help="Stops after the current step; finished extractions and verdicts are kept.",
        )
        st.caption(
            "Cancel (or any click in the app) stops the run after the current step. "
            "Finished extractions and verdicts are kept, so the next run picks up from there."
        )

        throttle = runs.Throttle()

        def on_progress(event: Progress) -> None:
            if throttle(event):
                bar.progress(runs.progress_fraction(event), text=runs.progress_text(event))
                status.update(label=runs.progress_text(event))

        on_progress(
            Progress(stage="loading", done=len(corpus.documents), total=len(corpus.documents))
        )
        try:
            report = pipeline.run(corpus, progress=on_progress)
        except CrosscheckError as exc:
            status.update(label="Run failed", state="error", expanded=True)
            st.error(escape_inline(str(exc)))
            return None
        runs.store_report(pipeline, corpus, report)
        status.update(
            label=f"Done: {len(report.claims)} claims checked", state="complete", expanded=False
        )
    return report


def current_report(pipeline: Pipeline, corpus: Corpus) -> Report | None:
    """The stored report for this corpus and configuration, memoised in the session."""
    key = pipeline.report_cache_key(corpus)
    memo = st.session_state.get("report_memo")
    if memo is not None and memo[0] == key:
        return memo[1]  # type: ignore[no-any-return]
    report = runs.cached_report(pipeline, corpus)
    if report is not None:
        st.session_state["report_memo"] = (key, report)
    return report


def render_header(corpus: Corpus, report: Report | None) -> None:
    if report is None:
        return
    counts = report.verdict_counts()
    cols = st.columns(len(VERDICTS))
    for col, verdict in zip(cols, VERDICTS, strict=True):
        col.metric(f"{VERDICT_ICONS[verdict]} {VERDICT_NAMES[verdict]}", counts[verdict])
    for warning in report.warnings:
        st.warning(escape_inline(warning))
    fallbacks = [c for c in report.claims if is_fallback(c.backend)]
    if fallbacks:
        st.warning(
            f"The LLM backend failed for {len(fallbacks)} claim(s); the offline verifier "
            "decided those (marked in their detail)."
        )


# -- claim detail -------------------------------------------------------------------------
def render_card(card: EvidenceCard, key: str) -> None:
    """One evidence passage: where it comes from, its stance, the quote in its context."""
    with st.container(border=True, key=key):
        parts = [
            card.published.isoformat() if card.published else "undated",
            zone_name(card.zone),
            stance_label(card.stance),
            f"score {card.score:.2f}",
        ]
        relation = time_name(card.time_relation)
        if relation:
            parts.append(f"time: {relation}")
        st.markdown(f"{STANCE_ICONS.get(card.stance, '')} **{escape_inline(card.title)}**")
        st.caption(escape_inline(" · ".join(parts)))
        if card.note:
            st.caption(escape_inline(card.note))
        st.markdown(card.context_markdown)


def render_detail(detail: ClaimDetail, key_prefix: str) -> None:
    claim = detail.claim
    st.markdown(f"#### {VERDICT_ICONS.get(claim.verdict, '')} {escape_inline(claim.text)}")
    meta = []
    if detail.article:
        meta.append(f"📰 {detail.article}")
    if detail.published:
        meta.append(f"📅 {detail.published.isoformat()}")
    if claim.speaker:
        meta.append(f"🗣️ {claim.speaker}" + (" (attributed)" if claim.attributed else ""))
    if claim.types:
        meta.append("type: " + ", ".join(claim.types))
    meta.append(f"check-worthiness {claim.checkworthiness:.2f}")
    st.caption(escape_inline(" · ".join(meta)))
    if detail.source_markdown:
        with st.container(border=True, key=f"{key_prefix}_source"):
            st.caption("Where the article says it")
            st.markdown(detail.source_markdown)
    colour = VERDICT_COLOURS.get(claim.verdict, "gray")
    st.markdown(
        f"**Verdict:** :{colour}-background[{escape_inline(verdict_label(claim.verdict))}]"
        f" — confidence {claim.confidence:.0%}"
    )
    if claim.rationale:
        st.markdown(escape_markdown(claim.rationale))
    if detail.fallback:
        st.warning(
            f"The LLM backend failed here; the offline verifier decided "
            f"(backend: {escape_inline(claim.backend)})."
        )
    if detail.intervals or detail.other_numbers:
        st.markdown("**Numbers compared** (claim interval vs. evidence interval)")
        if detail.intervals:
            st.dataframe(
                pd.DataFrame([row.record() for row in detail.intervals]),
                hide_index=True,
                width="stretch",
                key=f"{key_prefix}_intervals",
                column_config=INTERVAL_COLUMNS,
            )
        else:
            st.caption("No number in the evidence counts the same thing as the claim's.")
        if detail.other_numbers:
            with st.expander(
                f"Other numbers in the evidence, about something else "
                f"({len(detail.other_numbers)})",
                key=f"{key_prefix}_other_numbers",
            ):
                st.dataframe(
                    pd.DataFrame([row.record() for row in detail.other_numbers]),
                    hide_index=True,
                    width="stretch",
                    key=f"{key_prefix}_other_numbers_table",
                    column_config=INTERVAL_COLUMNS,
                )
    if detail.cards:
        st.markdown(f"**Evidence from other articles** ({len(detail.cards)})")
    elif claim.verdict != "not_checked":
        st.info("No passage of another article bears on this claim.")
    decisive = [(i, c) for i, c in enumerate(detail.cards) if c.stance != "neutral"]
    neutral = [(i, c) for i, c in enumerate(detail.cards) if c.stance == "neutral"]
    for i, card in decisive:
        render_card(card, f"{key_prefix}_card_{i}")
    if neutral:
        with st.expander(
            f"{len(neutral)} passage(s) retrieved that neither support nor refute it",
            expanded=not decisive,
            key=f"{key_prefix}_neutral",
        ):
            for i, card in neutral:
                render_card(card, f"{key_prefix}_card_{i}")
    if detail.elsewhere:
        st.markdown("**The same claim in other articles**")
        for other in detail.elsewhere:
            st.button(
                f"{VERDICT_ICONS.get(other.verdict, '')} {escape_inline(other.article)}: "
                f"{escape_inline(shorten(other.text, 100))}",
                key=f"{key_prefix}_elsewhere_{other.claim_id}",
                on_click=open_claim,
                args=(other.claim_id,),
                type="tertiary",
            )


# -- views --------------------------------------------------------------------------------
def claim_filter_widgets(report: Report, labels: Mapping[str, str]) -> tables.ClaimFilter:
    options = tables.filter_options(report)
    c1, c2, c3, c4 = st.columns(4)
    articles = c1.multiselect(
        "Article", options["articles"], format_func=lambda d: labels.get(d, d), key="f_article"
    )
    verdicts = c2.multiselect(
        "Verdict", options["verdicts"], format_func=verdict_label, key="f_verdict"
    )
    types = c3.multiselect("Type", options["types"], key="f_type")
    zones = c4.multiselect("Zone", options["zones"], format_func=zone_name, key="f_zone")
    c5, c6, c7 = st.columns([1, 1, 2])
    min_cw = c5.slider("Min. check-worthiness", 0.0, 1.0, 0.0, 0.05, key="f_cw")
    min_conf = c6.slider("Min. confidence", 0.0, 1.0, 0.0, 0.05, key="f_conf")
    text = c7.text_input("Claim text contains", key="f_text")
    return tables.ClaimFilter(
        articles=frozenset(articles),
        verdicts=frozenset(verdicts),
        types=frozenset(types),
        zones=frozenset(zones),
        min_checkworthiness=float(min_cw),
        min_confidence=float(min_conf),
        text=str(text or ""),
    )


def render_claims(
    report: Report,
    filtered: Sequence[CheckedClaim],
    documents: Mapping[str, Document],
    labels: Mapping[str, str],
) -> None:
    st.caption(
        f"Showing {len(filtered)} of {len(report.claims)} claims. Click a row to see its evidence."
    )
    frame = pd.DataFrame(tables.claim_rows(filtered, labels))
    st.session_state["table_ids"] = [c.claim_id for c in filtered]
    if frame.empty:
        st.info("No claim matches these filters.")
    else:
        st.dataframe(
            frame.style.map(verdict_cell_css, subset=["Verdict"]),
            key="claims_table",
            on_select=on_table_select,
            selection_mode="single-row",
            hide_index=True,
            width="stretch",
            height=420,
            column_order=[
                "Verdict",
                "Claim",
                "Article",
                "Type",
                "Zone",
                "Check-worthiness",
                "Confidence",
                "Evidence",
                "Speaker",
            ],
            column_config={
                "Verdict": st.column_config.TextColumn("Verdict", width=175),
                "Claim": st.column_config.TextColumn("Claim", width="large"),
                "Article": st.column_config.TextColumn("Article", width=180),
                "Type": st.column_config.TextColumn("Type", width=110),
                "Zone": st.column_config.TextColumn("Zone", width=70),
                "Check-worthiness": st.column_config.ProgressColumn(
                    "Worthiness",
                    min_value=0.0,
                    max_value=1.0,
                    format="%.2f",
                    width=100,
                    help="check-worthiness",
                ),
                "Confidence": st.column_config.ProgressColumn(
                    "Confidence", min_value=0.0, max_value=1.0, format="%.2f", width=100
                ),
                "Evidence": st.column_config.NumberColumn(
                    "Evidence", help="cited passages", width=75
                ),
                "Speaker": st.column_config.TextColumn("Speaker", width=120),
            },
        )
    by_id = {c.claim_id: c for c in report.claims}
    if st.session_state.get("detail_claim") not in by_id:
        st.session_state.pop("detail_claim", None)
    st.divider()
    st.subheader("Claim detail")
    selected = st.selectbox(
        "Claim",
        list(by_id),
        index=None,
        format_func=lambda cid: (
            f"{VERDICT_ICONS.get(by_id[cid].verdict, '')} {shorten(by_id[cid].text, 110)}"
        ),
        placeholder="Pick a row above, or choose a claim here",
        key="detail_claim",
    )
    if selected is not None:
        render_detail(claim_detail(by_id[selected], documents, report, labels), "detail")


def render_articles(corpus: Corpus, report: Report | None, labels: Mapping[str, str]) -> None:
    if not corpus.documents:
        st.info("No articles in the corpus.")
        return
    doc_id = st.selectbox(
        "Article",
        [d.doc_id for d in corpus.documents],
        format_func=lambda d: labels.get(d, d),
        key="article_doc",
    )
    doc = corpus.get(doc_id) if doc_id else None
    if doc is None:
        return
    st.markdown(f"### {escape_inline(tables.document_title(doc))}")
    line = tables.source_line(doc)
    st.caption(
        escape_inline(f"{line} · {doc.chars:,} characters" if line else f"{doc.chars:,} characters")
    )
    claims = [c for c in report.claims if c.doc_id == doc.doc_id] if report else []
    if report is None:
        st.info("Run the checks to see the claims highlighted.")
    else:
        legend = " ".join(
            f":{VERDICT_COLOURS[v]}-background[{VERDICT_ICONS[v]} {VERDICT_NAMES[v]}]"
            for v in VERDICTS
        )
        st.caption(f"{legend} — the badge after a claim is its number in the list below.")
    numbers = tables.claim_number(report) if report else {}
    text_col, list_col = st.columns([3, 2])
    with text_col:
        for i, block in enumerate(article_blocks(doc, claims, numbers)):
            if block.zone in ("comment", "boilerplate"):
                with st.container(border=True, key=f"article_zone_{i}"):
                    icon = "💬" if block.zone == "comment" else "🧾"
                    st.caption(f"{icon} {zone_name(block.zone)} — set apart, not article text")
                    st.caption(block.markdown)
            else:
                st.markdown(block.markdown)
    with list_col:
        if claims:
            st.markdown(f"**Claims in this article** ({len(claims)}) — click one for its detail")
            with st.container(height=720, border=False, key="article_claims"):
                for claim in sorted(claims, key=lambda c: numbers.get(c.claim_id, 0)):
                    st.button(
                        f"{numbers.get(claim.claim_id, '')} "
                        f"{VERDICT_ICONS.get(claim.verdict, '')} "
                        f"{escape_inline(shorten(claim.text, 90))}",
                        key=f"open_{claim.claim_id}",
                        on_click=open_claim,
                        args=(claim.claim_id,),
                        type="tertiary",
                    )


def render_agreement(report: Report, labels: Mapping[str, str]) -> None:
    st.caption(
        "How many claims of one article (rows) the passages of another (columns) support "
        "or refute, as +supported / −refuted. Green: mostly corroborated; red: mostly "
        "contradicted."
    )
    rows = agreement.agreement_rows(report, labels)
    if not rows:
        st.info("The map needs at least two articles.")
        return
    frame = pd.DataFrame(rows)
    limit = max(1, int(frame[["supports", "refutes"]].to_numpy().max()))
    base = alt.Chart(frame).encode(
        x=alt.X(
            "evidence_from:N",
            title="Evidence from (columns)",
            axis=alt.Axis(labelAngle=-20, labelLimit=170, labelOverlap=False),
        ),
        y=alt.Y(
            "claims_of:N",
            title=None,
            axis=alt.Axis(labelLimit=240, labelOverlap=False),
        ),
    )
    heat = base.mark_rect().encode(
        color=alt.Color(
            "net:Q",
            title="supports − refutes",
            scale=alt.Scale(scheme="redyellowgreen", domain=[-limit, limit]),
        ),
        tooltip=["claims_of", "evidence_from", "supports", "refutes"],
    )
    text = base.mark_text(fontSize=13).encode(text="label:N")
    st.altair_chart((heat + text).properties(height=360), width="stretch", key="agreement_chart")
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
                y=alt.Y("article:N", title=None, axis=alt.Axis(labelLimit=220)),
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


def render_ask(
    pipeline: Pipeline,
    corpus: Corpus,
    report: Report | None,
    documents: Mapping[str, Document],
    labels: Mapping[str, str],
) -> None:
    if not corpus.documents:
        st.info("Add articles first: a typed claim is checked against the corpus.")
        return
    with st.form("ask_form"):
        st.text_area(
            "Type a claim to check against the corpus",
            placeholder="e.g. 130 people were killed in the Paris attacks",
            key="ask_text",
        )
        asked = st.form_submit_button("Check claim", key="ask_submit")
    if asked:
        try:
            with st.spinner("Checking…"):
                result = pipeline.check_text(str(st.session_state.get("ask_text") or ""), corpus)
        except CrosscheckError as exc:
            st.error(escape_inline(str(exc)))
            st.session_state.pop("ask_result", None)
        else:
            st.session_state["ask_result"] = result.model_dump_json()
    raw = st.session_state.get("ask_result")
    if raw:
        result = CheckedClaim.model_validate_json(raw)
        render_detail(claim_detail(result, documents, report, labels), "ask")


def render_export(report: Report, filtered: Sequence[CheckedClaim]) -> None:
    from reports import FORMATS, export

    scope = st.radio(
        "Claims to export",
        ("all", "filtered"),
        format_func=lambda s: (
            f"All claims ({len(report.claims)})"
            if s == "all"
            else f"Filtered claims ({len(filtered)}), as in the Claims view"
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
    st.caption("Every quote in an export equals the article text at its character offsets.")


# -- page ---------------------------------------------------------------------------------
def main() -> None:
    st.session_state.setdefault("corpus_folder", os.environ.get("CROSSCHECK_CORPUS", ""))
    try:
        resolve_settings(None)
    except ConfigError as exc:
        st.title("🔎 crosscheck")
        st.error(f"The environment's settings are invalid: {escape_inline(str(exc))}")
        st.stop()
    settings = settings_sidebar()
    try:
        pipeline = get_pipeline(pipeline_key(settings), settings)
    except CrosscheckError as exc:
        st.title("🔎 crosscheck")
        st.error(f"Cannot build the pipeline: {escape_inline(str(exc))} — fix the settings.")
        st.stop()
    workspace = library.Workspace(settings.data_dir)
    corpus, upload_ids, folder_error = current_corpus(settings, workspace)
    report = current_report(pipeline, corpus) if corpus.documents else None

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
    summary_slot = st.empty()
    if run_clicked and corpus.documents:
        fresh = run_pipeline(pipeline, corpus)
        if fresh is not None:
            report = fresh
            st.session_state["report_memo"] = (pipeline.report_cache_key(corpus), fresh)
            st.session_state["view"] = "Claims"
    summary = f"{len(corpus.documents)} article(s)"
    if report is not None:
        summary += f" · {len(report.claims)} claims · verifier {report.pipeline.get('verifier')}"
    elif corpus.documents:
        summary += " · not checked yet with these settings: press Run checks"
    summary_slot.caption(escape_inline(summary))

    render_header(corpus, report)
    st.session_state.setdefault("view", "Claims" if report is not None else "Corpus")
    documents = {d.doc_id: d for d in corpus.documents}
    labels = tables.article_labels(report.documents if report else corpus.documents)
    tabs = dict(zip(VIEWS, st.tabs(list(VIEWS), key="view", on_change="rerun"), strict=True))

    filtered: list[CheckedClaim] = []
    with tabs["Claims"]:
        if report is None:
            st.info("No results yet for this corpus and these settings: press **Run checks**.")
        else:
            claim_filter = claim_filter_widgets(report, labels)
            filtered = tables.filter_claims(report.claims, claim_filter)
            render_claims(report, filtered, documents, labels)
    with tabs["Corpus"]:
        render_corpus(corpus, upload_ids, folder_error, report, settings, workspace)
    with tabs["Articles"]:
        render_articles(corpus, report, labels)
    with tabs["Agreement map"]:
        if report is None:
            st.info("Run the checks to see which articles corroborate each other.")
        else:
            render_agreement(report, labels)
    with tabs["Ask"]:
        render_ask(pipeline, corpus, report, documents, labels)
    with tabs["Export"]:
        if report is None:
            st.info("Run the checks first.")
        else:
            render_export(report, filtered)


main()
