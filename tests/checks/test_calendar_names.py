"""Weekday and month names without a full date ("on Friday", "every March"): compared by name."""

from __future__ import annotations

import pytest

from relay.checks import REGISTRY, Context, Translation
from relay.checks.calendar_names import changed


def run(source: str, target: str, lang: str) -> list[str]:
    item = Translation("r", lang, "en", "u1", source, target)
    return list(REGISTRY["date-value"].run(item, Context()))


@pytest.mark.parametrize(
    ("source", "target", "lang", "expected"),
    [
        (
            "The report will be presented on Friday in Geneva.",
            "Le rapport sera présenté jeudi à Genève.",
            "fr",
            ["weekday “Friday” became “jeudi”: write vendredi"],
        ),
        (
            "The meeting takes place every March.",
            "La réunion a lieu chaque année en avril.",
            "fr",
            ["month “March” became “avril”: write mars"],
        ),
        (
            "The report will be presented on Friday in Geneva.",
            "Доклад будет представлен в четверг в Женеве.",
            "ru",
            ["weekday “Friday” became “четверг”: write пятница, in the case the sentence needs"],
        ),
        # Russian months in the genitive, nominative and prepositional.
        (
            "The meeting takes place every March.",
            "Совещание проходит ежегодно в апреле.",
            "ru",
            ["month “March” became “апреле”: write март, in the case the sentence needs"],
        ),
        (
            "Prices have risen since January.",
            "Цены растут с февраля.",
            "ru",
            ["month “January” became “февраля”: write январь, in the case the sentence needs"],
        ),
        (
            "It was a cold January.",
            "Это был холодный февраль.",
            "ru",
            ["month “January” became “февраль”: write январь, in the case the sentence needs"],
        ),
        # A weekday beside a full date: the date is date-value's, the weekday is compared too.
        (
            "on Friday, 19 April 2013",
            "le jeudi 19 avril 2013",
            "fr",
            ["weekday “Friday” became “jeudi”: write vendredi"],
        ),
        (
            "from Monday to Friday",
            "du lundi au jeudi",
            "fr",
            ["weekday “Friday” became “jeudi”: write vendredi"],
        ),
    ],
)
def test_a_changed_weekday_or_month_is_a_date_value_error(
    source: str, target: str, lang: str, expected: list[str]
) -> None:
    assert run(source, target, lang) == expected


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("on Friday", "vendredi", "fr"),
        ("on Friday", "Vendredi, le rapport", "fr"),
        ("every March", "chaque année en mars", "fr"),
        # Russian in every case: genitive, nominative, prepositional, accusative, dative plural.
        ("since March", "с марта", "ru"),
        ("every March", "каждый март", "ru"),
        ("in March", "в марте", "ru"),
        ("in May", "в мае", "ru"),
        ("on Friday", "в пятницу", "ru"),
        ("on Sunday", "в воскресенье", "ru"),
        ("every Monday", "по понедельникам", "ru"),
        ("on Wednesday", "в среду", "ru"),
        # "среда" is also the environment: not a weekday in place of Friday.
        ("on Friday", "в пятницу, с учётом воздействия на окружающую среду", "ru"),
        ("The Friday meeting", "Совещание по вопросам окружающей среды", "ru"),
        # Said another way, with no other name in its place: not reported.
        ("on Friday", "le même jour", "fr"),
        ("every March", "chaque printemps", "fr"),
        # A name left in the source's language is the same name (date-format's, if anything).
        ("on Friday", "le Friday", "fr"),
        # Months of full dates are date-value's own comparison, reported once (by the date).
        ("in March 2016", "en mars 2016", "fr"),
        # Not names: the verb "may", "sept" (seven), "mer" (the sea).
        ("It may rise by seven per cent.", "Il pourrait augmenter de sept pour cent.", "fr"),
        ("by the sea", "au bord de la mer", "fr"),
        # A name the translation adds is not a change.
        ("this week", "cette semaine, vendredi", "fr"),
    ],
)
def test_the_same_name_or_none_is_not_reported(source: str, target: str, lang: str) -> None:
    assert changed(source, target, lang, "en") == ()


def test_a_changed_month_in_a_full_date_is_reported_once() -> None:
    [message] = run("on 19 April 2013", "le 19 mai 2013", "fr")
    assert message.startswith("date “19 April 2013” became “19 mai 2013”")
