"""A passage given with the title of its source: the title names what the passage is about."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from claims.given import claim_from_text, read_claims_file
from crosscheck.errors import InputError
from crosscheck.models import Claim, Corpus, StanceScores
from tests.test_given_claims import FixedStanceModel, _pipeline

CLAIM = "Acme Corporation reported record profits in 2020."
PASSAGE = "The company reported record profits in 2020, its annual accounts show."


class EntailingModel(FixedStanceModel):
    """Reads every pair as entailment: what decides below is whether the names match."""

    name = "entailing.v1"

    def predict(self, premises: Sequence[str], hypotheses: Sequence[str]) -> list[StanceScores]:
        self.calls += len(premises)
        return [StanceScores(supports=0.9, refutes=0.05, neutral=0.05) for _ in premises]


def _run(tmp_path: Path, claim: Claim) -> tuple[str, str]:
    pipeline, _ = _pipeline(tmp_path, EntailingModel())
    row = pipeline.run(Corpus(), claims=[claim]).claims[0]
    return row.verdict, row.rationale


def test_claims_file_reads_passages_with_titles(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    path.write_text(
        '{"id": "a", "claim": "x", "passages": ["plain", {"text": "t", "title": "Acme"}]}\n'
        '{"id": "b", "claim": "y", "passages": ["only plain"]}\n',
        encoding="utf-8",
    )
    a, b = read_claims_file(path)
    assert a.given_passages == ("plain", "t")
    assert a.given_titles == (None, "Acme")
    assert b.given_passages == ("only plain",)
    assert b.given_titles is None


@pytest.mark.parametrize(
    "passages",
    [
        '[{"title": "no text"}]',
        '[{"text": "t", "title": 3}]',
        '[{"text": "t", "source": "unknown key"}]',
        '"not a list"',
    ],
)
def test_a_malformed_passage_names_its_line(tmp_path: Path, passages: str) -> None:
    path = tmp_path / "claims.jsonl"
    path.write_text(
        '{"id": "a", "claim": "x"}\n' + f'{{"id": "b", "claim": "y", "passages": {passages}}}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"claims\.jsonl:2: 'passages' must be"):
        read_claims_file(path)


def test_titles_must_pair_with_passages() -> None:
    with pytest.raises(ValueError, match="one entry per given passage"):
        Claim(
            claim_id="c",
            doc_id=None,
            text="x",
            given_passages=("a", "b"),
            given_titles=("A",),
        )


@pytest.mark.model  # names are read with spaCy
def test_a_name_only_the_title_gives_is_the_passages_subject(tmp_path: Path) -> None:
    titled = claim_from_text(
        CLAIM, claim_id="t", passages=[PASSAGE], titles=["Acme Corporation annual report"]
    )
    verdict, rationale = _run(tmp_path / "titled", titled)
    assert verdict == "supported"
    assert "“Acme Corporation annual report (given passage 1)”" in rationale


@pytest.mark.model
def test_without_the_title_the_unnamed_company_confirms_nothing(tmp_path: Path) -> None:
    untitled = claim_from_text(CLAIM, claim_id="u", passages=[PASSAGE])
    assert _run(tmp_path / "untitled", untitled)[0] == "not_enough_evidence"


@pytest.mark.model
def test_a_title_naming_another_company_does_not_match(tmp_path: Path) -> None:
    other = claim_from_text(
        CLAIM, claim_id="o", passages=[PASSAGE], titles=["Globex Industries annual report"]
    )
    assert _run(tmp_path / "other", other)[0] == "not_enough_evidence"
