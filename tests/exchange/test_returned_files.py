"""Returned files as CAT tools send them: each scenario's exact outcome, catalogs gettext-clean.

The corpus (``support.returned``) is generated from relay's own exports of the sample project:
memoQ, Trados, OmegaT, Okapi, Phrase, Weblate, Poedit and gettext variants of PO, XLIFF 1.2 and
XLIFF 2.0. After every import, every catalog passes ``msgfmt --check`` and is unchanged by
``msgcat``. ``benchmarks/returned_files.py`` prints the same scenarios as a table.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from support.returned import Corpus, build, outcome_of, run, scenarios

SCENARIOS = {scenario.name: scenario for scenario in scenarios()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return build(tmp_path_factory.mktemp("returned"))


def test_the_corpus_covers_every_tool_and_format() -> None:
    assert len(SCENARIOS) == len(scenarios()) >= 60
    tools = {scenario.tool for scenario in SCENARIOS.values()}
    assert {"memoQ", "Trados", "OmegaT", "Okapi", "Phrase", "Weblate", "Poedit"} <= tools
    assert {scenario.fmt for scenario in SCENARIOS.values()} == {"po", "xliff", "xliff2"}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_returned_file(name: str, corpus: Corpus, tmp_path: Path) -> None:
    scenario = SCENARIOS[name]
    result = run(corpus, scenario, tmp_path / "project")
    assert outcome_of(result) == replace(scenario.expect, says=()), result.messages
    for words in scenario.expect.says:
        assert any(words in message for message in result.messages), (words, result.messages)
    assert not result.gettext
    if scenario.check is not None:
        scenario.check(tmp_path / "project")
