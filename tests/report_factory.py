"""A small hand-built Report for exporter tests: fixed clock, every verdict, hostile text.

Quotes are sliced from the documents' text, so every citation here is faithful
(``quote == text[start:end]``) just as the pipeline guarantees.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from crosscheck.models import (
    CheckedClaim,
    Claim,
    ClaimType,
    Document,
    EditorReview,
    Evidence,
    PassageFlag,
    Quantity,
    Report,
    SkippedFile,
    SourceSpan,
    Stance,
    VerdictLabel,
)

GENERATED_AT = datetime(2024, 5, 1, 12, 30, 0, tzinfo=UTC)

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil","x")'
SQL = '"; DROP TABLE claims;--'
EMOJI = "🙂"
ARABIC_NAME = "عبد الحميد أباعود"
HEBREW_NAME = "יוסי כהן"
HEBREW_QUOTE = "המשטרה אישרה את המספר."  # "Police confirmed the number."
MD_IMAGE = "![x](http://evil.example/x.png)"
MD_LINK = "[link](javascript:alert(1))"

# 2,000 characters of prose with a marker at each end, so tests can see that it all printed.
_LONG_BODY = "Witnesses described the evening in detail, street by street, café by café. " * 40
LONG_QUOTE = ("LONGSTART " + _LONG_BODY)[:1991] + " LONGEND."

_TEXT_A = (
    "Paris, 14 November. At least 130 people were killed in the attacks on Friday night, "
    "officials said. President François Hollande called it “an act of war”. "
    f"Investigators named {ARABIC_NAME} as the suspected organiser. "
    f"{FORMULA} was posted in a comment thread with *stars*, _under_ and a | pipe. "
    f"Readers shared {MD_IMAGE} and {MD_LINK} and {SCRIPT} widely. "
    f"This was the worst night in the city since the war, one resident said {EMOJI}."
)
_TEXT_B = (
    "Brussels, 20 November. The toll stands at 130 dead, prosecutors confirmed. "
    f"{HEBREW_NAME} reported that police believe {ARABIC_NAME} died in the Saint-Denis raid. "
    f"{HEBREW_QUOTE} "
    f"{LONG_QUOTE} "
    f"An editor wrote {SQL} in the margin."
)
_TEXT_C = (
    "Officials gave a lower figure of 120 victims on Saturday morning. "
    "No one has confirmed who planned the attack."
)

DOC_A = Document.create(
    path="/data/articles/paris-attacks.txt",
    text=_TEXT_A,
    title="Paris attacks: what we know — “live” updates",
    published=date(2015, 11, 14),
    author="Amélie Dupré",
    outlet="Le Quotidien",
)
DOC_B = Document.create(
    path="articles/brussels followup.txt",
    text=_TEXT_B,
    title=f"{HEBREW_NAME}: follow-up from Brussels {SCRIPT}",
    published=date(2015, 11, 20),
    author=HEBREW_NAME,
)
DOC_C = Document.create(path="articles/wire-c.txt", text=_TEXT_C)


def _source(doc: Document, needle: str) -> SourceSpan:
    start = doc.text.index(needle)
    return SourceSpan(start=start, end=start + len(needle), quote=needle, zone="body")


def _evidence(
    doc: Document, needle: str, stance: Stance, score: float, **extra: object
) -> Evidence:
    start = doc.text.index(needle)
    return Evidence(
        doc_id=doc.doc_id,
        start=start,
        end=start + len(needle),
        quote=doc.text[start : start + len(needle)],
        zone="body",
        stance=stance,
        score=score,
        **extra,  # type: ignore[arg-type]
    )


def _claim(
    doc: Document,
    sentence: str,
    *,
    verdict: VerdictLabel,
    confidence: float,
    rationale: str,
    evidence: tuple[Evidence, ...] = (),
    types: tuple[ClaimType, ...] = ("event",),
    quantities: tuple[Quantity, ...] = (),
    speaker: str | None = None,
    checkworthiness: float = 0.8,
) -> CheckedClaim:
    source = _source(doc, sentence)
    return CheckedClaim(
        claim_id=Claim.make_id(doc.doc_id, source.start, source.end, sentence),
        doc_id=doc.doc_id,
        text=sentence,
        source=source,
        types=types,
        quantities=quantities,
        speaker=speaker,
        attributed=speaker is not None,
        checkworthiness=checkworthiness,
        verdict=verdict,
        confidence=confidence,
        rationale=rationale,
        evidence=evidence,
    )


def make_claims() -> tuple[CheckedClaim, ...]:
    toll = _claim(
        DOC_A,
        "At least 130 people were killed in the attacks on Friday night, officials said.",
        verdict="supported",
        confidence=0.91,
        rationale="Two articles give the same toll of 130.",
        types=("numeric", "event"),
        quantities=(
            Quantity(text="At least 130", low=130.0, high=None, unit="people", referent="killed"),
        ),
        evidence=(
            _evidence(DOC_B, "The toll stands at 130 dead", "supports", 0.87),
            _evidence(DOC_B, HEBREW_QUOTE, "supports", 0.55),
            _evidence(
                DOC_C, "a lower figure of 120 victims", "neutral", -0.25, time_relation="later"
            ),
        ),
    )
    organiser = _claim(
        DOC_A,
        f"Investigators named {ARABIC_NAME} as the suspected organiser.",
        verdict="refuted",
        confidence=0.64,
        rationale=f"{FORMULA} — B says police believe the suspect died; C disputes who planned.",
        types=("attribution",),
        speaker=ARABIC_NAME,
        evidence=(
            _evidence(DOC_C, "No one has confirmed who planned the attack.", "refutes", 0.71),
        ),
    )
    shared = _claim(
        DOC_A,
        f"{FORMULA} was posted in a comment thread with *stars*, _under_ and a | pipe.",
        verdict="conflicting",
        confidence=0.5,
        rationale=f"Mixed: {SCRIPT} {MD_LINK} {MD_IMAGE}",
        types=("event",),
        quantities=(Quantity(text="a few", low=None, high=None),),
        evidence=(
            _evidence(DOC_B, LONG_QUOTE, "supports", 0.66, note=f"long passage {EMOJI}"),
            _evidence(DOC_B, f"An editor wrote {SQL} in the margin.", "refutes", 0.61),
        ),
    )
    lower = _claim(
        DOC_C,
        "Officials gave a lower figure of 120 victims on Saturday morning.",
        verdict="not_enough_evidence",
        confidence=0.2,
        rationale=f"Nothing else mentions 120 {EMOJI}.",
        types=("numeric",),
        quantities=(
            Quantity(text="120", low=None, high=120.0, unit="victims", high_inclusive=False),
        ),
        checkworthiness=0.55,
    )
    opinion = _claim(
        DOC_A,
        f"This was the worst night in the city since the war, one resident said {EMOJI}.",
        verdict="not_checked",
        confidence=0.0,
        rationale="Opinion: not checked.",
        types=("opinion",),
        speaker="one resident",
        checkworthiness=0.3,
    )
    raid = _claim(
        DOC_B,
        f"{HEBREW_NAME} reported that police believe {ARABIC_NAME} died in the Saint-Denis raid.",
        verdict="not_enough_evidence",
        confidence=0.35,
        rationale="Only a neutral mention elsewhere.",
        types=("event", "attribution"),
        speaker=HEBREW_NAME,
        evidence=(
            _evidence(
                DOC_A,
                f"Investigators named {ARABIC_NAME} as the suspected organiser.",
                "neutral",
                0.42,
                time_relation="earlier",
            ),
        ),
    )
    return (toll, organiser, shared, lower, opinion, raid)


def make_report() -> Report:
    """The report every exporter test renders (and the golden files hold)."""
    return Report(
        generated_at=GENERATED_AT,
        pipeline={"verifier": "stance", "backend": "offline", "corpus": "fixture-3docs"},
        documents=(DOC_A.info(), DOC_B.info(), DOC_C.info()),
        skipped=(
            SkippedFile(path='broken/<img src=x onerror="alert(1)">.pdf', reason="not UTF-8 text"),
        ),
        claims=make_claims(),
    )


DOCUMENTS = {doc.doc_id: doc for doc in (DOC_A, DOC_B, DOC_C)}


REVIEWED_AT = datetime(2024, 5, 2, 9, 15, 0, tzinfo=UTC)
EDITOR_NOTE = f"Ministry gave 129 on Nov 16 {SCRIPT} {MD_LINK}"


def make_reviewed_report() -> Report:
    """The same report with an editor's override, an acceptance and a stale review."""
    report = make_report()
    toll, organiser, shared, lower, opinion, raid = report.claims
    reviews = {
        toll.claim_id: EditorReview(
            claim_id=toll.claim_id,
            status="reviewed",
            verdict="refuted",
            confidence=0.8,
            note=EDITOR_NOTE,
            machine_verdict=toll.verdict,
            machine_confidence=toll.confidence,
            reviewed_at=REVIEWED_AT,
            passage_flags=(
                PassageFlag(
                    doc_id=toll.evidence[1].doc_id,
                    start=toll.evidence[1].start,
                    end=toll.evidence[1].end,
                    mark="irrelevant",
                ),
            ),
        ),
        organiser.claim_id: EditorReview(
            claim_id=organiser.claim_id,
            status="needs_follow_up",
            note="Call the prosecutor's office.",
            machine_verdict=organiser.verdict,
            machine_confidence=organiser.confidence,
            reviewed_at=REVIEWED_AT,
        ),
        lower.claim_id: EditorReview(
            claim_id=lower.claim_id,
            status="reviewed",
            verdict="not_enough_evidence",
            machine_verdict=lower.verdict,
            machine_confidence=lower.confidence,
            reviewed_at=REVIEWED_AT,
            stale=True,
        ),
    }
    claims = tuple(
        c.model_copy(update={"review": reviews[c.claim_id]}) if c.claim_id in reviews else c
        for c in report.claims
    )
    return report.model_copy(update={"claims": claims})
