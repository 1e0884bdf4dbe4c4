"""Small deterministic stand-ins shared by tests."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

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


def tiny_bert_classifier(out: Path, words: Sequence[str], id2label: Mapping[int, str]) -> Any:
    """Write a tiny random BERT sequence classifier and its tokenizer to ``out``.

    Returns the model (already saved) so a test can change and re-save its weights.
    """
    import torch
    from transformers import (  # type: ignore[attr-defined]
        BertConfig,
        BertForSequenceClassification,
        BertTokenizerFast,
    )

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words]
    (out / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    BertTokenizerFast(vocab_file=str(out / "vocab.txt"), do_lower_case=True).save_pretrained(out)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
        id2label=dict(id2label),
        label2id={v: k for k, v in id2label.items()},
    )
    torch.manual_seed(0)
    model = BertForSequenceClassification(config)
    model.save_pretrained(out)
    return model


def blank_reader():  # type: ignore[no-untyped-def]
    """A StatementReader without spaCy's models (no entities) and the stand-in figure parser."""
    import spacy

    from verification.statements import StatementReader

    return StatementReader(nlp_loader=lambda: spacy.blank("en"), quantity_parser=simple_quantities)


#: What the asking article's own passages crowd out of an unfiltered dense query.
FLOODS_QUERY = "Floods closed roads in Carlisle on Monday."


def floods_articles() -> tuple[Document, Document]:
    """An article whose eight sentences are a query's nearest neighbours, and another."""
    own = Document.create(
        path="own.txt",
        text="".join(f"Floods closed {i} roads in Carlisle on Monday.\n" for i in range(8)),
    )
    other = Document.create(
        path="other.txt",
        text=(
            "Roads in Carlisle were shut by the floods on Monday.\n"
            "Schools across the county reopened on Tuesday morning.\n"
        ),
    )
    return own, other
