"""Session-state conventions the views share: the selected claim, flashes, the tab."""

from __future__ import annotations

import streamlit as st

SELECTED = "selected_claim"
JUMP = "jump_to_selected"  # the list pages to the selection (set by links, not paging)


def flash(level: str, message: str) -> None:
    """Queue an already-escaped Markdown message for the next rendering."""
    st.session_state.setdefault("flash", []).append((level, message))


def show_flash() -> None:
    for level, message in st.session_state.pop("flash", []):
        show = {"success": st.success, "error": st.error, "warning": st.warning}
        show.get(level, st.info)(message)


def select_claim(claim_id: str | None, *, view: str | None = None) -> None:
    """Make ``claim_id`` the claim in the detail pane (and the URL's ``?claim=``)."""
    st.session_state[SELECTED] = claim_id
    st.session_state[JUMP] = True
    if claim_id:
        st.query_params["claim"] = claim_id
    else:
        st.query_params.pop("claim", None)
    if view:
        st.session_state["view"] = view


def open_claim(claim_id: str) -> None:
    """Callback: show this claim in the Claims view."""
    select_claim(claim_id, view="Claims")


def open_article(doc_id: str, start: int, end: int) -> None:
    """Callback: the Articles view on this article, scrolled to [start, end)."""
    st.session_state["article_doc"] = doc_id
    st.session_state["article_focus"] = (doc_id, start, end)
    st.session_state["view"] = "Articles"


def apply_deep_link(known: set[str]) -> None:
    """``?claim=<id>`` in the URL opens that claim (a link an editor can share)."""
    wanted = st.query_params.get("claim")
    if wanted and wanted in known and wanted != st.session_state.get(SELECTED):
        st.session_state[SELECTED] = wanted
        st.session_state[JUMP] = True
        st.session_state["view"] = "Claims"
