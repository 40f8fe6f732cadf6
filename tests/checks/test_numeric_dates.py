"""Numeric dates: "04/05/2023" is 5 April in English and 4 May in French. A date at the end of
a sentence was not read as a date at all (its full stop), so a translation that copied it, for
a French reader another day, passed; and one that wrote the day out was told a number was
missing. Now a copied numeric date that the translation's reader reads as another day is a
date-value error, and ``relay check --source`` warns of one that could be read either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from relay.checks import REGISTRY, Context, Translation
from relay.checks.engine import check_project
from relay.checks.recognize import recognize
from relay.core.project import init_project, open_project


def run(check: str, source: str, target: str, lang: str, source_lang: str = "en") -> list[str]:
    item = Translation("r", lang, source_lang, "u1", source, target)
    return list(REGISTRY[check].run(item, Context()))


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("The meeting is on 04/05/2023.", "en", (2023, 4, 5)),
        ("La réunion a lieu le 04/05/2023.", "fr", (2023, 5, 4)),
        ("Встреча 04.05.2023.", "ru", (2023, 5, 4)),
        ("On 4/5/23, then more.", "en", (2023, 4, 5)),
    ],
)
def test_a_numeric_date_ending_a_sentence_is_a_date(text: str, lang: str, value: object) -> None:
    assert [(v.kind, v.value) for v in recognize(text, lang)] == [("date", value)]


def test_a_version_number_is_no_date() -> None:
    assert all(v.kind != "date" for v in recognize("Version 1.2.3.4 is out.", "en"))


@pytest.mark.parametrize(
    ("target", "lang", "reads"),
    [
        ("La réunion a lieu le 04/05/2023.", "fr", "reads as 4 mai 2023 in French: write 5 avril"),
        ("Встреча состоится 04/05/2023.", "ru", "reads as 4 мая 2023"),
    ],
)
def test_a_copied_date_read_as_another_day_is_an_error(target: str, lang: str, reads: str) -> None:
    messages = run("date-value", "The meeting is on 04/05/2023.", target, lang)
    assert any(reads in message for message in messages), messages


@pytest.mark.parametrize(
    "target",
    [
        "La réunion a lieu le 5 avril 2023.",
        "La réunion a lieu le 05/04/2023.",
    ],
)
def test_the_same_day_written_the_translations_way_passes(target: str) -> None:
    source = "The meeting is on 04/05/2023."
    assert run("date-value", source, target, "fr") == []
    assert run("number-value", source, target, "fr") == []


def test_a_copied_date_read_as_no_other_day_is_a_format_warning_only() -> None:
    source, target = "The meeting is on 04/25/2023.", "La réunion a lieu le 04/25/2023."
    assert run("date-value", source, target, "fr") == []
    assert run("date-format", source, target, "fr") == [
        "“04/25/2023” is written in English: write it as French does"
    ]


def test_a_date_that_reads_either_way_is_a_source_warning(tmp_path: Path) -> None:
    root = tmp_path / "p"
    init_project(root, source_lang="en", target_langs=["fr"])
    (root / "sources" / "2026-12-02-meet.txt").write_text(
        "Title: Meeting\nDate: 2026-12-02\n\nThe meeting is on 04/05/2027."
        " It ends on 04/04/2027. Version 1.2.3 is out.\n",
        "utf-8",
    )
    report = check_project(open_project(root), source=True)
    found = [f for f in report.findings if f.check == "source-ambiguous-date"]
    assert [f.message.split(";")[0] for f in found] == ["“04/05/2027” is read as April 5, 2027"]
    assert found[0].location == "sources/2026-12-02-meet.txt:4"


@pytest.mark.parametrize(
    ("target", "date_value", "number_value"),
    [
        ("La réunion se termine le 25 mai 2027.", [], []),
        ("La réunion se termine le 25/05/2027.", [], []),
        (
            "La réunion se termine le 26 mai 2027.",
            ["date “25/05/2027” became “26 mai 2027”: write 25 mai 2027"],
            [],
        ),
    ],
)
def test_a_source_date_written_day_first_is_the_day_it_can_only_be(
    target: str, date_value: list[str], number_value: list[str]
) -> None:
    # English writes the month first, but 25/05/2027 can only be 25 May: the source's author
    # wrote the day first (as the United Nations do). It was three numbers, and a translation
    # that wrote the day out was told one was missing.
    source = "The meeting ends on 25/05/2027."
    assert run("date-value", source, target, "fr") == date_value
    assert run("number-value", source, target, "fr") == number_value


def test_a_translation_is_read_its_own_way_only() -> None:
    # The other way round is an author's leniency: a French translation's 05/25/2027 is
    # written the English way, and says so.
    source, target = "The meeting ends on 25/05/2027.", "La réunion se termine le 05/25/2027."
    assert run("date-format", source, target, "fr") == [
        "“05/25/2027” is written in English: write it as French does"
    ]
