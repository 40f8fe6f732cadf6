"""CLDR facts kept by one run and recalled by the next are Babel's, and spare Babel's import.

relay.core.cldr remembers every fact it reads from Babel (a pure function of the tag), and a
run keeps them in ``.relay-cache/cldr-facts.json``: the fast path (a fact recalled, a long
date written from the locale's form) is tested here against the slow one (Babel itself).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.localedata import locale_identifiers

from relay.core import cldr

TAGS = ["en", "fr", "ru", "ar", "zh-Hant", "pt-BR", "ja", "hy", "de-CH", "sr-Latn", "qps"]
UNITS = ["concentr-percent", "concentr-permille", "duration-hour"]
DATES = [
    dt.date(1, 1, 1),
    dt.date(5, 3, 9),
    dt.date(999, 12, 31),
    dt.date(2016, 1, 25),
    dt.date(2024, 9, 30),
    dt.date(9999, 12, 31),
]


def _facts_of(tag: str) -> dict[str, object]:
    """Every fact the pipeline asks of a tag, by the function that gives it."""
    facts: dict[str, object] = {
        "is_known": cldr.is_known(tag),
        "plural_forms": cldr.plural_forms(tag),
        "is_rtl": cldr.is_rtl(tag),
        "language_name": cldr.language_name(tag),
        "number_symbols": cldr.number_symbols(tag),
        "month_names": cldr.month_names(tag),
        "stand_alone_months": cldr.stand_alone_months(tag),
        "scale_words": cldr.scale_words(tag),
        "currency_words": cldr.currency_words(tag),
        "date_order": cldr.date_order(tag),
        "implied_subtags": cldr.implied_subtags(tag),
        "long_dates": [cldr.long_date(date, tag) for date in DATES],
    }
    for unit in UNITS:
        facts[f"unit_words {unit}"] = cldr.unit_words(tag, unit)
    return facts


@pytest.fixture
def fresh_facts() -> Iterator[None]:
    """Facts read from Babel in this test only; those known before come back after it."""
    known = dict(cldr._facts)
    cldr.forget_facts()
    yield
    cldr.forget_facts()
    cldr._facts.update(known)


@pytest.mark.usefixtures("fresh_facts")
def test_recalled_facts_are_the_facts_babel_gives(tmp_path: Path) -> None:
    from_babel = {tag: _facts_of(tag) for tag in TAGS}
    kept = cldr.facts_learned()
    assert kept is not None
    (tmp_path / cldr.FACTS_FILE).write_text(kept, "utf-8")
    assert cldr.facts_learned() is None  # given once: nothing new since

    cldr.forget_facts()
    cldr.recall(tmp_path / cldr.FACTS_FILE)
    assert len(cldr._facts) == len(json.loads(kept)["facts"])
    recalled = {tag: _facts_of(tag) for tag in TAGS}
    assert recalled == from_babel
    for tag in TAGS:  # the same types too: a tuple stays a tuple, a set a frozenset
        for name, value in recalled[tag].items():
            assert type(value) is type(from_babel[tag][name]), (tag, name)
    assert cldr.facts_learned() is None  # every fact was recalled: nothing to keep again


@pytest.mark.usefixtures("fresh_facts")
def test_the_same_facts_are_kept_as_the_same_bytes() -> None:
    for tag in TAGS:
        _facts_of(tag)
    first = cldr.facts_learned()
    cldr.forget_facts()
    for tag in reversed(TAGS):  # found in another order
        _facts_of(tag)
    assert cldr.facts_learned() == first


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut short
        lambda text: text.replace('"key":"1;', '"key":"0;'),  # another module or Babel
        lambda text: text.replace('{"t":[', '{"t":7,"u":['),  # a fact made wrong
        lambda text: "[]",
        lambda text: "\x00\xff",
    ],
)
@pytest.mark.usefixtures("fresh_facts")
def test_a_damaged_or_foreign_facts_file_is_not_believed(tmp_path: Path, damage: object) -> None:
    assert callable(damage)
    from_babel = _facts_of("fr")
    kept = cldr.facts_learned()
    assert kept is not None
    broken = damage(kept)
    assert broken != kept
    (tmp_path / cldr.FACTS_FILE).write_text(broken, "utf-8")
    cldr.forget_facts()
    cldr.recall(tmp_path / cldr.FACTS_FILE)
    assert not cldr._facts  # nothing taken from it
    assert _facts_of("fr") == from_babel


@pytest.mark.usefixtures("fresh_facts")
def test_a_fact_from_the_file_wins_only_while_babel_and_this_module_are_the_same(
    tmp_path: Path,
) -> None:
    """The file is keyed by the files the facts come from: a false fact in a file with the
    right key is believed (it is relay's own cache), one with another key is not."""
    cldr.language_name("fr")
    kept = cldr.facts_learned()
    assert kept is not None
    faked = kept.replace('"French"', '"Not French"')
    (tmp_path / cldr.FACTS_FILE).write_text(faked, "utf-8")
    cldr.forget_facts()
    cldr.recall(tmp_path / cldr.FACTS_FILE)
    assert cldr.language_name("fr") == "Not French"

    cldr.forget_facts()
    data = json.loads(faked)
    data["key"] = data["key"].replace("cldr.py:", "cldr.py:1")
    (tmp_path / cldr.FACTS_FILE).write_text(json.dumps(data), "utf-8")
    cldr.recall(tmp_path / cldr.FACTS_FILE)
    assert cldr.language_name("fr") == "French"


def test_facts_recalled_spare_babels_import(tmp_path: Path) -> None:
    """A process that finds every fact it asks in the file never imports Babel."""
    script = f"""
import datetime, sys
from pathlib import Path
from relay.core import cldr
tags = {TAGS!r}
def ask():
    return [(cldr.is_known(t), cldr.plural_forms(t), cldr.language_name(t), cldr.is_rtl(t),
             cldr.number_symbols(t), cldr.long_date(datetime.date(2016, 1, 25), t))
            for t in tags]
path = Path({str(tmp_path / cldr.FACTS_FILE)!r})
if sys.argv[1] == "learn":
    ask()
    path.write_text(cldr.facts_learned(), "utf-8")
else:
    cldr.recall(path)
    ask()
    print(sorted(name for name in sys.modules if name.split(".")[0] == "babel"))
"""
    run = [sys.executable, "-c", script]
    subprocess.run([*run, "learn"], check=True)
    shown = subprocess.run([*run, "recall"], check=True, capture_output=True, text=True)
    assert shown.stdout.strip() == "[]"


def test_long_dates_written_from_the_form_are_babels_in_every_locale() -> None:
    """The fast path (day, month and year from the locale's long form) against the slow one
    (Babel's format_date), in all of Babel's locales; the few with another field (an era)
    are written by Babel itself."""
    asked_babel = 0
    for identifier in locale_identifiers():
        tag = identifier.replace("_", "-")
        if cldr._long_date_form(tag) is None:
            asked_babel += 1
        for date in DATES:
            assert cldr.long_date(date, tag) == format_date(date, "long", locale=identifier), (
                tag,
                date,
            )
    assert asked_babel < 20


def test_a_run_keeps_the_facts_and_a_second_run_changes_no_byte(
    sample_project: Path,
) -> None:
    """From the CLI, each command in a process of its own, as a coordinator runs them."""

    def relay(command: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "relay", "-C", str(sample_project), "-q", command], check=True
        )

    facts = sample_project / ".relay-cache" / cldr.FACTS_FILE
    for command in ("extract", "check", "publish"):
        relay(command)
    kept = facts.read_bytes()
    stamp = facts.stat().st_mtime_ns
    data = json.loads(kept)
    assert data["facts"]["language_name\x1ffr"] == "French"
    for command in ("extract", "check", "publish", "status"):
        relay(command)
    assert facts.read_bytes() == kept
    assert facts.stat().st_mtime_ns == stamp


@pytest.mark.usefixtures("fresh_facts")
def test_a_projects_languages_are_learned_whole_in_the_main_process() -> None:
    """What a run's workers find is lost with them: the facts of the project's languages are
    found ahead, once, where the run keeps them."""
    cldr.learn(["en", "fr", "ru", "xx-unknown", "qps"])
    for tag in ("en", "fr", "ru", "qps"):
        for name in ("is_rtl", "plural_forms", "number_symbols", "month_names", "_long_date_form"):
            assert f"{name}\x1f{tag}" in cldr._facts
        for unit in cldr.UNITS:
            assert f"unit_words\x1f{tag}\x1f{unit}" in cldr._facts
    assert cldr._facts["is_known\x1fxx-unknown"] is False
    known = len(cldr._facts)
    cldr.facts_learned()
    cldr.learn(["en", "fr", "ru"])  # known already: nothing asked of Babel
    assert len(cldr._facts) == known and cldr.facts_learned() is None


def test_the_first_run_keeps_every_fact_its_languages_need(sample_project: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "relay", "-C", str(sample_project), "-q", "extract"], check=True
    )
    facts = json.loads((sample_project / ".relay-cache" / cldr.FACTS_FILE).read_text("utf-8"))
    for tag in ("en", "fr", "ru"):
        assert f"is_rtl\x1f{tag}" in facts["facts"]
        assert f"unit_words\x1f{tag}\x1fconcentr-permille" in facts["facts"]
