"""The editor's review panel: accept or override the verdict, note, status, undo."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from crosscheck.errors import CrosscheckError
from crosscheck.models import VERDICTS, CheckedClaim, Report
from review import ReviewStore
from ui.text import escape_inline
from ui.triage import review_progress
from ui.verdicts import verdict_label
from ui.views.state import flash, show_flash

STATUSES = ("unreviewed", "reviewed", "needs_follow_up")
STATUS_NAMES = {
    "unreviewed": "Unreviewed",
    "reviewed": "Reviewed",
    "needs_follow_up": "Needs follow-up",
    "stale": "Stale (claim or evidence changed)",
}
ACCEPT = "accept"


@dataclass(frozen=True)
class ReviewContext:
    """The store and the report whose claims carry their reviews."""

    store: ReviewStore
    report: Report

    def claim(self, claim_id: str) -> CheckedClaim | None:
        return next((c for c in self.report.claims if c.claim_id == claim_id), None)


def _apply(ctx: ReviewContext, claim_id: str, action: str, **changes: object) -> None:
    claim = ctx.claim(claim_id)
    if claim is None:
        return
    try:
        ctx.store.update(ctx.report, claim, action, **changes)
    except (CrosscheckError, ValueError) as exc:
        flash("error", f"Review not saved: {escape_inline(str(exc))}")


def accept(ctx: ReviewContext, claim_id: str) -> None:
    _apply(ctx, claim_id, "accepted the verdict", status="reviewed", verdict=None, confidence=None)


def follow_up(ctx: ReviewContext, claim_id: str) -> None:
    _apply(ctx, claim_id, "marked for follow-up", status="needs_follow_up")


def save_form(ctx: ReviewContext, claim_id: str) -> None:
    """Callback of the review form: the chosen verdict, confidence, status and note."""
    state = st.session_state
    choice = state.get(f"rv_verdict_{claim_id}", ACCEPT)
    percent = state.get(f"rv_conf_{claim_id}")
    status = state.get(f"rv_status_{claim_id}", "reviewed")
    if status == "unreviewed":
        status = "reviewed"  # saving a decision is reviewing it
    _apply(
        ctx,
        claim_id,
        "saved the review",
        status=status,
        verdict=None if choice == ACCEPT else choice,
        confidence=None if percent is None else float(percent) / 100,
        note=str(state.get(f"rv_note_{claim_id}") or ""),
    )


def mark_passage(ctx: ReviewContext, claim_id: str, index: int, mark: str | None) -> None:
    claim = ctx.claim(claim_id)
    if claim is not None:
        try:
            ctx.store.flag_passage(ctx.report, claim, index, mark)  # type: ignore[arg-type]
        except CrosscheckError as exc:
            flash("error", escape_inline(str(exc)))


def undo(ctx: ReviewContext) -> None:
    action = ctx.store.undo()
    if action:
        flash("success", f"Undone: {escape_inline(action)}.")


def progress_line(claims: Sequence[CheckedClaim], minimum: float) -> str:
    done, total = review_progress(claims, minimum)
    return f"{done} of {total} check-worthy claims reviewed"


def render_undo(ctx: ReviewContext) -> None:
    last = ctx.store.last_action()
    if last:
        st.button(
            f"↶ Undo: {last}",
            key="review_undo",
            on_click=undo,
            args=(ctx,),
            shortcut="U",
            type="tertiary",
            help="Undo the last review action (key U).",
        )


def render_review(ctx: ReviewContext, claim: CheckedClaim) -> None:
    """The panel beside the detail. Keys A (accept) and F (follow-up) work from anywhere."""
    show_flash()
    review = claim.review
    cid = claim.claim_id
    with st.container(border=True, key="review_panel"):
        st.markdown("**Editor's review**")
        if review is not None and review.stale:
            st.warning(
                "This review was written before the claim or its evidence changed: "
                "check it again and save."
            )
        if review is not None:
            final = verdict_label(review.final_verdict)
            said = (
                f"{final} (machine: {verdict_label(review.machine_verdict)})"
                if review.overridden
                else f"{final} (accepted)"
            )
            st.caption(
                escape_inline(
                    f"{STATUS_NAMES[review.status]} · editor: {said} · "
                    f"{review.reviewed_at:%Y-%m-%d %H:%M} UTC"
                )
            )
        else:
            st.caption("Unreviewed.")
        quick = st.columns(2)
        quick[0].button(
            "✔ Accept machine verdict",
            key="review_accept",
            on_click=accept,
            args=(ctx, cid),
            shortcut="A",
            help="Key A",
        )
        quick[1].button(
            "🚩 Needs follow-up",
            key="review_follow_up",
            on_click=follow_up,
            args=(ctx, cid),
            shortcut="F",
            help="Key F",
        )
        options = [ACCEPT, *[v for v in VERDICTS if v != claim.verdict]]
        current = review.verdict if review is not None and review.overridden else ACCEPT
        with st.form(f"review_form_{cid}", border=False):
            st.selectbox(
                "Verdict",
                options,
                index=options.index(current) if current in options else 0,
                format_func=lambda v: (
                    f"Accept: {verdict_label(claim.verdict)}"
                    if v == ACCEPT
                    else f"Override: {verdict_label(v)}"
                ),
                key=f"rv_verdict_{cid}",
            )
            st.number_input(
                "Editor's confidence, % (optional)",
                0,
                100,
                value=None
                if review is None or review.confidence is None
                else round(review.confidence * 100),
                step=5,
                key=f"rv_conf_{cid}",
            )
            st.radio(
                "Status",
                STATUSES,
                index=STATUSES.index(review.status if review is not None else "reviewed"),
                format_func=lambda s: STATUS_NAMES[s],
                horizontal=True,
                key=f"rv_status_{cid}",
            )
            st.text_area(
                "Note",
                value=review.note if review is not None else "",
                placeholder="Why: sources called, what the evidence does not say…",
                key=f"rv_note_{cid}",
            )
            st.form_submit_button(
                "Save review",
                key=f"rv_save_{cid}",
                type="primary",
                on_click=save_form,
                args=(ctx, cid),
                shortcut="Ctrl+Enter",
            )
        render_undo(ctx)
