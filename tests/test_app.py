"""The Streamlit app through ``streamlit.testing.v1.AppTest``.

Most tests swap ``crosscheck.factory.build_pipeline`` (which ``app.py`` calls) for one
that builds the real ``Pipeline`` around small deterministic fakes, so they run in
seconds. ``test_real_pipeline_on_seeds`` runs the real default pipeline (``model``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from claims.quantities import parse_quantities
from crosscheck.config import Settings
from crosscheck.errors import ModelError
from crosscheck.models import (
    Claim,
    Document,
    Evidence,
    Passage,
    Report,
    ScoredPassage,
    SourceSpan,
    Verdict,
)
from crosscheck.pipeline import Pipeline
from crosscheck.store import KeyValueStore
from ui.verdicts import verdict_from_label

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")
STANCE_MODEL = REPO / "verification" / "models" / "stance-minilm" / "model.onnx"
FAST_TIMEOUT = 60
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_WORD = re.compile(r"[a-z]{4,}")
_NUMBER = re.compile(r"\d[\d,]*")


# -- fakes --------------------------------------------------------------------------------
def _sentences(text: str) -> Iterator[tuple[int, int]]:
    for match in _SENTENCE.finditer(text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start >= 20:
            yield start, end


_SAME = {"dead": "killed", "died": "killed", "murder": "killed", "massacred": "killed"}


def _words(text: str) -> set[str]:
    return {_SAME.get(w, w) for w in _WORD.findall(text.lower())}


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


class FakeExtractor:
    """Every sentence with a digit is a numeric claim; 'should' sentences are opinions."""

    name = "fake-extractor.v1"

    def __init__(self, calls: list[str]) -> None:
        self.calls = calls

    def extract(self, document: Document) -> list[Claim]:
        self.calls.append(document.doc_id)
        claims = []
        for start, end in _sentences(document.text):
            quote = document.text[start:end]
            opinion = " should " in f" {quote.lower()} "
            if not (_numbers(quote) or opinion):
                continue
            claims.append(
                Claim(
                    claim_id=Claim.make_id(document.doc_id, start, end, quote),
                    doc_id=document.doc_id,
                    text=quote,
                    source=SourceSpan(
                        start=start, end=end, quote=quote, zone=document.zone_at(start)
                    ),
                    types=("opinion",) if opinion else ("numeric",),
                    quantities=tuple(parse_quantities(quote)),
                    checkworthiness=0.3 if opinion else 0.9,
                    cluster_id="casualties" if "129" in quote or "130" in quote else None,
                )
            )
        return claims


class FakeEmbedder:
    name = "fake-embedder.v1"

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return [[float(len(t) % 7), 1.0] for t in texts]


class FakeIndex:
    """Sentences as passages, ranked by shared words (``HybridIndex``'s interface)."""

    name = "fake-index.v1"

    def __init__(self) -> None:
        self.passages: list[Passage] = []

    def index(self, documents: Sequence[Document], progress: Any = None) -> None:
        self.passages = [
            Passage(
                passage_id=Passage.make_id(d.doc_id, s, e),
                doc_id=d.doc_id,
                start=s,
                end=e,
                text=d.text[s:e],
                zone=d.zone_at(s),
                published=d.published,
                title=d.title,
            )
            for d in documents
            for s, e in _sentences(d.text)
        ]

    def retrieve_many(self, queries: Sequence[Any], *, k: int = 8) -> list[list[ScoredPassage]]:
        return [self.retrieve(q.text, k=k, exclude_doc_id=q.exclude_doc_id) for q in queries]

    def retrieve(
        self, query: str, *, k: int = 8, exclude_doc_id: str | None = None
    ) -> list[ScoredPassage]:
        words, numeric = _words(query), bool(_numbers(query))
        scored = [
            (
                len(words & _words(p.text)) / (len(words) or 1)
                + (0.3 if numeric and _numbers(p.text) and words & _words(p.text) else 0.0),
                p,
            )
            for p in self.passages
            if p.doc_id != exclude_doc_id
        ]
        scored = [(s, p) for s, p in scored if s > 0.15]
        scored.sort(key=lambda sp: (-sp[0], sp[1].passage_id))
        return [ScoredPassage(passage=p, score=s) for s, p in scored[:k]]


class FakeVerifier:
    """A shared number (or a close passage without numbers) supports; a close passage
    with other numbers only refutes; anything else is neutral."""

    name = "fake-verifier.v1"

    def __init__(self, backend: str = "offline") -> None:
        self.backend = backend

    def verify(
        self, claim: Claim, passages: Sequence[ScoredPassage], documents: object = None
    ) -> Verdict:
        if claim.is_opinion:
            return Verdict(label="not_checked", confidence=1.0, rationale="Opinion.")
        evidence = []
        mine = _numbers(claim.text)
        for sp in passages:
            theirs = _numbers(sp.passage.text)
            stance = "neutral"
            if mine & theirs or (sp.score >= 0.3 and not theirs):
                stance = "supports"
            elif mine and theirs and sp.score >= 0.3:
                stance = "refutes"
            evidence.append(
                Evidence(
                    doc_id=sp.passage.doc_id,
                    start=sp.passage.start,
                    end=sp.passage.end,
                    quote=sp.passage.text,
                    zone=sp.passage.zone,
                    stance=stance,  # type: ignore[arg-type]
                    score=round(sp.score, 3),
                    time_relation="same_period",
                )
            )
        stances = {e.stance for e in evidence}
        if {"supports", "refutes"} <= stances:
            label = "conflicting"
        elif "supports" in stances:
            label = "supported"
        elif "refutes" in stances:
            label = "refuted"
        else:
            label = "not_enough_evidence"
        return Verdict(
            label=label,  # type: ignore[arg-type]
            confidence=0.8 if label != "not_enough_evidence" else 0.3,
            rationale=f"{len(evidence)} passage(s) judged by number overlap.",
            evidence=tuple(e for e in evidence if e.stance != "neutral") or tuple(evidence[:1]),
            verifier=self.name,
            backend=self.backend,
        )


class FakeFactory:
    """Stands in for ``crosscheck.factory.build_pipeline``; counts builds and extractions."""

    def __init__(self, backend: str = "offline", verifier: type[FakeVerifier] | None = None):
        self.builds: list[Settings] = []
        self.archive_builds: list[bool] = []
        self.extracted: list[str] = []
        self.backend = backend
        self.verifier = verifier or FakeVerifier

    def __call__(self, settings: Settings | None = None, *, archive: bool = False) -> Pipeline:
        settings = settings or Settings.from_env()
        self.builds.append(settings)
        self.archive_builds.append(archive)
        return Pipeline(
            settings=settings,
            extractor=FakeExtractor(self.extracted),
            embedder=FakeEmbedder(),
            index=FakeIndex(),  # type: ignore[arg-type]
            verifier=self.verifier(self.backend),
            cache=KeyValueStore(settings.data_dir / "cache.sqlite3"),
        )


# -- fixtures -----------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def clear_streamlit_caches() -> Iterator[None]:
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> FakeFactory:
    factory = FakeFactory()
    monkeypatch.setattr("crosscheck.factory.build_pipeline", factory)
    monkeypatch.delenv("CROSSCHECK_CORPUS", raising=False)
    return factory


@pytest.fixture
def seeded(fake: FakeFactory, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> FakeFactory:
    monkeypatch.setenv("CROSSCHECK_CORPUS", str(seeds_dir))
    return fake


# -- helpers ------------------------------------------------------------------------------
def start(timeout: float = FAST_TIMEOUT) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def button(at: AppTest, key: str) -> Any:
    return at.button(key=key)


def run_checks(at: AppTest, timeout: float = FAST_TIMEOUT) -> AppTest:
    button(at, "run_button").click()
    at.run(timeout=timeout)
    assert not at.exception, [e.message for e in at.exception]
    return at


def frame_with(at: AppTest, column: str) -> Any:
    """The table that has ``column`` (AppTest shows keys only of selectable tables)."""
    return next(f for f in (df.value for df in at.dataframe) if column in f.columns)


def claims_table(at: AppTest) -> Any:
    return next(df for df in at.dataframe if str(df.key).startswith("claims_table")).value


def corpus_table(at: AppTest) -> Any:
    return frame_with(at, "File")


def all_markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.caption])


def texts_of(elements: Any) -> str:
    return "\n".join(str(e.value) for e in elements)


def plain(markdown: str) -> str:
    """Escaped Markdown as the reader sees it (backslash escapes removed)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


_APP_SYNTAX = re.compile(r":(?:red|orange|yellow|green|blue|violet|gray)-(?:background|badge)\[")


def unescaped_punctuation(markdown: str) -> set[str]:
    """Punctuation that is neither backslash-escaped nor the app's own directive syntax."""
    rest = _APP_SYNTAX.sub("", markdown)
    found: set[str] = set()
    i = 0
    while i < len(rest):
        if rest[i] == "\\":
            i += 2
            continue
        if rest[i] in string.punctuation and rest[i] != "]":
            found.add(rest[i])
        i += 1
    return found


def select(at: AppTest, claim_id: str) -> AppTest:
    """Open a claim the way a shared link does: ``?claim=<id>``."""
    at.query_params["claim"] = claim_id
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def current_report(at: AppTest) -> Report:
    return at.session_state["report_memo"][1]  # type: ignore[no-any-return]


def value_for(widget: Any, values: Sequence[str], needle: str) -> str:
    """The value among ``values`` whose displayed option contains ``needle``."""
    return next(v for v in values if needle in str(widget.format_func(v)))


def doc_ids(folder: Path) -> list[str]:
    from corpus.loader import load_corpus

    return [d.doc_id for d in load_corpus(folder).documents]


# -- tests --------------------------------------------------------------------------------
def test_opens_empty_ready_for_uploads(fake: FakeFactory) -> None:
    at = start()
    assert button(at, "run_button").disabled
    assert "No articles yet" in texts_of(at.info)
    assert at.file_uploader(key="upload_files") is not None
    assert at.text_input(key="corpus_folder").value == ""
    assert len(fake.builds) == 1  # built once, under cache_resource


def test_run_fills_table_metrics_and_filters(seeded: FakeFactory) -> None:
    at = start()
    assert "press Run checks" in all_markdown(at)
    run_checks(at)
    table = claims_table(at)
    assert len(table) > 5
    assert set(table["Verdict"]) <= {
        "✅ supported",
        "❌ refuted",
        "⚖️ conflicting",
        "❔ not enough evidence",
        "💬 not checked (opinion)",
    }
    metrics = {m.label: int(m.value) for m in at.metric}
    assert sum(metrics.values()) == len(table)
    assert metrics["✅ supported"] == (table["Verdict"] == "✅ supported").sum()

    shown = table["Verdict"].value_counts().index[0]
    assert table["Verdict"].nunique() > 1
    at.multiselect(key="f_verdict").set_value([verdict_from_label(shown)]).run()
    one_verdict = claims_table(at)
    assert 0 < len(one_verdict) < len(table)
    assert set(one_verdict["Verdict"]) == {shown}

    at.multiselect(key="f_verdict").set_value([]).run()
    first_doc = current_report(at).documents[0].doc_id
    at.multiselect(key="f_article").set_value([first_doc]).run()
    one_article = claims_table(at)
    assert 0 < len(one_article) < len(table)
    assert one_article["Article"].nunique() == 1

    at.multiselect(key="f_article").set_value([]).run()
    at.slider(key="f_conf").set_value(0.5).run()
    confident = claims_table(at)
    assert len(confident) < len(table)
    assert (confident["Confidence"] >= 0.5).all()
    at.slider(key="f_conf").set_value(0.0)
    at.text_input(key="f_text").set_value("129").run()
    found = claims_table(at)
    by_text = {" ".join(c.text.split()): c for c in current_report(at).claims}
    assert any("129" in text for text in found["Claim"])
    for text in found["Claim"]:  # full-text search: the claim or its evidence
        claim = by_text[text]
        assert "129" in claim.text or any("129" in e.quote for e in claim.evidence)


def test_results_persist_and_only_new_articles_are_processed(
    seeded: FakeFactory, tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_checks(start())
    extracted_first = len(seeded.extracted)
    assert extracted_first == len(list(seeds_dir.glob("*.txt")))

    reopened = start()  # a new session: the report comes from disk, no run needed
    assert len(claims_table(reopened)) > 5
    assert len(seeded.extracted) == extracted_first

    folder = tmp_path / "more"
    folder.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "new.txt").write_text(
        "A new report. Officials said 130 people died in the attacks on Paris.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("CROSSCHECK_CORPUS", str(folder))
    at = start()
    assert "press Run checks" in all_markdown(at)  # new content: a new report key
    run_checks(at)
    assert len(seeded.extracted) == extracted_first + 1  # only the new article


def test_casualty_claim_detail_shows_evidence_from_another_article(seeded: FakeFactory) -> None:
    at = run_checks(start())
    toll = [c for c in current_report(at).claims if "129" in c.text]
    assert toll, "a claim with 129 should be extracted"
    select(at, toll[0].claim_id)
    assert at.session_state["selected_claim"] == toll[0].claim_id
    md = all_markdown(at)
    assert "Evidence from other articles" in md
    assert ":orange-background[" in md  # the source sentence highlighted in its paragraph
    # the card's quote highlighted in its context, from another article
    assert re.search(r":(green|red|gray)-background\[", md)
    assert "Numbers compared" in md
    intervals = frame_with(at, "Claim interval")
    assert any("129" in str(v) for v in intervals["Claim interval"])
    assert "The same claim in other articles" in md


def test_upload_adds_articles_and_reports_unreadable_ones(
    fake: FakeFactory, data_dir: Path
) -> None:
    at = start()
    at.file_uploader(key="upload_files").set_value(
        [
            ("good.txt", b"A fine article. It says 12 people met in Lyon.\n", "text/plain"),
            ("bad.txt", b"caf\xe9 \x80\x81 broken bytes", "text/plain"),
        ]
    )
    at.button(key="upload_submit").click().run()
    assert not at.exception
    assert "good.txt" in plain(texts_of(at.success))
    errors = plain(texts_of(at.error))
    assert "bad.txt" in errors and "UTF-8" in errors
    assert (data_dir / "uploads" / "good.txt").is_file()
    assert not (data_dir / "uploads" / "bad.txt").exists()
    corpus = corpus_table(at)
    assert list(corpus["File"]) == ["good.txt"]
    assert not button(at, "run_button").disabled

    # persisted: a new session sees the upload
    assert list(corpus_table(start())["File"]) == ["good.txt"]


def test_upload_over_the_size_limit_is_refused_with_the_limit(
    fake: FakeFactory, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = start()
    at.file_uploader(key="upload_files").set_value(("big.txt", b"x" * 5_000_001, "text/plain"))
    at.button(key="upload_submit").click().run()
    errors = plain(texts_of(at.error))
    assert "big.txt" in errors and "5.0 MB" in errors and "size limit" in errors
    assert not (data_dir / "uploads").exists() or not any((data_dir / "uploads").iterdir())


def test_folder_with_unreadable_file_reports_it_and_keeps_the_rest(
    fake: FakeFactory, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "ok.md").write_text("# Fine\n\nThere were 40 delegates.\n", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\xff\xfe\xfd" + b"\x00" * 3)
    at = start()
    at.text_input(key="corpus_folder").set_value(str(folder)).run()
    warning = plain(texts_of(at.warning))
    assert "broken.txt" in warning and "1 file(s) skipped" in warning
    corpus = corpus_table(at)
    assert list(corpus["File"]) == ["ok.md"]
    assert list(corpus["Title"]) == ["Fine"]

    at.text_input(key="corpus_folder").set_value(str(tmp_path / "missing")).run()
    assert "folder not found" in plain(texts_of(at.error))


def test_remove_and_restore_articles(seeded: FakeFactory, data_dir: Path, seeds_dir: Path) -> None:
    at = start()
    corpus = corpus_table(at)
    total = len(corpus)
    at.multiselect(key="remove_select").set_value([doc_ids(seeds_dir)[0]]).run()
    button(at, "remove_button").click().run()
    assert len(corpus_table(at)) == total  # Remove only asks
    assert "Remove 1 article(s) from the corpus?" in plain(texts_of(at.warning))
    button(at, "remove_cancel").click().run()
    assert len(corpus_table(at)) == total
    button(at, "remove_button").click().run()
    button(at, "remove_confirm").click().run()
    assert len(corpus_table(at)) == total - 1
    assert "Removed 1 article(s)" in plain(texts_of(at.success))
    button(at, "remove_undo").click().run()
    assert len(corpus_table(at)) == total  # undone
    at.multiselect(key="remove_select").set_value([doc_ids(seeds_dir)[1]]).run()
    button(at, "remove_button").click().run()
    button(at, "remove_confirm").click().run()
    assert len(corpus_table(at)) == total - 1
    button(at, "restore_button").click().run()
    assert len(corpus_table(at)) == total


def test_removed_upload_can_be_undone(fake: FakeFactory, data_dir: Path) -> None:
    at = start()
    body = b"A fine article. It says 12 people met in Lyon.\n"
    at.file_uploader(key="upload_files").set_value([("good.txt", body, "text/plain")])
    at.button(key="upload_submit").click().run()
    doc_id = at.multiselect(key="remove_select").options[0]
    at.multiselect(key="remove_select").set_value([doc_id]).run()
    button(at, "remove_button").click().run()
    button(at, "remove_confirm").click().run()
    assert not (data_dir / "uploads" / "good.txt").exists()
    assert "No articles yet" in texts_of(at.info)
    button(at, "remove_undo").click().run()
    assert (data_dir / "uploads" / "good.txt").read_bytes() == body


HOSTILE = (
    "Breaking news <script>alert('x')</script> from the wire.\n\n"
    "An image ![x](http://evil.example/pixel.png) and a [link](javascript:alert(1)) here.\n"
    "A :red[directive], $x^2$ maths, **bold**, <b>html</b> and www.example.com text.\n"
    "    indented 42 line\n"
)


def test_article_view_shows_hostile_text_literally(fake: FakeFactory, tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "other.txt").write_text("Another piece says 42 things happened.\n", "utf-8")
    at = start()
    at.text_input(key="corpus_folder").set_value(str(folder)).run()

    def article_markdown() -> list[Any]:
        select = at.selectbox(key="article_doc")
        select.set_value(value_for(select, doc_ids(folder), "Breaking")).run()
        found = [m for m in [*at.markdown, *at.caption] if "alert" in m.value]
        assert found, "the article text is rendered"
        return found

    # before a run: the plain article, every metacharacter escaped
    body = "\n".join(m.value for m in article_markdown())
    assert r"\<script\>alert\(\'x\'\)\<\/script\>" in body
    assert "\\!\\[x\\]\\(http\\:\u2060\\/\\/evil\\.example\\/pixel\\.png\\)" in body
    assert r"\[link\]\(javascript\:alert\(1\)\)" in body
    assert r"\:red\[directive\]" in body and r"\$x\^2\$" in body
    assert "\xa0\xa0\xa0\xa0indented" in body  # not an indented code block
    assert "Breaking news <script>alert('x')</script> from the wire." in plain(body)

    # after a run: claims highlighted, still nothing but the app's own syntax unescaped
    run_checks(at)
    at.session_state["view"] = "Articles"
    for element in article_markdown():
        body = element.value.removeprefix("### ").removeprefix("#### ")  # headings: the app's
        assert unescaped_punctuation(body) == set(), element.value
    assert ":gray-background[" in "".join(m.value for m in at.markdown) or ":green-background[" in (
        "".join(m.value for m in at.markdown)
    )
    for element in [*at.markdown, *at.caption]:
        assert not element.proto.allow_html
        assert "<script>" not in element.value
        assert "![x](" not in element.value
        assert "](javascript:" not in element.value


def test_article_claim_button_opens_its_detail(seeded: FakeFactory) -> None:
    at = run_checks(start())
    claim_buttons = [b for b in at.button if str(b.key).startswith("open_")]
    assert claim_buttons
    target = claim_buttons[0]
    claim_id = str(target.key).removeprefix("open_")
    target.click().run()
    assert at.session_state["selected_claim"] == claim_id
    assert at.session_state["view"] == "Claims"
    assert at.query_params["claim"] == [claim_id] or at.query_params["claim"] == claim_id
    assert "Evidence from other articles" in all_markdown(at) or "No passage" in texts_of(at.info)


def test_ask_box_returns_a_verdict(seeded: FakeFactory) -> None:
    at = start()
    at.text_area(key="ask_text").set_value("In total 130 people were killed in Paris.")
    button(at, "ask_submit").click().run()
    assert not at.exception
    md = all_markdown(at)
    assert "130 people were killed in Paris" in md.replace("\\", "")
    assert "**Machine verdict:**" in md
    assert re.search(r"(supported|refuted|conflicting|not enough evidence)", md)


def test_export_offers_every_format(seeded: FakeFactory) -> None:
    from reports import FORMATS

    at = run_checks(start())
    keys = {b.key for b in at.get("download_button")}
    assert {f"download_{name}" for name in FORMATS} <= keys
    assert "json" in FORMATS
    scope = at.radio(key="export_scope")
    assert scope.options[0].startswith("All claims")
    at.multiselect(key="f_verdict").set_value(["refuted", "conflicting"]).run()
    n = len(claims_table(at))
    assert 0 < n < len(current_report(at).claims)
    assert f"The worksheet's claims ({n})" in at.radio(key="export_scope").options[1]


def test_changing_settings_rebuilds_the_pipeline(seeded: FakeFactory) -> None:
    at = start()
    assert len(seeded.builds) == 1 and seeded.builds[0].top_k == 8
    at.number_input(key="set_top_k").set_value(3)
    button(at, "settings_apply").click().run()
    assert not at.exception
    assert seeded.builds[-1].top_k == 3
    at.run()
    assert len(seeded.builds) == 2  # the same settings reuse the cached pipeline
    assert "press Run checks" in all_markdown(at)  # another configuration, another report


def test_api_key_is_never_shown(seeded: FakeFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSCHECK_LLM_API_KEY", "sk-very-secret-123")
    at = start()
    rendered = "\n".join(
        [all_markdown(at), *(str(t.value) for t in at.text_input), texts_of(at.info)]
    )
    assert "sk-very-secret-123" not in rendered
    assert "found in the environment" in rendered


def test_llm_fallback_is_announced(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, seeds_dir: Path
) -> None:
    factory = FakeFactory(backend="openai+offline-fallback")
    monkeypatch.setattr("crosscheck.factory.build_pipeline", factory)
    monkeypatch.setenv("CROSSCHECK_CORPUS", str(seeds_dir))
    at = run_checks(start())
    assert any("LLM backend failed" in w.value for w in at.warning)


class BrokenVerifier(FakeVerifier):
    def verify(
        self, claim: Claim, passages: Sequence[ScoredPassage], documents: object = None
    ) -> Verdict:
        raise ModelError("stance model missing: verification/models/stance-minilm")


def test_a_failed_run_is_reported_and_nothing_is_stored(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, seeds_dir: Path
) -> None:
    monkeypatch.setattr("crosscheck.factory.build_pipeline", FakeFactory(verifier=BrokenVerifier))
    monkeypatch.setenv("CROSSCHECK_CORPUS", str(seeds_dir))
    at = run_checks(start())
    assert "stance model missing" in plain(texts_of(at.error))
    assert not any(str(df.key).startswith("claims_table") for df in at.dataframe)
    assert "press Run checks" in all_markdown(at)


# -- the real pipeline --------------------------------------------------------------------
@pytest.mark.model
@pytest.mark.slow
@pytest.mark.timeout(1800)  # a full seed run takes minutes on two shared cores
def test_real_pipeline_on_seeds(
    data_dir: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The product as shipped: default factory and pipeline on the seed corpus."""
    monkeypatch.setenv("CROSSCHECK_CORPUS", str(seeds_dir))
    if not STANCE_MODEL.is_file():
        # The shipped stance model is not built yet: the same pipeline, similarity stances.
        monkeypatch.setenv("CROSSCHECK_VERIFIER", "similarity")
    at = start(timeout=1500)
    run_checks(at, timeout=1500)
    table = claims_table(at)
    assert len(table) >= 10

    at.multiselect(key="f_verdict").set_value(["supported", "refuted", "conflicting"]).run()
    decided = claims_table(at)
    assert len(decided) < len(table)

    report = current_report(at)
    casualty = [c for c in report.claims if "129" in c.text or "130" in c.text]
    assert casualty, "the seed corpus reports 129 and 130 dead"
    with_evidence = [c for c in casualty if any(e.doc_id != c.doc_id for e in c.evidence)]
    assert with_evidence, "a casualty claim cites another article"
    claim = with_evidence[0]
    select(at, claim.claim_id)
    md = all_markdown(at)
    assert "Evidence from other articles" in md
    other_titles = {
        d.title for d in report.documents if d.doc_id in {e.doc_id for e in claim.evidence}
    }
    assert any(t and t.split()[0] in md for t in other_titles)

    at.text_area(key="ask_text").set_value("130 people were killed in the Paris attacks.")
    button(at, "ask_submit").click().run(timeout=300)
    assert not at.exception
    assert "**Machine verdict:**" in all_markdown(at)


# -- the worksheet: triage, selection, the editor's review --------------------------------
def review_rows(at: AppTest) -> dict[str, str]:
    ids = at.session_state["table_ids"]
    return dict(zip(ids, claims_table(at)["Review"], strict=True))


def worthy_claim(at: AppTest) -> Any:
    """The first claim of the worksheet (triaged: decisive, not noise) with evidence."""
    by_id = {c.claim_id: c for c in current_report(at).claims}
    return next(
        by_id[i]
        for i in at.session_state["table_ids"]
        if by_id[i].verdict != "not_checked" and by_id[i].evidence
    )


def test_triage_puts_decisive_first_and_hides_headlines_until_asked(
    fake: FakeFactory, tmp_path: Path
) -> None:
    folder = tmp_path / "triage"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "How 130 people died in one night in Paris\n\n"
        "Officials said 130 people were killed in the attacks on Paris.\n"
        "Police said 7 attackers died in the attacks on Paris.\n"
        "For the 2015 timeline see\n"
        "We should never forget the victims of the attacks on Paris.\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "A later report. Officials said 130 people were killed in the attacks on Paris.\n",
        encoding="utf-8",
    )
    at = start()
    at.text_input(key="corpus_folder").set_value(str(folder)).run()
    run_checks(at)
    table = claims_table(at)
    claims = list(table["Claim"])
    assert not any(c.startswith("How 130") or c.endswith("see") for c in claims)
    assert "hidden" in all_markdown(at)
    first = current_report(at)
    decisive = {"✅ supported", "❌ refuted", "⚖️ conflicting"}
    verdicts = list(table["Verdict"])
    assert verdicts[0] in decisive
    assert verdicts[-1] == "💬 not checked (opinion)"  # opinions last
    ranks = [0 if v in decisive else 1 for v in verdicts]
    assert ranks == sorted(ranks)
    metrics = {m.label: int(m.value) for m in at.metric}
    assert sum(metrics.values()) == len(table)  # counts follow the view
    assert table["Confidence"].isna().sum() == 1  # the opinion shows no confidence

    at.toggle(key="f_show_all").set_value(True).run()
    everything = list(claims_table(at)["Claim"])
    assert any(c.startswith("How 130") for c in everything)
    assert any(c.endswith("see") for c in everything)
    assert sum(int(m.value) for m in at.metric) == len(everything)
    assert len(everything) == len(first.claims)


def test_minimum_checkworthiness_setting_filters_claims_and_counts(seeded: FakeFactory) -> None:
    at = run_checks(start())
    before = len(claims_table(at))
    at.slider(key="set_min_cw").set_value(0.95)
    button(at, "settings_apply").click().run()
    assert not at.exception
    table = claims_table(at)  # fake claims score 0.9, opinions 0.3 (kept, as opinions)
    assert 0 < len(table) < before
    assert set(table["Verdict"]) == {"💬 not checked (opinion)"}
    assert sum(int(m.value) for m in at.metric) == len(table)  # the counts follow
    assert at.slider(key="f_cw").value == 0.95
    at.slider(key="f_cw").set_value(0.85).run()
    assert len(claims_table(at)) == before
    assert "press Run checks" not in all_markdown(at)  # no rerun needed
    at.slider(key="f_cw").set_value(0.0).run()
    assert len(claims_table(at)) == before


def test_review_actions_persist_undo_and_filter(seeded: FakeFactory, data_dir: Path) -> None:
    at = run_checks(start())
    claim = worthy_claim(at)
    select(at, claim.claim_id)
    assert "0 of" in plain(all_markdown(at))
    button(at, "review_accept").click().run()
    assert review_rows(at)[claim.claim_id] == "✔ reviewed"
    assert re.search(r"\b1 of \d+ check-worthy claims reviewed", plain(all_markdown(at)))

    cid = claim.claim_id
    other = next(v for v in ("refuted", "supported") if v != claim.verdict)
    at.selectbox(key=f"rv_verdict_{cid}").set_value(other)
    at.number_input(key=f"rv_conf_{cid}").set_value(70)
    at.text_area(key=f"rv_note_{cid}").set_value("Ministry figure differs <b>x</b>")
    button(at, f"rv_save_{cid}").click().run()
    assert not at.exception
    md = plain(all_markdown(at))
    assert "Ministry figure differs <b>x</b>" in plain(
        "\n".join(str(t.value) for t in at.text_area)
    )
    assert "(machine:" in md
    row = claims_table(at)["Verdict"][at.session_state["table_ids"].index(cid)]
    assert row.endswith("✎")

    at.selectbox(key="detail_card_0_mark").set_value("wrong").run()
    assert not at.exception

    reopened = start()  # a restart: reviews come from SQLite in the data directory
    report = current_report(reopened)
    assert (data_dir / "reviews.sqlite3").is_file()
    from review import ReviewStore

    stored = ReviewStore.in_data_dir(data_dir).for_report(report)[cid]
    assert stored.verdict == other and stored.confidence == 0.7
    assert stored.note == "Ministry figure differs <b>x</b>"
    assert [f.mark for f in stored.passage_flags] == ["wrong"]

    select(reopened, cid)
    assert "marked passage 1 wrong" in button(reopened, "review_undo").label
    button(reopened, "review_undo").click().run()
    stored = ReviewStore.in_data_dir(data_dir).for_report(report)[cid]
    assert stored.passage_flags == () and stored.verdict == other
    button(reopened, "review_undo").click().run()  # the override, back to accepted
    stored = ReviewStore.in_data_dir(data_dir).for_report(report)[cid]
    assert stored.verdict is None and stored.note == ""

    button(reopened, "review_follow_up").click().run()
    reopened.multiselect(key="f_review").set_value(["needs_follow_up"]).run()
    assert list(review_rows(reopened).values()) == ["🚩 follow-up"]
    reopened.multiselect(key="f_review").set_value(["unreviewed"]).run()
    assert cid not in review_rows(reopened)
    assert len(review_rows(reopened)) > 0

    at_export = reopened
    at_export.session_state["view"] = "Export"
    from reports import export

    exported = export(current_report(reopened), "json").decode()
    assert '"review"' not in exported  # the memo is the machine report: reviews attach live


def test_edited_article_shows_its_review_as_stale(
    fake: FakeFactory, tmp_path: Path, seeds_dir: Path
) -> None:
    folder = tmp_path / "edit"
    folder.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    at = start()
    at.text_input(key="corpus_folder").set_value(str(folder)).run()
    run_checks(at)
    claim = worthy_claim(at)
    select(at, claim.claim_id)
    button(at, "review_accept").click().run()
    doc = current_report(at).document(claim.doc_id)
    assert doc is not None
    path = folder / doc.path if not Path(doc.path).is_absolute() else Path(doc.path)
    path.write_text(path.read_text(encoding="utf-8") + "\nA correction was added.\n", "utf-8")

    at = start()
    at.text_input(key="corpus_folder").set_value(str(folder)).run()
    run_checks(at)
    fresh = next(c for c in current_report(at).claims if c.text == claim.text)
    assert fresh.claim_id != claim.claim_id  # the article changed, so did the claim's id
    assert review_rows(at)[fresh.claim_id] == "⚠ stale"
    select(at, fresh.claim_id)
    assert "check it again" in texts_of(at.warning)
    assert "0 of" in plain(all_markdown(at))  # a stale review is not counted as done


def test_deep_link_opens_the_claim_and_arrows_step(seeded: FakeFactory) -> None:
    run_checks(start())
    at = AppTest.from_file(APP, default_timeout=FAST_TIMEOUT)
    report_ids: list[str] = []
    at.run()
    report_ids = list(at.session_state["table_ids"])
    target = report_ids[3]
    at.query_params["claim"] = target
    at.run()
    assert at.session_state["selected_claim"] == target
    assert at.session_state["view"] == "Claims"
    button(at, "claim_next").click().run()
    assert at.session_state["selected_claim"] == report_ids[4]
    button(at, "claim_prev").click().run()
    button(at, "claim_prev").click().run()
    assert at.session_state["selected_claim"] == report_ids[2]


def test_evidence_card_opens_the_article_at_the_passage(seeded: FakeFactory) -> None:
    at = run_checks(start())
    claim = worthy_claim(at)
    select(at, claim.claim_id)
    button(at, "detail_card_0_open").click().run()
    assert at.session_state["view"] == "Articles"
    ev = next(c for c in current_report(at).claims if c.claim_id == claim.claim_id).evidence[0]
    assert at.selectbox(key="article_doc").value == ev.doc_id
    assert any("cited passage" in c.value for c in at.caption)


def test_previous_results_stay_visible_marked_out_of_date(seeded: FakeFactory) -> None:
    at = run_checks(start())
    shown = len(claims_table(at))
    at.number_input(key="set_top_k").set_value(3)
    button(at, "settings_apply").click().run()
    assert not at.exception
    assert len(claims_table(at)) == shown  # still there, until a new run finishes
    assert any("Out of date" in w.value for w in at.warning)
    run_checks(at)
    assert not any("Out of date" in w.value for w in at.warning)


# -- archive mode -------------------------------------------------------------------------
def test_a_folder_without_an_archive_index_is_refused_and_the_corpus_still_runs(
    seeded: FakeFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CROSSCHECK_ARCHIVE", str(tmp_path / "nothing-here"))
    at = start()
    assert "Archive ignored" in texts_of(at.sidebar.error)
    run_checks(at)
    assert len(claims_table(at)) > 0
    assert seeded.archive_builds and not any(seeded.archive_builds)
    at.sidebar.text_input(key="set_archive").set_value(str(tmp_path))
    button(at, "settings_apply").click().run()
    assert "no archive index" in texts_of(at.sidebar.error)


@pytest.mark.model
def test_the_app_checks_a_corpus_against_an_indexed_archive(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real pipeline: `crosscheck index` builds the archive, the app points at it."""
    from crosscheck.cli import main
    from tests.test_archive import ARCHIVE, NEW

    archive, new, index = tmp_path / "archive", tmp_path / "new", tmp_path / "index"
    for folder, texts in ((archive, ARCHIVE), (new, NEW)):
        folder.mkdir()
        for name, text in texts.items():
            (folder / name).write_text(text + "\n", encoding="utf-8")
    assert main(["index", str(archive), "--data-dir", str(index), "--quiet"]) == 0
    monkeypatch.setenv("CROSSCHECK_CORPUS", str(new))
    monkeypatch.setenv("CROSSCHECK_ARCHIVE", str(index))
    at = start(timeout=600)
    assert "checked against the archive" in all_markdown(at)
    run_checks(at, timeout=600)
    report = current_report(at)
    paths = {d.doc_id: d.path for d in report.documents}
    assert {c.doc_id for c in report.claims} <= {d for d, p in paths.items() if p.startswith("new")}
    cited = {paths.get(e.doc_id) for c in report.claims for e in c.evidence}
    assert "old1.txt" in cited  # an archive article, named in the report
    assert not (data_dir / "archive.sqlite3").exists()  # the archive stays where it was built
