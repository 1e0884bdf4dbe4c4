"""Import spaCy without torch.

thinc (spaCy's ML layer) probes for torch when imported: seconds of start-up (9 s on a
cold disk) for nothing, as the small English pipelines run on thinc's numpy ops. While
spaCy is imported, ``torch`` is marked unimportable; the mark is removed at once, so a
later ``import torch`` (sentence-transformers, an HF NLI model) still works.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

_lock = threading.Lock()


def import_spacy() -> Any:
    with _lock:
        if "spacy" in sys.modules:
            return sys.modules["spacy"]
        hide = "torch" not in sys.modules
        if hide:
            sys.modules["torch"] = None  # type: ignore[assignment]  # import raises ImportError
        try:
            import spacy
        finally:
            if hide and sys.modules.get("torch", 0) is None:
                del sys.modules["torch"]
        return spacy
