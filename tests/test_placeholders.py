from hypothesis import given
from hypothesis import strategies as st

from relay.core.model import Code
from relay.core.placeholders import problems, strip, tokenize

LINK = Code(1, "pair", ("<a>",), ("</a>",), "a")
EM = Code(2, "pair", ("<em>",), ("</em>",), "em")
BREAK = Code(3, "empty", ("<br>",), (), "br")
CODES = (LINK, EM, BREAK)


def test_reordered_placeholders_are_fine() -> None:
    assert problems("<2>b</2> <3/> <1>a</1>", CODES) == []


def test_nested_placeholders_are_fine() -> None:
    assert problems("<1><2>a</2></1><3/>", CODES) == []


def test_missing_placeholder() -> None:
    assert problems("<1>a</1> <3/>", CODES) == ["placeholder <2>…</2> is missing"]


def test_duplicated_placeholder() -> None:
    found = problems("<1>a</1> <2>b</2> <3/><3/>", CODES)
    assert found == ["placeholder <3/> appears 2 times"]


def test_badly_nested_placeholders() -> None:
    found = problems("<1><2>a</1></2><3/>", CODES)
    assert "placeholder </1> closes across <2>" in found


def test_invented_placeholder_and_wrong_kind() -> None:
    found = problems("<1>a</1> <2>b</2> <3/> <4/> <1/>", CODES)
    assert "placeholder <4/> is not in the source" in found
    assert "placeholder <1/> is not in the source" in found


def test_unclosed_pair() -> None:
    assert "placeholder </1> is missing" in problems("<1>a <2>b</2><3/>", CODES)


def test_markup_typed_by_hand_is_text() -> None:
    tokens = tokenize("<script>alert(1)</script> <b>x</b>")
    assert all(isinstance(token, str) for token in tokens)


@given(st.text())
def test_tokenize_keeps_every_character(text: str) -> None:
    assert "".join(str(token) for token in tokenize(text)) == text


def test_strip_keeps_the_text() -> None:
    assert strip("Le <1>rapport</1> du <2/>CEE-ONU") == "Le rapport du CEE-ONU"
