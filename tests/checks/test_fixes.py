"""Typography fixes (relay.checks.fixes): safe, idempotent, never inside what is protected."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from relay.checks.fixes import fix
from relay.checks.text import EMAIL, URL
from relay.core.placeholders import TAG_PATTERN

LANGS = ("fr", "fr-CH", "fr-CA", "ru", "en", "de")
PIECES = st.sampled_from(
    [" ", "\u00a0", "\u202f", "\u2009", ":", ";", "!", "?", "%", "«", "»", '"', "'", "...", ".",
     ",", "a", "l", "é", "Тест", "12", "000", "85 000", "11:00", "<1/>", "<2>", "</2>",
     "http://www.unece.org/a:b?c=1", "www.unece.org/x", "info.ece@unece.org", "(", ")", "\n"]
)  # fmt: skip
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=14).map("".join)


def _protected(text: str) -> list[str]:
    return [m.group() for p in (TAG_PATTERN, URL, EMAIL) for m in p.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.sampled_from(LANGS), st.one_of(st.none(), TEXTS))
def test_fixing_twice_is_fixing_once(text: str, lang: str, source: str | None) -> None:
    once = fix(text, lang, source=source).text
    twice = fix(once, lang, source=source)
    assert twice.text == once
    assert twice.changes == ()


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.sampled_from(LANGS))
def test_placeholders_urls_and_addresses_stay_byte_identical(text: str, lang: str) -> None:
    fixed = fix(text, lang).text
    assert [m.group() for m in TAG_PATTERN.finditer(fixed)] == [
        m.group() for m in TAG_PATTERN.finditer(text)
    ]
    for kept in _protected(text):
        assert kept in fixed


def _skeleton(text: str) -> str:
    """The text with every whitespace and punctuation character dropped."""
    return "".join(c for c in text if not (c.isspace() or unicodedata.category(c)[0] in "PZ"))


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.sampled_from(LANGS), st.one_of(st.none(), TEXTS))
def test_only_whitespace_and_punctuation_change(text: str, lang: str, source: str | None) -> None:
    fixed = fix(text, lang, source=source)
    assert _skeleton(fixed.text) == _skeleton(text)
    assert len(fixed.changes) >= (fixed.text != text)


def test_french_spacing_quotes_apostrophes_and_thousands() -> None:
    fixed = fix('M. Moreau a dit : "l\'accord" vaut 60% de 85 000 euros...', "fr")
    assert fixed.text == (
        "M. Moreau a dit\u00a0: «\u202fl’accord\u202f» vaut 60\u00a0% de 85\u202f000 euros…"
    )
    reasons = [change.reason for change in fixed.changes]
    assert "no-break space before “:”" in reasons
    assert "typographic apostrophe" in reasons
    assert reasons.count("no-break thousands separator") == 1


def test_what_is_not_typography_is_left_alone() -> None:
    for text in (
        "Tél.\u00a0: +41 (0) 22 917 44 44",  # a phone number is not grouped thousands
        "à 11:00, voir <1>http://www.unece.org/trans/roadsafe/</1>",
        "Écrire à info.ece@unece.org",
        "<1/>: le programme",  # no space is added after a placeholder
    ):
        assert fix(text, "fr").text == text


def test_swiss_french_keeps_tight_marks_but_makes_spaces_no_break() -> None:
    assert fix("Vraiment? Oui !", "fr-CH").text == "Vraiment? Oui\u202f!"
    assert fix("Vraiment? Oui !", "fr").text == "Vraiment\u202f? Oui\u202f!"


def test_other_languages_and_trailing_whitespace() -> None:
    assert fix('Он сказал: "да"...', "ru").text == "Он сказал: «да»…"
    assert fix('He said: "yes"...', "en").text == 'He said: "yes"...'
    fixed = fix("Bonjour. ", "fr", source="Hello.")
    assert fixed.text == "Bonjour."
    assert re.search("trailing", fixed.changes[0].reason)


def test_fixes_that_undo_each_other_list_nothing() -> None:
    """Found by hypothesis: after "«", a space that is also the source's trailing
    whitespace is made narrow by one rule and put back by another; the text is unchanged, so
    no change is listed (and fixing twice is fixing once)."""
    once = fix("«", "fr", source="\x1f")
    assert once.text == "«\x1f"
    assert fix(once.text, "fr", source="\x1f").changes == ()
