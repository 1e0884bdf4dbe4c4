"""An article as blocks of safe Markdown: zones set apart, claims painted by verdict."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from crosscheck.models import CheckedClaim, Document, Zone
from ui.text import Highlight, highlight_markdown
from ui.verdicts import VERDICT_COLOURS


@dataclass(frozen=True)
class ArticleBlock:
    """A run of the article in one zone, as escaped Markdown with claim highlights."""

    zone: Zone
    start: int
    end: int
    markdown: str
    claim_ids: tuple[str, ...]


def zone_runs(document: Document) -> list[tuple[int, int, Zone]]:
    """The document cut into consecutive runs of one zone, covering all its text."""
    text_len = len(document.text)
    runs: list[tuple[int, int, Zone]] = []
    pos = 0
    for span in sorted(document.zones, key=lambda s: (s.start, s.end)):
        start, end = max(span.start, pos), min(span.end, text_len)
        if end <= start:
            continue
        if start > pos:
            runs.append((pos, start, "body"))
        runs.append((start, end, span.zone))
        pos = end
    if pos < text_len:
        runs.append((pos, text_len, "body"))
    merged: list[tuple[int, int, Zone]] = []
    for run in runs:
        # quotes sit inside the body's flow; only comments and boilerplate stand apart
        zone: Zone = "body" if run[2] == "quote" else run[2]
        if merged and merged[-1][2] == zone and merged[-1][1] == run[0]:
            merged[-1] = (merged[-1][0], run[1], zone)
        else:
            merged.append((run[0], run[1], zone))
    return merged


def claim_highlights(
    claims: Sequence[CheckedClaim], numbers: Mapping[str, int]
) -> list[tuple[Highlight, str]]:
    """A highlight per claim with a source span, numbered, coloured by its verdict."""
    out: list[tuple[Highlight, str]] = []
    for claim in claims:
        if claim.source is None or claim.source.end <= claim.source.start:
            continue
        number = numbers.get(claim.claim_id)
        out.append(
            (
                Highlight(
                    claim.source.start,
                    claim.source.end,
                    VERDICT_COLOURS.get(claim.verdict, "gray"),
                    str(number) if number is not None else None,
                ),
                claim.claim_id,
            )
        )
    return out


def article_blocks(
    document: Document, claims: Sequence[CheckedClaim], numbers: Mapping[str, int]
) -> list[ArticleBlock]:
    """The whole article in zone blocks, each claim highlighted where it was found."""
    own = [c for c in claims if c.doc_id == document.doc_id]
    highlights = claim_highlights(own, numbers)
    blocks: list[ArticleBlock] = []
    for start, end, zone in zone_runs(document):
        inside = [(h, cid) for h, cid in highlights if h.start < end and h.end > start]
        text = document.text[start:end]
        if not text.strip():
            continue
        blocks.append(
            ArticleBlock(
                zone=zone,
                start=start,
                end=end,
                markdown=highlight_markdown(text, [h for h, _ in inside], offset=start),
                claim_ids=tuple(cid for _, cid in inside),
            )
        )
    return blocks
