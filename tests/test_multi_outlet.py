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


# --- a mall attack told by three outlets with labelled headers (tests/data/mall) ----------------
# Written for these tests: a wire report on the day ("at least 39 … officials said"), a daily
# the next day (68, from the Red Cross) and a paper quoting the interior minister's 62 beside
# the Red Cross's 68. Each file opens with "Title:", "Date:" and "Outlet:" lines.
MALL = Path(__file__).parent / "data" / "mall"


@pytest.fixture(scope="module")
def mall(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return checked(MALL, tmp_path_factory)


def test_labelled_header_fields_are_metadata_not_claims(mall: dict) -> None:
    meta = {Path(d["path"]).name: (d["title"], d["outlet"]) for d in mall["documents"]}
    assert meta["c_times.txt"] == (
        "Ostria mall attack: questions over the official toll",
        "Times C",
    )
    labels = ("Title:", "Date:", "Outlet:")
    assert not any(c["text"].startswith(labels) for c in mall["claims"])
    quoted = [e["quote"] for c in mall["claims"] for e in c["evidence"]]
    assert quoted and not any(label in q for q in quoted for label in labels)


def test_a_speakers_toll_against_another_sources_is_conflicting(mall: dict) -> None:
    # The minister's 62 against the Red Cross's 68, reported the same day: the reader sees
    # both sources, not "refuted" and not "no evidence" because the minister is not quoted
    # elsewhere.
    got = claim(mall, "c_times.txt", "62 people had been killed")
    assert got["verdict"] == "conflicting"
    assert got["rationale"].startswith("Sources disagree: Varenia's interior minister gives 62;")
    assert "gives 68, against the claim's 62" in got["rationale"]


def test_a_sources_toll_is_confirmed_where_a_shorter_form_of_its_name_gives_it(
    mall: dict,
) -> None:
    # "the Red Cross put the toll at 68" reports what "the Varenian Red Cross" said.
    got = claim(mall, "b_daily.txt", "has risen to 68")
    assert got["verdict"] == "supported"
    assert "gives 68, within the claim's 68" in got["rationale"]


def test_reports_that_agree_it_was_far_fewer_refute_an_inflated_toll(
    tmp_path: Path,
) -> None:
    # 62 and 68 differ a little from each other and a lot from "more than 500": together
    # they refute it; they do not leave it "conflicting".
    asked = tmp_path / "asked.jsonl"
    text = "More than 500 people were killed in the attack on the Riverside mall in Ostria."
    asked.write_text(json.dumps({"id": "q", "claim": text}) + "\n")
    out = tmp_path / "r"
    code = main(
        [
            "check",
            str(MALL),
            "--claims",
            str(asked),
            "--out",
            str(out),
            "--data-dir",
            str(tmp_path / "d"),
        ]
    )
    assert code == 0
    got = json.loads((out / "report.json").read_text())["claims"][0]
    assert got["verdict"] == "refuted"
    assert "against the claim's more than 500" in got["rationale"]


def test_the_reporters_contrast_clause_is_checked_as_the_articles(mall: dict) -> None:
    # "The minister said 62 …, while the Red Cross put the toll at 68": the Red Cross's toll
    # is not the minister's word, and the daily's 68 confirms it.
    got = claim(mall, "c_times.txt", "The Red Cross put the toll at 68")
    assert got["speaker"] is None
    assert got["verdict"] == "supported"
