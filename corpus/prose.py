"""Text that is not prose: code blocks, tables, lines of figures, runs without punctuation.

Such spans are set aside (zoned ``boilerplate`` by ``detect_zones``): they stay in the text
and offsets, but never become a claim or a passage. Fed whole to the sentence splitter and
the parser they make one giant "sentence" (spaCy refuses texts over 1,000,000 characters),
and a table of figures read as prose makes figures "refute" unrelated claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A run this long without sentence punctuation is not a sentence a person wrote.
MAX_UNPUNCTUATED_CHARS = 2_000
# A line this long without a single space is a blob (base64, minified code), not prose.
MAX_WORD_CHARS = 200
MIN_TABLE_LINES = 3

_FENCE = re.compile(r"^[ ]{0,3}(?P<mark>`{3,}|~{3,})[^\n]*$", re.MULTILINE)
_UNPUNCTUATED = re.compile(rf"[^.!?…\n]{{{MAX_UNPUNCTUATED_CHARS},}}")
_BLOB = re.compile(rf"\S{{{MAX_WORD_CHARS},}}")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$")


def nonprose_spans(text: str) -> Iterator[tuple[int, int]]:
    """Half-open spans of ``text`` that are not prose (may overlap; callers paint them)."""
    yield from _fenced_blocks(text)
    yield from _table_runs(text)
    for pattern in (_UNPUNCTUATED, _BLOB):
        for m in pattern.finditer(text):
            yield m.start(), m.end()


def is_prose(text: str) -> bool:
    """Whether any of ``text`` survives once its non-prose spans are set aside."""
    keep = bytearray(b"\x01" * len(text))
    for start, end in nonprose_spans(text):
        keep[start:end] = b"\x00" * (end - start)
    return any(flag and ch.isalpha() for flag, ch in zip(keep, text, strict=True))


def _fenced_blocks(text: str) -> Iterator[tuple[int, int]]:
    """Markdown code fences (an unclosed fence runs to the end, as CommonMark says)."""
    pos = 0
    while True:
        opening = _FENCE.search(text, pos)
        if opening is None:
            return
        mark = opening.group("mark")
        closing = re.compile(rf"^[ ]{{0,3}}{re.escape(mark[0])}{{{len(mark)},}}[ \t]*$", re.M)
        end_match = closing.search(text, opening.end() + 1)
        end = end_match.end() if end_match else len(text)
        yield opening.start(), end
        pos = end + 1 if end < len(text) else end
        if pos >= len(text):
            return


def _table_runs(text: str) -> Iterator[tuple[int, int]]:
    """Runs of at least ``MIN_TABLE_LINES`` table rows or lines of figures."""
    run_start: int | None = None
    run_end = 0
    count = 0
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if _is_table_line(line):
            if run_start is None:
                run_start, count = start, 0
            run_end, count = end, count + 1
            continue
        if line.strip() and run_start is not None:
            if count >= MIN_TABLE_LINES:
                yield run_start, run_end
            run_start = None
    if run_start is not None and count >= MIN_TABLE_LINES:
        yield run_start, run_end


def _is_table_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if stripped.count("|") >= 2 or _TABLE_RULE.match(stripped) or line.count("\t") >= 2:
        return True
    return _is_figures(stripped)


def _is_figures(line: str) -> bool:
    """A line mostly of numbers and dates: few letters, several digits, no sentence end."""
    visible = [ch for ch in line if not ch.isspace()]
    digits = sum(ch.isdigit() for ch in visible)
    letters = sum(ch.isalpha() for ch in visible)
    return digits >= 2 and letters * 2 < len(visible) and not re.search(r"[a-z]{3,}[.!?]$", line)
