"""The claim-extraction contract."""

from __future__ import annotations

from typing import Protocol

from crosscheck.models import Claim, Document


class ClaimExtractor(Protocol):
    """Turns one document into its check-worthy claims, each tied to a verbatim span."""

    name: str

    def extract(self, document: Document) -> list[Claim]: ...
