"""Archive mode: index once, check new articles against the archive and each other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosscheck.cli import main
from crosscheck.models import Document
from retrieval.archive import Archive, ArchiveIndex, index_archive
from retrieval.embedder import HashingEmbedder
from retrieval.vector_store import VectorStore
from tests.fakes import FLOODS_QUERY, floods_articles, regex_splitter

ARCHIVE = {
    "old1.txt": "Gunmen killed 130 people in Paris on 13 November 2015. The city mourned.",
    "old2.txt": "Rain fell over the Scottish highlands all week long, farmers said.",
    "old3.txt": "The coalition carried out 2,000 air strikes against the group in Syria.",
}
NEW = {
    "new1.txt": "At least 130 people were killed in the Paris attacks in November 2015.",
    "new2.txt": "Officials confirmed that 130 people were killed in Paris that night.",
}


def _docs(texts: dict[str, str]) -> list[Document]:
    return [Document.create(path=p, text=t) for p, t in texts.items()]


def test_indexing_adds_only_new_or_changed_articles(tmp_path: Path) -> None:
    embedder = HashingEmbedder()
    docs = _docs(ARCHIVE)
    first = index_archive(docs, tmp_path, embedder, splitter=regex_splitter)
    assert first.documents == 3 and first.added == first.passages > 0
    again = index_archive(docs, tmp_path, embedder, splitter=regex_splitter)
    assert again.added == 0 and again.skipped_unchanged == 3
    more = docs + [Document.create(path="old4.txt", text="Snow closed 40 schools in Leeds.")]
    grown = index_archive(more, tmp_path, embedder, splitter=regex_splitter)
    assert grown.documents == 4 and grown.added == 1 and grown.skipped_unchanged == 3
    assert VectorStore(embedder, tmp_path / "chroma").count() == grown.passages


def test_new_articles_are_checked_against_the_archive_and_each_other(tmp_path: Path) -> None:
    embedder = HashingEmbedder()
    old = _docs(ARCHIVE)
    index_archive(old, tmp_path, embedder, splitter=regex_splitter)
    stored = VectorStore(embedder, tmp_path / "chroma").count()
    new = _docs(NEW)
    index = ArchiveIndex(embedder, tmp_path, splitter=regex_splitter)
    stats = index.index(new)
    assert stats.documents == 5
    hits = index.retrieve("130 people killed in Paris", k=4, exclude_doc_id=new[0].doc_id)
    docs = {h.passage.doc_id for h in hits}
    assert old[0].doc_id in docs and new[1].doc_id in docs  # the archive and the other new one
    assert new[0].doc_id not in docs
    assert hits[0].passage.doc_id in (old[0].doc_id, new[1].doc_id)
    # Checking never writes to the archive.
    assert VectorStore(embedder, tmp_path / "chroma").count() == stored
    assert len(Archive(tmp_path)) == 3
    assert Archive(tmp_path).text(old[0].doc_id) == ARCHIVE["old1.txt"]


def test_an_archived_article_checked_again_never_finds_itself(tmp_path: Path) -> None:
    # The archive's dense query is unfiltered: it asks for as many more neighbours as the
    # asking article has archived passages (its nearest ones) and drops those.
    embedder = HashingEmbedder()
    own, other = floods_articles()
    index_archive([own, other], tmp_path, embedder, splitter=regex_splitter)
    index = ArchiveIndex(embedder, tmp_path, splitter=regex_splitter)
    index.index([own])
    vector = index.query_embedder.embed([FLOODS_QUERY])
    dense = index._dense_hits(vector, 2, own.doc_id)[0]
    assert len(dense) == 2
    assert {index._passages[h.passage_id].doc_id for h in dense} == {other.doc_id}


@pytest.mark.model
def test_cli_index_then_check_against_the_archive(tmp_path: Path) -> None:
    archive, new, data = tmp_path / "archive", tmp_path / "new", tmp_path / "data"
    for folder, texts in ((archive, ARCHIVE), (new, NEW)):
        folder.mkdir()
        for name, text in texts.items():
            (folder / name).write_text(text + "\n", encoding="utf-8")
    assert main(["index", str(archive), "--data-dir", str(data), "--quiet"]) == 0
    out = tmp_path / "out"
    assert main(["check", str(new), "--archive", str(data), "--out", str(out), "--quiet"]) == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    own = {d["doc_id"] for d in report["documents"] if d["path"].startswith("new")}
    assert len(own) == 2  # claims come from the new articles only
    assert {c["doc_id"] for c in report["claims"]} <= own
    texts = {d["doc_id"]: d["path"] for d in report["documents"]}
    supported = [c for c in report["claims"] if c["verdict"] == "supported"]
    assert supported
    cited = {texts[e["doc_id"]] for c in supported for e in c["evidence"]}
    assert "old1.txt" in cited  # evidence from the archive, listed among the documents
    for c in report["claims"]:
        for e in c["evidence"]:
            folder = new if texts[e["doc_id"]].startswith("new") else archive
            text = (folder / texts[e["doc_id"]]).read_text(encoding="utf-8")
            assert text[e["start"] : e["end"]] == e["quote"]


def test_check_without_an_index_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "a.txt").write_text("130 people died.", encoding="utf-8")
    args = ["check", str(tmp_path / "new"), "--archive", str(tmp_path / "none")]
    assert main([*args, "--out", str(tmp_path / "out")]) == 2
    assert "run `crosscheck index" in capsys.readouterr().err
