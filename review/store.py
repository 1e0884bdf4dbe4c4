"""Reviews in one SQLite file in the data directory: no server, survives reruns and restarts.

Every change also writes a history row holding the review as it was before, so the last
action can be undone (repeatedly, newest first).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from crosscheck.errors import InputError
from crosscheck.models import CheckedClaim, EditorReview, PassageFlag, PassageMark, Report
from review.matching import Keyed, doc_key, fingerprint, match_reviews

REVIEWS_FILE = "reviews.sqlite3"
StoredReview = Keyed

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    claim_id TEXT PRIMARY KEY,
    doc_key TEXT NOT NULL,
    claim_text TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    action TEXT NOT NULL,
    claim_id TEXT NOT NULL,
    before_row TEXT
);
"""


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class ReviewStore:
    """Read and write reviews; ``clock`` is injectable so tests get fixed times."""

    def __init__(self, path: Path, clock=_now) -> None:  # type: ignore[no-untyped-def]
        self.path = Path(path)
        self._clock = clock
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(_SCHEMA)

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> ReviewStore:
        return cls(Path(data_dir) / REVIEWS_FILE)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        try:
            db = sqlite3.connect(self.path, timeout=10)
        except sqlite3.Error as exc:
            raise InputError(f"cannot open the review file {self.path}: {exc}") from exc
        try:
            with db:
                yield db
        except sqlite3.DatabaseError as exc:
            raise InputError(f"the review file {self.path} is unreadable: {exc}") from exc
        finally:
            db.close()

    # -- reading ---------------------------------------------------------------------------
    def rows(self) -> list[Keyed]:
        with self._db() as db:
            found = db.execute(
                "SELECT body, fingerprint, doc_key, claim_text FROM reviews"
            ).fetchall()
        rows = []
        for body, fp, key, text in found:
            try:
                review = EditorReview.model_validate_json(body)
            except ValidationError:
                continue  # written by a newer version: leave it for that version
            rows.append(Keyed(review=review, fingerprint=fp, doc_key=key, claim_text=text))
        return rows

    def for_report(self, report: Report) -> dict[str, EditorReview]:
        return match_reviews(report, self.rows())

    # -- writing ---------------------------------------------------------------------------
    def save(self, report: Report, claim: CheckedClaim, review: EditorReview, action: str) -> None:
        """Store ``review`` for ``claim`` (its fingerprint taken now), remembering the old row."""
        with self._db() as db:
            before = db.execute(
                "SELECT claim_id, doc_key, claim_text, fingerprint, body FROM reviews "
                "WHERE claim_id = ?",
                (claim.claim_id,),
            ).fetchone()
            db.execute(
                "INSERT INTO history (action, claim_id, before_row) VALUES (?, ?, ?)",
                (action, claim.claim_id, None if before is None else json.dumps(list(before))),
            )
            db.execute(
                "INSERT OR REPLACE INTO reviews VALUES (?, ?, ?, ?, ?)",
                (
                    claim.claim_id,
                    doc_key(report, claim),
                    claim.text,
                    fingerprint(claim),
                    review.model_dump_json(),
                ),
            )

    def update(
        self, report: Report, claim: CheckedClaim, action: str, **changes: object
    ) -> EditorReview:
        """Apply ``changes`` (status, verdict, confidence, note) to the claim's review."""
        current = claim.review or self.for_report(report.with_claims([claim])).get(claim.claim_id)
        base = current or EditorReview(
            claim_id=claim.claim_id,
            machine_verdict=claim.verdict,
            machine_confidence=claim.confidence,
            reviewed_at=self._clock(),
        )
        review = base.model_copy(
            update={
                **changes,
                "claim_id": claim.claim_id,
                "machine_verdict": claim.verdict,
                "machine_confidence": claim.confidence,
                "reviewed_at": self._clock(),
                "stale": False,
            }
        )
        review = EditorReview.model_validate(review.model_dump())  # checks the changes
        self.save(report, claim, review, action)
        return review

    def flag_passage(
        self, report: Report, claim: CheckedClaim, index: int, mark: PassageMark | None
    ) -> EditorReview:
        """Mark the claim's ``index``-th evidence passage wrong/irrelevant (None clears)."""
        if not 0 <= index < len(claim.evidence):
            raise InputError(f"claim {claim.claim_id} has no evidence passage {index + 1}")
        ev = claim.evidence[index]
        current = claim.review.passage_flags if claim.review is not None else ()
        flags = [f for f in current if (f.doc_id, f.start, f.end) != (ev.doc_id, ev.start, ev.end)]
        if mark is not None:
            flags.append(PassageFlag(doc_id=ev.doc_id, start=ev.start, end=ev.end, mark=mark))
        action = f"marked passage {index + 1} {mark}" if mark else f"cleared passage {index + 1}"
        return self.update(report, claim, action, passage_flags=tuple(flags))

    def last_action(self) -> str | None:
        with self._db() as db:
            row = db.execute("SELECT action FROM history ORDER BY seq DESC LIMIT 1").fetchone()
        return None if row is None else str(row[0])

    def undo(self) -> str | None:
        """Put back the review as it was before the last action; returns that action."""
        with self._db() as db:
            row = db.execute(
                "SELECT seq, action, claim_id, before_row FROM history ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            seq, action, claim_id, before = row
            db.execute("DELETE FROM history WHERE seq = ?", (seq,))
            if before is None:
                db.execute("DELETE FROM reviews WHERE claim_id = ?", (claim_id,))
            else:
                db.execute(
                    "INSERT OR REPLACE INTO reviews VALUES (?, ?, ?, ?, ?)",
                    tuple(json.loads(before)),
                )
        return str(action)


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def load_reviews(source: Path, report: Report) -> dict[str, EditorReview]:
    """Reviews for ``report`` from a data directory, a review SQLite file, or a report JSON
    whose claims carry reviews (``crosscheck check --reviews``)."""
    source = Path(source)
    if source.is_dir():
        path = source / REVIEWS_FILE
        if not path.is_file():
            raise InputError(f"no reviews in {source} (expected {REVIEWS_FILE} there)")
        return ReviewStore(path).for_report(report)
    if not source.is_file():
        raise InputError(f"review file not found: {source}")
    if _is_sqlite(source):
        return ReviewStore(source).for_report(report)
    from reports.json_export import report_from_json

    try:
        reviewed = report_from_json(source.read_bytes())
    except InputError as exc:
        raise InputError(f"{source} is neither a review database nor a report: {exc}") from exc
    rows = [
        Keyed(
            review=c.review,
            fingerprint=fingerprint(c),
            doc_key=doc_key(reviewed, c),
            claim_text=c.text,
        )
        for c in reviewed.claims
        if c.review is not None
    ]
    return match_reviews(report, rows)
