"""Every export format by name, and the helpers the CLI and the app call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from crosscheck.errors import InputError
from crosscheck.files import write_atomic
from crosscheck.models import Report
from reports.claimreview import render_claimreview
from reports.csv_export import render_csv
from reports.html_export import render_html
from reports.json_export import render_json
from reports.markdown_export import render_markdown


@dataclass(frozen=True)
class Exporter:
    """One format: file extension (after ``report.``), MIME type and a pure renderer."""

    name: str
    extension: str
    mime: str
    render: Callable[[Report], bytes]

    @property
    def filename(self) -> str:
        return f"report.{self.extension}"


def _claimreview(report: Report) -> bytes:
    return render_claimreview(report)


def render_pdf(report: Report) -> bytes:
    """The PDF exporter, imported on first use: fpdf costs every other run a quarter second."""
    from reports.pdf_export import render_pdf as render

    return render(report)


FORMATS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("json", "json", "application/json", render_json),
        Exporter("csv", "csv", "text/csv", render_csv),
        Exporter("md", "md", "text/markdown", render_markdown),
        Exporter("html", "html", "text/html", render_html),
        Exporter("pdf", "pdf", "application/pdf", render_pdf),
        Exporter("claimreview", "claimreview.jsonld", "application/ld+json", _claimreview),
    )
}


def get_exporter(fmt: str) -> Exporter:
    """The exporter named ``fmt`` (case and surrounding spaces ignored)."""
    exporter = FORMATS.get(fmt.strip().lower())
    if exporter is None:
        raise InputError(f"unknown report format {fmt!r}; choose from: {', '.join(FORMATS)}")
    return exporter


def export(report: Report, fmt: str) -> bytes:
    return get_exporter(fmt).render(report)


def write_all(report: Report, out_dir: Path, formats: Sequence[str]) -> list[Path]:
    """Write ``report.<extension>`` for each format (duplicates once) and return the paths.

    Every name is checked before anything is written, so a typo writes no files.
    """
    exporters = list(dict.fromkeys(get_exporter(fmt) for fmt in formats))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for exporter in exporters:
        path = out_dir / exporter.filename
        write_atomic(path, exporter.render(report))
        paths.append(path)
    return paths
