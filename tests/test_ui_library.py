"""ui.library (uploads, removal, folders), ui.runs (progress, stored reports), settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr
from report_factory import make_report

from crosscheck.config import Settings
from crosscheck.errors import ConfigError, CorpusError
from crosscheck.models import Corpus, Document, SkippedFile
from crosscheck.pipeline import Progress
from crosscheck.store import KeyValueStore
from ui import library, runs
from ui.settings_view import (
    SettingsChoice,
    api_key_status,
    pipeline_key,
    resolve_settings,
    uses_llm,
)

GOOD = b"Title line\n\nIt says 12 people met in Lyon on 3 May 2015.\n"


@pytest.fixture
def workspace(tmp_path: Path) -> library.Workspace:
    return library.Workspace(tmp_path / "data")


# -- uploads ------------------------------------------------------------------------------
def test_save_upload_stores_a_readable_file(workspace: library.Workspace) -> None:
    outcome = library.save_upload("good.txt", GOOD, workspace.uploads, max_bytes=1000)
    assert outcome.ok and outcome.stored == "good.txt" and not outcome.duplicate
    assert (workspace.uploads / "good.txt").read_bytes() == GOOD


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        # Not UTF-8 and no confident legacy encoding (Latin-1 uploads are read now).
        ("bad.txt", b"caf\xe9 \x80\x81 broken bytes", "not valid UTF-8"),
        ("nul.txt", b"a\x00b", "binary content"),
        ("empty.md", b"   \n", "no text"),
        ("doc.pdf", b"%PDF-1.4", "not a readable PDF"),
        ("doc.rtf", b"{\\rtf1 x}", "unsupported file type .rtf"),
        ("noext", b"text", "unsupported file type (none)"),
    ],
)
def test_save_upload_refuses_unreadable_files(
    workspace: library.Workspace, name: str, data: bytes, reason: str
) -> None:
    outcome = library.save_upload(name, data, workspace.uploads, max_bytes=1000)
    assert not outcome.ok
    assert reason in (outcome.error or "")
    assert not outcome.error.startswith(name + ":")  # type: ignore[union-attr]
    assert not workspace.uploads.exists() or not any(workspace.uploads.iterdir())


def test_save_upload_states_the_size_limit(workspace: library.Workspace) -> None:
    outcome = library.save_upload(
        "big.txt", b"x" * 5_000_001, workspace.uploads, max_bytes=5_000_000
    )
    assert outcome.error == "file is 5.0 MB, over the size limit of 5.0 MB"


def test_save_upload_sanitises_names_and_keeps_both_versions(
    workspace: library.Workspace,
) -> None:
    first = library.save_upload("../../etc/evil name!.TXT", GOOD, workspace.uploads, max_bytes=1000)
    assert first.stored == "evil_name.txt"
    assert (workspace.uploads / "evil_name.txt").is_file()
    assert not (workspace.data_dir.parent / "etc").exists()
    again = library.save_upload("evil name!.txt", GOOD, workspace.uploads, max_bytes=1000)
    assert again.duplicate and again.stored == "evil_name.txt"
    other = library.save_upload(
        "evil name!.txt", GOOD + b"More.\n", workspace.uploads, max_bytes=1000
    )
    assert other.stored == "evil_name-2.txt" and not other.duplicate
    third = library.save_upload(
        "evil name!.txt", GOOD + b"Else.\n", workspace.uploads, max_bytes=1000
    )
    assert third.stored == "evil_name-3.txt"
    assert library.safe_filename("C:\\Users\\x\\report.HTML") == "report.html"
    assert library.safe_filename("...") == "article"


def test_format_bytes() -> None:
    assert library.format_bytes(999) == "999 bytes"
    assert library.format_bytes(5_000_000) == "5.0 MB"
    assert library.format_bytes(1_500) == "1.5 KB"


# -- folders, merging, removal ------------------------------------------------------------
def test_load_folder_cases(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not found"):
        library.load_folder(tmp_path / "nope", max_bytes=1000)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".hidden.txt").write_bytes(GOOD)
    assert library.load_folder(empty, max_bytes=1000) == Corpus()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "a.txt").write_bytes(b"\xff\xfe\xfd\x00\x00\x00")
    (broken / "b.txt").write_bytes(b"caf\xe9 \x80\x81 broken bytes")
    corpus = library.load_folder(broken, max_bytes=1000)
    assert corpus.documents == ()
    assert [s.path for s in corpus.skipped] == ["a.txt", "b.txt"]
    assert "UTF-8" in corpus.skipped[1].reason


def test_folder_signature_tracks_changes(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    empty = library.folder_signature(folder)
    (folder / "a.txt").write_bytes(GOOD)
    one = library.folder_signature(folder)
    assert one != empty
    (folder / ".tmp").write_bytes(b"x")  # hidden files do not count
    assert library.folder_signature(folder) == one
    (folder / "a.txt").write_bytes(GOOD + b"more")
    assert library.folder_signature(folder) != one
    assert library.folder_signature(tmp_path / "missing") == empty


def _doc(path: str, text: str) -> Document:
    return Document.create(path=path, text=text)


def test_merge_corpora_dedupes_and_drops_excluded() -> None:
    a, b, c = _doc("a.txt", "alpha"), _doc("b.txt", "beta"), _doc("c.txt", "gamma")
    a_again = _doc("up/a.txt", "alpha")
    merged = library.merge_corpora(
        [
            Corpus(documents=(a, b), skipped=(SkippedFile(path="x", reason="bad"),)),
            Corpus(documents=(a_again, c)),
        ],
        excluded={b.sha256},
    )
    assert [d.path for d in merged.documents] == ["a.txt", "c.txt"]
    assert [s.path for s in merged.skipped] == ["x"]


def test_remove_articles_deletes_uploads_and_hides_folder_articles(
    workspace: library.Workspace,
) -> None:
    library.save_upload("up.txt", GOOD, workspace.uploads, max_bytes=1000)
    uploaded = library.load_folder(workspace.uploads, max_bytes=1000).documents[0]
    folder_doc = _doc("folder/article.txt", "From the folder.")
    result = library.remove_articles([uploaded, folder_doc], {uploaded.doc_id}, workspace)
    assert result.deleted == ("up.txt",) and result.hidden == ("folder/article.txt",)
    assert not (workspace.uploads / "up.txt").exists()
    assert library.read_excluded(workspace.state_file) == {folder_doc.sha256}
    library.write_excluded(workspace.state_file, [])
    assert library.read_excluded(workspace.state_file) == frozenset()
    workspace.state_file.write_text("{not json", encoding="utf-8")
    assert library.read_excluded(workspace.state_file) == frozenset()


# -- runs ---------------------------------------------------------------------------------
def test_progress_fraction_rises_through_the_stages() -> None:
    events = [
        Progress(stage="loading", done=5, total=5),
        Progress(stage="extracting", done=1, total=5),
        Progress(stage="extracting", done=5, total=5),
        Progress(stage="clustering", done=0, total=40),
        Progress(stage="clustering", done=40, total=40),
        Progress(stage="indexing", done=0, total=1),
        Progress(stage="indexing", done=1, total=1),
        Progress(stage="verifying", done=1, total=100),
        Progress(stage="verifying", done=100, total=100),
        Progress(stage="done", done=1, total=1),
    ]
    fractions = [runs.progress_fraction(e) for e in events]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0 and fractions[0] == 0.05
    assert runs.progress_fraction(Progress(stage="verifying", done=0, total=0)) == 1.0


def test_progress_text() -> None:
    event = Progress(stage="extracting", done=2, total=5, message="sub/dir/article.txt")
    assert runs.progress_text(event) == "Extracting claims: 2 / 5 — article.txt"
    assert runs.progress_text(Progress(stage="done", done=1, total=1)) == "Done"


class _StubPipeline:
    def __init__(self) -> None:
        self.cache = KeyValueStore(None)

    def report_cache_key(self, corpus: Corpus) -> str:
        return "report-" + corpus.fingerprint()


def test_reports_are_stored_and_found_by_corpus() -> None:
    pipeline = _StubPipeline()
    corpus = Corpus(documents=(_doc("a.txt", "alpha"),))
    other = Corpus(documents=(_doc("b.txt", "beta"),))
    report = make_report()
    assert runs.cached_report(pipeline, corpus) is None  # type: ignore[arg-type]
    runs.store_report(pipeline, corpus, report)  # type: ignore[arg-type]
    assert runs.cached_report(pipeline, corpus) == report  # type: ignore[arg-type]
    assert runs.cached_report(pipeline, other) is None  # type: ignore[arg-type]
    pipeline.cache.put(pipeline.report_cache_key(other), '{"claims": "old schema"}')
    assert runs.cached_report(pipeline, other) is None  # type: ignore[arg-type]


# -- settings -----------------------------------------------------------------------------
@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in (
        "CROSSCHECK_VERIFIER",
        "CROSSCHECK_BACKEND",
        "CROSSCHECK_LLM_BASE_URL",
        "CROSSCHECK_LLM_MODEL",
        "CROSSCHECK_LLM_API_KEY",
        "OPENAI_API_KEY",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("CROSSCHECK_DATA_DIR", str(tmp_path / "data"))


def test_settings_choice_round_trip(clean_env: None, tmp_path: Path) -> None:
    base = resolve_settings(None)
    choice = SettingsChoice.from_settings(base)
    assert resolve_settings(choice.overrides()) == base
    changed = SettingsChoice(
        verifier="similarity",
        backend="openai",
        base_url=" http://127.0.0.1:9/v1 ",
        model="tiny",
        top_k=3,
        min_checkworthiness=0.2,
        data_dir=str(tmp_path / "elsewhere"),
    )
    settings = resolve_settings(changed.overrides())
    assert settings.verifier == "similarity" and settings.top_k == 3
    assert settings.llm.base_url == "http://127.0.0.1:9/v1" and settings.llm.model == "tiny"
    assert settings.data_dir == tmp_path / "elsewhere"
    assert uses_llm(settings) and not uses_llm(base)
    with pytest.raises(ConfigError):
        resolve_settings({**changed.overrides(), "top_k": 0})


def test_pipeline_key_changes_with_settings_and_hides_the_key(clean_env: None) -> None:
    base = Settings.from_env()
    secret = base.model_copy(
        update={"llm": base.llm.model_copy(update={"api_key": SecretStr("sk-secret-9")})}
    )
    assert pipeline_key(base) != pipeline_key(base.model_copy(update={"top_k": 3}))
    assert pipeline_key(base) != pipeline_key(secret)
    assert "sk-secret-9" not in pipeline_key(secret)
    assert "sk-secret-9" not in api_key_status(secret)
    assert "found" in api_key_status(secret) and "none" in api_key_status(base)


def test_throttle_lets_stage_changes_and_completions_through() -> None:
    now = [0.0]
    throttle = runs.Throttle(interval=1.0, clock=lambda: now[0])
    assert throttle(Progress(stage="verifying", done=1, total=10))  # new stage
    assert not throttle(Progress(stage="verifying", done=2, total=10))
    now[0] = 1.5
    assert throttle(Progress(stage="verifying", done=3, total=10))  # interval passed
    assert not throttle(Progress(stage="verifying", done=4, total=10))
    assert throttle(Progress(stage="verifying", done=10, total=10))  # stage complete
    assert throttle(Progress(stage="done", done=1, total=1))
