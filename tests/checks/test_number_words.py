"""Numbers written in words beyond twenty ("a hundred", "a dozen", "two million"): compared by
value, in words or in digits, as the small ones are."""

from __future__ import annotations

import pytest

from relay.checks import REGISTRY, Context, Translation
from relay.checks.number_words import in_words

# Two million as the message writes it: grouped as each language groups digits.
FR_MILLIONS, RU_MILLIONS = "2\u202f000\u202f000", "2\u00a0000\u00a0000"


def run(source: str, target: str, lang: str) -> list[str]:
    item = Translation("r", lang, "en", "u1", source, target)
    return list(REGISTRY["number-value"].run(item, Context()))


@pytest.mark.parametrize(
    ("source", "target", "lang", "expected"),
    [
        ("A hundred people came.", "Mille personnes sont venues.", "fr",
         ["number “A hundred” became “Mille”: write the source's number (100)"]),
        ("two million people", "deux mille personnes", "fr",
         [f"number “two million” became “deux mille”: write the source's number ({FR_MILLIONS})"]),
        ("two million people", "два миллиарда человек", "ru",
         [f"number “two million” became “два миллиарда”: write the source's number"
          f" ({RU_MILLIONS})"]),
        ("a thousand delegates", "сто делегатов", "ru",
         ["number “a thousand” became “сто”: write the source's number (1\u00a0000)"]),
        ("a dozen countries", "treize pays", "fr",
         ["number “a dozen” became “treize”: write the source's number (12)"]),
        ("two hundred jobs", "trois cents emplois", "fr",
         ["number “two hundred” became “trois cents”: write the source's number (200)"]),
        ("hundreds of people", "des milliers de personnes", "fr",
         ["number “hundreds” became “milliers”: write the source's number (100)"]),
        # In digits: a value the source does not state.
        ("a hundred people", "1000 personnes", "fr",
         ["number “1000” is not in the source: remove it, or check the source"]),
    ],
)  # fmt: skip
def test_a_number_in_words_beyond_twenty_that_changed_is_a_number_value_error(
    source: str, target: str, lang: str, expected: list[str]
) -> None:
    assert run(source, target, lang) == expected


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        # The same number, in words or in digits (the digits were "not in the source").
        ("a hundred people", "cent personnes", "fr"),
        ("a hundred people", "100 personnes", "fr"),
        ("two hundred", "200", "fr"),
        ("two million people", "2 millions de personnes", "fr"),
        ("two million people", "deux millions de personnes", "fr"),
        ("two million people", "два миллиона человек", "ru"),
        ("one hundred and fifty", "cent cinquante", "fr"),
        ("two hundred and fifty thousand", "двести пятьдесят тысяч", "ru"),
        ("a dozen countries", "une douzaine de pays", "fr"),
        ("a dozen countries", "douze pays", "fr"),
        ("a dozen countries", "дюжина стран", "ru"),
        ("thousands of people", "des milliers de personnes", "fr"),
        ("hundreds of thousands of people", "des centaines de milliers de personnes", "fr"),
        ("hundreds of thousands of people", "сотни тысяч человек", "ru"),
        ("twenty-five thousand", "vingt-cinq mille", "fr"),
        # Scale words after digits are the digits' (compared as values), "pour cent" per cent.
        ("3.5 million people", "3,5 millions de personnes", "fr"),
        ("a cut of 50 per cent", "une réduction de 50 pour cent", "fr"),
        ("a cut of fifty per cent", "une réduction de cinquante pour cent", "fr"),
        ("five targets, 50 per cent", "les objectifs, 50 per cent", "fr"),
        # A number left in the source's language is the source's: none is in its place.
        ("five years", "five ans, trois fois", "fr"),
        # About a number: rendered by one another, not read.
        ("dozens of countries", "des dizaines de pays", "fr"),
        ("a dozen countries", "une dizaine de pays", "fr"),
        ("tens of thousands", "десятки тысяч", "ru"),
        # Left out, with no number in its place: said another way.
        ("a hundred years", "un siècle", "fr"),
        ("A thousand years", "Тысячелетие", "ru"),
    ],
)
def test_the_same_number_or_none_is_not_reported(source: str, target: str, lang: str) -> None:
    assert run(source, target, lang) == []


def test_a_run_of_number_words_is_one_number() -> None:
    assert in_words("two hundred and fifty thousand people", "en") == {
        250000: ("two hundred and fifty thousand",)
    }
    assert in_words("двести пятьдесят тысяч", "ru") == {250000: ("двести пятьдесят тысяч",)}
    assert in_words("ten days, twenty-five", "en") == {10: ("ten",), 20: ("twenty",), 5: ("five",)}
