"""Make text drawable with one font: no silent tofu for characters the font lacks.

Policy: each run of characters missing from the font (an emoji, with its skin-tone
modifier, variation selector or zero-width-joined parts) becomes one visible U+FFFD
REPLACEMENT CHARACTER, which DejaVu Sans draws as a diamond with a question mark.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Container

PLACEHOLDER = "\ufffd"
_ZWJ = "\u200d"


def _extends_cluster(char: str) -> bool:
    """Invisible code points that only modify the character before them."""
    code = ord(char)
    return (
        char == _ZWJ
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin-tone modifiers
        or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
        or 0xE0100 <= code <= 0xE01EF  # variation selectors supplement
        or code == 0x20E3  # combining enclosing keycap
    )


def fit_to_font(text: str, covered: Container[int]) -> str:
    """``text`` with every character outside ``covered`` (a font's code points) replaced.

    Newlines are kept (they break lines), tabs become spaces and other control
    characters are dropped: none of them has a glyph to draw.
    """
    out: list[str] = []
    replaced = False  # the last thing written was a placeholder
    joined = False  # ... and a zero-width joiner followed it
    for char in text:
        if char == "\n":
            out.append(char)
            replaced = joined = False
            continue
        if char == "\t":
            char = " "
        elif unicodedata.category(char) == "Cc":
            continue
        if replaced and _extends_cluster(char):
            joined = char == _ZWJ
            continue
        if ord(char) in covered:
            out.append(char)
            replaced = joined = False
        elif _extends_cluster(char):
            continue  # a selector the font lacks on a character it has: nothing to show
        elif replaced and joined:
            joined = False  # the next part of a joined sequence: same placeholder
        else:
            out.append(PLACEHOLDER)
            replaced, joined = True, False
    return "".join(out)
