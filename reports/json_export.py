"""The report as schema-v1 JSON: the lossless format the other tools read back."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from crosscheck.errors import InputError
from crosscheck.models import SCHEMA_VERSION, Report


def report_to_dict(report: Report) -> dict[str, Any]:
    """JSON-ready data in model field order (stable across runs); pipeline keys sorted."""
    data = report.model_dump(mode="json")
    data["pipeline"] = dict(sorted(data["pipeline"].items()))
    # Optional fields added within v1 are written only when set, so older readers and
    # reports without them stay byte-identical.
    if not data["warnings"]:
        del data["warnings"]
    for document in data["documents"]:
        if document.get("encoding") is None:
            document.pop("encoding", None)
    for claim in data["claims"]:
        if claim.get("review") is None:
            claim.pop("review", None)  # optional: unreviewed claims read as before 1.1
    return data


def report_to_json(report: Report) -> str:
    """Indented UTF-8 JSON text (non-ASCII kept readable), ending with a newline."""
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"


def render_json(report: Report) -> bytes:
    return report_to_json(report).encode("utf-8")


def _location(loc: tuple[int | str, ...]) -> str:
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def report_from_json(text: str | bytes) -> Report:
    """Read a report written by :func:`report_to_json`; malformed input raises InputError."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"report JSON is not UTF-8: {exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"report is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from exc
    if not isinstance(data, dict):
        raise InputError(f"report JSON must be an object, not {type(data).__name__}")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise InputError(
            f"unsupported report schema_version {version!r}; this version reads {SCHEMA_VERSION}"
        )
    try:
        return Report.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(
            f"report JSON invalid at {_location(tuple(first['loc']))}: {first['msg']}"
        ) from exc
