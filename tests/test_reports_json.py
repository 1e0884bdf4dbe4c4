"""JSON export: lossless round trip, the shipped schema, clear errors for broken files."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from report_factory import ARABIC_NAME, EMOJI, SCRIPT, make_report

from crosscheck.errors import InputError
from crosscheck.models import SCHEMA_MINOR, SCHEMA_VERSION, Report
from reports.json_export import report_from_json, report_to_dict, report_to_json
from reports.schema import SCHEMA_PATH, report_json_schema, schema_text, validate_report


def _data() -> dict[str, Any]:
    return json.loads(report_to_json(make_report()))


def test_round_trip_gives_an_equal_report() -> None:
    report = make_report()
    assert report_from_json(report_to_json(report)) == report


def test_round_trip_from_utf8_bytes_with_bom() -> None:
    report = make_report()
    text = report_to_json(report)
    assert report_from_json(("\ufeff" + text).encode("utf-8")) == report


def test_json_is_readable_utf8_with_version_fields_first() -> None:
    text = report_to_json(make_report())
    assert ARABIC_NAME in text and EMOJI in text and SCRIPT in text  # not \u-escaped
    assert text.startswith('{\n  "schema_version": 1,\n  "schema_minor": 1,\n')
    assert text.endswith("}\n")
    data = json.loads(text)
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["schema_minor"] == SCHEMA_MINOR


def test_pipeline_keys_are_sorted_whatever_the_insertion_order() -> None:
    report = make_report().model_copy(update={"pipeline": {"z": "1", "a": "2"}})
    assert list(report_to_dict(report)["pipeline"]) == ["a", "z"]


def test_report_validates_against_the_shipped_schema_file() -> None:
    shipped = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(shipped).iter_errors(_data()))
    assert errors == []
    validate_report(_data())


def test_shipped_schema_file_equals_the_generated_one() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "reports/schema/report.v1.json is stale: run `python -m reports.schema`"
    )


def test_schema_pins_the_major_version() -> None:
    schema = report_json_schema()
    assert schema["properties"]["schema_version"]["const"] == 1
    assert "schema_version" in schema["required"]
    Draft202012Validator.check_schema(schema)


def test_schema_module_rewrites_the_file_when_run(tmp_path: Path) -> None:
    target = tmp_path / "report.v1.json"
    done = subprocess.run(
        [sys.executable, "-W", "error", "-m", "reports.schema", str(target)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8") == schema_text()


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["claims"][1].__setitem__("verdict", "maybe"), "$.claims[1].verdict"),
        (lambda d: d["claims"][0]["evidence"][0].pop("quote"), "$.claims[0].evidence[0]"),
        (lambda d: d["documents"][2].__setitem__("published", "14/11/2015"), "published"),
        (lambda d: d.__setitem__("schema_version", 2), "$.schema_version"),
        (lambda d: d.pop("generated_at"), "$"),
        (lambda d: d["claims"][0].__setitem__("surprise", 1), "$.claims[0]"),
    ],
)
def test_broken_report_fails_validation_naming_the_path(mutate: Any, path: str) -> None:
    data = copy.deepcopy(_data())
    mutate(data)
    with pytest.raises(InputError, match="report JSON invalid at") as caught:
        validate_report(data)
    assert path in str(caught.value)


def test_validation_error_names_the_offending_value() -> None:
    data = _data()
    data["claims"][1]["verdict"] = "maybe"
    with pytest.raises(InputError, match=r"\$\.claims\[1\]\.verdict: 'maybe' is not one of"):
        validate_report(data)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be an object"),
        ('{"schema_version": 2}', "unsupported report schema_version 2"),
        ('{"schema_minor": 0}', "unsupported report schema_version None"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_report_from_json_rejects_malformed_input(text: str | bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        report_from_json(text)


def test_report_from_json_names_the_invalid_field() -> None:
    data = _data()
    data["claims"][0]["confidence"] = "high"
    with pytest.raises(InputError, match=r"\$\.claims\[0\]\.confidence"):
        report_from_json(json.dumps(data))
    data = _data()
    data["claims"][0]["evidence"][1]["stance"] = "agrees"
    with pytest.raises(InputError, match=r"\$\.claims\[0\]\.evidence\[1\]\.stance"):
        report_from_json(json.dumps(data))


def test_empty_report_round_trips_and_validates() -> None:
    report = Report(generated_at=make_report().generated_at)
    validate_report(json.loads(report_to_json(report)))
    assert report_from_json(report_to_json(report)) == report
