"""A unit of measure changed in translation is an error that holds the variant back."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.gating import check_and_publish

from relay.checks.findings import Context, Translation
from relay.checks.measures import unit_value

ACRES = "Il couvre 2,5 millions d’acres anglo-saxonnes."
POUNDS = "Выбросы сократились на 3 млн фунтов и 2 кг."


@pytest.mark.parametrize(
    ("source", "target", "lang", "found"),
    [
        ("The road is 120 kilometres long.", "La route mesure 120 miles.", "fr", "miles"),
        ("It covers 2.5 million hectares.", ACRES, "fr", "acres anglo-saxonnes"),
        ("At 50 km/h, the risk falls.", "À 50\u202fmi/h, le risque baisse.", "fr", "mi/h"),
        # Pounds are not compared (money, or a mass); a kilogram is a mass.
        ("Emissions fell by 3 million tonnes.", POUNDS, "ru", "кг"),
        ("The road is 120 kilometres long.", "La route mesure 120 kilomètres.", "fr", None),
        ("The road is 120 km long.", "Дорога длиной 120 км.", "ru", None),
        ("Pupils walk 5 km to school.", "Les élèves font 5\u202fkm à pied.", "fr", None),
        ("5 in 10 drivers speed.", "5 conducteurs sur 10 roulent trop vite.", "fr", None),
        ("The road is 120 kilometres long.", "Straße: 120 Meilen.", "xx", None),
        # The same number with another unit: an area become a length, a volume an area.
        ("It covers 40 km² of farmland.", "La zone couvre 40 km de terres.", "fr", "km"),
        ("It has 300 m² of offices.", "Il compte 300 m³ de bureaux.", "fr", "m³"),
        ("The lake holds 5 m³ per person.", "Le lac contient 5 m² par personne.", "fr", "m²"),
        ("It holds 300 cubic metres.", "Il contient 300 mètres carrés.", "fr", "mètres carrés"),
        ("The road is 40.5 km long.", "La route mesure 40,5 km².", "fr", "km²"),
        ("It covers 40 sq km.", "Он занимает 40 км.", "ru", "км"),
        # Written as press releases write them: "m2", "sq km", "кв. м".
        ("It covers 40 km2.", "Il couvre 40 km².", "fr", None),
        ("It covers 40 sq km.", "Il couvre 40 kilomètres carrés.", "fr", None),
        ("It covers 40 square kilometres.", "Он занимает 40 кв. км.", "ru", None),
        ("It has 300 m2 of offices.", "Он имеет 300 кв. метров офисов.", "ru", None),
        ("It has 300 m3 of water.", "Il a 300 m³ d’eau.", "fr", None),
        # A unit the target leaves unnamed ("m" is also "million"), or another number.
        ("It has 300 m² of offices.", "Il a 300 m de bureaux.", "fr", None),
        ("It is 40 km long and 5 km wide.", "Elle mesure 40 km sur 5 km.", "fr", None),
    ],
)
def test_units_are_compared_by_kind(source: str, target: str, lang: str, found: str | None) -> None:
    messages = list(unit_value(Translation("r", lang, "en", "u", source, target), Context()))
    if found is None:
        assert messages == []
    else:
        assert len(messages) == 1 and f"“{found}”" in messages[0]


def test_a_changed_unit_blocks_the_variant(empty_project: Path) -> None:
    road = "The road is 120 kilometres long."
    gated = check_and_publish(empty_project, "2026-12-01-road", "Roads", road, {
        "fr": {"Roads": "Routes", road: "La route mesure 120 miles."},
        "ru": {"Roads": "Дороги", road: "Дорога длиной 120 км."},
    })  # fmt: skip
    assert gated.code == 1 and "unit-value" in gated.output and "“miles”" in gated.output
    assert gated.published == {"ru"}
