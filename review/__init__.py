"""The editor's review: decisions kept in SQLite in the data directory, matched to reports."""

from review.matching import attach_reviews, fingerprint, match_reviews
from review.store import REVIEWS_FILE, ReviewStore, StoredReview, load_reviews

__all__ = [
    "REVIEWS_FILE",
    "ReviewStore",
    "StoredReview",
    "attach_reviews",
    "fingerprint",
    "load_reviews",
    "match_reviews",
]
