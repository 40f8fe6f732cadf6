"""A translation without a word: whitespace, or punctuation alone ("…", "-") for a sentence."""

from __future__ import annotations

import pytest

from relay.checks import REGISTRY, Context, Translation


def run(source: str, target: str) -> list[str]:
    item = Translation("r", "fr", "en", "u1", source, target)
    return list(REGISTRY["blank"].run(item, Context()))


@pytest.mark.parametrize("target", ["…", ".", "-", "—", " … ", "« ».", "<1/>"])
def test_punctuation_alone_for_a_source_with_words_is_blank(target: str) -> None:
    [message] = run("The first assessments will cover roads in Albania. <1/>", target)
    assert message.startswith("the translation is only “")
    assert REGISTRY["blank"].severity == "error"


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("—", "—"),  # a source without a letter may be translated by the same marks
        ("2016", "2016"),
        ("...", "…"),
        ("<1/>", "<1/>"),
        ("Background", "Contexte"),
        ("Background", "2016"),  # a digit: number-value's to judge, not blank's
        ("Background", "背景"),  # a letter of any script
        ("Background", ""),  # not translated: the untranslated check's
    ],
)
def test_a_translation_with_a_letter_or_digit_or_a_source_without_one_is_not_blank(
    source: str, target: str
) -> None:
    assert run(source, target) == []
