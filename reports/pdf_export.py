"""The report as a PDF for printing and filing, laid out with fpdf2.

Text uses the bundled DejaVu Sans (accents, curly quotes, Greek, Cyrillic, Arabic, Hebrew).
Characters the font lacks (emoji) become a visible U+FFFD (see :mod:`reports.glyphs`).
With ``uharfbuzz`` installed, Arabic is shaped and right-to-left runs are reordered;
without it the letters still print, unjoined and in logical order.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from datetime import UTC
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from crosscheck.models import VERDICTS, CheckedClaim, Report, Stance, VerdictLabel
from reports.glyphs import fit_to_font
from reports.labels import (
    VERDICT_ICONS,
    VERDICT_NAMES,
    format_percent,
    format_timestamp,
    one_line,
    text_direction,
    verdict_title,
)
from reports.outline import (
    ArticleSection,
    Citation,
    Outline,
    build_outline,
    citation_details,
    claim_facts,
    pipeline_line,
    stance_title,
)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"

Colour = tuple[int, int, int]
INK: Colour = (31, 35, 40)
MUTED: Colour = (89, 99, 110)
QUOTE_BG: Colour = (246, 248, 250)
VERDICT_COLOURS: dict[VerdictLabel, Colour] = {
    "supported": (26, 127, 55),
    "refuted": (207, 34, 46),
    "conflicting": (154, 103, 0),
    "not_enough_evidence": (89, 99, 110),
    "not_checked": (130, 80, 223),
}
STANCE_COLOURS: dict[Stance, Colour] = {
    "supports": (26, 127, 55),
    "refutes": (207, 34, 46),
    "neutral": (89, 99, 110),
}


def shaping_available() -> bool:
    return importlib.util.find_spec("uharfbuzz") is not None


def needs_shaping(text: str) -> bool:
    """Right-to-left letters (reordering, Arabic joining) or combining marks (placement)."""
    return any(
        unicodedata.bidirectional(char) in ("R", "AL", "AN") or unicodedata.combining(char)
        for char in text
    )


class ReportPDF(FPDF):
    """An A4 page with the bundled fonts, glyph fitting and a "Page N of M" footer."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        self.set_margins(left=18, top=18, right=18)
        self.set_auto_page_break(auto=True, margin=18)
        self.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.shaping = shaping_available()
        self.set_font(FONT, size=10)

    def shape_for(self, text: str, direction: str = "ltr") -> None:
        """Shape with harfbuzz only the text that needs it: shaping every Latin line makes
        fpdf2's line breaking about ten times slower, for kerning nobody misses."""
        if self.shaping and needs_shaping(text):
            self.set_text_shaping(True, direction=direction)
        else:
            self.set_text_shaping(False)

    def normalize_text(self, text: str) -> str:
        # Every text-drawing call passes through here, so no string reaches the page
        # with a character the current font (regular or bold) cannot draw.
        text = super().normalize_text(text)
        font = self.current_font
        cmap = getattr(font, "cmap", None)
        return fit_to_font(text, cmap) if cmap is not None else text

    def footer(self) -> None:
        # Runs inside page breaks, mid-paragraph: leave that paragraph's shaping as it was.
        shaping, self.text_shaping = self.text_shaping, None
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        half = self.epw / 2
        self.cell(half, 5, self.footer_text, align="L")
        self.cell(half, 5, f"Page {self.page_no()} of {self.str_alias_nb_pages}", align="R")
        self.text_shaping = shaping

    def space_left(self) -> float:
        return self.page_break_trigger - self.get_y()

    def keep_room(self, height: float) -> None:
        """Start a new page rather than leave a heading alone at the bottom."""
        if self.space_left() < height:
            self.add_page()

    def text_block(
        self,
        text: str,
        *,
        size: float = 10,
        bold: bool = False,
        colour: Colour = INK,
        indent: float = 0,
        line: float | None = None,
        fill: Colour | None = None,
        natural: bool = False,
    ) -> None:
        """A wrapped paragraph. Lines this module composes read left to right (the report
        is in English); ``natural`` article text runs the way most of its letters do."""
        direction = (text_direction(text) or "ltr") if natural else "ltr"
        self.shape_for(text, direction)
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.set_x(self.l_margin + indent)
        if fill is not None:
            self.set_fill_color(*fill)
        self.multi_cell(
            self.epw - indent,
            line or size * 0.5,
            text,
            fill=fill is not None,
            padding=(1, 2) if fill is not None else 0,
            align="R" if direction == "rtl" else "L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    def heading(self, text: str, size: float, *, natural: bool = False) -> None:
        self.keep_room(size * 2.5)
        self.ln(size * 0.3)
        self.text_block(text, size=size, bold=True, line=size * 0.55, natural=natural)
        self.ln(1)


def _summary(pdf: ReportPDF, outline: Outline) -> None:
    pdf.heading("Summary", 14)
    pdf.set_font(FONT, size=9)
    pdf.set_text_color(*INK)
    pdf.shape_for("")
    with pdf.table(
        width=80, col_widths=(60, 20), align="LEFT", text_align=("LEFT", "RIGHT"), line_height=5
    ) as table:
        table.row(("Verdict", "Claims"))
        for label in VERDICTS:
            row = table.row()
            row.cell(verdict_title(label), style=FontFace(color=VERDICT_COLOURS[label]))
            row.cell(str(outline.verdict_counts[label]))
        table.row(("Total", str(outline.total_claims)))
    pdf.ln(4)
    rows = [
        (
            article.title,
            article.published,
            one_line(article.author) if article.author else "—",
            str(article.total),
            *(str(article.counts[label]) for label in VERDICTS),
        )
        for article in outline.article_rows
    ]
    # The table is drawn when the block closes, all under one shaping setting.
    pdf.shape_for(" ".join(cell for row in rows for cell in row))
    widths = (57, 27, 36, 15, *(9,) * len(VERDICTS))
    with pdf.table(
        col_widths=widths,
        text_align=("LEFT", "LEFT", "LEFT", *("RIGHT",) * (1 + len(VERDICTS))),
        line_height=5,
    ) as table:
        heads = table.row()
        for head in ("Article", "Published", "Author", "Claims"):
            heads.cell(head)
        for label in VERDICTS:
            heads.cell(VERDICT_ICONS[label], style=FontFace(color=VERDICT_COLOURS[label]))
        for cells in rows:
            table.row(cells)
    legend = " · ".join(f"{VERDICT_ICONS[v]} {VERDICT_NAMES[v]}" for v in VERDICTS)
    pdf.text_block(legend, size=8, colour=MUTED)


def _citation(pdf: ReportPDF, index: int, citation: Citation) -> None:
    evidence = citation.evidence
    details = " · ".join(citation_details(citation))
    pdf.keep_room(14)
    pdf.text_block(
        f"{index}. {stance_title(evidence)} · {citation.title} · {details}",
        size=8.5,
        colour=STANCE_COLOURS[evidence.stance],
        indent=4,
    )
    pdf.ln(0.5)
    pdf.text_block(
        one_line(evidence.quote) or "—",
        size=9,
        colour=INK,
        indent=8,
        line=4.6,
        fill=QUOTE_BG,
        natural=True,
    )
    pdf.ln(2)


def _claim(pdf: ReportPDF, claim: CheckedClaim, outline: Outline) -> None:
    pdf.keep_room(40)
    pdf.ln(2)
    badge = f" {verdict_title(claim.verdict)} "
    pdf.shape_for(badge)
    pdf.set_font(FONT, "B", 9)
    pdf.set_fill_color(*VERDICT_COLOURS[claim.verdict])
    pdf.set_text_color(255, 255, 255)
    pdf.cell(pdf.get_string_width(badge) + 2, 6, badge, fill=True)
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*MUTED)
    pdf.cell(
        0,
        6,
        f"  {format_percent(claim.confidence)} confidence",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(1)
    pdf.text_block(one_line(claim.text) or "—", size=11, line=5.5, natural=True)
    pdf.ln(1)
    for label, value in claim_facts(claim):
        pdf.shape_for(value)
        pdf.set_font(FONT, "B", 8.5)
        pdf.set_text_color(*MUTED)
        pdf.cell(32, 4.4, label)
        pdf.set_font(FONT, "", 8.5)
        pdf.set_text_color(*INK)
        pdf.multi_cell(pdf.epw - 32, 4.4, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)
    citations = outline.citations(claim)
    if not citations:
        pdf.text_block("No evidence found in the other articles.", size=9, colour=MUTED)
    else:
        pdf.text_block(f"Evidence ({len(citations)})", size=9.5, bold=True)
        pdf.ln(0.5)
        for index, citation in enumerate(citations, start=1):
            _citation(pdf, index, citation)
    pdf.ln(2)
    # A hairline between claims keeps long evidence lists from running together.
    pdf.set_draw_color(209, 217, 224)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    pdf.ln(1)


def _section(pdf: ReportPDF, section: ArticleSection, outline: Outline) -> None:
    pdf.keep_room(60)
    pdf.start_section(one_line(section.title), level=0)
    pdf.heading(section.title, 14, natural=True)
    doc = section.doc
    if doc is not None:
        meta = [doc.published.isoformat() if doc.published else "date unknown"]
        if doc.author:
            meta.append(f"by {one_line(doc.author)}")
        if doc.outlet:
            meta.append(one_line(doc.outlet))
        meta.append(f"file {one_line(doc.path)}")
        pdf.text_block(" · ".join(meta), size=9, colour=MUTED)
    for claim in section.claims:
        _claim(pdf, claim, outline)


def _skipped(pdf: ReportPDF, report: Report) -> None:
    pdf.heading("Skipped files", 14)
    if not report.skipped:
        pdf.text_block("No files were skipped.", size=9)
    for skipped in report.skipped:
        pdf.text_block(f"• {one_line(skipped.path)} — {one_line(skipped.reason)}", size=9)


def build_pdf(report: Report) -> ReportPDF:
    """The laid-out document, before serialisation (tests inspect its fonts)."""
    outline = build_outline(report)
    stamp = format_timestamp(report.generated_at)
    pdf = ReportPDF(footer_text=f"Crosscheck report · generated {stamp}")
    created = report.generated_at
    # fpdf2 needs an aware time; a naive one is taken as UTC, so output stays reproducible.
    pdf.set_creation_date(created if created.tzinfo else created.replace(tzinfo=UTC))
    pdf.set_title("Crosscheck report")
    pdf.set_creator("crosscheck")
    pdf.set_lang("en")
    pdf.add_page()
    pdf.text_block("Crosscheck report", size=20, bold=True, line=10)
    pdf.text_block(
        f"Generated {stamp} · {outline.total_claims} claims · {len(report.documents)} articles",
        size=9,
        colour=MUTED,
    )
    if report.pipeline:
        pdf.text_block(f"Pipeline: {pipeline_line(report)}", size=9, colour=MUTED)
    for warning in report.warnings:
        pdf.text_block(f"Warning: {one_line(warning)}", size=9)
    _summary(pdf, outline)
    for section in outline.sections:
        _section(pdf, section, outline)
    _skipped(pdf, report)
    return pdf


def render_pdf(report: Report) -> bytes:
    return bytes(build_pdf(report).output())
