"""One spaCy pass per sentence: the claim extractor leaves entities for the verifier."""

from __future__ import annotations

from typing import Any

import pytest

from claims.entity_cache import EntityCache
from claims.offline import OfflineClaimExtractor
from crosscheck.models import Document
from crosscheck.store import KeyValueStore
from verification.statements import StatementReader

pytestmark = pytest.mark.model  # spaCy's small English model

TEXT = (
    "Floods close the valley road\n\n"
    "Heavy rain flooded the valley road near Lyonsville on Tuesday, police said. "
    "The Red Cross opened a shelter in the town hall for 40 families. "
    "Mayor Ana Ruiz said the road would reopen on Friday."
)


class Spy:
    """Records the texts a reader sends through spaCy."""

    def __init__(self, reader: StatementReader) -> None:
        self.texts: list[str] = []
        self._run = reader._run_nlp

    def __call__(self, texts: list[str]) -> Any:
        self.texts.extend(texts)
        return self._run(texts)


def test_the_verifier_reads_an_extracted_article_without_running_spacy_again() -> None:
    doc = Document.create(path="floods.txt", text=TEXT)
    cache = EntityCache(KeyValueStore(None))
    OfflineClaimExtractor(entity_cache=cache).extract(doc)
    reader = StatementReader(entity_cache=cache)
    spy = Spy(reader)
    reader._run_nlp = spy  # type: ignore[method-assign]
    start = TEXT.index("The Red Cross")
    shared = reader.read_span(doc.doc_id, TEXT, start, len(TEXT), zones=doc.zones)
    assert spy.texts == []  # every sentence's entities were left by the extractor
    # ... and they are the entities a reader finds on its own.
    alone = StatementReader().read_span(doc.doc_id, TEXT, start, len(TEXT), zones=doc.zones)
    assert shared.names == alone.names
    assert "redcross" in {n.key for n in shared.names}


def test_a_reader_without_the_extractor_runs_spacy_on_each_sentence_once() -> None:
    doc = Document.create(path="floods.txt", text=TEXT)
    store = KeyValueStore(None)
    first = StatementReader(entity_cache=store)
    spy = Spy(first)
    first._run_nlp = spy  # type: ignore[method-assign]
    first.read_span(doc.doc_id, TEXT, 0, len(TEXT), zones=doc.zones)
    first.flush()
    assert spy.texts and all(t in TEXT for t in spy.texts)
    again = StatementReader(entity_cache=store)
    spy_again = Spy(again)
    again._run_nlp = spy_again  # type: ignore[method-assign]
    again.read_span(doc.doc_id, TEXT, 0, len(TEXT), zones=doc.zones)
    assert spy_again.texts == []  # a later run finds them in the store
