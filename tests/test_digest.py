from __future__ import annotations

from pathlib import Path

import pytest

from crosscheck import digest


def test_digest_changes_with_the_code_and_not_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(digest, "ROOT", tmp_path)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "a.py").write_text("X = 1\n")
    (tmp_path / "rules" / "notes.txt").write_text("not code\n")
    (tmp_path / "one.py").write_text("Y = 2\n")
    digest.source_digest.cache_clear()
    first = digest.source_digest(("rules", "one.py"))
    digest.source_digest.cache_clear()
    assert digest.source_digest(("rules", "one.py")) == first
    (tmp_path / "rules" / "notes.txt").write_text("still not code\n")
    digest.source_digest.cache_clear()
    assert digest.source_digest(("rules", "one.py")) == first
    (tmp_path / "rules" / "a.py").write_text("X = 2\n")
    digest.source_digest.cache_clear()
    assert digest.source_digest(("rules", "one.py")) != first
    digest.source_digest.cache_clear()
