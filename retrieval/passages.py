"""Cut documents into retrievable passages (sentence windows with exact offsets)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from crosscheck.models import Document, Passage, Sentence

SentenceSplitter = Callable[[Document], list[Sentence]]

# A sentence shorter than this ("And wait.") says little alone: join it to its neighbour.
MIN_CHARS = 40
MAX_CHARS = 600


def _default_splitter(document: Document) -> list[Sentence]:
    from corpus.sentences import split_sentences

    return split_sentences(document)


def make_passages(document: Document, splitter: SentenceSplitter | None = None) -> list[Passage]:
    """One passage per sentence, short sentences joined to the next in the same zone.

    Boilerplate is not evidence and is left out.
    """
    every = (splitter or _default_splitter)(document)
    # A passage never spans furniture: a headline and the text under its byline and date
    # are two passages, so a quote never carries "Northern Wire\n4 March 2024".
    after_furniture = {
        id(b) for a, b in zip(every, every[1:], strict=False) if a.zone == "boilerplate"
    }
    sentences = [s for s in every if s.zone != "boilerplate"]
    passages: list[Passage] = []
    group: list[Sentence] = []

    def flush() -> None:
        if not group:
            return
        start, end = group[0].start, group[-1].end
        passages.append(
            Passage(
                passage_id=Passage.make_id(document.doc_id, start, end),
                doc_id=document.doc_id,
                start=start,
                end=end,
                text=document.text[start:end],
                zone=group[0].zone,
                published=document.published,
                title=document.title,
            )
        )
        group.clear()

    for sentence in sentences:
        if group and (
            sentence.zone != group[0].zone
            or sentence.end - group[0].start > MAX_CHARS
            or id(sentence) in after_furniture
        ):
            flush()
        group.append(sentence)
        if group[-1].end - group[0].start >= MIN_CHARS:
            flush()
    flush()
    return passages


def passages_for(
    documents: Sequence[Document], splitter: SentenceSplitter | None = None
) -> list[Passage]:
    return [p for d in documents for p in make_passages(d, splitter)]
