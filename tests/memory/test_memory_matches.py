"""Memory's best matches for exchange files (XLIFF alt-trans / mtc:matches)."""

from __future__ import annotations

from pathlib import Path

from relay.core.project import open_project
from relay.exchange.package import ExchangeUnit
from relay.memory.records import Match
from relay.memory.store import memory_matches

SEED = "2013-04-23-kazakhstan-innovation"
WATER = "2014-03-12-water-cooperation"
ROAD = "2015-10-05-road-safety"
KAZAKHSTAN = (
    "The seminar was opened by Mr. Asset Issekeshev, Deputy Prime Minister and Minister of "
    "Industry and New Technologies of the Republic of Kazakhstan."
)


def test_exact_and_fuzzy_matches_with_score_and_origin(sample_project: Path) -> None:
    belarus = KAZAKHSTAN.replace("Kazakhstan", "Belarus")
    found = memory_matches(open_project(sample_project), "fr", ["Information Unit", belarus])
    info = found["Information Unit"]
    # Three releases hold the same translation: offered once, from the most recent.
    assert [(match.score, match.origin, match.target) for match in info] == [
        (100.0, f"{ROAD}#310cc51653", "Service de l’information")
    ]
    [near] = found[belarus]
    assert near.source == KAZAKHSTAN and 90 < near.score < 100
    assert near.origin == f"{SEED}#24afd2b05d"
    assert near.target.startswith("Le séminaire a été ouvert par M. Asset Issekeshev")


def test_the_exported_release_is_not_its_own_match(sample_project: Path) -> None:
    found = memory_matches(open_project(sample_project), "ru", [KAZAKHSTAN], exclude=SEED)
    assert found[KAZAKHSTAN] == ()


def test_exchange_units_carry_matches() -> None:
    match = Match("Note to editors", "Note aux rédactions", 100.0, f"{WATER}#80478d38d4")
    unit = ExchangeUnit("80478d38d4", "Note to editors", matches=(match,))
    assert unit.matches[0].origin.startswith(WATER)
    assert ExchangeUnit("x", "y").matches == ()
