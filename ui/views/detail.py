"""The claim detail: the claim in its paragraph, the verdict, numbers, evidence cards."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from crosscheck.models import EditorReview
from ui.detail import ClaimDetail, EvidenceCard
from ui.intervals import IntervalRow
from ui.text import escape_inline, escape_markdown, shorten
from ui.verdicts import (
    STANCE_ICONS,
    VERDICT_COLOURS,
    VERDICT_ICONS,
    stance_label,
    time_name,
    verdict_label,
    zone_name,
)
from ui.views.state import open_article, open_claim

MISSING = "—"
MARKS = (None, "wrong", "irrelevant")
MARK_NAMES = {None: "Passage is fine", "wrong": "⚠️ Wrong passage", "irrelevant": "🚫 Irrelevant"}
INTERVAL_COLUMNS = {
    "Comparison": st.column_config.TextColumn("Comparison", width=115),
    "Claim says": st.column_config.TextColumn("Claim says", width=160),
    "Claim interval": st.column_config.TextColumn("Claim interval", width=130),
    "Evidence interval": st.column_config.TextColumn("Evidence interval", width=130),
    "Evidence says": st.column_config.TextColumn("Evidence says", width=190),
    "Evidence from": st.column_config.TextColumn("Evidence from", width="medium"),
}
# Called with (evidence index, mark or None) when an editor marks a passage.
MarkPassage = Callable[[int, str | None], None]


def _mark_of(review: EditorReview | None, card: EvidenceCard, span: tuple[int, int]) -> str | None:
    if review is None:
        return None
    for flag in review.passage_flags:
        if (flag.doc_id, flag.start, flag.end) == (card.doc_id, *span):
            return flag.mark
    return None


def render_card(
    card: EvidenceCard,
    index: int,
    key: str,
    span: tuple[int, int],
    mark: str | None = None,
    on_mark: MarkPassage | None = None,
) -> None:
    """One passage: where it comes from, its stance, the quote in context, the editor's mark."""
    with st.container(border=True, key=key):
        parts = [
            card.published.isoformat() if card.published else "date unknown",
            zone_name(card.zone),
            stance_label(card.stance),
            f"relevance {card.score:.2f}",
        ]
        relation = time_name(card.time_relation)
        if relation:
            parts.append(f"time: {relation}")
        st.markdown(
            f"**[{index + 1}]** {STANCE_ICONS.get(card.stance, '')} **{escape_inline(card.title)}**"
        )
        st.caption(escape_inline(" · ".join(parts)))
        if card.note:
            st.caption(escape_inline(card.note))
        st.markdown(card.context_markdown)
        cols = st.columns([1, 1], vertical_alignment="center")
        cols[0].button(
            "📄 Open in article",
            key=f"{key}_open",
            on_click=open_article,
            args=(card.doc_id, *span),
            type="tertiary",
        )
        if on_mark is not None:
            # The key carries the stored mark, so an undo (or another session) resets it.
            widget = f"{key}_mark" if mark is None else f"{key}_mark_{mark}"
            cols[1].selectbox(
                "Editor's mark",
                MARKS,
                index=MARKS.index(mark),
                format_func=lambda m: MARK_NAMES[m],
                key=widget,
                label_visibility="collapsed",
                on_change=lambda: on_mark(index, st.session_state[widget]),
            )
        elif mark:
            cols[1].caption(MARK_NAMES[mark])


def render_detail(detail: ClaimDetail, key_prefix: str, on_mark: MarkPassage | None = None) -> None:
    claim = detail.claim
    st.markdown(f"#### {VERDICT_ICONS.get(claim.verdict, '')} {escape_inline(claim.text)}")
    meta = [f"📰 {detail.article or MISSING}"]
    meta.append(f"📅 {detail.published.isoformat() if detail.published else MISSING}")
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
    line = (
        f"**Machine verdict:** :{colour}-background[{escape_inline(verdict_label(claim.verdict))}]"
    )
    if claim.verdict != "not_checked":  # an opinion has no confidence to show
        line += f" — confidence {claim.confidence:.0%}"
    st.markdown(line)
    if detail.rationale:
        st.markdown(escape_markdown(detail.rationale))
    if detail.fallback:
        st.warning(
            f"The LLM backend failed here; the offline verifier decided "
            f"(backend: {escape_inline(claim.backend)})."
        )
    _numbers(detail, key_prefix)
    if detail.cards:
        st.markdown(f"**Evidence from other articles** ({len(detail.cards)})")
    elif claim.verdict != "not_checked":
        st.info("No passage of another article bears on this claim.")
    spans = [(e.start, e.end) for e in claim.evidence]
    decisive = [(i, c) for i, c in enumerate(detail.cards) if c.stance != "neutral"]
    neutral = [(i, c) for i, c in enumerate(detail.cards) if c.stance == "neutral"]
    for i, card in decisive:
        mark = _mark_of(claim.review, card, spans[i])
        render_card(card, i, f"{key_prefix}_card_{i}", spans[i], mark, on_mark)
    if neutral:
        with st.expander(
            f"{len(neutral)} passage(s) retrieved that neither support nor refute it",
            expanded=not decisive,
            key=f"{key_prefix}_neutral",
        ):
            for i, card in neutral:
                mark = _mark_of(claim.review, card, spans[i])
                render_card(card, i, f"{key_prefix}_card_{i}", spans[i], mark, on_mark)
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


def _interval_table(rows: Sequence[IntervalRow], key: str) -> None:
    st.dataframe(
        pd.DataFrame([row.record() for row in rows]),
        hide_index=True,
        width="stretch",
        key=key,
        column_config=INTERVAL_COLUMNS,
    )


def _numbers(detail: ClaimDetail, key_prefix: str) -> None:
    if not (detail.intervals or detail.other_numbers):
        return
    st.markdown("**Numbers compared** (what the claim says against what the evidence says)")
    if detail.intervals:
        _interval_table(detail.intervals, f"{key_prefix}_intervals")
    else:
        st.caption("No number in the evidence counts the same thing as the claim's.")
    if detail.other_numbers:
        with st.expander(
            f"Other numbers in the evidence, about something else ({len(detail.other_numbers)})",
            key=f"{key_prefix}_other_numbers",
        ):
            _interval_table(detail.other_numbers, f"{key_prefix}_other_numbers_table")
