"""Fractions ("½", "one third", "by half") changed in translation are number-value errors; a
fraction said another way, or left out with none in its place, is not."""

from __future__ import annotations

import pytest

from relay.checks import REGISTRY, Context, Translation
from relay.checks.fraction_words import fractions_in


def run(source: str, target: str, lang: str, source_lang: str = "en") -> list[str]:
    item = Translation("r", lang, source_lang, "u1", source, target)
    return list(REGISTRY["number-value"].run(item, Context()))


@pytest.mark.parametrize(
    ("source", "target", "lang", "became"),
    [
        ("About ½ of the roads.", "Environ ¼ des routes.", "fr", "“½” became “¼”"),
        ("One third of the bridges.", "Un quart des ponts.", "fr", "“One third” became “Un quart”"),
        ("Emissions fell by half.", "Les émissions ont baissé d’un tiers.", "fr",
         "“half” became “d’un tiers”"),
        ("It took 2½ years.", "Cela a pris 2¼ ans.", "fr", "“2½” became “2¼”"),
        ("Emissions were halved.", "Выбросы сократились на треть.", "ru",
         "“halved” became “треть”"),
        ("Two thirds of voters.", "Три четверти избирателей.", "ru",
         "“Two thirds” became “Три четверти”"),
        ("A quarter of the budget.", "La moitié du budget.", "fr",
         "“A quarter” became “moitié”"),
    ],
)  # fmt: skip
def test_a_changed_fraction_is_reported(source: str, target: str, lang: str, became: str) -> None:
    assert any(f"fraction {became}" in message for message in run(source, target, lang))


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("About ½ of the roads.", "Environ la moitié des routes.", "fr"),
        ("About ½ of the roads.", "Environ 0,5 des routes.", "fr"),
        ("About ½ of the roads.", "About ½ of the roads.", "fr"),
        ("Two thirds of voters.", "Две трети избирателей.", "ru"),
        ("Emissions were halved.", "Les émissions ont été réduites de moitié.", "fr"),
        ("Emissions fell by half.", "Выбросы сократились наполовину.", "ru"),
        ("An hour and a half.", "Une heure et demie.", "fr"),
        ("A third of roads and half of bridges.", "33 % des routes et la moitié des ponts.",
         "fr"),
        ("50 per cent of roads.", "La moitié des routes.", "fr"),
        # Left out, said another way: nothing in its place.
        ("One third of the bridges.", "La plupart des ponts.", "fr"),
        # Ordinals and periods are no fractions.
        ("A third reading in the first quarter.", "Une troisième lecture au premier trimestre.",
         "fr"),
        ("In the second half of 2025, a third of roads.", "Au second semestre 2025, un tiers des"
         " routes.", "fr"),
        ("Un pays tiers, un quart de finale.", "A third country, a quarter-final.", "en"),
        ("In the second half of 2025, a third of roads.", "Во второй половине 2025 года треть"
         " дорог.", "ru"),
        ("In the second half of 2025, a third of roads.", "Dans la seconde moitié de 2025, un"
         " tiers des routes.", "fr"),
        # Approximate words are not read (relay.checks.number_words): "une vingtaine" is about
        # twenty.
        ("The treaty was signed by a dozen countries.", "Une vingtaine de pays l’ont signé.",
         "fr"),
    ],
)  # fmt: skip
def test_a_fraction_said_the_same_or_left_out_passes(source: str, target: str, lang: str) -> None:
    source_lang = "fr" if source.startswith("Un ") else "en"
    assert run(source, target, lang, source_lang) == []


def test_fractions_are_read_by_value() -> None:
    assert [str(value) for value, _ in fractions_in("⅔, 1¾ and three quarters of", "en")] == [
        "2/3",
        "7/4",
        "3/4",
    ]
    assert [str(value) for value, _ in fractions_in("deux tiers et la moitié", "fr")] == [
        "2/3",
        "1/2",
    ]
