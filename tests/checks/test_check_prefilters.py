"""The checks' shortcuts give what the long way gives: a text without a digit states no
value, a pattern tried only where digits start finds what scanning finds, a trie of words
matches what their alternation matches, a source read either way shares the locale's reading
when it holds no numeric date, and counting pairs equals walking the text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from relay.checks import recognize as values
from relay.checks.text import URL, emails, mask, plain, prose, urls
from relay.checks.typography import _imbalance, _quote_balance

ALPHABET = "0123456789 .,:/-+'’\u00a0\u202fapmAPMhx%$€()[]{}«»“”„\"@wабв"
texts = st.text(alphabet=st.sampled_from(ALPHABET), max_size=40)
words = st.text(alphabet=st.sampled_from("maijMAIJéÉ. "), min_size=0, max_size=5)
LANGS = st.sampled_from(["en", "fr", "ru"])


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=60), LANGS)
def test_a_text_without_a_digit_states_no_value(text: str, lang: str) -> None:
    assert values._recognized_in_full(text, lang, True, "") == ()
    assert values.recognize(text, lang) == []


@settings(max_examples=300)
@given(texts, LANGS)
def test_trying_patterns_where_digits_start_finds_what_scanning_finds(text: str, lang: str) -> None:
    patterns = [values._ISO_DATE, values.NUMERIC_DATE, values._CLOCK, values._AM_PM,
                values._ORDINAL, values._NUMBER, values._hours_pattern(lang)]  # fmt: skip
    for pattern in patterns:
        assert pattern is not None
        expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        assert [(m.span(), m.groups()) for m in values._at_digits(pattern, text)] == expected


@settings(max_examples=400)
@given(texts, st.sampled_from(["en", "en-US", "fr", "ru"]))
def test_a_source_read_either_way_without_a_numeric_date_shares_the_locale_reading(
    text: str, lang: str
) -> None:
    # The shortcut: recognize(either=True) answers from the locale's reading when the text
    # holds nothing NUMERIC_DATE could match; the long way reads the text either way.
    either = values._recognized_in_full(text, lang, True, "", True)
    assert values.recognize(text, lang, either=True) == list(either)


def test_a_numeric_date_read_either_way_still_swaps_day_and_month() -> None:
    values._recognized.cache_clear()
    assert [v.value for v in values.recognize("On 25/05/2027.", "en-US")] == [25, 5, 2027]
    assert [v.value for v in values.recognize("On 25/05/2027.", "en-US", either=True)] == [
        (2027, 5, 25)
    ]


@settings(max_examples=300)
@given(st.lists(words, max_size=8), st.text(alphabet=st.sampled_from("maijMAIJéÉ. x"), max_size=12))
def test_a_trie_of_words_matches_as_their_alternation(choices: list[str], text: str) -> None:
    longest_first = sorted((re.escape(word) for word in choices), key=len, reverse=True)
    old = re.compile("(?:" + "|".join(longest_first) + r")\.?(?!\w)", re.IGNORECASE)
    new = re.compile("(?:" + values._alternation(choices) + r")\.?(?!\w)", re.IGNORECASE)
    assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]


def test_month_names_are_found_in_every_form() -> None:
    found = values.recognize("le 1er mai 2015, du 3 au 5 sept. 2016, 19 апреля 2013 года", "fr")
    assert [v.value for v in found if v.kind == "date"][:1] == [(2015, 5, 1)]
    assert [v.value for v in values.recognize("19 апреля 2013 года", "ru")] == [(2013, 4, 19)]


@given(texts)
def test_counting_brackets_and_quotes_equals_walking_the_text(text: str) -> None:
    for opening, closing in (("(", ")"), ("[", "]"), ("{", "}")):
        depth, crossed = 0, False
        for character in text:
            depth += (character == opening) - (character == closing)
            crossed = crossed or depth < 0
        assert _imbalance(text, opening, closing) == (depth, crossed)
    for lang, low in (("fr", False), ("ru", True)):
        balance = sum(
            1 if c in "«„" else -1 if c in "»”" else (-1 if low else 1) if c == "“" else 0
            for c in text
        )
        assert _quote_balance(text, lang) == (balance, text.count('"'))


@given(st.text(alphabet=st.sampled_from("abc w.:/@<>1 htpsfro"), max_size=40))
def test_addresses_are_found_with_or_without_the_shortcut(text: str) -> None:
    assert urls(text) == [m.group() for m in URL.finditer(plain(text))]
    assert prose(text) == mask(plain(text), re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), URL)
    assert emails(text) == [
        m.group().rstrip(".") for m in re.finditer(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", plain(text))
    ]


@given(st.text(alphabet=st.sampled_from("aKkаКкωΩ -'1"), max_size=30))
def test_mixed_scripts_are_found_with_or_without_the_shortcut(target: str) -> None:
    from relay.checks import Context, Translation
    from relay.checks.text import words
    from relay.checks.units import _SCRIPTS, mixed_script

    item = Translation("s", "ru", "en", "u", "source", target)
    expected = set()
    for word in set(words(prose(target))):
        scripts = [name for name, letters in _SCRIPTS.items() if letters.search(word)]
        if len(scripts) > 1:
            expected.add(f"“{word}” mixes {' and '.join(scripts)} letters: retype it in one script")
    assert set(mixed_script(item, Context())) == expected


@given(st.text(alphabet=st.sampled_from("0123456789٣"), min_size=1, max_size=12), LANGS)
def test_digits_alone_are_read_as_the_long_way_reads_them(token: str, lang: str) -> None:
    assert values._pieces(token, lang) == values._split_pieces(token, lang)


CURRENCY_TEXT = st.text(alphabet=st.sampled_from("$€£US dolarsDOLLARSевродолларов\n\u00a0x1"))


@settings(max_examples=300)
@given(st.lists(CURRENCY_TEXT, max_size=4), LANGS)
def test_a_currency_before_a_number_is_found_backwards_as_forwards(
    pieces: list[str], lang: str
) -> None:
    names = list(values.currency_names(lang))
    forwards = re.compile("(?:" + values._alternation(names) + rf"){values._SP}?$", re.I)
    backwards = values.currency_before(names)
    # Texts made of currency names (in any case) and what may stand around them.
    text = "".join(piece + (names[len(piece) % len(names)] if piece else "") for piece in pieces)
    for end in range(len(text) + 1):
        before = text[:end]
        assert bool(backwards.match(before[::-1])) == bool(forwards.search(before)), before


@given(st.text(alphabet=st.sampled_from("aKkаКкωΩéÀ1 -'<1>ΣİſЁ\u0301"), max_size=30), LANGS)
def test_the_script_check_finds_what_counting_words_finds(target: str, lang: str) -> None:
    from relay.checks import Context, Translation
    from relay.checks.script import wrong_script
    from relay.exchange.returned import expected_script, foreign_script

    item = Translation("s", lang, "en", "u", "Ka source", target)
    found = foreign_script(target, item.source, lang) if target else None
    expected = [f"written in {found} script; {lang} is written in {expected_script(lang)}"]
    assert list(wrong_script(item, Context())) == (expected if found else [])


@given(st.lists(st.text(alphabet=st.sampled_from("UN ECEONU-ООН."), max_size=12), max_size=6))
def test_acronyms_asked_twice_are_answered_as_once(targets: list[str]) -> None:
    from relay.checks import Context, Term, Translation
    from relay.checks.units import _unkept_acronyms, _unkept_acronyms_of

    contexts = [Context(), Context((Term("UN", "fr", "ONU"),), (("fr", "ECE", "CEE"),))]
    for number, target in enumerate(targets):
        item = Translation("s", "fr", "en", "u", "The UN and ECE, UNECE.", target)
        context = contexts[number % 2]
        for _ in range(2):
            assert _unkept_acronyms(item, context) == list(_unkept_acronyms_of(item, context))


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("aA1٣_./-& é\n"), max_size=40))
def test_code_runs_are_the_runs_that_hold_a_digit(text: str) -> None:
    runs = [m.span() for m in re.finditer(r"[\w./-]+", text) if re.search(r"\d", m.group())]
    assert [m.span() for m in values._CODE_RUN.finditer(text)] == runs


@settings(max_examples=300)
@given(texts, LANGS)
def test_patterns_that_start_with_a_digit_find_what_they_found(text: str, lang: str) -> None:
    months = values._month_pattern(lang)[0].pattern
    day = r"(?P<d>\d{1,2})(?:er|re|st|nd|rd|th|-?(?:го|е))?"
    year = r"(?P<y>\d{4})(?![\d])"
    looking_behind = re.compile(
        rf"(?<![\d.,]){day}{values._SP}+(?P<m>{months})(?:,?{values._SP}+{year})?", re.I
    )
    pairs = [
        (values._NUMBER, values._NUMBER_FROM_DIGIT),
        (values._ORDINAL, values._ORDINAL_FROM_DIGIT),
        (looking_behind, values._date_patterns(lang)[0]),
    ]
    text = text.replace("x", "1er ").replace("h", "mai ")
    for old, new in pairs:
        assert [(m.span(), m.groups()) for m in new.finditer(text)] == [
            (m.span(), m.groups()) for m in old.finditer(text)
        ]


@given(st.text(alphabet=st.sampled_from("ab \u00a0\u202f\t\n"), max_size=12), st.text(max_size=12))
def test_words_compared_as_lists_compare_as_their_joins(one: str, other: str) -> None:
    # same-as-source compares the texts' words as lists: as their joins with a space.
    assert (one.split() == other.split()) == (" ".join(one.split()) == " ".join(other.split()))
