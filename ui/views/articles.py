"""The Articles view: an article's text with its claims highlighted; an evidence card's
'Open in article' lands here with that passage shown first and highlighted."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from crosscheck.models import VERDICTS, Corpus, Report
from ui import tables
from ui.article import article_blocks
from ui.text import escape_inline, quote_in_context, shorten
from ui.verdicts import VERDICT_COLOURS, VERDICT_ICONS, VERDICT_NAMES, zone_name
from ui.views.state import open_claim


def render_articles(corpus: Corpus, report: Report | None, labels: Mapping[str, str]) -> None:
    if not corpus.documents:
        st.info("No articles in the corpus.")
        return
    ids = [d.doc_id for d in corpus.documents]
    if st.session_state.get("article_doc") not in ids:
        st.session_state.pop("article_doc", None)
    doc_id = st.selectbox("Article", ids, format_func=lambda d: labels.get(d, d), key="article_doc")
    doc = corpus.get(doc_id) if doc_id else None
    if doc is None:
        return
    st.markdown(f"### {escape_inline(tables.document_title(doc))}")
    line = tables.source_line(doc) or "—"
    st.caption(escape_inline(f"{line} · {doc.chars:,} characters"))
    focus = st.session_state.get("article_focus")
    if focus and focus[0] == doc.doc_id and 0 <= focus[1] < focus[2] <= doc.chars:
        with st.container(border=True, key="article_passage"):
            st.caption("📍 The cited passage, in its paragraph (also highlighted below)")
            st.markdown(quote_in_context(doc.text, focus[1], focus[2], "violet", max_chars=900))
            st.button(
                "Close",
                key="article_passage_close",
                type="tertiary",
                on_click=lambda: st.session_state.pop("article_focus", None),
            )
    claims = [c for c in report.claims if c.doc_id == doc.doc_id] if report else []
    if report is None:
        st.info("Run the checks to see the claims highlighted.")
    else:
        legend = " ".join(
            f":{VERDICT_COLOURS[v]}-background[{VERDICT_ICONS[v]} {VERDICT_NAMES[v]}]"
            for v in VERDICTS
        )
        st.caption(f"{legend} — the badge after a claim is its number in the list beside.")
    numbers = tables.claim_number(report) if report else {}
    text_col, list_col = st.columns([3, 2])
    with text_col, st.container(height=760, border=False, key="article_text"):
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
