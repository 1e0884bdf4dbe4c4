"""Small deterministic stand-ins shared by tests."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from crosscheck.models import Document, Quantity, Sentence, StanceScores

NEUTRAL = StanceScores(supports=0.05, refutes=0.05, neutral=0.9)


class ScriptedStanceModel:
    """Returns the scores scripted for a premise; neutral for anything else."""

    name = "scripted.v1"

    def __init__(self, script: Mapping[str, StanceScores]) -> None:
        self.script = dict(script)
        self.calls: list[tuple[str, str]] = []

    def predict(self, premises: Sequence[str], hypotheses: Sequence[str]) -> list[StanceScores]:
        self.calls.extend(zip(premises, hypotheses, strict=True))
        return [self.script.get(p, NEUTRAL) for p in premises]


def regex_splitter(document: Document) -> list[Sentence]:
    """Sentences ending in . ! ? or a newline; offsets exact."""
    out = []
    for match in re.finditer(r"[^.!?\n]+[.!?]?", document.text):
        start, end = match.start(), match.end()
        while start < end and document.text[start].isspace():
            start += 1
        while end > start and document.text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(
                Sentence(
                    doc_id=document.doc_id,
                    start=start,
                    end=end,
                    text=document.text[start:end],
                    zone=document.zone_at(start),
                )
            )
    return out


def simple_quantities(text: str) -> list[Quantity]:
    """Exact integers followed by a noun, as a quantity parser stand-in."""
    out = []
    for m in re.finditer(r"\b(\d[\d,]*)\s+(\w+)", text):
        value = float(m.group(1).replace(",", ""))
        out.append(
            Quantity(
                text=m.group(0),
                low=value,
                high=value,
                referent=m.group(2),
                start=m.start(),
                end=m.end(),
            )
        )
    return out
