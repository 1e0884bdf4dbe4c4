"""How verdicts, stances and zones look: icons, colours, labels."""

from __future__ import annotations

from crosscheck.models import VERDICTS, Stance, TimeRelation, VerdictLabel, Zone

VERDICT_ICONS: dict[str, str] = {
    "supported": "✅",
    "refuted": "❌",
    "conflicting": "⚖️",
    "not_enough_evidence": "❔",
    "not_checked": "💬",
}
# Streamlit Markdown palette colours (``:green-background[...]``).
VERDICT_COLOURS: dict[str, str] = {
    "supported": "green",
    "refuted": "red",
    "conflicting": "orange",
    "not_enough_evidence": "gray",
    "not_checked": "blue",
}
# Cell backgrounds for the claims table: translucent, so both themes stay readable.
VERDICT_CELL_CSS: dict[str, str] = {
    "supported": "background-color: rgba(33, 195, 84, 0.22)",
    "refuted": "background-color: rgba(255, 75, 75, 0.22)",
    "conflicting": "background-color: rgba(255, 164, 33, 0.25)",
    "not_enough_evidence": "background-color: rgba(128, 132, 149, 0.18)",
    "not_checked": "background-color: rgba(28, 131, 225, 0.18)",
}
VERDICT_NAMES: dict[str, str] = {
    "supported": "supported",
    "refuted": "refuted",
    "conflicting": "conflicting",
    "not_enough_evidence": "not enough evidence",
    "not_checked": "not checked (opinion)",
}
STANCE_ICONS: dict[str, str] = {"supports": "👍", "refutes": "👎", "neutral": "➖"}
STANCE_COLOURS: dict[str, str] = {"supports": "green", "refutes": "red", "neutral": "gray"}
ZONE_NAMES: dict[str, str] = {
    "body": "article body",
    "quote": "quotation",
    "comment": "reader comment",
    "boilerplate": "boilerplate",
}
TIME_NAMES: dict[str, str] = {
    "same_period": "same period",
    "earlier": "earlier than the claim",
    "later": "later than the claim",
    "unknown": "date unknown",
}


def verdict_label(verdict: VerdictLabel | str) -> str:
    """``'✅ supported'``: the icon and the readable name (plain text)."""
    return f"{VERDICT_ICONS.get(verdict, '•')} {VERDICT_NAMES.get(verdict, verdict)}"


def verdict_from_label(label: str) -> str | None:
    """The verdict a ``verdict_label`` string shows, or None."""
    return next((v for v in VERDICTS if verdict_label(v) == label), None)


def verdict_cell_css(label: str) -> str:
    """CSS for a claims-table cell holding ``verdict_label(v)`` (empty when unknown)."""
    verdict = verdict_from_label(label)
    return VERDICT_CELL_CSS.get(verdict, "") if verdict else ""


def stance_label(stance: Stance | str) -> str:
    return f"{STANCE_ICONS.get(stance, '•')} {stance}"


def zone_name(zone: Zone | str) -> str:
    return ZONE_NAMES.get(zone, zone)


def time_name(relation: TimeRelation | str | None) -> str | None:
    return None if relation is None else TIME_NAMES.get(relation, relation)


def is_fallback(backend: str) -> bool:
    """Whether a claim's verdict came from the offline fallback of a remote backend."""
    return backend != "offline" and "fallback" in backend
