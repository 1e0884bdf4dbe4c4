"""The verifier's reviewed word lists (``verification/data/lexicon.json``), loaded once."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from crosscheck.errors import ModelError
from crosscheck.models import Frozen

LEXICON_PATH = Path(__file__).resolve().parent / "data" / "lexicon.json"
_NON_ALNUM = re.compile(r"[^0-9a-zà-ÿ]+")
_POSSESSIVE = re.compile(r"['’]s\b", re.IGNORECASE)


#: Words before a name that are no part of it ("Mr Blair" is Blair).
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof"})
_HONORIFIC = re.compile(rf"^(?:{'|'.join(sorted(HONORIFICS))})\.?\s+(?=\S)")


def name_key(text: str) -> str:
    """A surface name folded for matching: 'LePen' = 'Le Pen', "IS's" = 'IS', 'U.S.' = 'US'."""
    folded = _POSSESSIVE.sub("", text).lower()
    folded = re.sub(r"^(the|so-called)\s+", "", folded)
    folded = _HONORIFIC.sub("", folded)
    return _NON_ALNUM.sub("", folded)


def case_sensitive(surface: str) -> bool:
    """Short all-capital acronyms (IS, US, EU) are names only in capitals ('is', 'us' are words)."""
    letters = re.sub(r"[^A-Za-z]", "", surface)
    return letters.isupper() and len(letters) <= 4


class Entity(Frozen):
    key: str
    kind: str  # place | venue | agent
    names: tuple[str, ...]
    within: tuple[str, ...] = ()


class Lexicon(Frozen):
    entities: dict[str, Entity]
    referents: dict[str, frozenset[str]]
    generic_referents: frozenset[str]
    cumulative_cues: tuple[str, ...]
    approximate_words: tuple[str, ...]
    predicates: dict[str, frozenset[str]]
    venue_nouns: frozenset[str]
    #: Roles one holder fills at a time ("the mastermind", "the band on stage").
    role_nouns: tuple[str, ...] = ()

    def entity_for(self, surface: str) -> Entity | None:
        return self._surface_index().get(name_key(surface))

    def _surface_index(self) -> dict[str, Entity]:
        return _surface_index(self)

    def referent_class(self, word: str) -> str | None:
        word = word.lower()
        for cls, words in self.referents.items():
            if word in words:
                return cls
        return None

    def predicate_classes(self, word: str) -> frozenset[str]:
        # Asked for every word of every passage: one lookup, not a scan of the classes.
        return _predicate_index(self).get(word.lower(), _NO_CLASSES)

    def contains(self, outer: str, inner: str) -> bool:
        """Whether place ``inner`` lies within place ``outer`` (or is it)."""
        if outer == inner:
            return True
        entity = self.entities.get(inner)
        return bool(entity and outer in entity.within)


_INDEXES: dict[int, dict[str, Entity]] = {}


_PREDICATE_INDEXES: dict[int, dict[str, frozenset[str]]] = {}
_NO_CLASSES: frozenset[str] = frozenset()


def _predicate_index(lexicon: Lexicon) -> dict[str, frozenset[str]]:
    index = _PREDICATE_INDEXES.get(id(lexicon))
    if index is None:
        found: dict[str, set[str]] = {}
        for cls, words in lexicon.predicates.items():
            for word in words:
                found.setdefault(word, set()).add(cls)
        index = {w: frozenset(c) for w, c in found.items()}
        _PREDICATE_INDEXES[id(lexicon)] = index
    return index


def _surface_index(lexicon: Lexicon) -> dict[str, Entity]:
    index = _INDEXES.get(id(lexicon))
    if index is None:
        index = {}
        for entity in lexicon.entities.values():
            for surface in (entity.key, *entity.names):
                index.setdefault(name_key(surface), entity)
        _INDEXES[id(lexicon)] = index
    return index


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entities = {
            key: Entity(
                key=key,
                kind=row["kind"],
                names=tuple(row["names"]),
                within=tuple(row.get("within", ())),
            )
            for key, row in data["entities"].items()
        }
        return Lexicon(
            entities=entities,
            referents={
                k: frozenset(w.lower() for w in v)
                for k, v in data["referents"].items()
                if not k.startswith("_")
            },
            generic_referents=frozenset(data["generic_referents"]),
            cumulative_cues=tuple(data["cumulative_cues"]),
            approximate_words=tuple(data["approximate_words"]),
            predicates={
                k: frozenset(w.lower() for w in v)
                for k, v in data["predicates"].items()
                if not k.startswith("_")
            },
            venue_nouns=frozenset(data["venue_nouns"]),
            role_nouns=tuple(data.get("roles", {}).get("nouns", ())),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"cannot read the verifier lexicon {path}: {exc}") from exc
