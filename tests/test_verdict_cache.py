"""Verdicts cached by claim, evidence and verifier: a rerun judges only what changed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from crosscheck.config import Settings
from crosscheck.models import Claim, Corpus, Document, Report, ScoredPassage, Verdict
from crosscheck.pipeline import Pipeline
from crosscheck.store import KeyValueStore
from retrieval.embedder import HashingEmbedder
from retrieval.hybrid import HybridIndex
from tests.fakes import blank_reader, regex_splitter
from tests.test_pipeline import SentenceExtractor, _corpus
from verification.engine import Reviewed, StanceVerifier
from verification.stance_models import OverlapStanceModel
from verification.statements import StatementReader


class CountingVerifier:
    """The real offline verifier, counting the claims it is asked to judge."""

    def __init__(self, name_suffix: str = "") -> None:
        self.inner = StanceVerifier(OverlapStanceModel(), reader=blank_reader())
        self.name = self.inner.name + name_suffix
        self.calls: Counter[str] = Counter()

    def verify(
        self,
        claim: Claim,
        passages: Sequence[ScoredPassage],
        documents: Mapping[str, Document] | None = None,
    ) -> Verdict:
        self.calls[claim.claim_id] += 1
        return self.inner.verify(claim, passages, documents)

    def context_key(self, documents: Mapping[str, Document]) -> str:
        return self.inner.context_key(documents)


def _pipeline(data: Path, verifier: CountingVerifier, *, cached: bool = True) -> Pipeline:
    embedder = HashingEmbedder()
    return Pipeline(
        settings=Settings(data_dir=data, top_k=2),
        extractor=SentenceExtractor(),
        embedder=embedder,
        index=HybridIndex(embedder, data / "chroma", splitter=regex_splitter),
        verifier=verifier,
        cache=KeyValueStore(data / "cache.sqlite3" if cached else None),
    )


def _verdicts(report: Report) -> list[dict[str, object]]:
    return [c.model_dump(mode="json") for c in report.claims]


def _grown() -> Corpus:
    """The corpus and one more article, whose passage is evidence for the Paris claims."""
    added = Document.create(path="d.txt", text="Gunmen killed 130 people in Paris, police said.")
    return Corpus(documents=(*_corpus().documents, added))


def test_an_unchanged_rerun_judges_nothing_and_gives_the_same_verdicts(tmp_path: Path) -> None:
    first_verifier, second_verifier = CountingVerifier(), CountingVerifier()
    first = _pipeline(tmp_path, first_verifier).run(_corpus())
    assert sum(first_verifier.calls.values()) == len(first.claims)
    again = _pipeline(tmp_path, second_verifier).run(_corpus())
    assert not second_verifier.calls
    uncached = _pipeline(tmp_path / "none", CountingVerifier(), cached=False).run(_corpus())
    assert _verdicts(again) == _verdicts(first) == _verdicts(uncached)


def test_new_evidence_is_judged_again_and_unchanged_evidence_is_not(tmp_path: Path) -> None:
    _pipeline(tmp_path, CountingVerifier()).run(_corpus())
    before = _pipeline(tmp_path / "probe", CountingVerifier(), cached=False)
    old_claims = before.run(_corpus()).claims
    verifier = CountingVerifier()
    pipeline = _pipeline(tmp_path, verifier)
    grown = pipeline.run(_grown())
    added = _grown().documents[-1].doc_id
    paris = [c for c in old_claims if "Paris" in c.text]
    assert paris and all(any(e.doc_id == added for e in c.evidence) for c in grown.claims[:2])
    # Every claim whose evidence now includes the new article is judged again...
    for claim in grown.claims:
        if claim.doc_id != added and any(e.doc_id == added for e in claim.evidence):
            assert verifier.calls[claim.claim_id] == 1
    # ... the new article's own claim is judged; a claim whose evidence is the same is not.
    assert all(verifier.calls[c.claim_id] == 1 for c in grown.claims if c.doc_id == added)
    unchanged = [
        new
        for old, new in zip(old_claims, grown.claims, strict=False)
        if old.claim_id == new.claim_id and old.evidence == new.evidence
    ]
    assert unchanged and all(verifier.calls[c.claim_id] == 0 for c in unchanged)
    fresh = _pipeline(tmp_path / "fresh", CountingVerifier(), cached=False).run(_grown())
    assert _verdicts(grown) == _verdicts(fresh)


def test_another_verifier_or_rules_digest_judges_again(tmp_path: Path) -> None:
    _pipeline(tmp_path, CountingVerifier()).run(_corpus())
    changed = CountingVerifier(name_suffix="-rules2")
    report = _pipeline(tmp_path, changed).run(_corpus())
    assert sum(changed.calls.values()) == len(report.claims)


def test_an_acronym_a_new_article_defines_changes_the_keys(tmp_path: Path) -> None:
    pipeline = _pipeline(tmp_path, CountingVerifier())
    corpus = _corpus()
    claims = SentenceExtractor().extract(corpus.documents[0])
    pipeline.ensure_indexed(corpus)
    found = pipeline.evidence_for(claims)
    keys = pipeline._verdict_keys(claims, found, corpus)
    plain = Document.create(path="p.txt", text="The dogs slept at the farm all day.")
    defining = Document.create(
        path="e.txt", text="The cats rested at the Royal Society for Cats (RSC) all day."
    )
    with_plain = Corpus(documents=(*corpus.documents, plain))
    assert pipeline._verdict_keys(claims, found, with_plain) == keys
    with_acronym = Corpus(documents=(*corpus.documents, defining))
    assert pipeline._verdict_keys(claims, found, with_acronym) != keys


def test_put_many_stores_every_item_in_one_call(tmp_path: Path) -> None:
    store = KeyValueStore(tmp_path / "kv.sqlite3")
    store.put_many({"a": "1", "b": "2"})
    store.put_many({})
    assert (store.get("a"), store.get("b"), len(store)) == ("1", "2", 2)


def test_spacy_entities_are_read_once_across_readers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = ["Gunmen killed 130 people in Paris on Friday.", "Obama met Merkel in Berlin."]
    store = KeyValueStore(tmp_path / "entities.sqlite3")
    reader = StatementReader(entity_cache=store)
    first = reader.read_many(texts)
    reader.flush()

    def no_spacy(self: StatementReader, texts: list[str]) -> list[object]:
        raise AssertionError(f"spaCy ran on {texts}")

    monkeypatch.setattr(StatementReader, "_run_nlp", no_spacy)
    assert StatementReader(entity_cache=store).read_many(texts) == first


def test_judgements_are_kept_per_passage_and_only_new_passages_are_judged(
    tmp_path: Path,
) -> None:
    corpus = _grown()
    pipeline = _pipeline(tmp_path / "probe", CountingVerifier(), cached=False)
    pipeline.ensure_indexed(corpus)
    claim = SentenceExtractor().extract(corpus.documents[0])[0]
    passages = pipeline.evidence_for([claim])[0]
    documents = {d.doc_id: d for d in corpus.documents}
    store = KeyValueStore(tmp_path / "verification.sqlite3")

    def verifier() -> tuple[StanceVerifier, list[int]]:
        judged: list[int] = []
        v = StanceVerifier(OverlapStanceModel(), reader=blank_reader(), judgement_cache=store)
        inner = v._judge

        def counting(
            claim: Claim, found: Sequence[ScoredPassage], docs: Mapping[str, Document]
        ) -> list[Reviewed]:
            judged.append(len(found))
            return inner(claim, found, docs)

        v._judge = counting  # type: ignore[method-assign,assignment]
        return v, judged

    first, first_judged = verifier()
    one = first.verify(claim, passages[:1], documents)
    first.flush()
    assert first_judged == [1]
    second, second_judged = verifier()
    both = second.verify(claim, passages, documents)
    # Only the passages never judged are read now.
    assert len(passages) > 1 and second_judged == [len(passages) - 1]
    uncached = StanceVerifier(OverlapStanceModel(), reader=blank_reader())
    assert both == uncached.verify(claim, passages, documents)
    assert one == uncached.verify(claim, passages[:1], documents)


def test_every_rule_module_the_verifier_imports_is_in_the_rules_digest() -> None:
    # A rule edited in a module outside the digest would leave stale cached verdicts.
    import subprocess
    import sys

    from verification.engine import _RULE_FILES

    code = (
        "import sys, verification.engine; "
        "print(' '.join(m for m in sys.modules if m.startswith('verification.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    imported = {f"{m.replace('.', '/')}.py" for m in out.stdout.split()}
    protocols = {"verification/base.py"}
    assert imported - protocols <= set(_RULE_FILES)
