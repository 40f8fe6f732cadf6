"""A range written as a range the other way round ("from 10 to 20" → "de 20 à 10") is a
number-value (or date-value) error: every value is there, so nothing else said so, and a rise
became a fall. Said another way ("passé à 20, contre 10"), or a range without a direction
("between 10 and 20"), it is not."""

from __future__ import annotations

import pytest

from relay.checks import REGISTRY, Context, Translation


def run(check: str, source: str, target: str, lang: str) -> list[str]:
    item = Translation("r", lang, "en", "u1", source, target)
    return list(REGISTRY[check].run(item, Context()))


@pytest.mark.parametrize(
    ("source", "target", "lang", "became"),
    [
        ("Deaths rose from 10 to 20 per cent.", "Les décès sont passés de 20 à 10 %.", "fr",
         "“10 to 20” became “20 à 10”"),
        ("It covers 2015–2020.", "Il couvre 2020–2015.", "fr", "“2015–2020” became “2020–2015”"),
        ("Fines rose from 1,000 to 5,000 euros.", "Штрафы выросли с 5 000 до 1 000 евро.", "ru",
         "“1,000 to 5,000” became “5 000 до 1 000”"),
        ("Pages 10-20 of the report.", "Pages 20-10 du rapport.", "fr",
         "“10-20” became “20-10”"),
        ("From 3 million to 7 million people.", "De 7 millions à 3 millions de personnes.", "fr",
         "“3 million to 7” became “7 millions à 3”"),
    ],
)  # fmt: skip
def test_a_range_turned_round_is_a_number_value_error(
    source: str, target: str, lang: str, became: str
) -> None:
    messages = run("number-value", source, target, lang)
    assert any(f"range {became}" in message for message in messages), messages


def test_a_date_range_turned_round_is_a_date_value_error() -> None:
    source = "From 1 January to 31 March 2024, roads were closed."
    target = "С 31 марта по 1 января 2024 года дороги были закрыты."
    messages = run("date-value", source, target, "ru")
    assert any("range “1 January to 31 March 2024” became" in m for m in messages), messages


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Deaths rose from 10 to 20.", "Les décès sont passés de 10 à 20.", "fr"),
        # Said another way: the ends in another order, and right.
        ("Deaths rose from 10 to 20.", "Les décès sont passés à 20, contre 10 en 2015.", "fr"),
        ("Deaths rose from 10 to 20.", "Les décès, 10 l’an dernier, sont 20 cette année.", "fr"),
        # A range with no direction.
        ("Between 10 and 20 roads.", "Entre 20 et 10 routes.", "fr"),
        ("It rose from 10 to 20.", "Он вырос с 10 до 20.", "ru"),
        ("It covers 2015–2020.", "Il couvre la période 2015-2020.", "fr"),
        # Not a range: two values side by side in the source.
        ("In 2015, 20 people died.", "20 personnes sont mortes en 2015.", "fr"),
        ("Ages 10 to 10.", "Âges 10 à 10.", "fr"),
    ],
)  # fmt: skip
def test_a_range_kept_or_said_another_way_is_no_error(source: str, target: str, lang: str) -> None:
    assert not [m for m in run("number-value", source, target, lang) if m.startswith("range")]
