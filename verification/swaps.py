"""Swapped words: a passage that repeats the claim's wording with one word put in another's place.

"Cameron was ready to help rebuild the Iraqi police" against "… rebuild the Iraqi military":
every other word is repeated, so overlap and a small model both read a paraphrase, but the
claim's point is the word that changed. Two checks, both on the texts' own words:

* a substitution: a claim word the passage lacks, standing between the same two neighbours
  as a passage word the claim lacks ("a [large] number" / "a [small] number");
* a compass swap: "western Syria and eastern Iraq" against "eastern Syria and western Iraq",
  where every word is repeated but the directions are attached to other places.

A swap keeps the passage from confirming the claim; it is not a refutation (another word in
the same place is often just another detail).
"""

from __future__ import annotations

from collections.abc import Callable

from verification.polarity import NEGATIONS, STOP_WORDS, words

_COMPASS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "central",
    }
)


#: A swap is read only in a near-copy: this share of the claim's content words repeated.
NEAR_COPY = 0.6


def _content(word: str) -> bool:
    return len(word) > 2 and word not in STOP_WORDS and word not in NEGATIONS and not word.isdigit()


#: Auxiliaries are one neighbour whatever their tense ("was accelerating" / "is stopping").
_AUXILIARIES = frozenset({"is", "was", "are", "were", "be", "been", "being", "has", "had", "have"})


def _neighbour(word: str | None) -> str | None:
    return "<aux>" if word in _AUXILIARIES else word


def _spelling(a: str, b: str) -> bool:
    """One edit apart ("vapour"/"vapor", "forseeable"/"foreseeable"): one word spelt twice."""
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 5:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] or a[i + 1 :] == b[i:] or a[i:] == b[i + 1 :]


def swapped_word(
    claim: str, passage: str, same: Callable[[str, str], bool] = lambda a, b: a == b
) -> str | None:
    """The first swap found, worded for a reader ("'military' where the claim has 'police'");
    ``same`` says when two different words are one for the verifier (stem, root, synonym)."""
    c_words, p_words = words(claim), words(passage)
    c_set, p_set = set(c_words), set(p_words)
    content = {w for w in c_set if _content(w)}
    if not content or len(content & p_set) / len(content) < NEAR_COPY:
        return None
    last = len(c_words) - 1
    for i, word in enumerate(c_words):
        if not _content(word) or word in p_set:
            continue
        # Both neighbours must match, one of them a content word ("the Iraqi [police]");
        # at the claim's first or last word, the one neighbour it has, a content word.
        left = c_words[i - 1] if i > 0 else None
        right = c_words[i + 1] if i < last else None
        if not any(n is not None and _content(n) for n in (left, right)):
            continue
        for j, other in enumerate(p_words):
            if (
                (left is None or (j > 0 and _neighbour(p_words[j - 1]) == _neighbour(left)))
                and (
                    right is None
                    or (j + 1 < len(p_words) and _neighbour(p_words[j + 1]) == _neighbour(right))
                )
                and _content(other)
                and other not in c_set
                and not same(word, other)
                and not _spelling(word, other)
            ):
                return f"'{other}' where the claim has '{word}'"
    for i in range(len(c_words) - 1):
        direction, place = c_words[i], c_words[i + 1]
        if direction not in _COMPASS or place not in p_set:
            continue
        said = {p_words[j] for j in range(1, len(p_words)) if p_words[j] == place}
        before = {p_words[j - 1] for j in range(1, len(p_words)) if p_words[j] == place}
        if said and before & _COMPASS and direction not in before:
            other = sorted(before & _COMPASS)[0]
            return f"'{other} {place}' where the claim has '{direction} {place}'"
    return None
