"""Untrusted text shown to a person: bidirectional controls made visible and inert.

A U+202E (right-to-left override) in a file name shows ``report‮txt.exe`` as
``reportexe.txt``; embeddings and isolates can likewise reorder the words of a report
around them. Each such control is replaced by a visible ``[U+202E]`` tag wherever file
names or article text reach a report or the app (report.json keeps the raw text: it is data).
"""

from __future__ import annotations

import re

# Embeddings and overrides (U+202A..U+202E) and isolates (U+2066..U+2069). The plain marks
# (LRM, RLM, ALM) cannot reorder anything beyond themselves and are left alone.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def neutralise_bidi(text: str) -> str:
    """``text`` with every bidirectional embedding, override or isolate shown as a tag."""
    return _BIDI_CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def has_bidi_controls(text: str) -> bool:
    return _BIDI_CONTROLS.search(text) is not None
