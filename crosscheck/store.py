"""A small persistent key-value store (SQLite) for cached stage results."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Mapping
from pathlib import Path


def open_sqlite(path: Path | None, schema: str) -> sqlite3.Connection:
    """A connection shareable between threads (callers hold a lock), ``schema`` applied;
    in memory when ``path`` is None."""
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    # Worker processes write to the same files: wait for a lock rather than fail.
    conn = sqlite3.connect(
        str(path) if path is not None else ":memory:", check_same_thread=False, timeout=60.0
    )
    if path is not None:
        # One small write per verdict: a write-ahead log without a sync on each commit keeps
        # that cheap (a crash may lose the last writes of a cache, never corrupt it).
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    with conn:
        conn.execute(schema)
    return conn


class KeyValueStore:
    """JSON strings by key, in one SQLite file; safe to share between threads."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._conn = open_sqlite(
            path, "CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT)"
        )
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def put(self, key: str, value: str) -> None:
        with self._lock, self._conn:
            self._conn.execute("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", (key, value))

    def put_many(self, items: Mapping[str, str]) -> None:
        """All of ``items`` in one transaction: one disk sync, not one per key."""
        if not items:
            return
        with self._lock, self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", list(items.items())
            )

    def __len__(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM kv").fetchone()[0])
