"""Segmentation on whole strings gives what the per-character rules give, unit for unit.

:mod:`relay.sources.units` keeps plain text as strings and cuts them only where a boundary
falls; ``support.units_reference`` is the same rules with an object per character. Generated
blocks (text, escapes, paired and unpaired codes, attribute blocks, every block flag) go
through both, with the real sentence splitter and with arbitrary cut offsets.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import units_reference

from relay.sources.blocks import Block, BlockBuilder, BlockSlot, Parsed
from relay.sources.sentences import sentence_starts
from relay.sources.units import segment

# Letters, digits, sentence marks, placeholder-shaped text, every kind of whitespace the
# rules tell apart (line breaks of each script, no-break spaces, a separator isspace knows).
_CHARS = 'aaB1é.!?。<>3 \t\n\r\xa0\u2028\u2029\x85\x0b\x1c"()—\ue000'
_PLAIN = st.text(alphabet=_CHARS, min_size=1, max_size=14)
_OPS = st.one_of(
    st.tuples(st.just("text"), _PLAIN),
    st.tuples(
        st.just("escape"),
        st.sampled_from(["&amp;", "&#10;", "&nbsp;", "\\<", "&shy;", "&#13;&#10;"]),
        st.text(alphabet=_CHARS, max_size=3),
    ),
    st.tuples(st.just("open"), st.sampled_from(["em", "a", ""])),
    st.tuples(st.just("close"), st.integers(0, 3)),
    st.tuples(st.just("empty"), st.sampled_from(["br", "comment", "stray", "img", "code"])),
    st.tuples(st.just("attribute")),
)


@st.composite
def _block(draw: st.DrawFn, index: int) -> Block:
    builder = BlockBuilder()
    opened: list[int] = []
    for op in draw(st.lists(_OPS, max_size=12)):
        if op[0] == "text":
            builder.text(op[1])
        elif op[0] == "escape":
            builder.text(op[1], op[2])
        elif op[0] == "open":
            opened.append(builder.open(f"<{op[1]}>", op[1]))
        elif op[0] == "close":
            # The innermost open element, one further out (crossing), or none (stray).
            key = opened.pop(-1 - op[1]) if op[1] < len(opened) else 99
            builder.close(key, "</x>")
        elif op[0] == "empty":
            builder.empty(f"<{op[1]}/>", op[1])
        elif index > 0:  # markup that holds the first block, as an attribute value
            builder.open(('<a title="', BlockSlot(0, "html-attribute"), '">'), "a")
    return Block(
        tuple(builder.pieces),
        draw(st.sampled_from(["paragraph", "heading"])),
        draw(st.integers(0, 3)),
        splittable=draw(st.booleans()),
        lines=draw(st.booleans()),
        spaces=draw(st.booleans()),
    )


@st.composite
def _parsed(draw: st.DrawFn) -> Parsed:
    count = draw(st.integers(1, 3))
    blocks = tuple(draw(_block(index)) for index in range(count))
    skeleton: list[str | BlockSlot] = ["<body>"]
    for index in range(count):
        skeleton += ["<p>", BlockSlot(index), "</p>\n"]
    return Parsed("test", tuple(skeleton), blocks)


def _offsets(offsets: list[int]) -> Callable[..., list[int]]:
    def split(text: str, lang: str, *, lines: bool = False) -> list[int]:
        return offsets

    return split


_SPLITTERS = st.one_of(
    st.just(sentence_starts),
    st.lists(st.integers(-2, 60), max_size=8).map(_offsets),
)


def _same_units(parsed: Parsed, lang: str, splitter: Callable[..., list[int]] | None) -> None:
    assert segment(parsed, lang=lang, splitter=splitter) == units_reference.segment(
        parsed, lang=lang, splitter=splitter
    )


_LANGS = st.sampled_from(["en", "ja", "fr"])


@settings(max_examples=120, deadline=None)
@given(parsed=_parsed(), lang=_LANGS, splitter=_SPLITTERS)
def test_units_from_strings_are_the_units_from_characters(
    parsed: Parsed, lang: str, splitter: Callable[..., list[int]]
) -> None:
    _same_units(parsed, lang, splitter)


@settings(max_examples=40, deadline=None)
@given(parsed=_parsed())
def test_units_without_a_splitter_are_the_same(parsed: Parsed) -> None:
    _same_units(parsed, "en", None)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(parsed=_parsed(), lang=_LANGS, splitter=st.one_of(st.none(), _SPLITTERS))
def test_units_are_the_same_on_many_blocks(
    parsed: Parsed, lang: str, splitter: Callable[..., list[int]] | None
) -> None:
    _same_units(parsed, lang, splitter)


def test_whitespace_is_the_same_to_strip_isspace_and_re() -> None:
    """The string fast paths trim with ``str.strip`` and split with ``\\s``; the rules say
    ``str.isspace``, character by character. They agree on every code point."""
    chars = "".join(map(chr, range(sys.maxunicode + 1)))
    spaces = {char for char in chars if char.isspace()}
    assert {char for char in chars if not char.strip()} == spaces
    assert set(re.findall(r"\s", chars)) == spaces
