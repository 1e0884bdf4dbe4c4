"""The rationale's wording: who says what, each article once per statement."""

from __future__ import annotations

from datetime import date

from claims.given import claim_from_text
from verification.lexicon import load_lexicon
from verification.rationale import Cited, Source, rationale
from verification.semantics import ClaimDecision, PassageJudgement

DAILY = Source(title="Fifteen dead in Lyonsville rail disaster", published=date(2024, 3, 3))
LATER = Source(title="Lyonsville derailment toll rises to 18", published=date(2024, 3, 4))


def cited(number: int, source: Source, figure: str, **kw: object) -> Cited:
    return Cited(
        number=number,
        source=source,
        judgement=PassageJudgement(stance="supports", strength=0.9, slot="quantity"),
        claim_figure="at least 12",
        evidence_figure=figure,
        **kw,  # type: ignore[arg-type]
    )


def test_one_article_saying_the_same_twice_is_one_clause() -> None:
    claim = claim_from_text("Train derails near Lyonsville, killing at least 12")
    decision = ClaimDecision(label="supported", confidence=0.9, supporting=(0, 1, 2))
    text = rationale(
        claim,
        decision,
        [cited(1, DAILY, "15"), cited(2, LATER, "18"), cited(3, DAILY, "15")],
        None,
        load_lexicon(),
    )
    assert text.startswith(
        "Supported: [1][3] “Fifteen dead in Lyonsville rail disaster”, 3 March 2024 gives 15, "
        "within the claim's at least 12; [2] “Lyonsville derailment toll rises to 18”, "
        "4 March 2024 gives 18"
    )


def test_straddling_reports_are_named_with_their_dates() -> None:
    claim = claim_from_text("Fifteen people died in the derailment")
    refuting = [
        Cited(
            number=1,
            source=LATER,
            judgement=PassageJudgement(
                stance="refutes", strength=0.85, slot="quantity", revision=True, side="above"
            ),
            claim_figure="15",
            evidence_figure="18",
            later=True,
        ),
        Cited(
            number=2,
            source=DAILY,
            judgement=PassageJudgement(
                stance="refutes", strength=0.85, slot="quantity", side="below"
            ),
            claim_figure="15",
            evidence_figure="12",
            later=False,
        ),
    ]
    decision = ClaimDecision(label="conflicting", confidence=0.68, refuting=(0, 1), straddled=True)
    text = rationale(claim, decision, refuting, None, load_lexicon())
    assert "Reports disagree among themselves" in text
    assert "gives 18, against the claim's 15 (a later report)" in text
    # A same-day report is not called an earlier one.
    assert "gives 12, against the claim's 15." in text
