"""Decontextualisation: claim text that reads right without the article around it.

The verbatim source span never changes; only the claim's text is rewritten: leading
connectives dropped, subject pronouns replaced by their antecedents, a bare "the attacks"
named after the article's main event, relative dates anchored to the publication date.
"""

from __future__ import annotations

import re
from datetime import date

from claims.context import DocumentContext
from claims.relative_dates import anchor_dates

_CONNECTIVES = re.compile(
    r"^(?:(?:and|but|so|yet)\b,?[ \xa0]+|(?:thus|hence|however|meanwhile|now|also|then|in fact"
    r"|indeed|moreover|furthermore|still|besides|of course|after all|in reality|secondly"
    r"|firstly|finally|as always|in short|in essence|for one thing|on top of that"
    r"|nevertheless|nonetheless|likewise|similarly|consequently|therefore|luckily|sadly)"
    r",[ \xa0]+)+",
    re.IGNORECASE,
)
_LEADING_PRONOUN = re.compile(r"^([Hh]e|[Ss]he|[Tt]hey|It)\b(?=[ \xa0]+\w)")
_EXPLETIVE_IT = re.compile(
    r"^It[ \xa0]+(?:is|was|has been|had been|would|will|seems|seemed|appears|appeared|may"
    r"|might|could|can|remains)\b"
)
_INNER_PRONOUN = re.compile(
    r"\b(?:when|after|because|since|while|until|before|if)[ \xa0]"
    r"(?P<pronoun>they|he|she)\b(?=[ \xa0]+[a-z])",
)
_SPACES = re.compile(r"[ \t\xa0\u202f\u2009]+")


def make_standalone(
    text: str,
    *,
    at: int,
    context: DocumentContext | None,
    published: date | None,
) -> str:
    """``text`` (found at document offset ``at``) rewritten to stand on its own."""
    result = _SPACES.sub(" ", text).strip()
    result = _strip_connectives(result)
    if context is not None:
        result = _resolve_pronouns(result, at, context)
        result = _name_event(result, context)
    result = anchor_dates(result, published)
    result = _balance_quotes(result)
    return _capitalise(result)


def _strip_connectives(text: str) -> str:
    stripped = _CONNECTIVES.sub("", text)
    return stripped if len(stripped.split()) >= 3 else text


def _resolve_pronouns(text: str, at: int, context: DocumentContext) -> str:
    m = _LEADING_PRONOUN.match(text)
    if m and not (m.group(1) == "It" and _EXPLETIVE_IT.match(text)):
        antecedent = context.antecedent(m.group(1), at)
        if antecedent:
            text = _capitalise(antecedent) + text[m.end() :]

    def inner(match: re.Match[str]) -> str:
        lead = match.group(0)[: match.start("pronoun") - match.start()]
        found = context.antecedent(match.group("pronoun"), at + match.start("pronoun"))
        if not found:
            return match.group(0)
        if found.split()[0] in ("The", "These", "Those"):
            found = found[:1].lower() + found[1:]
        return lead + found

    return _INNER_PRONOUN.sub(inner, text)


def _name_event(text: str, context: DocumentContext) -> str:
    if not context.event or not context.event_noun:
        return text
    noun = context.event_noun
    singular = noun[:-1] if noun.endswith("s") else noun
    forms = "|".join(sorted({re.escape(noun), re.escape(singular)}, key=len, reverse=True))
    pattern = re.compile(
        rf"\b([Tt]he)[ \xa0]+({forms})\b"
        r"(?![ \xa0]+(?:in|on|of|at|by|against|that|which|who|carried|claimed|attributed)\b)"
        r"(?!['’])"
    )
    event = context.event
    done = False

    def replace(match: re.Match[str]) -> str:
        nonlocal done
        if done:
            return match.group(0)
        done = True  # name it once; a second mention reads fine as "the attacks"
        return event if match.group(1) == "the" else event[:1].upper() + event[1:]

    return pattern.sub(replace, text)


def _balance_quotes(text: str) -> str:
    """Drop a dangling opening or closing quote mark left by cutting a quotation."""
    for opener, closer in (("“", "”"), ("‘", "’")):
        if text.count(opener) > text.count(closer) and text.startswith(opener):
            text = text[1:]
        if text.count(closer) > text.count(opener) and text.rstrip(".").endswith(closer):
            stripped = text.rstrip(".")
            text = stripped[:-1] + text[len(stripped) :]
    if text.count('"') % 2 == 1:
        text = text.strip('"') if text.startswith('"') or text.endswith('"') else text
    return text.strip()


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
