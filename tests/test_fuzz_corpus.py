"""Property tests over arbitrary bytes and text: loaders, zones, the sentence splitter.

Never an exception other than the project's own input errors; every offset invariant holds;
every file ends up either in ``documents`` or in ``skipped``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.loader import load_bytes, load_corpus
from corpus.prose import nonprose_spans
from corpus.readers import SUPPORTED_EXTENSIONS
from corpus.sentences import _STRIP, MAX_SENTENCE_CHARS, split_text
from corpus.zones import detect_zones
from crosscheck.errors import CorpusError, DocumentError

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text with the characters that drive the rules: punctuation, quotes, fences, pipes, digits,
# line breaks, nbsp, bidi controls and letters of several scripts.
_ALPHABET = st.sampled_from(
    list("abcXYZ 019.,;:!?…\"'“”‘’«»()[]|-*#`~\t\n\n\xa0\u202e\u200bé中ب")
    + ["```", "\n\n", "Mr. ", "U.S. ", "Share Tweet", "Comments", "said,", "\n1. "]
)
texts = st.lists(_ALPHABET, max_size=200).map("".join) | st.text(max_size=300)


def _check_zones(text: str) -> None:
    zones = detect_zones(text)
    if not text:
        assert zones == ()
        return
    assert zones[0].start == 0 and zones[-1].end == len(text)
    for left, right in zip(zones, zones[1:], strict=False):
        assert left.end == right.start and left.start < left.end


@FAST
@given(texts)
def test_zones_cover_the_text_in_order(text: str) -> None:
    _check_zones(text)


@FAST
@given(texts)
def test_sentences_are_exact_ordered_bounded_slices(text: str) -> None:
    zones = detect_zones(text)
    sentences = split_text(text, doc_id="d", zones=zones)
    previous_end = 0
    for sentence in sentences:
        assert 0 <= sentence.start < sentence.end <= len(text)
        assert sentence.start >= previous_end
        assert sentence.text == text[sentence.start : sentence.end]
        assert sentence.end - sentence.start <= MAX_SENTENCE_CHARS
        assert sentence.text[0] not in _STRIP and sentence.text[-1] not in _STRIP
        previous_end = sentence.end


@FAST
@given(texts)
def test_nonprose_spans_lie_inside_the_text(text: str) -> None:
    for start, end in nonprose_spans(text):
        assert 0 <= start <= end <= len(text)


_EXTENSIONS = st.sampled_from([*SUPPORTED_EXTENSIONS, ".csv", ""])
_BYTES = (
    st.binary(max_size=400)
    | texts.map(lambda t: t.encode("utf-8"))
    | texts.map(lambda t: t.encode("utf-16"))
)


@FAST
@given(_BYTES, _EXTENSIONS)
def test_load_bytes_returns_a_document_or_raises_document_error(data: bytes, ext: str) -> None:
    try:
        document = load_bytes(f"file{ext}", data)
    except DocumentError:
        return
    assert document.text.strip()
    for zone in document.zones:
        assert 0 <= zone.start <= zone.end <= len(document.text)
    _check_zones(document.text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_BYTES, _EXTENSIONS), min_size=1, max_size=5))
def test_every_file_is_a_document_or_skipped(files: list[tuple[bytes, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        names = []
        for i, (data, ext) in enumerate(files):
            name = f"f{i}{ext}"
            (folder / name).write_bytes(data)
            names.append(name)
        try:
            corpus = load_corpus(folder)
        except CorpusError:
            return  # nothing readable: the error lists why
        listed = [d.path for d in corpus.documents] + [s.path for s in corpus.skipped]
        assert sorted(listed) == sorted(names)
