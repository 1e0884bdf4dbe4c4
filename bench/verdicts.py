"""Verdict quality on a gold file, through the CLI's own code path.

    python bench/verdicts.py [--gold bench/verdicts_gold.jsonl] [--corpus ../shared/seeds]

Seed rows are matched to the claims ``crosscheck check CORPUS`` extracts (by the gold
quote's span in its article); probe rows are run as ``crosscheck check CORPUS --claims``.
Prints decisive-verdict precision, recall of supported / refuted / conflicting, evidence
recall@k (a gold deciding passage among the claim's retrieved passages), must-not violations
(supported called refuted and the reverse) and every disagreement. Runs unchanged on any
gold file of this format (see ``bench/verdicts_gold.md``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crosscheck.cli import main as cli_main  # noqa: E402

DECISIVE = ("supported", "refuted", "conflicting")
_WORD = re.compile(r"\w+")


@dataclass
class Outcome:
    row: dict
    predicted: str | None  # None: the claim was not extracted
    evidence_found: bool | None = None
    cited_found: bool | None = None
    claim_text: str = ""
    rationale: str = ""
    notes: list[str] = field(default_factory=list)


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / (len(a | b) or 1)


def _span(text: str, quote: str) -> tuple[int, int] | None:
    at = text.find(quote)
    if at < 0:
        squeezed = re.sub(r"\s+", " ", quote).strip()
        at = text.find(squeezed)
        if at < 0:
            return None
        quote = squeezed
    return at, at + len(quote)


def _run_cli(args: list[str], out: Path) -> dict:
    code = cli_main([*args, "--out", str(out), "--quiet", "--format", "json"])
    if code != 0:
        raise SystemExit(f"crosscheck check failed with exit code {code}")
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def _evidence_hits(
    claim: dict,
    row: dict,
    spans: dict[str, dict[str, tuple[int, int]]],
    docs_by_path: dict[str, str],
    cited_only: bool,
) -> bool:
    wanted = []
    for ev in row.get("evidence", []):
        doc_id = docs_by_path.get(ev["doc"])
        span = spans.get(ev["doc"], {}).get(ev["quote"])
        if doc_id and span:
            wanted.append((doc_id, span))
    for e in claim.get("evidence", []):
        if cited_only and e["stance"] == "neutral":
            continue
        for doc_id, (s, t) in wanted:
            if e["doc_id"] == doc_id and e["start"] < t and s < e["end"]:
                return True
    return False


def score(gold: list[dict], corpus: Path, data_dir: Path | None, top_k: int) -> list[Outcome]:
    texts = {p.name: p.read_text(encoding="utf-8") for p in corpus.iterdir() if p.is_file()}
    spans: dict[str, dict[str, tuple[int, int]]] = {}
    for row in gold:
        for item in [row, *row.get("evidence", [])]:
            doc, quote = item.get("doc"), item.get("quote")
            if doc and quote and doc in texts:
                span = _span(texts[doc], quote)
                if span:
                    spans.setdefault(doc, {})[quote] = span
    common = [str(corpus), "--top-k", str(top_k)]
    if data_dir is not None:
        common += ["--data-dir", str(data_dir)]
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        seeds = [r for r in gold if r["kind"] == "seed"]
        probes = [r for r in gold if r["kind"] == "probe"]
        if seeds:
            report = _run_cli(["check", *common], tmpdir / "seeds")
            docs_by_path = {Path(d["path"]).name: d["doc_id"] for d in report["documents"]}
            by_doc: dict[str, list[dict]] = {}
            for c in report["claims"]:
                by_doc.setdefault(c["doc_id"], []).append(c)
            for row in seeds:
                span = spans.get(row["doc"], {}).get(row["quote"])
                candidates = [
                    c
                    for c in by_doc.get(docs_by_path.get(row["doc"], ""), [])
                    if span
                    and c.get("source")
                    and c["source"]["start"] < span[1]
                    and span[0] < c["source"]["end"]
                ]
                if not candidates:
                    outcomes.append(Outcome(row=row, predicted=None, notes=["not extracted"]))
                    continue
                # The gold claim's own words pick among the sentence's atomic claims; the
                # quote only breaks ties.
                target, quote = _words(row.get("claim", "")), _words(row["quote"])
                best = max(
                    candidates,
                    key=lambda c: (
                        _jaccard(_words(c["text"]), target),
                        _jaccard(_words(c["text"]), quote),
                    ),
                )
                outcomes.append(_outcome(row, best, spans, docs_by_path))
        if probes:
            claims_file = tmpdir / "probes.jsonl"
            claims_file.write_text(
                "".join(json.dumps({"id": r["id"], "claim": r["claim"]}) + "\n" for r in probes),
                encoding="utf-8",
            )
            report = _run_cli(["check", *common, "--claims", str(claims_file)], tmpdir / "probes")
            docs_by_path = {Path(d["path"]).name: d["doc_id"] for d in report["documents"]}
            by_id = {c["claim_id"]: c for c in report["claims"]}
            for row in probes:
                found = by_id.get(row["id"])
                if found is None:
                    outcomes.append(Outcome(row=row, predicted=None, notes=["no result"]))
                else:
                    outcomes.append(_outcome(row, found, spans, docs_by_path))
    return outcomes


def _outcome(row: dict, claim: dict, spans: dict, docs_by_path: dict[str, str]) -> Outcome:
    has_gold_evidence = bool(row.get("evidence"))
    return Outcome(
        row=row,
        predicted=claim["verdict"],
        evidence_found=_evidence_hits(claim, row, spans, docs_by_path, False)
        if has_gold_evidence
        else None,
        cited_found=_evidence_hits(claim, row, spans, docs_by_path, True)
        if has_gold_evidence
        else None,
        claim_text=claim["text"],
        rationale=claim["rationale"],
    )


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.3f} ({num}/{den})" if den else "n/a (0/0)"


def summarise(outcomes: list[Outcome], label: str) -> dict:
    scored = [o for o in outcomes if o.predicted is not None]
    decisive = [o for o in scored if o.predicted in DECISIVE]
    right = [o for o in decisive if o.predicted == o.row["verdict"]]
    print(f"\n## {label}: {len(outcomes)} gold rows, {len(scored)} scored")
    print(f"decisive-verdict precision  {_ratio(len(right), len(decisive))}")
    result = {
        "rows": len(outcomes),
        "scored": len(scored),
        "decisive": len(decisive),
        "precision": len(right) / len(decisive) if decisive else None,
    }
    for verdict in DECISIVE:
        gold = [o for o in outcomes if o.row["verdict"] == verdict]
        hit = [o for o in gold if o.predicted == verdict]
        print(f"recall {verdict:<20} {_ratio(len(hit), len(gold))}")
        result[f"recall_{verdict}"] = len(hit) / len(gold) if gold else None
    with_ev = [o for o in scored if o.evidence_found is not None]
    found = [o for o in with_ev if o.evidence_found]
    cited = [o for o in with_ev if o.cited_found]
    print(f"evidence recall@k           {_ratio(len(found), len(with_ev))}")
    print(f"deciding passage cited      {_ratio(len(cited), len(with_ev))}")
    must_not = [o for o in scored if {o.predicted, o.row["verdict"]} == {"supported", "refuted"}]
    print(f"must-not violations         {len(must_not)}")
    missing = [o for o in outcomes if o.predicted is None]
    if missing:
        print(f"not extracted               {len(missing)}")
    print(
        "confusion (gold -> predicted):",
        dict(Counter((o.row["verdict"], o.predicted) for o in outcomes)),
    )
    result.update(
        {
            "evidence_recall": len(found) / len(with_ev) if with_ev else None,
            "must_not": len(must_not),
            "not_extracted": len(missing),
        }
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "bench" / "verdicts_gold.jsonl")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument(
        "--data-dir", type=Path, help="index/cache folder (default: a fresh temporary one)"
    )
    parser.add_argument("--top-k", type=int, default=8)
    parser.add_argument("--show", choices=["errors", "all", "none"], default="errors")
    args = parser.parse_args(argv)
    gold = [
        json.loads(line)
        for line in args.gold.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp) / "data"
        outcomes = score(gold, args.corpus, data_dir, args.top_k)
    if args.show != "none":
        print("\n## rows" + (" where the verdict differs" if args.show == "errors" else ""))
        for o in outcomes:
            if args.show == "errors" and o.predicted == o.row["verdict"]:
                continue
            ev = {True: "evidence retrieved", False: "evidence NOT retrieved", None: ""}[
                o.evidence_found
            ]
            print(
                f"- {o.row['id']} gold={o.row['verdict']} got={o.predicted} {ev} :: "
                f"{o.row.get('claim') or o.row['quote']}"
            )
            if o.rationale and o.predicted in DECISIVE:
                print(f"    {o.rationale[:300]}")
    results = {
        "seed": summarise([o for o in outcomes if o.row["kind"] == "seed"], "seed claims"),
        "probe": summarise([o for o in outcomes if o.row["kind"] == "probe"], "Ask probes"),
        "all": summarise(outcomes, "all rows"),
    }
    print("\n" + json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
