"""Shared fixtures. Network access is blocked for every test except loopback."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS = REPO_ROOT.parent / "shared" / "seeds"

_LOOPBACK = ("127.", "::1", "localhost")
_real_connect = socket.socket.connect
_real_create_connection = socket.create_connection


def _is_loopback(address: object) -> bool:
    if isinstance(address, (str, bytes)):
        return True  # AF_UNIX paths are local
    if not (isinstance(address, tuple) and address):
        return False
    host = str(address[0])
    return host.startswith(_LOOPBACK) or host == ""


def _guarded_connect(self: socket.socket, address: object) -> None:
    if self.family == socket.AF_UNIX or _is_loopback(address):
        return _real_connect(self, address)  # type: ignore[arg-type]
    raise RuntimeError(f"network access blocked in tests: {address!r}")


def _guarded_create_connection(address: object, *args: object, **kwargs: object) -> socket.socket:
    if not _is_loopback(address):
        raise RuntimeError(f"network access blocked in tests: {address!r}")
    return _real_create_connection(address, *args, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def block_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any connection to a non-loopback address fails the test loudly."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket, "create_connection", _guarded_create_connection)
    yield


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"seed corpus missing at {SEEDS} (required when CI is set)")
        pytest.skip("seed corpus ../shared/seeds not present")
    return SEEDS


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data"
    monkeypatch.setenv("CROSSCHECK_DATA_DIR", str(path))
    return path
