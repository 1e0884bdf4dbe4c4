"""corpus stage: read articles, find their zones and metadata, split them into sentences."""

from corpus.loader import load_bytes, load_corpus, load_document
from corpus.metadata import Metadata, extract_metadata
from corpus.sentences import split_sentences, split_text
from corpus.zones import detect_zones

__all__ = [
    "Metadata",
    "detect_zones",
    "extract_metadata",
    "load_bytes",
    "load_corpus",
    "load_document",
    "split_sentences",
    "split_text",
]
