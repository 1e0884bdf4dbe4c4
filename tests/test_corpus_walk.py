"""Staying inside the corpus: links, loops, special files and unreachable folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corpus.loader import load_corpus
from tests.conftest import REPO_ROOT

ARTICLE = "Harbour strike ends\n\nDock workers in Port Alba voted on Tuesday to end the strike.\n"
OTHER = "Port Alba returns to work\n\nThe strike lasted eleven days, the port authority said.\n"


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.md").write_text(OTHER, encoding="utf-8")
    return folder


def _reasons(folder: Path) -> dict[str, str]:
    return {s.path: s.reason for s in load_corpus(folder).skipped}


def test_links_to_files_outside_the_corpus_are_not_read(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    elsewhere = tmp_path / "private"
    elsewhere.mkdir()
    secret = elsewhere / "id_rsa"
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY----- secret words here.\n")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "host.md").symlink_to("/etc/hostname")
    (folder / "notes.txt").symlink_to(secret)
    (folder / "relative.txt").symlink_to("../private/id_rsa")
    corpus = load_corpus(folder)
    assert sorted(d.path for d in corpus.documents) == ["a.txt", "b.md"]
    reasons = {s.path: s.reason for s in corpus.skipped}
    for name in ("passwd.txt", "host.md", "notes.txt", "relative.txt"):
        assert "outside the corpus folder" in reasons[name]
    everything = " ".join(d.text + str(d.title) for d in corpus.documents)
    assert "root:" not in everything and "PRIVATE KEY" not in everything


def test_links_inside_the_corpus_are_followed(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    sub = folder / "sub"
    sub.mkdir()
    (sub / "c.txt").write_text("A third article.\n\nIt says the strike lasted nine days.\n")
    (folder / "alias.txt").symlink_to("sub/c.txt")
    corpus = load_corpus(folder)
    assert sorted(d.path for d in corpus.documents) == ["a.txt", "alias.txt", "b.md"]
    assert _reasons(folder) == {"sub/c.txt": "duplicate of alias.txt"}


def test_a_corpus_reached_through_a_link_works(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    (tmp_path / "via").symlink_to(folder)
    assert len(load_corpus(tmp_path / "via").documents) == 2


def test_dangling_links_loops_and_special_files_are_listed(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    (folder / "gone.txt").symlink_to(folder / "deleted.txt")
    (folder / "loop1.txt").symlink_to(folder / "loop2.txt")
    (folder / "loop2.txt").symlink_to(folder / "loop1.txt")
    sub = folder / "sub"
    sub.mkdir()
    (sub / "up").symlink_to("..")
    (folder / "outside_dir").symlink_to(tmp_path)
    os.mkfifo(folder / "pipe.txt")
    reasons = _reasons(folder)
    assert "dangling link" in reasons["gone.txt"]
    assert "link loop" in reasons["loop1.txt"] and "link loop" in reasons["loop2.txt"]
    assert reasons["sub/up"] == "link to a folder already read"
    assert "outside the corpus folder" in reasons["outside_dir"]
    assert "not a regular file" in reasons["pipe.txt"]


_PROBE = """
import json, sys
from pathlib import Path
from corpus.loader import load_corpus
from ui import library
folder = Path(sys.argv[1])
corpus = load_corpus(folder)
app = library.load_folder(folder, max_bytes=5_000_000)
print(json.dumps({
    "documents": sorted(d.path for d in corpus.documents),
    "skipped": {s.path: s.reason for s in corpus.skipped},
    "app_documents": len(app.documents),
    "app_files": len(library.visible_files(folder)),
}))
"""


def _probe_without_root_powers(folder: Path) -> dict[str, object]:
    """Load ``folder`` in a process that permissions apply to (root bypasses them)."""
    command = [sys.executable, "-c", _PROBE, str(folder)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        command = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", *command]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_unlistable_and_unsearchable_folders_are_listed_never_fatal(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    closed = folder / "closed"
    closed.mkdir()
    (closed / "x.txt").write_text("Hidden away.\n\nThis cannot be read by anyone else.\n")
    listable = folder / "listable"
    listable.mkdir()
    (listable / "y.txt").write_text("Listed but not searchable.\n\nIt names a file.\n")
    closed.chmod(0o000)
    listable.chmod(0o444)
    try:
        found = _probe_without_root_powers(folder)
    finally:
        closed.chmod(0o755)
        listable.chmod(0o755)
    assert found["documents"] == ["a.txt", "b.md"]
    skipped = found["skipped"]
    assert isinstance(skipped, dict)
    assert "cannot be listed" in skipped["closed"]
    assert "not searchable" in skipped["listable/y.txt"]
    assert found["app_documents"] == 2 and found["app_files"] == 2
