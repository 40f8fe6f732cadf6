"""Blocks into units: trimming, sentence cuts, placeholder numbering, raw source kept."""

from __future__ import annotations

import pytest

from relay.sources.blocks import BlockBuilder, BlockSlot, Parsed
from relay.sources.formats import text as text_format
from relay.sources.sentences import sentence_starts
from relay.sources.units import segment


def split_after_periods(text: str, lang: str) -> list[int]:
    return [i + 1 for i, char in enumerate(text[:-1]) if char == " " and text[i - 1] == "."]


def one_block(builder: BlockBuilder) -> Parsed:
    return Parsed("test", ("<p>", BlockSlot(0), "</p>"), (builder.build("paragraph", 3),))


def test_whitespace_is_folded_in_text_and_kept_in_raw() -> None:
    builder = BlockBuilder()
    builder.text("  Hello\n   world.  ")
    document = segment(one_block(builder), lang="en", splitter=None)
    [unit] = document.units
    assert unit.text == "Hello world."
    assert unit.raw == ("Hello\n   world.",)
    assert document.skeleton[0] == "<p>  "


def test_no_break_spaces_are_kept_inside_a_unit() -> None:
    builder = BlockBuilder()
    builder.text("1\u00a0000 people\u202f!")
    [unit] = segment(one_block(builder), lang="fr", splitter=None).units
    assert unit.text == "1\u00a0000 people\u202f!"


def test_sentences_get_their_own_placeholder_numbers() -> None:
    builder = BlockBuilder()
    builder.text("One ")
    key = builder.open("<a>", "a")
    builder.text("link")
    builder.close(key, "</a>")
    builder.text(". Two ")
    builder.empty("<br>", "br")
    builder.text(" here.")
    document = segment(one_block(builder), lang="en", splitter=split_after_periods)
    assert [unit.text for unit in document.units] == ["One <1>link</1>.", "Two <1/> here."]
    assert [unit.sentence for unit in document.units] == [1, 2]


def test_text_that_looks_like_a_placeholder_is_protected() -> None:
    builder = BlockBuilder()
    builder.text("Press <1> to start.")
    [unit] = segment(one_block(builder), lang="en", splitter=None).units
    assert unit.text == "Press <1/> to start."
    assert unit.codes[0].opening == ("<1>",)


def test_a_block_without_text_stays_in_the_skeleton() -> None:
    builder = BlockBuilder()
    builder.empty('<img src="x.png">', "img")
    document = segment(one_block(builder), lang="en", splitter=None)
    assert document.units == ()
    assert document.skeleton == ('<p><img src="x.png"></p>',)


@pytest.mark.parametrize(
    ("lang", "text", "units"),
    [
        (
            "ja",
            "これはペンです。それはマーカーです。",
            ["これはペンです。", "それはマーカーです。"],
        ),
        ("zh", "我们很高兴。你呢？", ["我们很高兴。", "你呢？"]),
        ("en", "A sentence. Another one.", ["A sentence.", "Another one."]),
    ],
)
def test_a_script_without_spaces_after_its_full_stop_is_cut_there(
    lang: str, text: str, units: list[str]
) -> None:
    """A unit boundary needs no whitespace after a CJK full stop (it never cuts a word)."""
    document = segment(
        text_format.read(f"Title: T\nDate: 2020-01-01\n\n{text}\n", path="x.txt"),
        lang=lang,
        splitter=sentence_starts,
    )
    assert [unit.text for unit in document.units][1:] == units
