"""crosscheck: an offline-first claim-verification assistant."""

__version__ = "0.1.0"
