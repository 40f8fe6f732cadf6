"""Pseudo-translation keeps placeholders, URLs and e-mail addresses, and lengthens the rest."""

from __future__ import annotations

import re
from itertools import count

from hypothesis import given
from hypothesis import strategies as st

from relay.core.model import Code
from relay.core.placeholders import Tag, problems, strip, tokenize
from relay.exchange.pseudo import pseudo_translate

KEPT = ("https://www.unece.org/info.html", "info.ece@unece.org", "www.unece.org/trans")
plain = st.text(
    alphabet=st.characters(blacklist_characters="<", blacklist_categories=("Cs",)), max_size=30
)
words = st.one_of(
    plain,
    st.from_regex(r"[A-Za-z ,.'’-]{1,40}", fullmatch=True),
    st.sampled_from(KEPT).map(lambda kept: f" {kept} "),
)


@st.composite
def coded_units(draw: st.DrawFn) -> tuple[str, tuple[Code, ...]]:
    """Draw coded text with sound, possibly nested placeholders, and the codes it uses."""
    numbers = count(1)
    codes: list[Code] = []

    def build(depth: int) -> str:
        parts = []
        for _ in range(draw(st.integers(0, 4))):
            kind = draw(
                st.sampled_from(["text", "text", "pair", "empty"] if depth < 3 else ["text"])
            )
            if kind == "text":
                parts.append(draw(words))
            elif kind == "empty":
                number = next(numbers)
                codes.append(Code(number, "empty", ("<br>",)))
                parts.append(f"<{number}/>")
            else:
                number = next(numbers)
                codes.append(Code(number, "pair", ("<b>",), ("</b>",)))
                parts.append(f"<{number}>{build(depth + 1)}</{number}>")
        return "".join(parts)

    return build(0), tuple(codes)


def tags(coded: str) -> list[str]:
    return [str(token) for token in tokenize(coded) if isinstance(token, Tag)]


@given(coded_units())
def test_placeholders_stay_sound(unit: tuple[str, tuple[Code, ...]]) -> None:
    coded, codes = unit
    assert problems(coded, codes) == []
    assert problems(pseudo_translate(coded), codes) == []


@given(st.text())
def test_every_tag_is_kept_in_order_whatever_the_text(text: str) -> None:
    assert tags(pseudo_translate(text)) == tags(text)


@given(coded_units())
def test_brackets_and_thirty_percent_longer(unit: tuple[str, tuple[Code, ...]]) -> None:
    coded, _ = unit
    pseudo = pseudo_translate(coded)
    assert pseudo.startswith("[") and pseudo.endswith("]")
    assert len(pseudo) >= 1.3 * len(coded)
    assert pseudo_translate(coded) == pseudo


@given(st.from_regex(r"[A-Za-z][A-Za-z ,.]{9,80}", fullmatch=True), st.floats(0, 2))
def test_expansion_is_what_was_asked(text: str, expansion: float) -> None:
    assert len(pseudo_translate(text, expansion=expansion)) >= (1 + expansion) * len(text)


@given(coded_units())
def test_urls_and_addresses_are_kept_and_other_letters_accented(
    unit: tuple[str, tuple[Code, ...]],
) -> None:
    coded, _ = unit
    pseudo = pseudo_translate(coded)
    rest = strip(pseudo)
    for kept in KEPT:
        assert pseudo.count(kept) >= coded.count(kept)
        rest = rest.replace(kept, "")
    for match in re.finditer(r"\S*[@/]\S*|\S*www\.\S*", rest):
        rest = rest.replace(match.group(), "")
    assert not re.search(r"[A-Za-z]", rest), rest


def test_a_sample_sentence_reads_as_pseudo_english() -> None:
    source = (
        "The contribution of UNECE reflects the recommendations of the <1><2>Innovation"
        " Performance Review of Kazakhstan</2></1>, see <3>www.unece.org/ceci</3>.<4/>"
    )
    assert pseudo_translate(source) == (
        "[Ţĥéé çööñţŕîîƀüüţîîööñ ööƒ ÛÛÑÉÉÇÉÉ ŕééƒļééçţš ţĥéé ŕééçööɱɱééñðááţîîööñš ööƒ ţĥéé"
        " <1><2>ÎÎññööṽááţîîööñ Þééŕƒööŕɱááñçéé Ŕééṽîîééŵ ööƒ Ķáážááķĥšţááñ</2></1>, šéééé"
        " <3>www.unece.org/ceci</3>.<4/>~~~~~~]"
    )


def test_pseudo_translation_keeps_every_address_the_checks_recognise() -> None:
    """A pseudo-translation must pass the URL check: every form of address is kept."""
    from relay.checks.text import urls
    from relay.exchange.pseudo import pseudo_translate

    source = "See evil.example/x, //cdn.example/a, mailto:press@unece.org and https://unece.org/x."
    assert urls(pseudo_translate(source)) == urls(source)
    assert len(urls(source)) == 4
