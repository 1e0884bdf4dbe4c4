"""Four outlets on one earthquake, through the CLI with the real models.

The texts (``tests/data/quake``) were written for this test: a wire report on the day (at
least 48 dead), a daily and a regional paper the next day (72 from the ministry, 65 from the
governor) and a round-up a day later (at least 80). Tolls rise and sources disagree: the
reader must see the disagreement, not a plain "refuted".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosscheck.cli import main

pytestmark = pytest.mark.model

QUAKE = Path(__file__).parent / "data" / "quake"


def checked(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """``crosscheck check FOLDER`` with a fresh data folder; the report as JSON."""
    out = tmp_path_factory.mktemp(folder.name)
    code = main(["check", str(folder), "--out", str(out / "r"), "--data-dir", str(out / "d")])
    assert code == 0
    return json.loads((out / "r" / "report.json").read_text())


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return checked(QUAKE, tmp_path_factory)


def claim(report: dict, file: str, words: str) -> dict:
    doc = next(d["doc_id"] for d in report["documents"] if d["path"].endswith(file))
    return next(c for c in report["claims"] if c["doc_id"] == doc and words in c["text"])


def test_a_floor_below_every_later_toll_is_supported(report: dict) -> None:
    got = claim(report, "a_wire.txt", "killing at least 48")
    assert got["verdict"] == "supported"
    assert "72, within the claim's at least 48" in got["rationale"]


def test_a_toll_with_reports_on_both_sides_is_conflicting(report: dict) -> None:
    got = claim(report, "b_daily.txt", "death toll rises to 72")
    assert got["verdict"] == "conflicting"
    assert got["rationale"].startswith("Reports disagree among themselves")
    assert "at least 80, against the claim's 72 (a later report)" in got["rationale"]
    assert "65, against the claim's 72" in got["rationale"]


def test_a_toll_that_other_reports_exceed_but_disagree_on_is_conflicting(report: dict) -> None:
    # 65 against the ministry's 72 (same day) and a later "at least 80": both above, but they
    # disagree with each other, so neither is established against 65.
    got = claim(report, "c_herald.txt", "which killed 65 people")
    assert got["verdict"] == "conflicting"
    assert "Their figures disagree with each other" in got["rationale"]


def test_a_later_toll_against_earlier_reports_is_a_revision(report: dict) -> None:
    got = claim(report, "d_post.txt", "At least 80 people were killed")
    assert got["verdict"] == "conflicting"
    assert got["rationale"].startswith("Reports differ over time")
    assert "(an earlier report)" in got["rationale"]


def test_every_deciding_quote_is_the_articles_text(report: dict) -> None:
    texts = {d["doc_id"]: (QUAKE / Path(d["path"]).name).read_text() for d in report["documents"]}
    cited = [e for c in report["claims"] for e in c["evidence"] if e["stance"] != "neutral"]
    assert cited
    assert all(texts[e["doc_id"]][e["start"] : e["end"]] == e["quote"] for e in cited)


# --- a bus crash told by three outlets (tests/data/bus) ----------------------------------------
BUS = Path(__file__).parent / "data" / "bus"


@pytest.fixture(scope="module")
def bus(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return checked(BUS, tmp_path_factory)


def test_a_headline_toll_is_confirmed_though_the_tagger_reads_the_town_as_a_name(
    bus: dict,
) -> None:
    # "Serra Alta bus crash: toll rises to 38" tags the town as an organisation; the other
    # outlet's "in Serra Alta … 38 people died" reads it as a place. Same town, same toll.
    got = claim(bus, "b.txt", "toll rises to 38")
    assert got["verdict"] == "supported"
    assert "gives 38, within the claim's 38" in got["rationale"]


def test_the_number_of_dead_risen_to_is_a_toll(bus: dict) -> None:
    got = claim(bus, "b.txt", "has risen to 38")
    assert got["verdict"] == "supported"


def test_the_people_a_bus_carried_are_not_its_dead(bus: dict) -> None:
    # "A bus carrying 52 people …, killing at least 31": the 31 are the killed; 52 is no toll
    # for the other outlets' 38 dead to contradict.
    got = claim(bus, "a.txt", "carrying 52 people")
    assert got["verdict"] == "not_enough_evidence"
    assert "against the claim's 52" not in got["rationale"]


def test_a_denial_is_checked_as_a_denial(bus: dict) -> None:
    got = claim(bus, "b.txt", "denied that the driver had been speeding")
    assert got["text"].startswith("The bus company denied")
