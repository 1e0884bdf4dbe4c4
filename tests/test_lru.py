"""The bounded caches: what is kept, what is forgotten, and that the reader's stays bounded."""

from __future__ import annotations

import pytest

from crosscheck.errors import ConfigError
from crosscheck.lru import LRU
from verification.statements import StatementReader


def test_the_least_recently_used_entry_goes_first() -> None:
    cache: LRU[str, int] = LRU(2)
    cache["a"] = 1
    cache["b"] = 2
    assert cache.get("a") == 1  # "a" is now the most recent
    cache["c"] = 3
    assert "b" not in cache
    assert cache.get("a") == 1 and cache.get("c") == 3
    assert len(cache) == 2


def test_a_cache_without_room_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError):
        LRU(0)


def _no_entities(texts: list[str]) -> list[list[tuple[str, str, int, int]]]:
    return [[] for _ in texts]


def test_the_statement_reader_forgets_beyond_its_size_and_still_answers() -> None:
    reader = StatementReader(cache_size=3, quantity_parser=lambda text: [])
    reader._entities = _no_entities  # type: ignore[method-assign]  # no spaCy: slots only
    texts = [f"The council met in town number {i} on Tuesday." for i in range(10)]
    statements = reader.read_many(texts + texts[:2])
    assert [s.text for s in statements] == texts + texts[:2]
    assert len(reader._cache) == 3
