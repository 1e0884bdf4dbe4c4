"""Negation and antonym polarity: a passage that repeats a claim with its sense flipped.

A small cross-encoder sometimes reads "the border is not controlled by the YPG" as support
for "the border is controlled by the YPG": the words agree, one "not" differs. This check
compares the two texts word by word: a high overlap of content words with a negation
mismatch, or an antonym in place of the claim's word ("rose" / "fell"), flips the sense.
"""

from __future__ import annotations

import re

from crosscheck.models import Frozen
from verification.statements import stem

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NEGATION_WORDS = (
    "not no never none nobody nothing neither nor without cannot n't denied deny denies "
    "failed fail fails "
)
NEGATIONS = frozenset(_NEGATION_WORDS.split())
#: The reviewed antonym pairs, by word form (the one list: the lexicon holds names, not these).
_PAIRS = (
    ("increase", "decrease"),
    ("increased", "decreased"),
    ("increases", "decreases"),
    ("rise", "fall"),
    ("rose", "fell"),
    ("rising", "falling"),
    ("rises", "falls"),
    ("more", "less"),
    ("more", "fewer"),
    ("higher", "lower"),
    ("gain", "loss"),
    ("gained", "lost"),
    ("gains", "lose"),
    ("gain", "lose"),
    ("won", "lost"),
    ("win", "lose"),
    ("above", "below"),
    ("before", "after"),
    ("confirmed", "denied"),
    ("true", "false"),
    ("allowed", "banned"),
    ("open", "closed"),
    ("opened", "closed"),
    ("opens", "closes"),
    ("approve", "reject"),
    ("approved", "rejected"),
    ("approve", "against"),
    ("approved", "against"),
    ("alive", "dead"),
    ("success", "failure"),
    ("accepted", "rejected"),
    ("support", "oppose"),
    ("supported", "opposed"),
    ("warming", "cooling"),
    ("warmer", "cooler"),
    ("largest", "smallest"),
    ("most", "least"),
    ("strengthened", "weakened"),
    ("expanded", "shrank"),
    ("guilty", "innocent"),
    ("legal", "illegal"),
    ("safe", "dangerous"),
    # Evaluative verbs: "the mayor criticised the library" is no rewording of "praised".
    ("praise", "criticise"),
    ("praise", "criticize"),
    ("praise", "condemn"),
    ("praised", "criticised"),
    ("praised", "criticized"),
    ("praised", "condemned"),
    ("praises", "criticises"),
    ("praises", "criticizes"),
    ("praises", "condemns"),
    ("praising", "criticising"),
    ("praising", "criticizing"),
    ("praising", "condemning"),
    ("welcomed", "condemned"),
    ("welcomed", "criticised"),
    ("welcomed", "criticized"),
    ("easiest", "hardest"),
    ("easier", "harder"),
    ("war", "peace"),
    ("joined", "left"),
    ("join", "leave"),
    ("joining", "leaving"),
    ("agreed", "disagreed"),
    ("agree", "disagree"),
    ("accepted", "refused"),
    ("accepted", "declined"),
    ("acquitted", "convicted"),
)
ANTONYMS: dict[str, frozenset[str]] = {}
for _a, _b in _PAIRS:
    ANTONYMS[_a] = ANTONYMS.get(_a, frozenset()) | {_b}
    ANTONYMS[_b] = ANTONYMS.get(_b, frozenset()) | {_a}
_STOP_WORDS = (
    "a an the of in on at to for by with from and or but is are was were be been being "
    "has have had do does did it its this that these those as than then so such which who "
    "whom what when where will would can could may might must shall should also there "
    "their they he she his her we our you your i"
)
STOP_WORDS = _STOP = frozenset(_STOP_WORDS.split())
# Words that never count as shared: built once, not for every (claim, passage) pair.
_NOT_SHARED = _STOP | NEGATIONS | frozenset(ANTONYMS)


def words(text: str) -> list[str]:
    """Lower-case words, "n't" split off as a negation of its own."""
    return _WORD.findall(text.lower().replace("’", "'").replace("n't", " n't"))


#: The cue of a flip by a negation only one text carries.
NEGATION_CUE = "a negation"

#: Antonyms that reverse a time relation ("nine days before" / "after"), not a polarity.
TIME_RELATIONS = frozenset({"before", "after", "earlier", "later"})


class Polarity(Frozen):
    """How much of the claim the passage repeats, and whether it flips its sense."""

    overlap: float
    flipped: bool
    cue: str | None = None
    #: The flip is a time relation reversed.
    temporal: bool = False
    #: The flip is a negation count only: the negations of words both texts have agree
    #: (see :func:`polarity`).
    shared_negations_agree: bool = False


#: A negation this many words before a word negates it ("did not rise", "never rose").
NEGATION_REACH = 3


def _negated(ws: list[str], target: str) -> bool:
    return any(
        w == target and any(x in NEGATIONS for x in ws[max(0, i - NEGATION_REACH) : i])
        for i, w in enumerate(ws)
    )


#: How many words after a negation it reaches ("did not claim responsibility").
NEGATION_SCOPE = 3


def _negations_of(ws: list[str], shared: set[str]) -> int:
    """Negations with a word both texts share among the next few words."""
    return sum(
        1
        for i, w in enumerate(ws)
        if w in NEGATIONS and any(stem(x) in shared for x in ws[i + 1 : i + 1 + NEGATION_SCOPE])
    )


def polarity(claim: str, passage: str) -> Polarity:
    c_words, p_words = words(claim), words(passage)
    c_set, p_set = set(c_words), set(p_words)
    neg_c = sum(1 for w in c_words if w in NEGATIONS)
    neg_p = sum(1 for w in p_words if w in NEGATIONS)
    ignore = _NOT_SHARED
    shared = {stem(w) for w in c_set - ignore} & {stem(w) for w in p_set - ignore}
    cue: str | None = None
    temporal = False
    flips = 0
    negation_differs = neg_c % 2 != neg_p % 2
    if negation_differs:
        flips += 1
        cue = NEGATION_CUE
    for word in sorted(c_set - p_set):
        opposite = sorted(ANTONYMS.get(word, frozenset()) & (p_set - c_set))
        if opposite:
            flips += 1
            cue = f"'{opposite[0]}' for '{word}'"
            temporal = word in TIME_RELATIONS
            if negation_differs and not (_negated(c_words, word) or _negated(p_words, opposite[0])):
                # The negation negates something else ("criticised Washington for not doing
                # enough" against "praised Washington for doing enough"): its flip does not
                # count, the antonym's does. One on the antonym itself cancels it ("did not
                # rise" against "fell"), as the parity above has it.
                flips -= 1
            break
    content = c_set - ignore
    overlap = len(content & p_set) / len(content) if content else 0.0
    flipped = flips % 2 == 1
    # The negations of what both texts say may agree though the counts differ: "Mr Blair
    # has done no deals … while Mr Brown says he will not let gossip distract him" negates
    # the deals, which "Brown would not be distracted by gossip" never mentions; its "not"
    # is the claim's. Such a flip blocks support; the negation rule does not refute on it.
    agree = (
        flipped
        and cue == NEGATION_CUE
        and _negations_of(c_words, shared) % 2 == _negations_of(p_words, shared) % 2
    )
    return Polarity(
        overlap=round(overlap, 3),
        flipped=flipped,
        cue=cue,
        temporal=flipped and temporal,
        shared_negations_agree=agree,
    )
