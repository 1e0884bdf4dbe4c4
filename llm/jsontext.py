"""Find the JSON object in a model's plain-text answer (code fences, prose around it)."""

from __future__ import annotations

import json
import re
from typing import Any

from crosscheck.errors import BackendError

_FENCE = re.compile(r"```[a-zA-Z0-9_-]*\s*\n?(.*?)```", re.DOTALL)


def parse_json_object(text: str) -> dict[str, Any]:
    """The first JSON object in ``text``.

    Tries, in order: the whole text, each fenced code block, then every ``{`` from the left
    decoded with ``raw_decode`` (which stops at the object's end, so trailing prose is fine).
    """
    stripped = text.strip()
    if not stripped:
        raise BackendError("model returned no content")
    candidates = [stripped, *(m.group(1).strip() for m in _FENCE.finditer(stripped))]
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    decoder = json.JSONDecoder()
    for match in re.finditer(r"\{", stripped):
        try:
            value, _ = decoder.raw_decode(stripped, match.start())
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    raise BackendError("model answer contains no valid JSON object")
