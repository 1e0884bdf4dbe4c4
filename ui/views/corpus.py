"""The Corpus view: the working set of articles, uploads, and removal (confirmed, undoable)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from crosscheck.errors import CorpusError
from crosscheck.models import Corpus, Report
from ui import library, tables
from ui.text import escape_inline
from ui.views.state import flash, show_flash

FolderReader = Callable[[str, str, int], Corpus]


@dataclass(frozen=True)
class WorkingCorpus:
    corpus: Corpus
    upload_ids: set[str] = field(default_factory=set)
    folder_error: str | None = None


def current_corpus(
    read_folder: FolderReader, max_bytes: int, workspace: library.Workspace
) -> WorkingCorpus:
    """Folder + uploads − removed; ``read_folder(path, signature, max_bytes)`` caches."""
    folder_text = str(st.session_state.get("corpus_folder", "")).strip()
    parts: list[Corpus] = []
    error = None
    if folder_text:
        folder = Path(folder_text).expanduser()
        try:
            parts.append(
                read_folder(str(folder.resolve()), library.folder_signature(folder), max_bytes)
            )
        except CorpusError as exc:
            error = str(exc)
    uploads = Corpus()
    if workspace.uploads.is_dir():
        uploads = read_folder(
            str(workspace.uploads), library.folder_signature(workspace.uploads), max_bytes
        )
    parts.append(uploads)
    corpus = library.merge_corpora(parts, library.read_excluded(workspace.state_file))
    return WorkingCorpus(corpus, {d.doc_id for d in uploads.documents}, error)


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


def ask_remove() -> None:
    """Callback: the Remove button only asks; the removal waits for confirmation."""
    if st.session_state.get("remove_select"):
        st.session_state["remove_pending"] = list(st.session_state["remove_select"])
    else:
        flash("warning", "Pick the articles to remove first.")


def confirm_remove(working: WorkingCorpus, workspace: library.Workspace) -> None:
    chosen = set(st.session_state.pop("remove_pending", []) or [])
    docs = [d for d in working.corpus.documents if d.doc_id in chosen]
    result = library.remove_articles(docs, working.upload_ids, workspace)
    st.session_state["last_removal"] = result
    names = ", ".join(escape_inline(tables.document_title(d)) for d in docs)
    flash("success", f"Removed {len(docs)} article(s): {names}. Undo puts them back.")
    st.session_state["remove_select"] = []


def cancel_remove() -> None:
    st.session_state.pop("remove_pending", None)


def undo_remove(workspace: library.Workspace) -> None:
    removal = st.session_state.pop("last_removal", None)
    if removal is not None:
        library.undo_removal(removal, workspace)
        flash("success", "Removal undone: the articles are back.")


def restore_removed(workspace: library.Workspace) -> None:
    library.write_excluded(workspace.state_file, [])
    flash("success", "Removed folder articles are back.")


def render_corpus(
    working: WorkingCorpus, report: Report | None, max_bytes: int, workspace: library.Workspace
) -> None:
    corpus = working.corpus
    show_flash()
    st.text_input(
        "Corpus folder",
        key="corpus_folder",
        placeholder="/path/to/articles (leave empty to use uploaded articles only)",
        help="Every .txt, .md, .html, .pdf and .docx file under this folder is an article.",
    )
    if working.folder_error:
        st.error(f"Folder not used: {escape_inline(working.folder_error)}")
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

    with st.form("upload_form", clear_on_submit=True):
        st.file_uploader(
            f"Add articles (.txt, .md, .html, .pdf, .docx — up to "
            f"{library.format_bytes(max_bytes)} each)",
            type=[s.lstrip(".") for s in library.UPLOAD_SUFFIXES],
            accept_multiple_files=True,
            key="upload_files",
        )
        st.form_submit_button(
            "Add to corpus",
            key="upload_submit",
            on_click=add_uploads,
            args=(workspace, max_bytes),
        )
    st.caption(f"Uploads are kept in {escape_inline(str(workspace.uploads))}.")
    _removal(working, workspace)


def _removal(working: WorkingCorpus, workspace: library.Workspace) -> None:
    corpus = working.corpus
    if corpus.documents:
        labels = tables.article_labels(corpus.documents)
        cols = st.columns([4, 1], vertical_alignment="bottom")
        cols[0].multiselect(
            "Remove articles",
            [d.doc_id for d in corpus.documents],
            format_func=lambda doc_id: labels.get(doc_id, doc_id),
            key="remove_select",
        )
        cols[1].button("Remove", key="remove_button", on_click=ask_remove)
        pending = st.session_state.get("remove_pending")
        if pending:
            names = ", ".join(escape_inline(labels.get(d, d)) for d in pending)
            st.warning(f"Remove {len(pending)} article(s) from the corpus? {names}")
            yes, no = st.columns(2)
            yes.button(
                "Yes, remove",
                key="remove_confirm",
                type="primary",
                on_click=confirm_remove,
                args=(working, workspace),
            )
            no.button("Cancel", key="remove_cancel", on_click=cancel_remove)
    if st.session_state.get("last_removal") is not None:
        st.button("↶ Undo removal", key="remove_undo", on_click=undo_remove, args=(workspace,))
    if library.read_excluded(workspace.state_file):
        st.button(
            "Restore removed folder articles",
            key="restore_button",
            on_click=restore_removed,
            args=(workspace,),
        )
