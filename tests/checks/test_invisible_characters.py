"""Characters no reader sees are an error in a translation: a translator cannot hide a message
in a published page ("CEO resigns Friday" written in variation selectors), nor a blank that is
no space in a word."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.gating import check_and_publish

from relay.checks.findings import Context, Translation
from relay.checks.units import invalid_chars

SOURCE = "Ministers met in Geneva."


def hidden(message: str) -> str:
    """A message in variation selectors, one per half byte (as steganography tools write it)."""
    return "".join(
        chr(0xFE00 + (byte >> 4)) + chr(0xFE00 + (byte & 15)) for byte in message.encode()
    )


def findings(target: str, lang: str = "fr", source: str = SOURCE) -> list[str]:
    return list(invalid_chars(Translation("r", lang, "en", "u", source, target), Context()))


@pytest.mark.parametrize(
    "target",
    [
        f"Les ministres{hidden('CEO resigns Friday')} se sont réunis à Genève.",
        "Les ministres se sont réunis à Genève.\U000e0101\U000e0102",
        "Les minis\u3164tres se sont réunis à Genève.",  # a Hangul filler inside a word
        "Les ministres\u2800se sont réunis à Genève.",  # braille blank
        "Les ministres se sont\u2062 réunis à Genève.",  # invisible times
        "Les ministres se sont réunis\u180e à Genève.",
        "Les mini\u034fstres se sont réunis à Genève.",
        "Les ministres se sont réunis à Gen\ue000ève.",  # private use
        "Les ministres se sont réunis à Genève\ufdd0.",  # noncharacter
        "Les minis\u00adtres se sont réunis à Genève.",  # soft hyphen
        "Les ministres\u3000se sont réunis à Genève.",  # ideographic space
        "Les ministres se sont réunis à \u061cGenève.",  # Arabic letter mark (a direction)
    ],
)
def test_invisible_characters_are_errors(target: str) -> None:
    found = findings(target)
    assert len(found) == 1, found
    assert "no reader sees" in found[0] or "bidirectional" in found[0]


@pytest.mark.parametrize(
    ("target", "lang"),
    [
        ("Les ministres se sont réunis à Genève ❤\ufe0f.", "fr"),  # an emoji's form
        ("部長らはジュネーブで会合した\u3000。", "ja"),  # a Japanese space
        ("閣僚は葛\U000e0100飾で会合した。", "ja"),  # an ideograph's variant
        ("Les ministres se sont réunis à Genève.", "fr"),
    ],
)
def test_what_a_script_or_an_emoji_needs_is_not_reported(target: str, lang: str) -> None:
    assert findings(target, lang) == []


def test_a_character_the_source_has_too_is_not_reported() -> None:
    source = "Minis\u00adters met in Geneva."
    assert findings("Les minis\u00adtres se sont réunis à Genève.", source=source) == []


def test_a_hidden_message_blocks_the_variant(empty_project: Path) -> None:
    french = f"Les ministres{hidden('CEO resigns')} se sont réunis."
    gated = check_and_publish(empty_project, "2026-12-01-meet", "Meeting", SOURCE, {
        "fr": {"Meeting": "Réunion", SOURCE: french},
        "ru": {"Meeting": "Встреча", SOURCE: "Министры встретились в Женеве."},
    })  # fmt: skip
    assert gated.code == 1 and "invalid-chars" in gated.output
    assert gated.published == {"ru"}
