"""A number left written the source's way that the translation's reader reads as another
number is a false value: "1,500 applications" is one and a half in French."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.gating import check_and_publish

from relay.checks.findings import Context, Translation
from relay.checks.values import number_format, number_value


def both(source: str, target: str, lang: str) -> tuple[list[str], list[str]]:
    item = Translation("r", lang, "en", "u", source, target)
    return list(number_value(item, Context())), list(number_format(item, Context()))


@pytest.mark.parametrize(
    ("source", "target", "lang", "write"),
    [
        ("The fund received 1,500 applications.", "Le fonds a reçu 1,500 candidatures.", "fr",
         "1\u202f500"),
        ("The fund paid 2,750 grants.", "Фонд выплатил 2,750 гранта.", "ru", "2\u00a0750"),
        ("Some 85,000 people died.", "Quelque 85,000 personnes sont mortes.", "fr",
         "85\u202f000"),
    ],
)  # fmt: skip
def test_a_number_read_as_another_is_an_error(
    source: str, target: str, lang: str, write: str
) -> None:
    errors, warnings = both(source, target, lang)
    assert len(errors) == 1 and "reads as another number" in errors[0], errors
    assert errors[0].endswith(f"write {write}")
    assert warnings == []  # reported once, as the error


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        # Written the English way, but no French reader reads it as another number: a warning.
        ("It cost 1,000.5 euros.", "Il a coûté 1,000.5 euros.", "fr"),
        ("Growth was 2.4 per cent.", "La croissance a été de 2.4 %.", "fr"),
    ],
)
def test_a_number_only_written_the_source_way_stays_a_warning(
    source: str, target: str, lang: str
) -> None:
    errors, warnings = both(source, target, lang)
    assert errors == [] and len(warnings) == 1


def test_a_misread_number_blocks_the_variant(empty_project: Path) -> None:
    received = "The fund received 1,500 applications."
    gated = check_and_publish(empty_project, "2026-12-01-fund", "Fund", received, {
        "fr": {"Fund": "Fonds", received: "Le fonds a reçu 1,500 candidatures."},
        "ru": {"Fund": "Фонд", received: "Фонд получил 1\u00a0500 заявок."},
    })  # fmt: skip
    assert gated.code == 1 and "number-value" in gated.output
    assert gated.published == {"ru"}
