"""The report as Markdown for editors: summary tables, then each article's claims.

Article text is hostile input: every inline metacharacter is backslash-escaped, so an image,
a link, raw HTML or emphasis inside a quote renders as the literal characters.
"""

from __future__ import annotations

import re

from crosscheck.models import VERDICTS, CheckedClaim, Report
from reports.labels import (
    VERDICT_ICONS,
    VERDICT_NAMES,
    format_percent,
    format_timestamp,
    one_line,
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

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can
# start a link, image, HTML tag, entity, emphasis, code span, table cell or (GitHub) math.
_INLINE = re.compile(r"([\\`*_{}\[\]<>()#|~!&$])")
# At the start of a line these open a heading, list, quote, rule or ordered list.
_LINE_START = re.compile(r"^([+\-=>:])|^(\d+)([.)])")


def escape(text: str, *, line_start: bool = False) -> str:
    """``text`` on one line with Markdown metacharacters escaped to render literally.

    ``line_start``: the text opens a line (a paragraph or quote), where ``-``, ``+``, ``=``,
    ``>`` or ``1.`` would start a block; elsewhere those stay unescaped for readability.
    """
    flat = _INLINE.sub(r"\\\1", one_line(text))
    if not line_start:
        return flat
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", flat)


def _cell(text: str) -> str:
    # Escaping already covers "|", which would otherwise split the table cell.
    return escape(text) or " "


def _code(text: str) -> str:
    """An ID as a code span, or escaped text when it would break out of one."""
    return f"`{text}`" if "`" not in text and "\n" not in text and text.strip() else escape(text)


def _summary(outline: Outline) -> list[str]:
    lines = ["## Summary", "", "| Verdict | Claims |", "| --- | ---: |"]
    for label in VERDICTS:
        lines.append(f"| {verdict_title(label)} | {outline.verdict_counts[label]} |")
    lines += [f"| **Total** | {outline.total_claims} |", ""]
    heads = " | ".join(f"{VERDICT_ICONS[label]} {VERDICT_NAMES[label]}" for label in VERDICTS)
    lines += [
        f"| Article | Published | Author | Claims | {heads} |",
        "| --- | --- | --- | ---: |" + " ---: |" * len(VERDICTS),
    ]
    for row in outline.article_rows:
        counts = " | ".join(str(row.counts[label]) for label in VERDICTS)
        lines.append(
            f"| {_cell(row.title)} | {row.published} | {_cell(row.author or '—')} "
            f"| {row.total} | {counts} |"
        )
    return [*lines, ""]


def _citation(index: int, citation: Citation) -> list[str]:
    details = " · ".join(escape(part) for part in citation_details(citation))
    head = f"{index}. {stance_title(citation.evidence)} · *{escape(citation.title)}* · {details}"
    # The quote is indented to the list item's content column so it nests under it.
    indent = " " * (len(str(index)) + 2)
    return [head, "", f"{indent}> {escape(citation.evidence.quote, line_start=True) or '—'}", ""]


def _claim(claim: CheckedClaim, outline: Outline) -> list[str]:
    confidence = format_percent(claim.confidence)
    lines = [
        f"### {verdict_title(claim.verdict)} · {confidence} confidence",
        "",
        f"> {escape(claim.text, line_start=True) or '—'}",
        "",
    ]
    for label, value in claim_facts(claim):
        shown = _code(value) if label == "Claim ID" else escape(value)
        lines.append(f"- **{label}:** {shown}")
    lines.append("")
    citations = outline.citations(claim)
    if not citations:
        lines += ["*No evidence found in the other articles.*", ""]
        return lines
    lines += [f"**Evidence ({len(citations)})**", ""]
    for index, citation in enumerate(citations, start=1):
        lines += _citation(index, citation)
    return lines


def _section(section: ArticleSection, outline: Outline) -> list[str]:
    lines = [f"## {escape(section.title)}", ""]
    doc = section.doc
    if doc is not None:
        meta = [doc.published.isoformat() if doc.published else "date unknown"]
        if doc.author:
            meta.append(f"by {escape(doc.author)}")
        if doc.outlet:
            meta.append(escape(doc.outlet))
        meta.append(f"file {escape(doc.path)}")
        lines += [" · ".join(meta), ""]
    for claim in section.claims:
        lines += _claim(claim, outline)
    return lines


def report_to_markdown(report: Report) -> str:
    outline = build_outline(report)
    lines = [
        "# Crosscheck report",
        "",
        f"Generated {format_timestamp(report.generated_at)} · "
        f"{outline.total_claims} claims · {len(report.documents)} articles",
        "",
    ]
    if report.pipeline:
        lines += [f"Pipeline: {escape(pipeline_line(report))}", ""]
    if report.warnings:
        lines += ["**Warnings**", ""]
        lines += [f"- {escape(w, line_start=True)}" for w in report.warnings]
        lines.append("")
    lines += _summary(outline)
    for section in outline.sections:
        lines += _section(section, outline)
    lines += ["## Skipped files", ""]
    if report.skipped:
        lines += [
            f"- {escape(s.path, line_start=True)} — {escape(s.reason)}" for s in report.skipped
        ]
    else:
        lines.append("No files were skipped.")
    return "\n".join(lines) + "\n"


def render_markdown(report: Report) -> bytes:
    return report_to_markdown(report).encode("utf-8")
