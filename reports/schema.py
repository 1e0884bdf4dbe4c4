"""The JSON Schema of report files, generated from the pydantic models.

``python -m reports.schema`` rewrites the shipped ``reports/schema/report.v1.json``; a test
checks that the committed file equals what this module generates.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from crosscheck.errors import InputError
from crosscheck.models import SCHEMA_MINOR, SCHEMA_VERSION, Report

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / f"report.v{SCHEMA_VERSION}.json"
SCHEMA_ID = f"urn:crosscheck:schema:report:v{SCHEMA_VERSION}"


def report_json_schema() -> dict[str, Any]:
    """The schema every ``report.json`` of this major version validates against."""
    schema = Report.model_json_schema(mode="validation")
    # Pin the major version: a v2 file must fail here, not half-validate.
    schema["properties"]["schema_version"] = {
        "const": SCHEMA_VERSION,
        "title": "Schema Version",
        "description": "Major version; fields of a major version are never renamed.",
    }
    schema["properties"]["schema_minor"]["description"] = (
        f"Minor version (this schema: {SCHEMA_MINOR}); minors only add optional fields."
    )
    schema["required"] = sorted({*schema.get("required", ()), "schema_version"})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def schema_text() -> str:
    return json.dumps(report_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(
        report_json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _path(parts: Sequence[object]) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def validate_report(data: dict[str, Any]) -> None:
    """Raise InputError naming the JSON path of the most relevant schema violation."""
    error = best_match(_validator().iter_errors(data))
    if error is None:
        return
    message = error.message if len(error.message) <= 300 else error.message[:297] + "..."
    raise InputError(f"report JSON invalid at {_path(list(error.absolute_path))}: {message}")


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite the shipped schema file (or the path given as the only argument)."""
    args = list(sys.argv[1:] if argv is None else argv)
    target = Path(args[0]) if args else SCHEMA_PATH
    print(f"wrote {write_schema(target)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
