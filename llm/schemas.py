"""The JSON answers the model must give, validated leniently (case, synonyms, clamping)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from llm.client import OutputSchema

AnswerVerdict = Literal["supported", "refuted", "conflicting", "not_enough_evidence"]
AnswerStance = Literal["supports", "refutes", "neutral"]

# Servers that ignore the schema still tend to use one of these spellings.
_VERDICT_SYNONYMS = {
    "support": "supported",
    "supports": "supported",
    "true": "supported",
    "refute": "refuted",
    "refutes": "refuted",
    "false": "refuted",
    "contradicted": "refuted",
    "mixed": "conflicting",
    "conflict": "conflicting",
    "not enough evidence": "not_enough_evidence",
    "not-enough-evidence": "not_enough_evidence",
    "nei": "not_enough_evidence",
    "insufficient": "not_enough_evidence",
    "unverifiable": "not_enough_evidence",
}
_STANCE_SYNONYMS = {
    "support": "supports",
    "supported": "supports",
    "supporting": "supports",
    "refute": "refutes",
    "refuted": "refutes",
    "refuting": "refutes",
    "contradicts": "refutes",
    "none": "neutral",
    "irrelevant": "neutral",
    "unrelated": "neutral",
}


def _normalise(value: Any, synonyms: dict[str, str]) -> Any:
    if not isinstance(value, str):
        return value
    key = value.strip().lower()
    return synonyms.get(key, key.replace(" ", "_"))


class _Answer(BaseModel):
    # Extra keys from chatty servers are ignored, not fatal.
    model_config = ConfigDict(extra="ignore", frozen=True)


class ProposedClaim(_Answer):
    claim: str = Field(min_length=1, description="One atomic claim that stands alone.")
    source_sentence: str = Field(
        min_length=1, description="The passage sentence it comes from, copied exactly."
    )
    speaker: str | None = Field(
        default=None, description="Who is reported as saying it, as named in the passage."
    )


class ExtractionAnswer(_Answer):
    claims: list[ProposedClaim] = Field(default_factory=list)


class PassageStance(_Answer):
    passage: int = Field(description="The passage number, 1..n.")
    stance: AnswerStance

    @field_validator("stance", mode="before")
    @classmethod
    def _stance(cls, value: Any) -> Any:
        return _normalise(value, _STANCE_SYNONYMS)


class VerdictAnswer(_Answer):
    stances: list[PassageStance] = Field(default_factory=list)
    verdict: AnswerVerdict
    confidence: float = Field(default=0.5, description="0 to 1.")
    rationale: str = Field(default="", description="One to three sentences citing [n].")
    citations: list[int] = Field(
        default_factory=list, description="Numbers of the passages the verdict rests on."
    )

    @field_validator("verdict", mode="before")
    @classmethod
    def _verdict(cls, value: Any) -> Any:
        return _normalise(value, _VERDICT_SYNONYMS)

    @field_validator("confidence", mode="before")
    @classmethod
    def _confidence(cls, value: Any) -> Any:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return value
        if number > 1.0 and number <= 100.0:
            number /= 100.0  # a percentage
        return min(1.0, max(0.0, number))


EXTRACTION_SCHEMA = OutputSchema.from_model(
    ExtractionAnswer,
    name="extracted_claims",
    description="Check-worthy claims of the article passage, each with its verbatim sentence.",
)
VERDICT_SCHEMA = OutputSchema.from_model(
    VerdictAnswer,
    name="claim_verdict",
    description="Per-passage stances and one overall verdict on the claim.",
)
