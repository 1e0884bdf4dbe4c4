"""spaCy's named entities by text, shared by the claim extractor and the verifier.

The extractor runs spaCy over every sentence of an article; the verifier needs the same
sentences' entities to read passages. One cache, written by the first and read by the
second (and by later runs, from the store), means a sentence goes through spaCy once.
Entities do not depend on the parser or tagger (the NER component reads the tokens alone),
so a full parse and an entities-only run give the same list.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence

from crosscheck.store import KeyValueStore

Entities = list[tuple[str, str, int, int]]
#: The spaCy components an entities-only run leaves off.
ENTITY_PIPES_OFF = ("parser", "lemmatizer", "attribute_ruler", "tagger")
#: Texts' entities kept in memory before they are written without a flush call.
FLUSH_AT = 2048


class EntityCache:
    """Entities (surface, label, start, end) by text, buffered and kept in ``store``."""

    def __init__(self, store: KeyValueStore) -> None:
        self._store = store
        self._model: str | None = None
        self._pending: dict[str, str] = {}

    def _key(self, text: str) -> str:
        if self._model is None:
            from claims.nlp import model_versions

            self._model = f"{model_versions()};off={','.join(ENTITY_PIPES_OFF)}"
        return hashlib.sha256(f"entities\x1f{self._model}\x1f{text}".encode()).hexdigest()

    def get_many(self, texts: Sequence[str]) -> dict[str, Entities]:
        """The entities known for each of ``texts`` (unknown texts are left out)."""
        found: dict[str, Entities] = {}
        for text in dict.fromkeys(texts):
            key = self._key(text)
            raw = self._pending.get(key) or self._store.get(key)
            if raw is not None:
                found[text] = [(str(a), str(b), int(c), int(d)) for a, b, c, d in json.loads(raw)]
        return found

    def put_many(self, entities: Mapping[str, Entities]) -> None:
        self._pending.update({self._key(t): json.dumps(e) for t, e in entities.items()})
        if len(self._pending) >= FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        """Write what was read since the last flush, in one transaction."""
        if self._pending:
            self._store.put_many(self._pending)
        self._pending = {}
