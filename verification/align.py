"""Align a claim with a passage slot by slot: the facts ``verification.semantics`` decides on."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from crosscheck.lru import LRU
from crosscheck.models import Frozen, Quantity
from verification.figures import FigureCheck, compare_figures
from verification.lexicon import Lexicon
from verification.polarity import ANTONYMS, polarity
from verification.statements import DateMention, Name, Statement, stem
from verification.swaps import swapped_word


class Alignment(Frozen):
    """What the slots of a claim and a passage have in common and where they differ."""

    #: Share of the claim's content words (stems, or words naming the same act) the passage has.
    coverage: float
    #: How many content words the claim has (a fragment has few).
    claim_words: int = 0
    #: The claim's agents (people, organisations) the passage and its context never name.
    missing_agents: tuple[str, ...] = ()
    #: Every name of the claim (agents, groups, places) the passage and its setting lack:
    #: a passage that never names "British" does not confirm "a British airliner".
    unmatched: tuple[str, ...] = ()
    #: Another actor for the same act ("controlled by the YPG" against "by ISIS").
    agent_conflict: str | None = None
    #: Another holder of a one-holder role both name ("the band … was Eagles of Death Metal"
    #: against "the band … was Metallica").
    role_conflict: str | None = None
    #: Actors the passage names that the claim does not (for a swapped-name refutation).
    other_agents: tuple[str, ...] = ()
    #: The passage's actors, not the claim's, of acts the claim states: "IS" in "IS claimed
    #: the attacks" for "Al-Qaeda claimed the attacks" (not Prescott, who "hosted a dinner").
    act_actors: tuple[str, ...] = ()
    #: The claim names who or what it is about, and the passage names all of it: a figure
    #: counted only by its unit ("rose 20%", "$10m") belongs to that subject.
    subject_named: bool = False
    #: Both texts name a period ("this year", "the third quarter") and no period agrees.
    other_period: bool = False
    #: Something pins the passage to the claim's very event: the same date, the same figure,
    #: or a specific name both give ("Charlie Hebdo", "Tabqah").
    pinned: bool = False
    #: Places the passage itself names, unrelated to the claim's, when a place of the claim
    #: goes unnamed: "in London" where the claim says "in Paris".
    place_swap: tuple[str, ...] = ()
    #: Places the passage names while naming none of the claim's: another event.
    other_places: tuple[str, ...] = ()
    #: The claim's places are named by the passage or its context (same event, as far as place).
    places_matched: bool = False
    figure: FigureCheck = FigureCheck(relation="none")
    #: "same" when a stated date of the passage agrees with the claim's, "differs" when
    #: every stated date disagrees, "none" when one side states no date.
    dates: str = "none"
    claim_date: str | None = None
    passage_date: str | None = None
    #: A negation or antonym that flips the sense of otherwise the same words.
    flip: str | None = None
    #: The flip is a negation only one text carries, and what it negates is none of the
    #: words they share ("denied that its train was speeding when it derailed" for "the train
    #: derailed"): it keeps the passage from confirming the claim, but never refutes it.
    flip_outside: bool = False
    #: The flip is a negation count only: the negations of words both texts have agree
    #: ("no deals … he will not let gossip distract him" for "would not be distracted by
    #: gossip"). The negation rule does not refute on it.
    flip_agrees_on_shared: bool = False
    #: The other places are the passage's article setting, not named in the passage.
    other_places_from_setting: bool = False
    #: The passage's actor for the act the claim and it share ("Matthew Taylor").
    conflict_agent: str | None = None
    #: The claim states a figure (with or without a referent to compare).
    claim_has_figure: bool = False
    #: The flip reverses a time relation ("before" for "after").
    time_flip: bool = False
    #: A word of the claim put in another's place, all else repeated ("'military' where the
    #: claim has 'police'"; verification.swaps): the passage does not confirm the claim.
    swap: str | None = None
    shared_predicate: bool = False


#: Two words sharing this long a beginning are one word for coverage ("electoral" and
#: "elections", "fascist" and "fascism"); shorter shared stems say too little.
SHARED_PREFIX = 5


def _same_root(a: str, b: str) -> bool:
    return (
        len(a) > SHARED_PREFIX and len(b) > SHARED_PREFIX and a[:SHARED_PREFIX] == b[:SHARED_PREFIX]
    )


def coverage(claim: Statement, passage: Statement, lexicon: Lexicon) -> float:
    """Share of the claim's content words the passage repeats: the same stem, a word of the
    same act (lexicon predicates), or the same root."""
    if not claim.words:
        return 1.0 if claim.names else 0.0
    passage_classes = set(passage.predicates)
    # A word whose antonym the passage has is the same slot, flipped: it counts as repeated,
    # so "closed in 2019" against "opened in 2019" reads as the same statement (the flip
    # itself is the polarity check's call).
    claim_antonyms = [
        (w, ANTONYMS[w]) for w in re.findall(r"[a-z]+", claim.text.lower()) if w in ANTONYMS
    ]
    flipped: set[str] = set()
    if claim_antonyms:
        passage_words = set(re.findall(r"[a-z]+", passage.text.lower()))
        flipped = {stem(w) for w, opposites in claim_antonyms if opposites & passage_words}
    # _same_root against every passage word, as one set lookup per claim word.
    roots = {w[:SHARED_PREFIX] for w in passage.words if len(w) > SHARED_PREFIX}
    hit = 0
    for word in claim.words:
        if (
            word in passage.words
            or word in flipped
            or lexicon.predicate_classes(word) & passage_classes
            or (len(word) > SHARED_PREFIX and word[:SHARED_PREFIX] in roots)
        ):
            hit += 1
    return hit / len(claim.words)


def date_relation(claim: Sequence[DateMention], passage: Sequence[DateMention]) -> str:
    """ "same": the passage states every part of a claimed date, equal; "differs": every
    claimed date has a part the passage states otherwise; else "none"."""
    if not claim or not passage:
        return "none"
    if any(_states(p, c) for c in claim for p in passage):
        return "same"
    if all(any(_conflicts(c, p) for p in passage) for c in claim):
        return "differs"
    return "none"


_PARTS = ("year", "month", "day")


def _states(passage: DateMention, claim: DateMention) -> bool:
    given = [part for part in _PARTS if getattr(claim, part) is not None]
    if claim.day is None and claim.weekday is not None:
        given.append("weekday")  # "on a Friday": the passage's date must fall on one
    return bool(given) and all(getattr(passage, part) == getattr(claim, part) for part in given)


def _conflicts(a: DateMention, b: DateMention) -> bool:
    # "13 November" against "12 November", June 2014 against June 2015, 2019 against 2021;
    # a day is only compared within a month both give.
    if a.year is not None and b.year is not None and a.year != b.year:
        return True
    if a.month is not None and b.month is not None and a.month != b.month:
        return True
    if a.weekday is not None and b.weekday is not None and a.weekday != b.weekday:
        return True  # "on a Sunday" against "last Friday" (13 November 2015)
    return a.month == b.month and a.day is not None and b.day is not None and a.day != b.day


_CLAUSE_BREAK = re.compile(r"[,;:.!?]")
_LOCATIVE = r"(?:in|at|on|near|across|outside|inside|throughout)"
_MODIFIER = (
    r"(?:(?:the|south|north|east|west|southern|northern|eastern|western|central|downtown)\s+)*"
)


_DEMONYM_ENDINGS = ("ish", "ian", "ese", "ch", "an", "i", "ic")


def _demonym(surface: str, key: str) -> bool:
    """ "French", "Russian": a nationality before an act only describes what acted ("a French
    trawler sank", "a Russian airliner, killing all 224"); a place's own name ("the Paris
    attacks", "the Lyonsville derailment") is where it happened."""
    word = surface.lower()
    return word != key and word.endswith(_DEMONYM_ENDINGS)


def _listed_together(statement: Statement, first: str, second: str) -> bool:
    """Both names in one list of names ("Imelda Staunton and Clive Owen")."""
    texts = [n.text for n in statement.names if _same_name(n.key, first)]
    others = [n.text for n in statement.names if _same_name(n.key, second)]
    for a in texts:
        for b in others:
            pair = rf"{re.escape(a)}(?:,\s*|\s+and\s+|\s*&\s*){re.escape(b)}"
            rev = rf"{re.escape(b)}(?:,\s*|\s+and\s+|\s*&\s*){re.escape(a)}"
            if re.search(pair, statement.text) or re.search(rev, statement.text):
                return True
    return False


def _surname_written(name: Name, text: str) -> bool:
    """A person's surname alone in the text ("Swank, who previously won…"), which the
    entity tagger may not mark as a name."""
    parts = name.text.split()
    if name.kind != "agent" or not 2 <= len(parts) <= 3:
        return False
    if not all(p[:1].isupper() and p.isalpha() for p in parts):
        return False  # "Bank of England" is no person with a surname
    return re.search(rf"\b{re.escape(parts[-1])}\b", text) is not None


def _same_name(a: str, b: str) -> bool:
    """One name, or a full name and its surname alone ("Hilary Swank", "Swank")."""
    return (
        a == b or (" " in a and a.rsplit(" ", 1)[1] == b) or (" " in b and b.rsplit(" ", 1)[1] == a)
    )


_ACTS: LRU[tuple[int, str], list[tuple[re.Match[str], frozenset[str]]]] = LRU(4096)


def _acts(text: str, lexicon: Lexicon) -> list[tuple[re.Match[str], frozenset[str]]]:
    """The words of ``text`` that name an act, with their predicate classes: a passage's
    are asked for once per claim it is weighed against, so they are kept."""
    key = (id(lexicon), text)
    found = _ACTS.get(key)
    if found is None:
        found = []
        for m in re.finditer(r"[A-Za-z]+", text):
            classes = lexicon.predicate_classes(m.group(0))
            if classes:
                found.append((m, classes))
        _ACTS[key] = found
    return found


def event_places(statement: Statement, lexicon: Lexicon) -> set[str]:
    """Places tied to an act of the passage: "the Paris attacks", "struck Paris", "a bomb attack
    on the Hezbollah stronghold in south Beirut", "killing 102 people in Ankara"."""
    text = statement.text
    out: set[str] = set()
    acts = [m for m, classes in _acts(text, lexicon) if classes - {"say", "happen"}]
    for name in statement.names:
        if name.kind not in ("place", "venue"):
            continue
        place = re.escape(name.text)
        for act in acts:
            after = text[act.end() : act.end() + 80]
            before = text[max(0, act.start() - 40) : act.start()]
            if (
                re.match(rf"\s+(?:\S+\s+){{0,5}}?{_LOCATIVE}\s+{_MODIFIER}{place}\b", after)
                or re.match(rf"\s+(?:the\s+)?{place}\b", after)
                or (
                    re.search(rf"\b{place}(?:['’]s)?\s+(?:\S+\s+)?$", before)
                    and not _demonym(name.text, name.key)
                )
            ) and not _CLAUSE_BREAK.search(after.split(name.text)[0] if name.text in after else ""):
                out.add(name.key)
                break
    return out


_PRONOUN = re.compile(
    r"\b(?:he|she|they|it|his|her|its|their|the group|the organisation|the organization)\b", re.I
)


_PERIOD = re.compile(
    r"\b(?:(?:this|last|next|previous|past)\s+(?:year|month|week|quarter)"
    r"|(?:first|second|third|fourth|final|last)\s+quarter|(?:first|second)\s+half"
    r"|a year (?:ago|earlier)|year[- ]on[- ]year)\b",
    re.I,
)


def _other_period(claim: str, passage: str) -> bool:
    """ "Shares rose 400% this year" and "rose 300% last year" are two periods, not a clash."""
    a = {re.sub(r"\s+", " ", m.lower()) for m in _PERIOD.findall(claim)}
    b = {re.sub(r"\s+", " ", m.lower()) for m in _PERIOD.findall(passage)}
    return bool(a and b and not a & b)


def places_agree(setting: set[str], places: set[str], lexicon: Lexicon) -> bool:
    """Every place of a setting lies with a place of the passage and the reverse: a claim
    with no place of its own, in an article about Paris and its Bataclan, meets a passage on
    Paris; an article that also speaks of Sinai does not tie its claims to one place."""
    return (
        bool(setting and places)
        and all(place_match(a, places, lexicon) for a in setting)
        and all(place_match(b, setting, lexicon) for b in places)
    )


def place_match(c: str, places: Iterable[str], lexicon: Lexicon) -> bool:
    return any(lexicon.contains(c, p) or lexicon.contains(p, c) for p in places)


def act_targets(statement: Statement, lexicon: Lexicon) -> set[str]:
    """Names an attack is on: "the attack on Charlie Hebdo", "the Paris attacks by gunmen
    … on the magazine *Charlie Hebdo*". An act and its target name one event."""
    text = statement.text
    out: set[str] = set()
    names = [
        n
        for n in statement.names
        if n.kind in ("agent", "other", "venue") and n.key not in lexicon.entities
    ]
    if not names:
        return out
    acts = [m.end() for m, classes in _acts(text, lexicon) if "attack" in classes]
    for name in names:
        target = re.escape(name.text)
        for end in acts:
            after = text[end : end + 120]
            if re.match(
                rf"\s+(?:[\w-]+\s+){{0,8}}?(?:on|against)\s+(?:the\s+)?(?:[\w-]+\s+)?\W?{target}",
                after,
            ):
                out.add(name.key)
                break
    return out


#: A singular thing ("a British airliner", "the French president"): one nationality at a time.
_ONE = r"\b(?:[Aa]n?|[Tt]he)\s+"


def _role_conflict(
    claim: Statement, passage: Statement, passage_names: set[str], lexicon: Lexicon
) -> str | None:
    """Another holder for a role both texts fill, the claim's holder never named: "the band
    … was Metallica" against "… was Eagles of Death Metal", "a British airliner" against "a
    Russian airliner" (one thing, so one nationality)."""
    for role in sorted(set(claim.roles) & set(passage.roles)):
        held, holder = claim.roles[role], passage.roles[role]
        if held != holder and held not in passage_names:
            said = next((n.text for n in passage.names if n.key == holder), holder)
            claimed = next((n.text for n in claim.names if n.key == held), held)
            return f"{said} rather than {claimed} as the {role}"
    for ours in claim.names:
        # Nationalities are places when the lexicon knows them ("British") and groups when
        # only the tagger does ("Spanish").
        if ours.kind not in ("place", "group") or ours.key in passage_names:
            continue
        head = re.search(rf"{_ONE}{re.escape(ours.text)}\s+([a-z]{{3,}})\b", claim.text)
        if head is None:
            continue
        for theirs in passage.names:
            if (
                theirs.kind in ("place", "group")
                and theirs.key != ours.key
                and not lexicon.contains(ours.key, theirs.key)
                and not lexicon.contains(theirs.key, ours.key)
                and re.search(
                    rf"{_ONE}{re.escape(theirs.text)}\s+{head.group(1)}\b",
                    passage.text,
                )
            ):
                return f"a {theirs.text} rather than a {ours.text} {head.group(1)}"
    return None


def align(
    claim: Statement,
    passage: Statement,
    lexicon: Lexicon,
    *,
    context: Statement | None = None,
    near: Statement | None = None,
    claim_quantities: Sequence[Quantity] = (),
    claim_text: str | None = None,
    subject: Statement | None = None,
) -> Alignment:
    """Compare slots. ``near`` is the text just before the passage in its article and
    ``context`` that plus the article's title: the setting a passage speaks in. ``subject``
    is the title the user gave with a passage: what it is about, so its names are the
    passage's own."""
    context_names = context.name_keys() if context is not None else set()
    passage_names = passage.name_keys() | (subject.name_keys() if subject is not None else set())
    missing = tuple(
        sorted(
            n.text
            for n in claim.names
            if n.kind in ("agent", "other")
            and not any(_same_name(n.key, k) for k in passage_names | context_names)
            and not _surname_written(n, passage.text)
        )
    )
    own_places = passage.places
    setting = own_places | (context.places if context is not None else set())
    # A name the claim gives that the passage or its setting reads as a place is a place of
    # the claim too: a headline's "Serra Alta bus crash" tags the town as an organisation.
    claim_places = claim.places | (claim.name_keys() & setting)
    # A claim's name counts as matched when the passage names it; a place also when the
    # passage names none of its own and its setting does; an actor also when the passage
    # refers to one by pronoun ("he said") and the text just before names it.
    near_keys = near.name_keys() if near is not None else set()
    near_places = near.places if near is not None else set()
    pronoun = bool(_PRONOUN.search(passage.text))
    unmatched = tuple(
        sorted(
            n.text
            for n in claim.names
            if n.kind != "group"
            and not any(_same_name(n.key, k) for k in passage_names)
            and not _surname_written(n, passage.text)
            and not (n.kind in ("place", "venue") and place_match(n.key, own_places, lexicon))
            and not (
                n.kind in ("place", "venue")
                and not own_places
                and place_match(n.key, setting, lexicon)
            )
            and not (
                n.kind in ("place", "venue")
                and any(lexicon.contains(n.key, p) for p in near_places)
            )
            and not (n.kind == "agent" and pronoun and n.key in near_keys)
        )
    )
    conflict = None
    conflict_agent: str | None = None
    claim_keys = claim.name_keys()
    for cls in sorted(set(claim.agents) & set(passage.agents)):
        claimed_by, said_by = claim.agents[cls], passage.agents[cls]
        if (
            not _same_name(claimed_by, said_by)
            # The passage's actor is one of those the claim lists, or the claim's actor is
            # listed with it: "Imelda Staunton and Clive Owen are hoping for awards" is no
            # swap for "Clive Owen, David Carradine and Natalie Portman are up for awards".
            and not any(_same_name(said_by, k) for k in claim_keys)
            and not any(_listed_together(passage, said_by, k) for k in claim_keys)
        ):
            said = next((n.text for n in passage.names if n.key == passage.agents[cls]), None)
            claimed = next((n.text for n in claim.names if n.key == claim.agents[cls]), None)
            conflict = f"{said or passage.agents[cls]} rather than {claimed or claim.agents[cls]}"
            conflict_agent = said or passage.agents[cls]
            break
    role_conflict = _role_conflict(claim, passage, passage_names, lexicon)
    unnamed_places = {n.key for n in claim.names if n.text in unmatched and n.key in claim_places}
    place_swap = (
        tuple(
            sorted(
                n.text
                for n in passage.names
                if n.key in own_places
                and n.key not in claim_places
                and not place_match(n.key, claim_places, lexicon)
            )
        )
        if unnamed_places
        else ()
    )
    other: tuple[str, ...] = ()
    places_from_setting = False
    matched = bool(claim_places) and all(
        any(lexicon.contains(c, p) or lexicon.contains(p, c) for p in setting) for c in claim_places
    )
    events_at = event_places(passage, lexicon)
    if claim_places and events_at:
        # A place tied to the passage's act ("a bomb attack … in south Beirut", "killing 102
        # people in Ankara") says where its event was; a place elsewhere in the sentence
        # ("…in response to airstrikes in Syria") does not move the event the passage refers to.
        related = any(
            lexicon.contains(c, p) or lexicon.contains(p, c)
            for c in claim_places
            for p in events_at
        )
        venues_only = all(n.kind == "venue" for n in passage.names if n.key in events_at)
        if not related and not (venues_only and matched):
            other = tuple(sorted(n.text for n in passage.names if n.key in events_at))
    elif claim_places and not own_places and setting and not matched:
        # A passage that names no place speaks in its article's setting: "up to 200
        # militants … across the continent" in an article on Europe is not about the US.
        ctx_names = context.names if context is not None else ()
        other = tuple(sorted({n.text for n in ctx_names if n.key in setting}))
        places_from_setting = bool(other)
    dates = date_relation(claim.dates, passage.dates)
    flipped = polarity(claim_text or claim.text, passage.text)
    swap = swapped_word(
        claim_text or claim.text,
        passage.text,
        lambda a, b: (
            stem(a) == stem(b)
            or _same_root(a, b)
            or bool(lexicon.predicate_classes(a) & lexicon.predicate_classes(b))
        ),
    )
    covered = round(coverage(claim, passage, lexicon), 4)
    figure = compare_figures(claim, passage, lexicon, claim_quantities, covered)
    return Alignment(
        coverage=covered,
        claim_words=len(claim.words) + len(claim.names),
        missing_agents=missing,
        other_agents=tuple(
            sorted(
                n.text
                for n in passage.names
                if n.kind in ("agent", "other") and n.key not in claim.name_keys()
            )
        ),
        act_actors=tuple(
            sorted(
                {
                    next((n.text for n in passage.names if n.key == key), key)
                    for cls, key in passage.agents.items()
                    if cls in claim.predicates and key not in claim.name_keys()
                }
            )
        ),
        # A figure that happens to agree does not pin an event, nor does a month.
        # A company or a person recurs in many stories; an event's own name does not.
        pinned=(dates == "same" and any(d.day for d in claim.dates))
        or bool(act_targets(claim, lexicon) & act_targets(passage, lexicon))
        or any(
            n.key in passage_names | near_keys
            and n.kind in ("other", "venue")
            and n.key not in lexicon.entities
            for n in claim.names
        ),
        subject_named=any(n.kind in ("agent", "other", "venue") for n in claim.names)
        and not unmatched,
        other_period=_other_period(claim.text, passage.text),
        unmatched=unmatched,
        agent_conflict=conflict,
        conflict_agent=conflict_agent,
        role_conflict=role_conflict,
        place_swap=place_swap,
        other_places=other,
        other_places_from_setting=places_from_setting,
        places_matched=matched,
        figure=figure,
        dates=dates,
        claim_date=claim.dates[0].words() if claim.dates else None,
        passage_date=passage.dates[0].words() if passage.dates else None,
        flip=flipped.cue if flipped.flipped else None,
        flip_agrees_on_shared=flipped.shared_negations_agree,
        time_flip=flipped.temporal,
        swap=swap,
        shared_predicate=bool(claim.predicates & passage.predicates),
        claim_has_figure=bool(claim_quantities or claim.quantities),
    )


def published_before(passage_published: date | None, claim: Statement, passage: Statement) -> bool:
    """The passage's article appeared before the dated event the claim speaks of.

    A passage that dates its own event ("Mosul, which ISIS seized in June 2014") is judged
    by its date instead: the claim's date may be the wrong one.
    """
    if passage_published is None or passage.dates:
        return False
    for d in claim.dates:
        if d.year is None:
            continue
        month = d.month or 1
        if (passage_published.year, passage_published.month) < (d.year, month):
            return True
    return False


_ACRONYM_PAREN = re.compile(r"\s*\((?:[A-Z][A-Za-z]{1,6})\)")
_ASIDE = re.compile(
    r",\s+(?:which|who|whose)\b[^,;]*(?=[,;]|[.!?]?\s*$)"
    r"|,?\s+(?:as a (?:direct )?result of|in the wake of|in response to)\b"
    r"[^,;]*(?=[,;]|[.!?]?\s*$)",
    re.I,
)


# "I think …", "In my opinion, …": the framing of a typed claim, not its content.
_FRAME = re.compile(
    r"^\s*(?:i\s+(?:think|believe|reckon|suspect)|in\s+my\s+(?:opinion|view)|it\s+seems)"
    r"(?:\s+that)?,?\s+",
    re.I,
)


def claim_core(text: str) -> str:
    """The claim without non-restrictive asides (", which were clearly…", "(IS)").

    An aside is a second statement riding on the first; the first is the claim checked, and
    a passage confirming it need not repeat the commentary.
    """
    core = _FRAME.sub("", _ASIDE.sub("", text))
    core = _ACRONYM_PAREN.sub("", core)
    return re.sub(r"\s{2,}", " ", core).strip() or text


class NliPair(Frozen):
    """The premise and hypothesis the stance model reads once the matched slots are set aside."""

    premise: str
    hypothesis: str


def canonical_text(text: str, statement: Statement, lexicon: Lexicon) -> str:
    """Names written one way on both sides ("IS", "Isis" -> "Islamic State"), brackets gone."""
    out = _ACRONYM_PAREN.sub("", text)
    for name in sorted(statement.names, key=lambda n: -len(n.text)):
        entity = lexicon.entities.get(name.key)
        if entity is not None and name.text != entity.names[0]:
            out = re.sub(rf"(?<!\w){re.escape(name.text)}(?!\w)", entity.names[0], out)
    return out


def _drop_place(text: str, surface: str) -> str:
    s = re.escape(surface)
    text = re.sub(rf"\s*\b(?:in|at|on|across|of)\s+(?:the\s+)?{s}\b(?:['’]s)?", "", text)
    text = re.sub(rf"\b{s}(?:['’]s)?\s+", "", text)
    return text


def nli_pair(
    claim_text: str,
    claim: Statement,
    passage: Statement,
    lexicon: Lexicon,
    context: Statement | None = None,
) -> NliPair:
    """Slot-aligned pair: a place the passage's setting supplies, or a date already checked,
    is not asked of the passage again (a small NLI model reads "no Paris here" as "no")."""
    hypothesis = canonical_text(claim_text, claim, lexicon)
    premise = canonical_text(passage.text, passage, lexicon)
    own = passage.places
    setting = context.places if context is not None else set()
    for name in claim.names:
        settled = name.key in setting or any(lexicon.contains(name.key, p) for p in own | setting)
        if name.kind in ("place", "venue") and name.key not in own and settled:
            entity = lexicon.entities.get(name.key)
            surface = entity.names[0] if entity is not None else name.text
            hypothesis = _drop_place(hypothesis, surface)
            hypothesis = _drop_place(hypothesis, name.text)
    if date_relation(claim.dates, passage.dates) != "differs" and passage.dates:
        # A year the passage leaves unstated is not asked of it ("November 13" for
        # "13 November 2015"): whether the passage confirms the year is the date slot's call.
        for d in claim.dates:
            if d.year is not None and not any(p.year for p in passage.dates):
                hypothesis = re.sub(rf",?\s*{d.year}\b", "", hypothesis)
    return NliPair(premise=premise, hypothesis=re.sub(r"\s{2,}", " ", hypothesis).strip())
