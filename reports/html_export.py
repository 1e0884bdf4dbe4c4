"""The report as one self-contained HTML page: inline CSS, no scripts, no external requests.

All report text goes through ``html.escape``; a Content-Security-Policy meta tag forbids
scripts and remote loads as a second line of defence. Every element holding article text
carries a ``dir``: ``dir="auto"`` for text without right-to-left letters, an explicit
``rtl``/``ltr`` by majority of letters otherwise (see ``labels.text_direction``), and
inline names sit in ``<bdi>`` so they cannot reorder the words around them.
"""

from __future__ import annotations

from html import escape

from crosscheck.models import VERDICTS, CheckedClaim, Report
from reports.labels import (
    VERDICT_ICONS,
    VERDICT_NAMES,
    format_percent,
    format_timestamp,
    one_line,
    shorten,
    text_direction,
    verdict_title,
)
from reports.outline import (
    ArticleSection,
    Citation,
    Outline,
    build_outline,
    citation_details,
    claim_anchor,
    claim_facts,
    pipeline_line,
    stance_title,
)

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'"

_CSS = """
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
  color: var(--ink); max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
  overflow-wrap: break-word; }
blockquote, .claim-text, dd { overflow-wrap: anywhere; }
h1 { margin-bottom: .25rem; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: .25rem; margin-top: 2.5rem; }
.meta, .details { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; margin: .75rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left;
  vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.d, th.n { white-space: nowrap; }
th.v-supported, th.v-refuted, th.v-conflicting, th.v-not_enough_evidence, th.v-not_checked
  { color: var(--v); }
nav ol { padding-left: 1.25rem; }
nav li { margin: .1rem 0; }
.claim { border: 1px solid var(--line); border-left: 6px solid var(--v); border-radius: 6px;
  padding: .5rem 1rem; margin: 1rem 0; }
.badge { display: inline-block; background: var(--v); color: #fff; font-weight: 600;
  border-radius: 4px; padding: 0 .5rem; }
.claim-text { font-size: 1.05rem; margin: .5rem 0; border-left: 3px solid var(--line);
  padding-left: .75rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; text-align: left; }
.evidence { margin: .25rem 0 .75rem; padding-left: 1.5rem; }
.evidence blockquote { margin: .25rem 0 .5rem; padding: .25rem .75rem; background: #f6f8fa;
  border-left: 3px solid var(--s); }
.stance { font-weight: 600; color: var(--s); }
.v-supported { --v: #1a7f37; } .v-refuted { --v: #cf222e; } .v-conflicting { --v: #9a6700; }
.v-not_enough_evidence { --v: #59636e; } .v-not_checked { --v: #8250df; }
.s-supports { --s: #1a7f37; } .s-refutes { --s: #cf222e; } .s-neutral { --s: #59636e; }
td.v-supported, td.v-refuted, td.v-conflicting, td.v-not_enough_evidence, td.v-not_checked
  { border-left: 6px solid var(--v); }
@media print { body { margin: 0; max-width: none; } .claim { break-inside: avoid; }
  nav { display: none; } }
""".strip()


def _t(text: str) -> str:
    """Escaped text, whitespace collapsed as in the other readable formats."""
    return escape(one_line(text))


def _a(text: str) -> str:
    return escape(text, quote=True)


def _dir(text: str) -> str:
    """The ``dir`` attribute for an element whose content is ``text``."""
    return f'dir="{text_direction(text) or "auto"}"'


def _bdi(text: str) -> str:
    """Inline article text, isolated so it cannot reorder the words around it."""
    return f"<bdi {_dir(text)}>{_t(text)}</bdi>"


def _link(anchor: str | None, label_html: str) -> str:
    return f'<a href="#{_a(anchor)}">{label_html}</a>' if anchor else label_html


def _head(report: Report) -> list[str]:
    stamp = _t(format_timestamp(report.generated_at))
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="crosscheck">',
        f"<title>Crosscheck report — {stamp}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
    ]


def _contents(outline: Outline) -> list[str]:
    lines = ['<nav id="contents">', "<h2>Contents</h2>", "<ol>"]
    lines.append('<li><a href="#summary">Summary</a></li>')
    for section in outline.sections:
        lines.append(
            f'<li><a href="#{_a(section.anchor)}" {_dir(section.title)}>{_t(section.title)}</a>'
        )
        lines.append("<ol>")
        for claim in section.claims:
            label = f"{VERDICT_ICONS[claim.verdict]} {shorten(claim.text, 90)}"
            lines.append(
                f'<li class="v-{claim.verdict}"><a href="#{_a(claim_anchor(claim.claim_id))}" '
                f"{_dir(claim.text)}>{escape(label)}</a></li>"
            )
        lines += ["</ol>", "</li>"]
    lines += ['<li><a href="#skipped">Skipped files</a></li>', "</ol>", "</nav>"]
    return lines


def _summary(outline: Outline) -> list[str]:
    lines = [
        '<section id="summary">',
        "<h2>Summary</h2>",
        "<table>",
        '<thead><tr><th>Verdict</th><th class="n">Claims</th></tr></thead>',
        "<tbody>",
    ]
    for label in VERDICTS:
        lines.append(
            f'<tr><td class="v-{label}">{escape(verdict_title(label))}</td>'
            f'<td class="n">{outline.verdict_counts[label]}</td></tr>'
        )
    lines += [
        f'<tr><th>Total</th><td class="n">{outline.total_claims}</td></tr>',
        "</tbody>",
        "</table>",
        "<table>",
        "<thead><tr><th>Article</th><th>Published</th><th>Author</th>"
        '<th class="n">Claims</th>'
        + "".join(
            f'<th class="n v-{label}" title="{_a(VERDICT_NAMES[label])}">'
            f"{VERDICT_ICONS[label]}</th>"
            for label in VERDICTS
        )
        + "</tr></thead>",
        "<tbody>",
    ]
    for row in outline.article_rows:
        counts = "".join(f'<td class="n">{row.counts[label]}</td>' for label in VERDICTS)
        lines.append(
            f"<tr><td {_dir(row.title)}>{_link(row.anchor, _t(row.title))}</td>"
            f'<td class="d">{_t(row.published)}</td>'
            f"<td {_dir(row.author or '')}>{_t(row.author or '—')}</td>"
            f'<td class="n">{row.total}</td>{counts}</tr>'
        )
    legend = " · ".join(escape(verdict_title(label)) for label in VERDICTS)
    lines += ["</tbody>", "</table>", f'<p class="meta">{legend}</p>', "</section>"]
    return lines


def _citation(citation: Citation) -> list[str]:
    evidence = citation.evidence
    details = " · ".join(_t(part) for part in citation_details(citation))
    title = _link(citation.anchor, _bdi(citation.title))
    return [
        f'<li class="s-{evidence.stance}">',
        f'<p class="details"><span class="stance">{escape(stance_title(evidence))}</span> · '
        f"{title} · {details}</p>",
        f"<blockquote {_dir(evidence.quote)}>{_t(evidence.quote) or '—'}</blockquote>",
        "</li>",
    ]


def _claim(claim: CheckedClaim, outline: Outline) -> list[str]:
    lines = [
        f'<article class="claim v-{claim.verdict}" id="{_a(claim_anchor(claim.claim_id))}">',
        f'<p><span class="badge">{escape(verdict_title(claim.verdict))}</span> '
        f"{format_percent(claim.confidence)} confidence</p>",
        f'<p class="claim-text" {_dir(claim.text)}>{_t(claim.text) or "—"}</p>',
        '<dl class="facts">',
    ]
    for label, value in claim_facts(claim):
        lines.append(f"<dt>{escape(label)}</dt><dd {_dir(value)}>{_t(value)}</dd>")
    lines.append("</dl>")
    citations = outline.citations(claim)
    if not citations:
        lines.append('<p class="meta">No evidence found in the other articles.</p>')
    else:
        lines += [f"<h3>Evidence ({len(citations)})</h3>", '<ol class="evidence">']
        for citation in citations:
            lines += _citation(citation)
        lines.append("</ol>")
    lines.append("</article>")
    return lines


def _section(section: ArticleSection, outline: Outline) -> list[str]:
    lines = [
        f'<section class="article" id="{_a(section.anchor)}">',
        f"<h2 {_dir(section.title)}>{_t(section.title)}</h2>",
    ]
    doc = section.doc
    if doc is not None:
        meta = [escape(doc.published.isoformat() if doc.published else "date unknown")]
        if doc.author:
            meta.append(f"by {_bdi(doc.author)}")
        if doc.outlet:
            meta.append(_bdi(doc.outlet))
        meta.append(f"file {_bdi(doc.path)}")
        lines.append(f'<p class="meta">{" · ".join(meta)}</p>')
    for claim in section.claims:
        lines += _claim(claim, outline)
    lines.append("</section>")
    return lines


def _skipped(report: Report) -> list[str]:
    lines = ['<section id="skipped">', "<h2>Skipped files</h2>"]
    if not report.skipped:
        return [*lines, "<p>No files were skipped.</p>", "</section>"]
    lines.append("<ul>")
    for skipped in report.skipped:
        lines.append(f"<li>{_bdi(skipped.path)} — {_t(skipped.reason)}</li>")
    return [*lines, "</ul>", "</section>"]


def report_to_html(report: Report) -> str:
    outline = build_outline(report)
    lines = _head(report)
    lines += [
        "<header>",
        "<h1>Crosscheck report</h1>",
        f'<p class="meta">Generated {_t(format_timestamp(report.generated_at))} · '
        f"{outline.total_claims} claims · {len(report.documents)} articles</p>",
    ]
    if report.pipeline:
        lines.append(f'<p class="meta">Pipeline: {_t(pipeline_line(report))}</p>')
    if report.warnings:
        lines += ['<section id="warnings">', "<h2>Warnings</h2>", "<ul>"]
        lines += [f"<li>{_t(w)}</li>" for w in report.warnings]
        lines += ["</ul>", "</section>"]
    lines.append("</header>")
    lines += _contents(outline)
    lines.append("<main>")
    lines += _summary(outline)
    for section in outline.sections:
        lines += _section(section, outline)
    lines += _skipped(report)
    lines += ["</main>", "</body>", "</html>"]
    return "\n".join(lines) + "\n"


def render_html(report: Report) -> bytes:
    return report_to_html(report).encode("utf-8")
