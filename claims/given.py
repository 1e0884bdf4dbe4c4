"""Claims supplied by the user (``--claims`` file, the Ask box) rather than extracted."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from crosscheck.errors import InputError
from crosscheck.models import Claim, ClaimType


def claim_from_text(
    text: str,
    *,
    claim_id: str | None = None,
    passages: Sequence[str] | None = None,
    titles: Sequence[str | None] | None = None,
) -> Claim:
    """A claim with the same quantity parsing and typing as extracted ones, but no source."""
    from claims.quantities import parse_quantities

    quantities = tuple(parse_quantities(text))
    types: tuple[ClaimType, ...] = ("numeric",) if quantities else ("event",)
    try:
        from claims.claim_types import classify_text

        types = tuple(classify_text(text, quantities)) or types
    except ImportError:
        pass
    from claims.speaker import find_attribution

    # "Kerry said …" typed in the Ask box is checked as what Kerry said, like an extracted one.
    speech = find_attribution(text)
    speaker = speech.speaker if speech is not None and speech.speaker else None
    return Claim(
        claim_id=claim_id or Claim.make_id(None, None, None, text),
        doc_id=None,
        text=text,
        types=types,
        quantities=quantities,
        speaker=speaker,
        attributed=speaker is not None,
        checkworthiness=1.0,
        given_passages=tuple(passages) if passages is not None else None,
        given_titles=tuple(titles) if titles is not None and any(titles) else None,
    )


def _passages(row: dict, where: str) -> tuple[list[str], list[str | None]] | None:
    """A row's passages: each a string, or ``{"text", "title"?}`` naming its source."""
    given = row.get("passages")
    if given is None:
        return None
    bad = InputError(
        f"{where}: 'passages' must be a list of strings or of objects "
        '{"text": ..., "title": ...}'
    )
    if not isinstance(given, list):
        raise bad
    texts: list[str] = []
    titles: list[str | None] = []
    for item in given:
        if isinstance(item, str):
            texts.append(item)
            titles.append(None)
        elif (
            isinstance(item, dict)
            and isinstance(item.get("text"), str)
            and isinstance(item.get("title"), str | None)
            and set(item) <= {"text", "title"}
        ):
            texts.append(item["text"])
            titles.append((item.get("title") or "").strip() or None)
        else:
            raise bad
    return texts, titles


def read_claims_file(path: Path) -> list[Claim]:
    """Parse a JSONL file of ``{"id", "claim", "passages"?}``; errors name the line.

    A passage is a string, or ``{"text": ..., "title": ...}`` with the title of its source:
    the names in that title count as the passage's subject (a page's sentences say "it")."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read claims file {path}: {exc}") from exc
    claims: list[Claim] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise InputError(f"{path}:{number}: expected an object with 'id' and 'claim'")
        claim_id, text = row.get("id"), row.get("claim")
        if not isinstance(claim_id, str) or not claim_id:
            raise InputError(f"{path}:{number}: 'id' must be a non-empty string")
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{path}:{number}: 'claim' must be a non-empty string")
        if claim_id in seen:
            raise InputError(f"{path}:{number}: duplicate id {claim_id!r}")
        seen.add(claim_id)
        given = _passages(row, f"{path}:{number}")
        claims.append(
            claim_from_text(
                text.strip(),
                claim_id=claim_id,
                passages=given[0] if given else None,
                titles=given[1] if given else None,
            )
        )
    if not claims:
        raise InputError(f"{path}: no claims found")
    return claims
