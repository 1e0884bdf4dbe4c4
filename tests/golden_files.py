"""Golden-file comparison: ``UPDATE_GOLDEN=1 pytest tests/test_reports_golden.py`` rewrites."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"


def assert_golden(name: str, actual: bytes) -> None:
    """Fail with a unified diff when ``actual`` differs from ``tests/golden/<name>``."""
    path = GOLDEN_DIR / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
        return
    if not path.is_file():
        pytest.fail(f"golden file {path} is missing; run the tests with UPDATE_GOLDEN=1")
    expected = path.read_bytes()
    if actual == expected:
        return
    diff = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(),
        actual.decode("utf-8", "replace").splitlines(),
        fromfile=f"golden/{name}",
        tofile="rendered",
        lineterm="",
    )
    shown = list(diff)
    text = "\n".join(shown[:150])
    if len(shown) > 150:
        text += f"\n... {len(shown) - 150} more diff lines"
    if not shown:  # same lines: the difference is in line endings or a BOM
        text = f"byte difference only (lengths {len(expected)} vs {len(actual)})"
    pytest.fail(
        f"{name} differs from the golden file (UPDATE_GOLDEN=1 to accept):\n{text}",
        pytrace=False,
    )
