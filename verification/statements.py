"""Read a sentence into the slots a fact-checker compares: names, places, dates, figures, words.

One :class:`StatementReader` serves a run: spaCy's named entities (parser off: entities and
tokens are all it needs), the reviewed lexicon's aliases, acronyms the texts define
themselves (Schwartz-Hearst), explicit and relative dates, and the quantity parser. Each
text is read once per run (a dictionary keyed by text and date).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from claims.entity_cache import ENTITY_PIPES_OFF, Entities, EntityCache
from corpus.sentences import split_text
from crosscheck.lru import LRU
from crosscheck.models import Document, Frozen, Quantity, ZoneSpan
from crosscheck.store import KeyValueStore
from verification.lexicon import Lexicon, case_sensitive, load_lexicon, name_key

NameKind = Literal["place", "venue", "agent", "group", "other"]
QuantityParser = Callable[[str], list[Quantity]]
NlpLoader = Callable[[], Any]

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_SP = r"[ \t\xa0]+"
_DATE_PATTERNS = (
    # 13 November 2015 / 13th of November
    re.compile(
        rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?{_SP}(?:of{_SP})?(?P<m>{_MON})\.?(?:,?{_SP}(?P<y>(?:19|20)\d\d))?\b",
        re.I,
    ),
    # November 13, 2015 / November 13
    re.compile(
        rf"\b(?P<m>{_MON})\.?{_SP}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\d)(?:,?{_SP}(?P<y>(?:19|20)\d\d))?",
        re.I,
    ),
    # November 2015
    re.compile(rf"\b(?P<m>{_MON}){_SP}(?P<y>(?:19|20)\d\d)\b", re.I),
    # Friday the 13th
    re.compile(
        rf"\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday){_SP}the{_SP}(?P<d>\d{{1,2}})(?:st|nd|rd|th)\b",
        re.I,
    ),
    # a bare year: "in 2019", "since 2011"
    re.compile(
        r"(?<![\d,.$£€])\b(?P<y>(?:18|19|20)\d\d)\b(?!\d|[,.]\d|%| ?(?:people|dollars|km"
        # "shown on BBC One from 2010 GMT" is a clock time
        r"|GMT|BST|UTC|CET|EST|hrs|hours|local time))"
    ),
)
_WORD = re.compile(r"[a-zà-ÿ0-9]+(?:['’][a-z]+)?", re.I)
_NEGATION = frozenset(
    "not no never none nobody nothing neither nor without cannot n't denied deny denies".split()  # noqa: SIM905
)
_STOP_WORDS = (
    "a an the of in on at to for by with from and or but is are was were be been being has "
    "have had do does did it its this that these those as than then so such which who whom "
    "what when where will would can could may might must shall should also there their they "
    "he she his her we our you your i all some any more most other into over after before "
    "about up out just only very said says say according last first one two now ago s "
    # Modality is not content: "seem likely to make gains" ~ "is expected to make gains".
    "seem seems seemed likely unlikely expected appear appears apparently probably possibly "
    "perhaps clearly certainly"
)
_STOP = frozenset(_STOP_WORDS.split())
_ENTITY_KINDS: dict[str, NameKind] = {
    "GPE": "place",
    "LOC": "place",
    "FAC": "venue",
    "PERSON": "agent",
    "ORG": "agent",
    # Nationalities and creeds ("Islamist killers", "Syrian side") describe; they are not actors.
    "NORP": "group",
    "EVENT": "other",
    "WORK_OF_ART": "other",
    "LAW": "other",
    "PRODUCT": "other",
}


#: Words that only name what a figure measures ("long", "wide"): the figure's unit says it.
_DIMENSION_WORDS = frozenset(
    {"long", "wide", "high", "tall", "deep", "length", "width", "height", "depth", "size"}
)


class Name(Frozen):
    """A named entity: ``key`` is the lexicon's canonical key, else the folded surface form."""

    key: str
    text: str
    kind: NameKind


class DateMention(Frozen):
    """A date as stated; a missing part is unknown, not zero."""

    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    #: Monday is 0; known from a stated weekday ("on a Sunday") or a full date.
    weekday: int | None = None

    def words(self) -> str:
        parts = []
        if self.weekday is not None and not self.day:
            parts.append(calendar.day_name[self.weekday])
        if self.day:
            parts.append(str(self.day))
        if self.month:
            parts.append(calendar.month_name[self.month])
        if self.year:
            parts.append(str(self.year))
        return " ".join(parts) or self.text


class Statement(Frozen):
    """The comparable slots of one text."""

    text: str
    words: frozenset[str]
    predicates: frozenset[str]
    names: tuple[Name, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    negations: int = 0
    #: Who does each act: predicate class -> the name in subject or by-phrase position.
    agents: dict[str, str] = {}
    #: Who holds a one-holder role: role noun -> the name ("the band … was Eagles of Death
    #: Metal", "their mastermind, Abdelhamid Abaaoud").
    roles: dict[str, str] = {}

    def name_keys(self, *kinds: NameKind) -> set[str]:
        return {n.key for n in self.names if not kinds or n.kind in kinds}

    @property
    def places(self) -> set[str]:
        return self.name_keys("place", "venue")

    def with_names(self, other: Statement) -> Statement:
        """This statement's slots, with the other's names added (a setting: text + title)."""
        known = {n.key for n in self.names}
        extra = tuple(n for n in other.names if n.key not in known)
        return self.model_copy(update={"names": self.names + extra})


@lru_cache(maxsize=1 << 16)  # asked for every word of every (claim, passage) pair
def stem(word: str) -> str:
    """A light stem so 'attacks'/'attacked'/'attacking' meet; no lemmatiser needed."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in ("ings", "ing", "ied", "ies", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
            break
    return w


# Dates are the date slot's business, not words to repeat.
_CALENDAR_WORDS = frozenset(
    [m.lower() for m in calendar.month_name if m]
    + [d.lower() for d in calendar.day_name]
    + ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)
_LIGHT = re.compile(
    r"\b(?:took|take|takes|taken|taking)[ \xa0]+place\b|\b(?:carried|carry)[ \xa0]+out\b"
    r"|\b(?:took|take|takes|taken|taking)(?=[ \xa0]+(?:responsibility|control|part)\b)",
    re.I,
)


def content_words(text: str) -> list[str]:
    # "took place", "took responsibility", "carried out": the noun carries the content.
    text = _LIGHT.sub(" ", text)
    return [
        w
        for w in _WORD.findall(text)
        if w.lower() not in _STOP and not w.isdigit() and w.lower() not in _CALENDAR_WORDS
    ]


def _weekday_and_day(published: date, weekday: str, day: int) -> date | None:
    wanted = [d.lower() for d in calendar.day_name].index(weekday.lower())
    from datetime import timedelta

    for back in range(0, 400):
        candidate = published - timedelta(days=back)
        if candidate.day == day and candidate.weekday() == wanted:
            return candidate
    return None


def find_dates(text: str, published: date | None = None) -> list[DateMention]:
    """Explicit dates, then relative ones anchored to the article's date ("last Friday")."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            g = m.groupdict()
            month = _MONTHS.get((g.get("m") or "").lower().rstrip(".")) if g.get("m") else None
            day = int(g["d"]) if g.get("d") else None
            if day is not None and not 1 <= day <= 31:
                continue
            year = int(g["y"]) if g.get("y") else None
            if g.get("wd") and day is not None and published is not None:
                # "Friday the 13th" in an article: the latest such day on or before it.
                resolved = _weekday_and_day(published, g["wd"], day)
                if resolved is not None:
                    year, month = resolved.year, resolved.month
            weekday = _weekday_index(g["wd"]) if g.get("wd") else None
            found.append(
                DateMention(text=m.group(0), year=year, month=month, day=day, weekday=weekday)
            )
            taken.append((m.start(), m.end()))
    if published is not None:
        from claims.relative_dates import find_relative_dates

        for anchored in find_relative_dates(text, published):
            if anchored.day is None:
                continue
            overlapping = [
                i for i, (s, e) in enumerate(taken) if s < anchored.end and anchored.start < e
            ]
            mention = DateMention(
                text=anchored.original,
                year=anchored.day.year,
                month=anchored.day.month,
                day=anchored.day.day,
            )
            if overlapping:
                # The anchored reading completes a year-less explicit date ("November 13").
                for i in overlapping:
                    found[i] = mention
            else:
                found.append(mention)
                taken.append((anchored.start, anchored.end))
    for m in _WEEKDAY.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            found.append(DateMention(text=m.group("wd"), weekday=_weekday_index(m.group("wd"))))
    return [_with_weekday(d) for d in found]


# A weekday as a time ("on a Sunday", "last Friday"), not a name ("the Sunday Times").
_WEEKDAY = re.compile(
    r"\b(?:on|last|this|that|next|a)[ \t\xa0]+(?P<wd>monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)\b(?![ \t\xa0]+[A-Z])",
    re.I,
)


def _weekday_index(name: str) -> int:
    return [d.lower() for d in calendar.day_name].index(name.lower())


def _with_weekday(mention: DateMention) -> DateMention:
    if mention.weekday is not None or None in (mention.year, mention.month, mention.day):
        return mention
    try:
        day = date(mention.year, mention.month, mention.day)  # type: ignore[arg-type]
    except ValueError:
        return mention
    return mention.model_copy(update={"weekday": day.weekday()})


#: Statements kept for reuse (a passage is read again for each claim it is retrieved for);
#: a few kilobytes each, so at most some tens of megabytes.
STATEMENT_CACHE_SIZE = 20_000
#: Articles whose entity spans are kept (one spaCy pass per article, reused by its passages).
ENTITY_CACHE_DOCS = 2_048
#: Full parses kept for negation scopes (only texts whose negations differ are parsed).
PARSE_CACHE_SIZE = 2_048


class StatementReader:
    """Reads texts into :class:`Statement` slots; spaCy loads on the first call."""

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        *,
        nlp_loader: NlpLoader | None = None,
        quantity_parser: QuantityParser | None = None,
        entity_cache: EntityCache | KeyValueStore | None = None,
        cache_size: int = STATEMENT_CACHE_SIZE,
    ) -> None:
        """``entity_cache``: spaCy's entities by text, kept between runs and shared with the
        claim extractor (a sentence is run through spaCy once); only with the default model."""
        self.lexicon = lexicon or load_lexicon()
        self._nlp_loader = nlp_loader
        if isinstance(entity_cache, KeyValueStore):
            entity_cache = EntityCache(entity_cache)
        self._entity_cache = entity_cache if nlp_loader is None else None
        self._nlp: Any = None
        self._parse = quantity_parser
        # Bounded: an archive run reads many more passages and articles than it revisits.
        self._cache: LRU[tuple[str, date | None], Statement] = LRU(cache_size)
        self._doc_entities: LRU[str, Entities] = LRU(ENTITY_CACHE_DOCS)
        self._parses: LRU[str, Any] = LRU(PARSE_CACHE_SIZE)
        self._acronyms: dict[str, str] = {}
        self._surfaces = _surface_patterns(self.lexicon)

    # -- acronyms the texts define ---------------------------------------------------
    def learn(self, texts: Iterable[str]) -> None:
        """Record acronyms a text defines: "Syrian Observatory for Human Rights (SOHR)"."""
        from abbreviations import schwartz_hearst

        for text in texts:
            if "(" not in text:
                continue
            try:
                pairs = schwartz_hearst.extract_abbreviation_definition_pairs(doc_text=text)
            except Exception:  # noqa: BLE001 - a third-party heuristic must never stop a run
                continue
            for short, definition in pairs.items():
                long_key = self._key(definition)
                self._acronyms.setdefault(name_key(short), long_key)

    @property
    def acronyms(self) -> dict[str, str]:
        """The acronyms learned so far, each with its definition's key."""
        return dict(self._acronyms)

    def _key(self, surface: str) -> str:
        entity = self.lexicon.entity_for(surface)
        if entity is not None:
            return entity.key
        folded = name_key(surface)
        return self._acronyms.get(folded, folded)

    # -- reading ------------------------------------------------------------------------
    def read(self, text: str, published: date | None = None) -> Statement:
        return self.read_many([text], [published])[0]

    def read_many(
        self, texts: Sequence[str], published: Sequence[date | None] | None = None
    ) -> list[Statement]:
        dates = list(published) if published is not None else [None] * len(texts)
        keys = list(zip(texts, dates, strict=True))
        found: dict[tuple[str, date | None], Statement] = {}
        for key in keys:
            hit = self._cache.get(key)
            if hit is not None:
                found[key] = hit
        unique = [k for k in dict.fromkeys(keys) if k not in found]
        if unique:
            docs = self._entities([t for t, _ in unique])
            for (text, day), ents in zip(unique, docs, strict=True):
                found[(text, day)] = self._cache[(text, day)] = self._statement(text, day, ents)
        return [found[k] for k in keys]

    def read_in(
        self,
        document: Document,
        start: int,
        end: int,
        published: date | None = None,
        *,
        names_only: bool = False,
    ) -> Statement:
        """:meth:`read_span` of a document's text (its date unless another is given)."""
        return self.read_span(
            document.doc_id,
            document.text,
            start,
            end,
            published or document.published,
            names_only=names_only,
            zones=document.zones,
        )

    def read_span(
        self,
        doc_id: str,
        text: str,
        start: int,
        end: int,
        published: date | None = None,
        *,
        names_only: bool = False,
        zones: Sequence[ZoneSpan] = (),
    ) -> Statement:
        """The statement of ``text[start:end]``, with the entities of the whole document
        (``zones``: the document's, to read it sentence by sentence as the extractor does).

        Each article is run through spaCy once; a passage or the text before it takes the
        entities inside its span, read in the article's own context (better than a sentence
        alone, and no second pass). ``names_only``: only its names (the setting before a
        passage is asked for nothing else; its figures, dates and actors cost a third of the
        reading and are never used).
        """
        key = (f"\x00{doc_id}:{start}:{end}:{'n' if names_only else 'a'}", published)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        ents = self._doc_entities.get(doc_id)
        if ents is None:
            ents = self._document_entities(text, zones)
            self._doc_entities[doc_id] = ents
        inside = [
            (surface, label, s - start, e - start)
            for surface, label, s, e in ents
            if s >= start and e <= end
        ]
        statement = self._statement(text[start:end], published, inside, names_only=names_only)
        self._cache[key] = statement
        return statement

    def _entities(self, texts: list[str]) -> list[Entities]:
        """spaCy's named entities of each text, from the entity cache where it has them."""
        cache = self._entity_cache
        if cache is None:
            return self._run_nlp(texts)
        found = cache.get_many(texts)
        todo = [t for t in dict.fromkeys(texts) if t not in found]
        if todo:
            fresh = dict(zip(todo, self._run_nlp(todo), strict=True))
            cache.put_many(fresh)
            found.update(fresh)
        return [found[t] for t in texts]

    def _document_entities(self, text: str, zones: Sequence[ZoneSpan]) -> Entities:
        """An article's entities, sentence by sentence: the sentences the claim extractor
        read are in the entity cache already; boilerplate (bylines, share buttons) is skipped."""
        sentences = [s for s in split_text(text, doc_id="", zones=zones) if s.zone != "boilerplate"]
        found = self._entities([s.text for s in sentences])
        return [
            (surface, label, s.start + a, s.start + b)
            for s, ents in zip(sentences, found, strict=True)
            for surface, label, a, b in ents
        ]

    def flush(self) -> None:
        """Store the entities read since the last flush, in one transaction."""
        if self._entity_cache is not None:
            self._entity_cache.flush()

    def parse(self, text: str) -> Any:
        """spaCy's full parse of a short text (a negation's scope), cached."""
        doc = self._parses.get(text)
        if doc is None:
            doc = self._load_nlp()(text)
            self._parses[text] = doc
        return doc

    def _load_nlp(self) -> Any:
        if self._nlp is None:
            if self._nlp_loader is not None:
                self._nlp = self._nlp_loader()
            else:
                from claims.nlp import load_nlp

                self._nlp = load_nlp()
        return self._nlp

    def _run_nlp(self, texts: list[str]) -> list[Entities]:
        self._load_nlp()
        # Entities and tokens are all the reader needs.
        disable = [n for n in ENTITY_PIPES_OFF if n in self._nlp.pipe_names]
        out = []
        for doc in self._nlp.pipe(texts, disable=disable, batch_size=64):
            out.append([(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents])
        return out

    def _statement(
        self, text: str, day: date | None, ents: Entities, *, names_only: bool = False
    ) -> Statement:
        lex = self.lexicon
        names: dict[str, Name] = {}
        spans: list[str] = []
        located: list[tuple[int, int, str, str]] = []  # start, end, key, kind
        for surface, label, start, end in ents:
            kind = _ENTITY_KINDS.get(label)
            if kind is None:
                continue
            entity = lex.entity_for(surface)
            if entity is None and _mostly_known(surface, self._surfaces):
                # "Marine LePen's Front National" is two names the lexicon knows: the scan
                # below finds each; the merged span would match neither.
                continue
            if entity is not None:
                kind = entity.kind  # type: ignore[assignment]
            elif kind != "venue" and _venue_follows(text, end, lex):
                kind = "venue"
            key = self._key(surface)
            if key:
                names.setdefault(key, Name(key=key, text=surface, kind=kind))
                spans.append(surface)
                located.append((start, end, key, kind))
        for m in self._surfaces.finditer(text):
            entity = lex.entity_for(m.group(0))
            if entity is None or (case_sensitive(m.group(0)) and not m.group(0).isupper()):
                continue
            names.setdefault(
                entity.key,
                Name(key=entity.key, text=m.group(0), kind=entity.kind),  # type: ignore[arg-type]
            )
            spans.append(m.group(0))
            located.append((m.start(), m.end(), entity.key, entity.kind))
        for m in _ACRONYM.finditer(text):
            # Acronyms a text of the corpus defined ("… (SOHR)"), wherever they recur.
            long_key = self._acronyms.get(name_key(m.group(0)))
            if long_key is not None and long_key not in names:
                names[long_key] = Name(key=long_key, text=m.group(0), kind="agent")
                spans.append(m.group(0))
        if names_only:
            return Statement(
                text=text, words=frozenset(), predicates=frozenset(), names=tuple(names.values())
            )
        name_words = {w.lower() for s in spans for w in _WORD.findall(s)}
        quantities = tuple(self._quantities(text))
        # The words of a figure ("48 million dollars") are the figure slot's business.
        figure_words = {w.lower() for q in quantities for w in _WORD.findall(q.text)}
        if any(q.unit for q in quantities):
            figure_words |= {"dollar", "dollars", "euro", "euros", "pound", "pounds"}
        if quantities:
            # "about 1,000 miles long" and "the 1000-mile border": the dimension word says
            # what the figure measures, which its unit already does.
            figure_words |= _DIMENSION_WORDS
        tokens = content_words(text)
        words = frozenset(
            stem(w) for w in tokens if w.lower() not in name_words and w.lower() not in figure_words
        )
        predicates = frozenset(c for w in _WORD.findall(text) for c in lex.predicate_classes(w))
        lowered = [w.lower() for w in _WORD.findall(text.replace("n't", " n't"))]
        negations = sum(1 for w in lowered if w in _NEGATION or w.endswith("n't"))
        return Statement(
            text=text,
            words=words,
            predicates=predicates,
            agents=_agents(text, located, lex),
            roles=role_holders(text, located, lex),
            names=tuple(names.values()),
            dates=tuple(find_dates(text, day)),
            quantities=quantities,
            negations=negations,
        )

    def _quantities(self, text: str) -> list[Quantity]:
        if self._parse is None:
            from claims.quantities import parse_quantities

            self._parse = parse_quantities
        return self._parse(text) + implicit_counts(text, self.lexicon)


_AGENT_VERBS = frozenset(
    "struck strikes controls holds held took kills claims claiming responsibility seizes shut"  # noqa: SIM905
    " runs".split()
)
_AGENT_GAP = re.compile(r"^[\w\s'’()-]{0,30}$")
# "controlled by the YPG", "carried out by gunmen affiliated with al Qaeda".
_BY = re.compile(r"^\s+(?:\w+\s+){0,2}?by\s+(?:\w+\s+){0,3}?$", re.I)


def _agents(
    text: str, located: list[tuple[int, int, str, str]], lexicon: Lexicon
) -> dict[str, str]:
    """The actor of each act: "ISIS seized Mosul", "controlled by the YPG", "which IS claimed".

    A light reading without a parser: the nearest actor name before the verb within the same
    clause, or the name after "by" just behind it (passive). Only acts of the lexicon's
    predicate classes are read; none found means "unknown", never "nobody".
    """
    actors = sorted({x for x in located if x[3] in ("agent", "group")})
    out: dict[str, str] = {}
    for m in _WORD.finditer(text):
        word = m.group(0).lower()
        classes = lexicon.predicate_classes(word) - {"say"}
        if not classes:
            continue
        agent = None
        # A by-phrase names the actor of a verb or a noun ("the attacks by gunmen …").
        for start, _end, key, _ in actors:
            if start >= m.end() and _BY.match(text[m.end() : start]):
                agent = key
                break
        # The name before the word is its actor only for a verb ("ISIS seized Mosul"); before
        # a noun it is a modifier ("the Paris attacks").
        if agent is None and not (word.endswith("ed") or word in _AGENT_VERBS):
            continue
        if agent is None:
            before = [
                a for a in actors if a[1] <= m.start() and _AGENT_GAP.match(text[a[1] : m.start()])
            ]
            if before:
                agent = before[-1][2]
        if agent is not None:
            for cls in classes:
                out.setdefault(cls, agent)
    return out


#: A role is read only in its definite use ("the band", "their so-called mastermind",
#: "Belgium's prime minister"): "a band" is one of many.
_ROLE_DETERMINER = r"(?:the|their|its|his|her|our|[A-Z][\w.-]*['’]s)\s+(?:so-called\s+)?"
_COPULA = re.compile(r"\b(?:was|is|were|are|remains|remained)\s+(?:the\s+)?", re.I)
#: How far a role's copula or apposition may follow it in one sentence ("the band on stage in
#: the Bataclan theater, where 89 people were murdered, was Eagles of Death Metal").
ROLE_REACH = 120
_HOLDER_KINDS = ("agent", "other")


@lru_cache(maxsize=4)
def _role_pattern(nouns: tuple[str, ...]) -> re.Pattern[str]:
    """The definite uses of the role nouns, longest first ("prime minister" before "minister")."""
    alternatives = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    return re.compile(rf"\b{_ROLE_DETERMINER}({alternatives})\b", re.I)


def role_holders(
    text: str, located: list[tuple[int, int, str, str]], lexicon: Lexicon
) -> dict[str, str]:
    """Who fills each one-holder role the text names: "the ROLE … was NAME" or "the ROLE,
    (the Belgian) NAME". A light reading without a parser; none found means "unknown"."""
    if not lexicon.role_nouns:
        return {}
    holders = sorted(x for x in located if x[3] in _HOLDER_KINDS)
    out: dict[str, str] = {}
    for m in _role_pattern(lexicon.role_nouns).finditer(text):
        role = m.group(1).lower()
        after = text[m.end() : m.end() + ROLE_REACH]
        holder = None
        apposition = re.match(r"\s*,\s*", after)
        if apposition:
            # "their mastermind, the Belgian Abdelhamid Abaaoud": the first actor named within
            # a few words of the comma (a nationality there describes the holder).
            gap_end = m.end() + apposition.end()
            holder = next(
                (
                    key
                    for start, _end, key, _ in holders
                    if gap_end <= start <= gap_end + 30
                    and re.fullmatch(r"[\w\s'’-]*", text[gap_end:start])
                ),
                None,
            )
        if holder is None:
            for cop in _COPULA.finditer(after):
                if re.search(r"[.;!?]", after[: cop.start()]):
                    break
                at = m.end() + cop.end()
                # After a copula any name is the holder ("the winner was France"; the small
                # tagger reads "Metallica" as a place).
                holder = next((key for start, _e, key, _ in sorted(located) if start == at), None)
                if holder is not None:
                    break
        if holder is not None:
            out.setdefault(role, holder)
    return out


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,7}\b")


def _mostly_known(surface: str, surfaces: re.Pattern[str]) -> bool:
    """Whether lexicon names make up most of an entity's text (then the names stand alone)."""
    covered = sum(m.end() - m.start() for m in surfaces.finditer(surface))
    return covered >= 0.6 * len(surface.strip())


_NOBODY = re.compile(r"\b(?:nobody|no one|no-one|no people|none)\b", re.I)


def zero_counts(text: str, lexicon: Lexicon) -> list[Quantity]:
    """ "Nobody was injured" states a count: zero of a referent (the outcome named after it)."""
    out = []
    for m in _NOBODY.finditer(text):
        following = _WORD.findall(text[m.end() : m.end() + 40])[:4]
        outcome = next((w for w in following if lexicon.referent_class(w)), None)
        if outcome is not None:
            out.append(
                Quantity(
                    text=m.group(0), low=0, high=0, referent=outcome, start=m.start(), end=m.end()
                )
            )
    return out


#: Shares a text states in words: "killed half its leadership", "all of the hostages".
_SHARES: dict[str, tuple[float, float]] = {
    "all": (1.0, 1.0),
    "half": (0.5, 0.5),
    "a third": (1 / 3, 1 / 3),
    "a quarter": (0.25, 0.25),
    "two thirds": (2 / 3, 2 / 3),
    "three quarters": (0.75, 0.75),
}
_SHARE = re.compile(
    r"\b(?P<share>all|half|a third|a quarter|two thirds|three quarters)\s+"
    # "all" needs "of" or a determiner ("all day" is no share); a figure after it is the
    # figure's business ("all 224 people on board").
    r"(?P<of>of\s+)?(?P<det>(?:the|its|their|his|her|our|[A-Z][\w.-]*['’]s)\s+)?"
    r"(?P<noun>[a-z]{3,})\b"
)


def share_counts(text: str) -> list[Quantity]:
    """ "Killed half its leadership" states a share of a referent: 0.5 of the leadership."""
    out = []
    for m in _SHARE.finditer(text):
        share = m.group("share")
        if share == "all" and not (m.group("of") or m.group("det")):
            continue
        low, high = _SHARES[share]
        out.append(
            Quantity(
                text=m.group(0),
                low=low,
                high=high,
                unit="share",
                referent=m.group("noun"),
                start=m.start(),
                end=m.end(),
            )
        )
    return out


def implicit_counts(text: str, lexicon: Lexicon) -> list[Quantity]:
    """Counts stated without a number: "nobody was injured", "half its leadership"."""
    return zero_counts(text, lexicon) + share_counts(text)


def _venue_follows(text: str, end: int, lexicon: Lexicon) -> bool:
    following = text[end : end + 20].lower().split()
    return bool(following) and following[0].strip(",.;") in lexicon.venue_nouns


def _surface_patterns(lexicon: Lexicon) -> re.Pattern[str]:
    surfaces = sorted(
        {s for e in lexicon.entities.values() for s in e.names}, key=len, reverse=True
    )
    parts = []
    for s in surfaces:
        body = re.escape(s).replace(r"\ ", r"[ \xa0-]?")
        parts.append(body if case_sensitive(s) else f"(?i:{body})")
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?:['’]s)?(?![\w])")
