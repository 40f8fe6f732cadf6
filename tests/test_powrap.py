"""relay.catalogs.wrap and toolkit_po: PO files written through them come out of GNU ``msgcat``
byte for byte."""

from __future__ import annotations

import ctypes
import difflib
import random
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.tools import gettext
from translate.misc.multistring import multistring
from translate.storage import pypo

from relay.catalogs import wrap as powrap
from relay.catalogs.toolkit_po import GettextPoFile, GettextPoUnit, GettextWrapper
from relay.catalogs.wrap import gettext_quote, gettext_wrap

HEADER = "Content-Type: text/plain; charset=UTF-8\n"

# The vocabulary of the reproduction script that showed translate-toolkit's divergences.
VOCAB = [
    "UNECE", "<1>", "</1>", "<2/>", "«", "»", "Привет", "мир,", "d’innovation", "1 %",
    "1\u00a0000,5", "n % 10 >= 2", "a == b", "x != y", "(sub-national)", "e.g.", "U.S.", "—",
    "–", "http://www.unece.org/a/b.html", "info.ece@unece.org", "« citation »", "l’UNECE",
    "?", "!", ":", ";", "\u202f:", "word", "another", "longerwordhere",
    "Tel.: +41 (0) 22 917 44 44", "“quoted”", "a/b", "x-y-z", "[1]", "{x}", "%s", "$100",
    "C++", "&", "<b>", "</b>", ">", ">=", "<=", "->", "=>", "|", "\\", '"quotes"',
    "日本語のテキスト", "مرحبا بالعالم",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "", "\u00a0"]

# Harder material for the second catalog: words longer than a line, scripts of double
# width and right-to-left, escapes alone, tabs, edges of spaces, more break classes.
EXTRA = [
    "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstaltsgebäude"
    "sanierungskommission",
    "x" * 90, "日本語のテキストを長く続けて書いた段落、そして句読点。「引用」も含む",
    "中文文本，没有空格也可以断行。", "한국어 문장은 띄어쓰기를 합니다", "ﻻ", "שָׁלוֹם־עולם",
    "Ελληνικά", "\n", "a\nb", "\t", "\ttab", "  ", "…", "„Zitat“", "‘single’", "¿Qué?",
    "¡Hola!", "e\u0301", "\u200b", "\u2060", "🇫🇷🇩🇪", "👍🏽", "\u2028", "\\n", "\\\\", "\r\n",
]  # fmt: skip


def msgcat(data: bytes, *options: str) -> bytes:
    done = subprocess.run(
        [gettext("msgcat"), *options, "-"], input=data, capture_output=True, check=True
    )
    return done.stdout


def assert_msgcat_identical(data: bytes, *options: str) -> None:
    expected = msgcat(data, *options)
    if expected != data:
        diff = difflib.unified_diff(
            data.decode().splitlines(), expected.decode().splitlines(), "written", "msgcat",
            lineterm="", n=1,
        )  # fmt: skip
        pytest.fail("msgcat rewrites the file:\n" + "\n".join(list(diff)[:60]))


def new_store(width: int | None = None) -> GettextPoFile:
    store = GettextPoFile(width=width)
    store.units = []
    header = store.UnitClass("", wrapper=store.wrapper)
    header.target = HEADER
    store.units.append(header)
    return store


def add(store: GettextPoFile, source: str | list[str], target: str | list[str] = "") -> pypo.pounit:
    unit = store.UnitClass(source, wrapper=store.wrapper)
    unit.target = target
    store.units.append(unit)
    return unit


def random_text(rng: random.Random, vocab: list[str], low: int, high: int) -> str:
    return "".join(
        rng.choice(vocab) + rng.choice(SEPARATORS) for _ in range(rng.randint(low, high))
    )


def brief_catalog(store: pypo.pofile) -> pypo.pofile:
    """The 400 entries of the reproduction script, seed 1, into ``store``."""
    rng = random.Random(1)
    store.units = []
    header = store.UnitClass("", wrapper=store.wrapper)
    header.target = HEADER
    store.units.append(header)
    for i in range(400):
        text = random_text(rng, VOCAB, 5, 40)
        unit = store.UnitClass(text.strip() + f" {i}", wrapper=store.wrapper)
        unit.target = text[::-1].strip()
        store.units.append(unit)
    return store


def test_brief_catalog_is_what_msgcat_writes() -> None:
    assert_msgcat_identical(bytes(brief_catalog(GettextPoFile())))


def test_second_catalog_with_hard_cases_and_every_keyword() -> None:
    rng = random.Random(2)
    vocab = VOCAB + EXTRA
    store = new_store()
    for i in range(300):
        text = random_text(rng, vocab, 1, 30)
        if i % 3 == 0:
            text = rng.choice(["", " ", "  "]) + text + rng.choice(["", " ", "\t"])
        add(store, f"{text} {i}", text[::-1])
    # Strings whose width is right at the limits: 71 columns fit after "msgid ", 70 after
    # "msgstr ", 77 on a line of their own; with and without break opportunities.
    for n in range(66, 83):
        for body in ("y" * n, ("ab " * n)[:n], ("日本" * n)[: n // 2], ("x" * (n - 2)) + "\\n"):
            add(store, f"{body} {n}", body)
            add(store, [f"{body} {n}!", f"{n} {body}"], [body, body])  # msgid_plural, msgstr[n]
            unit = add(store, f"ctx {n} {body}", body)
            unit.setcontext(body)
    # Only escapes, newlines in the middle, at the end, on their own.
    for i, body in enumerate(["\n", "\n\n", "a\n\nb", "\t\t", '"', "\\", "x\ny\n", "\n" * 40]):
        add(store, f"escapes {i}{body}", body)
    # Previous strings (#| is 3 columns narrower), obsolete entries (#~, #~|), plurals,
    # contexts, fuzzy and no-wrap flags.  msgcat writes obsolete entries last.
    obsolete = []
    for i in range(60):
        old = random_text(rng, vocab, 3, 25)
        unit = add(
            store,
            [f"plural {i} {old}", random_text(rng, vocab, 3, 25)],
            [old, old[::-1], random_text(rng, vocab, 3, 25)],
        )
        unit.setcontext(random_text(rng, vocab, 1, 12))
        unit.prev_source = multistring([old[::-1], old])
        unit.prev_context = random_text(rng, vocab, 1, 12)
        unit.markfuzzy()
        unit = add(store, f"previous {i} {old}", old)
        unit.prev_source = old[::-1]
        unit.markfuzzy()
        unit = add(store, f"no-wrap {i} {old}", old)
        unit.settypecomment("no-wrap")
        unit = store.UnitClass(f"obsolete {i} {old}", wrapper=store.wrapper)
        unit.target = old[::-1]
        unit.prev_source = old
        unit.makeobsolete()
        obsolete.append(unit)
    store.units += obsolete
    assert_msgcat_identical(bytes(store))


@pytest.mark.parametrize("width", [18, 30, 60, 100])
def test_other_widths_match_msgcat_width_option(width: int) -> None:
    rng = random.Random(width)
    store = new_store(width)
    for i in range(60):
        text = random_text(rng, VOCAB + EXTRA, 1, 25)
        add(store, f"{text} {i}", text[::-1])
    assert_msgcat_identical(bytes(store), f"--width={width + 2}")


def test_width_minus_one_is_msgcat_no_wrap() -> None:
    rng = random.Random(3)
    store = new_store(-1)
    for i in range(60):
        text = random_text(rng, VOCAB + EXTRA, 1, 40)
        add(store, f"{text} {i}", text[::-1])
    assert_msgcat_identical(bytes(store), "--no-wrap")


def test_a_file_from_translate_toolkit_reads_back_as_msgcat_writes_it() -> None:
    # Written with translate-toolkit's own wrapper, which msgcat rewraps; parsed into a
    # GettextPoFile and written again, it is normalised to msgcat's layout.
    data = bytes(brief_catalog(pypo.pofile()))
    assert msgcat(data) != data
    store = GettextPoFile()
    store.parse(data)
    assert bytes(store) == msgcat(data)


ALPHABET = sorted({char for word in VOCAB + EXTRA for char in word} | set(' \u00a0\n\t"\\'))


@settings(max_examples=20, deadline=None)
@given(
    texts=st.lists(st.text(st.sampled_from(ALPHABET), min_size=1, max_size=160), min_size=1,
                   max_size=40),
    width=st.sampled_from([77, 77, 40, 18]),
)  # fmt: skip
def test_any_text_is_what_msgcat_writes(texts: list[str], width: int) -> None:
    store = new_store(width)
    for i, text in enumerate(texts):
        unit = add(store, text, texts[i - 1][::-1])
        unit.setcontext(f"{i}")  # unique entries whatever the texts
        if i % 4 == 1:
            unit.prev_source = texts[i - 1]
    for unit in store.units[4::7]:
        unit.makeobsolete()
    # msgcat writes obsolete entries last.
    store.units.sort(key=lambda unit: unit.isobsolete())
    assert_msgcat_identical(bytes(store), f"--width={width + 2}")


def test_translate_toolkit_sends_every_string_through_the_wrapper() -> None:
    seen: list[str] = []

    class Spy(GettextWrapper):
        def wrap(self, text: str) -> list[str]:
            seen.append(text)
            return super().wrap(text)

    unit = pypo.pounit("source", wrapper=Spy())
    unit.target = "target"
    unit.setcontext("context")
    unit.prev_source = multistring(["previous", "previous plural"])
    unit.prev_context = "previous context"
    assert {
        "source",
        "target",
        "context",
        "previous",
        "previous plural",
        "previous context",
    } <= set(seen)


def test_plain_pofile_cannot_place_the_first_line_but_gettext_unit_can() -> None:
    # 71 columns fit after `msgid ` (6) but not after `msgstr ` (7): quoteforpo decides on
    # the empty first line from the length alone, the same for every keyword.
    text = ("ab " * 24)[:71]
    plain = pypo.pounit(text, wrapper=GettextWrapper())
    plain.target = text
    assert f'msgid "{text}"\nmsgstr "{text}"\n' in str(plain)
    unit = GettextPoUnit(text, wrapper=GettextWrapper())
    unit.target = text
    assert f'msgid "{text}"\nmsgstr ""\n' in str(unit)


def test_gettext_quote_narrows_prefixed_lines() -> None:
    text = "word " * 15  # 75 columns: one line after `msgid ""`, two after `#| msgid ""`
    assert gettext_quote(text, "msgid") == ['""', f'"{text}"']
    assert len(gettext_quote(text, "msgid", "#| ")) == 3
    assert gettext_quote(text, "msgid", page_width=None) == [f'"{text}"']


def test_long_word_without_break_stays_on_the_keyword_line() -> None:
    assert gettext_quote("x" * 100, "msgid") == ['"' + "x" * 100 + '"']
    assert gettext_wrap("x" * 100, 77) == ["x" * 100]


def test_wrapper_compares_by_kind_and_width() -> None:
    assert GettextWrapper() == GettextWrapper(77)
    assert GettextWrapper() != pypo.PoWrapper()
    assert GettextWrapper(70) != GettextWrapper()


def _libunistring_1_0() -> ctypes.CDLL | None:
    try:
        lib = ctypes.CDLL("libunistring.so.2")
        version = ctypes.c_int.in_dll(lib, "_libunistring_version").value
    except (OSError, ValueError):
        return None
    return lib if version == 0x010000 else None


LIBUNISTRING = _libunistring_1_0()


@pytest.mark.skipif(
    LIBUNISTRING is None, reason="libunistring 1.0 (what gettext 0.21 uses here) is not installed"
)
def test_line_breaking_equals_libunistring_on_any_unicode() -> None:
    assert LIBUNISTRING is not None
    breaks = LIBUNISTRING.ulc_width_linebreaks_v2
    breaks.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                       ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]  # fmt: skip
    rng = random.Random(14)
    common = [char for word in VOCAB + EXTRA for char in word] + list("\u200d\u05be\u25cc ")
    for _ in range(3000):
        text = (
            "".join(
                rng.choice(common) if rng.random() < 0.6 else chr(rng.choice(range(0x20, 0x30000)))
                for _ in range(rng.randint(1, 50))
            )
            .encode("utf-8", "ignore")
            .decode("utf-8")
        )  # no lone surrogates
        if not text:
            continue
        width, start = rng.randint(1, 40), rng.randint(0, 10)
        data = text.encode("utf-8")
        result = ctypes.create_string_buffer(len(data))
        breaks(data, len(data), width, start, 0, None, b"UTF-8", result)
        offsets = [len(text[:i].encode("utf-8")) for i in range(len(text))]
        expected = [result.raw[offset] for offset in offsets]
        assert powrap._width_linebreaks(text, [0] * len(text), width, start) == expected, text


# -- the fast path against the port ---------------------------------------------------------

NARROW = " abcdefghij-/.,:;!?()[]«»\"'%$€0123456789\u00a0\u202fйцукен—–…‘’“”<>=+&@#*\\\t"
ANY = NARROW + "日本語テキスト한국어e\u0301\u200b\u2060\u2028🇫🇷👍🏽\u05d0\u05be\n\r"
ASCII = st.text(
    st.sampled_from("  aaaeiou-/.,:;!?()[]{}<>=+&@#*%$'\"\\0123456789_|~^`\t"), max_size=200
)  # printable ASCII (tabs escaped): the fast path's own pattern
any_text = st.one_of(st.text(st.sampled_from(NARROW), max_size=200), st.text(max_size=120),
                     st.text(st.sampled_from(ANY), max_size=200), ASCII)  # fmt: skip


def slow_gettext_lines(
    escaped: str, keyword: str | None, prefix: str, page_width: int | None
) -> tuple[bool, tuple[str, ...]]:
    """gettext's ``wrap()`` written plainly over the character-by-character port."""
    width = (page_width if page_width is not None else powrap._NO_WRAP) - 2 - len(prefix)
    first_line = keyword is not None
    empty_first_line = False
    lines: list[str] = []
    portions = powrap._cut(escaped)
    for number, (text, escapes) in enumerate(portions):
        start = len(keyword) + 1 if first_line and keyword is not None else 0
        cuts = powrap._slow_breaks(text, escapes, width, start)
        if first_line and text and (number < len(portions) - 1 or start > width or cuts):
            empty_first_line = True
            cuts = powrap._slow_breaks(text, escapes, width, 0)
        first_line = False
        lines += powrap._split_at(text, cuts)
    return empty_first_line, tuple(lines)


@settings(max_examples=3000, deadline=None)
@given(text=any_text, width=st.integers(1, 90), start=st.integers(0, 12))
def test_fast_breaks_equal_the_port(text: str, width: int, start: int) -> None:
    for portion, escapes in powrap._cut(pypo.escapeforpo(text)):
        slow = powrap._slow_breaks(portion, escapes, width, start)
        fast = powrap._fast_breaks(portion, escapes, width, start)
        assert fast is None or fast == slow
        assert powrap._portion_breaks(portion, escapes, width, start) == slow
        first = powrap._first_line_breaks(portion, escapes, width, start)
        assert first == ((True, powrap._slow_breaks(portion, escapes, width, 0)) if slow else
                         (False, []))  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(
    text=any_text,
    keyword=st.sampled_from([None, "msgid", "msgstr", "msgctxt", "msgstr[1]", "msgid_plural"]),
    prefix=st.sampled_from(["", "#| ", "#~ ", "#~| "]),
    page_width=st.sampled_from([79, 79, 20, 30, 60, None]),
)
def test_wrapped_lines_equal_the_port(
    text: str, keyword: str | None, prefix: str, page_width: int | None
) -> None:
    escaped = pypo.escapeforpo(text)
    expected = slow_gettext_lines(escaped, keyword, prefix, page_width)
    assert powrap._gettext_lines.__wrapped__(escaped, keyword, prefix, page_width) == expected


def test_fast_path_takes_plain_text_and_leaves_the_rest_to_the_port() -> None:
    text = "The Commission met on 12 May 2026 in Geneva (Switzerland) – see e-mail: a/b. " * 3
    assert powrap._fast_subject(text) is not None
    assert powrap._fits("Short enough", 77, 6)
    assert not powrap._fits("日本語", 77, 75)  # two columns a character
    assert powrap._fast_subject("e\u0301 word") is None  # a combining mark
    # Printable ASCII is matched as it is; other text as class letters: the same breaks.
    fast = powrap._fast()
    assert fast.ascii_breaks is not None
    for sample in ("x-y (a/b) [c] {d} 1,5 % $100 C++ a==b -> e.g. U.S.", "\\", "1990-2000 (a) x"):
        letters = sample.translate(powrap._CLASS_LETTERS)
        expected = [match.end() for match in fast.breaks.each.finditer(letters)]
        assert [match.end() for match in fast.ascii_breaks.each.finditer(sample)] == expected
        # The last opportunity up to each place is the last of them.
        for limit in range(len(sample)):
            last = powrap._last_opportunity(fast.ascii_breaks, sample, frozenset(), 0, limit)
            assert last == max((end for end in expected if end <= limit), default=0)
