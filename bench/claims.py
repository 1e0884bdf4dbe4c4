"""Claim-extraction benchmark on the seed articles.

    python bench/claims.py [--seeds DIR] [--dump-unlabelled FILE] [--strict]

Prints recall of the gold claims (bench/claims_gold.jsonl), precision against the reviewer
labels (bench/claims_precision_labels.jsonl, keyed by doc + source quote, so it is recomputed
on the current output), type, quantity-interval, speaker and zone accuracy, claims per
article, claims from boilerplate and gold opinions typed as fact.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.nlp import load_nlp  # noqa: E402
from claims.offline import OfflineClaimExtractor  # noqa: E402
from corpus.loader import load_corpus  # noqa: E402
from crosscheck.models import Claim, Document, Quantity  # noqa: E402

GOLD = ROOT / "bench" / "claims_gold.jsonl"
LABELS = ROOT / "bench" / "claims_precision_labels.jsonl"
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
TARGETS = {"recall": 0.90, "type_accuracy": 0.85, "quantity_accuracy": 0.95}


@dataclass(frozen=True)
class GoldResult:
    row: dict[str, Any]
    claim: Claim | None
    type_ok: bool
    quantity_ok: bool
    speaker_ok: bool | None
    zone_ok: bool
    text_ok: bool | None


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def anchor_span(document: Document, anchor: str) -> tuple[int, int] | None:
    start = document.text.find(anchor)
    return None if start < 0 else (start, start + len(anchor))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def best_claim(claims: Sequence[Claim], span: tuple[int, int]) -> Claim | None:
    """The claim a reviewer would match to the anchor: one whose number sits in the anchor
    first, then the largest overlap, then the tightest span."""
    candidates = [c for c in claims if c.source and _overlaps((c.source.start, c.source.end), span)]
    if not candidates:
        return None

    def rank(claim: Claim) -> tuple[int, int, int]:
        assert claim.source is not None
        holds_number = any(
            q.start is not None and q.end is not None and _overlaps((q.start, q.end), span)
            for q in claim.quantities
        )
        overlap = _overlaps((claim.source.start, claim.source.end), span)
        return (int(holds_number), overlap, -(claim.source.end - claim.source.start))

    return max(candidates, key=rank)


def quantity_matches(gold: dict[str, Any], quantity: Quantity) -> bool:
    def same(a: float | None, b: float | None) -> bool:
        return (a is None and b is None) or (
            a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))
        )

    if not (same(gold.get("low"), quantity.low) and same(gold.get("high"), quantity.high)):
        return False
    if gold.get("unit") != quantity.unit:
        return False
    if "low_inclusive" in gold and gold["low_inclusive"] != quantity.low_inclusive:
        return False
    return not ("high_inclusive" in gold and gold["high_inclusive"] != quantity.high_inclusive)


def speaker_matches(gold: str, found: str | None) -> bool:
    if not found:
        return False

    def words(name: str) -> set[str]:
        return {w.lower().strip(".,") for w in name.replace("-", " ").split()} - {"the", "al"}

    gold_words, found_words = words(gold), words(found)
    return bool(gold_words & found_words)


def judge(row: dict[str, Any], document: Document, claims: Sequence[Claim]) -> GoldResult:
    span = anchor_span(document, row["anchor"])
    claim = best_claim(claims, span) if span else None
    if claim is None or span is None:
        return GoldResult(
            row,
            None,
            False,
            False,
            False if row.get("speaker") else None,
            False,
            False if row.get("text_contains") else None,
        )
    gold_q = row.get("quantity")
    if gold_q is None:
        # A trap: nothing inside the anchor may be read as a quantity.
        quantity_ok = not any(
            q.start is not None and q.end is not None and _overlaps((q.start, q.end), span)
            for q in claim.quantities
        )
    else:
        quantity_ok = any(quantity_matches(gold_q, q) for q in claim.quantities)
    speaker_ok = speaker_matches(row["speaker"], claim.speaker) if row.get("speaker") else None
    text_ok = row["text_contains"] in claim.text if row.get("text_contains") else None
    assert claim.source is not None
    return GoldResult(
        row,
        claim,
        type_ok=bool(claim.types) and claim.types[0] == row["type"],
        quantity_ok=quantity_ok,
        speaker_ok=speaker_ok,
        zone_ok=claim.source.zone == row.get("zone", "body"),
        text_ok=text_ok,
    )


def label_key(doc: str, quote: str) -> tuple[str, str]:
    return doc, " ".join(quote.split())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--dump-unlabelled", type=Path, default=None)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)

    corpus = load_corpus(args.seeds)
    documents = {Path(d.path).name: d for d in corpus.documents}
    started = time.perf_counter()
    nlp = load_nlp()
    loaded = time.perf_counter()
    extractor = OfflineClaimExtractor(nlp)
    extracted = {name: extractor.extract(doc) for name, doc in documents.items()}
    finished = time.perf_counter()

    gold = read_jsonl(GOLD)
    wanted = [r for r in gold if r.get("expect") != "absent"]
    absent = [r for r in gold if r.get("expect") == "absent"]
    results = [judge(r, documents[r["doc"]], extracted[r["doc"]]) for r in wanted]
    found = [r for r in results if r.claim is not None]

    def share(values: Sequence[bool]) -> float:
        return sum(values) / len(values) if values else 0.0

    recall = share([r.claim is not None for r in results])
    type_accuracy = share([r.type_ok for r in found])
    contained = share([bool(r.claim and r.row["type"] in r.claim.types) for r in found])
    with_quantity = [r for r in found if r.row.get("quantity") is not None]
    traps = [r for r in found if r.row.get("quantity") is None]
    quantity_accuracy = share([r.quantity_ok for r in found])
    speakers = [r.speaker_ok for r in found if r.speaker_ok is not None]
    texts = [r.text_ok for r in found if r.text_ok is not None]
    opinions_as_fact = [
        r for r in found if r.row["type"] == "opinion" and r.claim and not r.claim.is_opinion
    ]
    noisy_absent = []
    for row in absent:
        document = documents[row["doc"]]
        span = anchor_span(document, row["anchor"])
        hits = [
            c
            for c in extracted[row["doc"]]
            if span
            and c.source
            and _overlaps((c.source.start, c.source.end), span)
            and c.checkworthiness >= 0.2
        ]
        if hits:
            noisy_absent.append((row, hits))

    boilerplate = 0
    broken_quotes = 0
    for name, claims in extracted.items():
        document = documents[name]
        spans = [(z.start, z.end) for z in document.zones if z.zone == "boilerplate"]
        for claim in claims:
            assert claim.source is not None
            if document.text[claim.source.start : claim.source.end] != claim.source.quote:
                broken_quotes += 1
            source = (claim.source.start, claim.source.end)
            if claim.source.zone == "boilerplate" or any(_overlaps(source, s) for s in spans):
                boilerplate += 1

    labels = {label_key(r["doc"], r["quote"]): r["label"] for r in read_jsonl(LABELS)}
    labelled = kept = unlabelled = 0
    unlabelled_rows: list[dict[str, Any]] = []
    for name, claims in extracted.items():
        for claim in claims:
            assert claim.source is not None
            label = labels.get(label_key(name, claim.source.quote))
            if label is None:
                unlabelled += 1
                unlabelled_rows.append(
                    {
                        "doc": name,
                        "quote": claim.source.quote,
                        "text": claim.text,
                        "types": list(claim.types),
                        "label": "?",
                    }
                )
                continue
            labelled += 1
            kept += label == "keep"
    precision = kept / labelled if labelled else 0.0

    print(
        f"seed articles: {len(documents)}   gold claims: {len(wanted)}   "
        f"non-check-worthy anchors: {len(absent)}"
    )
    print(
        f"spaCy load: {loaded - started:.1f}s   extraction (5 articles): {finished - loaded:.1f}s"
    )
    print(
        "claims per article: "
        + ", ".join(f"{name[:3]}={len(claims)}" for name, claims in sorted(extracted.items()))
        + f"   total={sum(len(c) for c in extracted.values())}"
    )
    print(
        f"recall of gold claims:         {recall:.3f}  ({sum(r.claim is not None for r in results)}"
        f"/{len(results)})   target >= {TARGETS['recall']}"
    )
    print(
        f"precision (reviewer labels):   {precision:.3f}  (keep {kept}/{labelled} labelled; "
        f"{unlabelled} unlabelled)"
    )
    print(
        f"type accuracy (main type):     {type_accuracy:.3f}  (type among types: {contained:.3f})"
        f"   target >= {TARGETS['type_accuracy']}"
    )
    print(
        f"quantity intervals exact:      {quantity_accuracy:.3f}  (numbers "
        f"{share([r.quantity_ok for r in with_quantity]):.3f} of {len(with_quantity)}, "
        f"traps with no number {share([r.quantity_ok for r in traps]):.3f} of {len(traps)})"
        f"   target >= {TARGETS['quantity_accuracy']}"
    )
    heldout = [r for r in found if r.row.get("heldout")]
    if heldout:
        print(
            f"  of which rows marked heldout: type {share([r.type_ok for r in heldout]):.3f} "
            f"({len(heldout)} rows)"
        )
    print(f"speaker accuracy:              {share(speakers):.3f}  ({len(speakers)} gold speakers)")
    print(f"zone accuracy:                 {share([r.zone_ok for r in found]):.3f}")
    print(f"stand-alone text checks:       {share(texts):.3f}  ({len(texts)} checks)")
    print(f"claims from boilerplate:       {boilerplate}   (must be 0)")
    print(f"gold opinions typed as fact:   {len(opinions_as_fact)}   (must be 0)")
    print(f"non-check-worthy anchors with a claim scored >= 0.2: {len(noisy_absent)}")
    print(f"quote != text[start:end]:      {broken_quotes}   (must be 0)")

    if args.verbose:
        for r in results:
            problems = [
                name
                for name, ok in (
                    ("missed", r.claim is not None),
                    ("type", r.type_ok),
                    ("quantity", r.quantity_ok),
                    ("speaker", r.speaker_ok is not False),
                    ("zone", r.zone_ok),
                    ("text", r.text_ok is not False),
                )
                if not ok
            ]
            if problems:
                got = r.claim
                detail = (
                    f"types={got.types} q={[(q.low, q.high, q.unit) for q in got.quantities]}"
                    f" speaker={got.speaker!r} zone={got.source.zone if got.source else None}"
                    f" text={got.text!r}"
                    if got
                    else ""
                )
                print(
                    f"  MISS {','.join(problems)} [{r.row['doc'][:3]}] {r.row['anchor']!r} "
                    f"want {r.row['type']} {r.row.get('quantity')} :: {detail}"
                )
        for row, hits in noisy_absent:
            print(
                f"  NOISE [{row['doc'][:3]}] {row['anchor']!r} -> "
                f"{[(h.text, h.checkworthiness) for h in hits]}"
            )

    if args.dump_unlabelled is not None:
        with args.dump_unlabelled.open("w", encoding="utf-8") as handle:
            for row in unlabelled_rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"wrote {len(unlabelled_rows)} unlabelled claims to {args.dump_unlabelled}")

    met = (
        recall >= TARGETS["recall"]
        and type_accuracy >= TARGETS["type_accuracy"]
        and quantity_accuracy >= TARGETS["quantity_accuracy"]
        and boilerplate == 0
        and not opinions_as_fact
        and broken_quotes == 0
    )
    print("targets met" if met else "targets NOT met")
    return 0 if met or not args.strict else 1


if __name__ == "__main__":
    raise SystemExit(main())
