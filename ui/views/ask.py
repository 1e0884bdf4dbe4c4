"""The Ask view: a typed claim checked against the corpus."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from crosscheck.errors import CrosscheckError
from crosscheck.models import CheckedClaim, Corpus, Document, Report
from ui.detail import claim_detail
from ui.text import escape_inline
from ui.views.detail import render_detail

CheckText = Callable[[str, Corpus], CheckedClaim]


def render_ask(
    check_text: CheckText,
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
                result = check_text(str(st.session_state.get("ask_text") or ""), corpus)
        except CrosscheckError as exc:
            st.error(escape_inline(str(exc)))
            st.session_state.pop("ask_result", None)
        else:
            st.session_state["ask_result"] = result.model_dump_json()
    raw = st.session_state.get("ask_result")
    if raw:
        result = CheckedClaim.model_validate_json(raw)
        render_detail(claim_detail(result, documents, report, labels), "ask")
