"""Report exporters: a ``Report`` as JSON, CSV, Markdown, HTML, PDF or ClaimReview JSON-LD.

Each exporter is a pure function of the report it is given; a filtered report
(``Report.with_claims``) exports just its claims, with counts computed from them.
The JSON schema lives in :mod:`reports.schema` (not imported here, so that
``python -m reports.schema`` runs cleanly).
"""

from reports.registry import FORMATS, Exporter, export, get_exporter, write_all

__all__ = ["FORMATS", "Exporter", "export", "get_exporter", "write_all"]
