"""relay.catalogs.po reads plain PO files itself, field for field as translate-toolkit reads
them, and hands anything else to translate-toolkit."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.po import random_entry, random_text

from relay.catalogs.catalog import Catalog
from relay.catalogs.po import read_po, read_with_toolkit, write_po
from relay.catalogs.po_lines import read_lines

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "locales").rglob("*.po*"))


def _both(data: bytes) -> tuple[Catalog | None, Catalog]:
    plain = read_lines(data.decode("utf-8"))
    return (Catalog(*plain) if plain else None), read_with_toolkit(data, path="x.po")


@pytest.mark.parametrize("seed", range(60))
def test_generated_catalogs_read_as_the_toolkit_reads_them(seed: int) -> None:
    rng = random.Random(seed)
    header = {"Project-Id-Version": "x", "Language": "fr", "X-Note": random_text(rng, 30)}
    data = write_po(Catalog(header, [random_entry(rng, number) for number in range(30)]))
    fast, toolkit = _both(data)
    assert fast is not None, "relay's own output must take the fast path"
    assert fast == toolkit


@pytest.mark.parametrize("path", SAMPLES, ids=str)
def test_the_sample_catalogs_read_as_the_toolkit_reads_them(path: Path) -> None:
    fast, toolkit = _both(path.read_bytes())
    assert fast == toolkit


def test_files_from_cat_tools_read_as_the_toolkit_reads_them(data_dir: Path) -> None:
    corpus = data_dir / "realworld"
    cat_tool_files = sorted(corpus.rglob("*.po")) + sorted(corpus.rglob("*.pot"))
    assert cat_tool_files, f"no PO files in {corpus}"
    took_fast = 0
    for path in cat_tool_files:
        try:
            expected = read_po(path.read_bytes(), path=str(path))
        except Exception:
            continue
        data = path.read_bytes().replace(b"\r\n", b"\n")
        try:
            plain = read_lines(data.decode("utf-8"))
        except UnicodeDecodeError:
            continue
        if plain is not None:
            took_fast += 1
            assert Catalog(*plain) == read_with_toolkit(data, path=str(path)), path
        assert expected == read_po(path.read_bytes(), path=str(path))
    assert took_fast, "no file of the corpus took the fast path"


# Lines a person or another tool may write by hand: each must read as translate-toolkit reads
# it, or be left to translate-toolkit.
HAND_LINES = [
    "#", "# a note", "#  indented note", "#note", "#.", "#. id: 0123456789", "#.extracted",
    "#: a.html:1 b.html:2", "#: with%20space:3", "#:", "#, fuzzy", "#,fuzzy,c-format",
    "#, no-wrap, fuzzy", "#= sticky", '#| msgid "old"', '#| msgctxt "c"\n#| msgid "old"',
    '#|msgid "old"\n#| "er"', "#! odd", "  # indented", '"stray"', "msgid_plural \"x\"",
    '#~ msgid "gone"\n#~ msgstr "parti"', '#~| msgid "was"\n#~ msgid "gone"\n#~ msgstr ""',
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(HAND_LINES), st.booleans()), max_size=5), st.data())
def test_hand_written_comment_lines_read_as_the_toolkit_reads_them(
    lines: list[tuple[str, bool]], data: st.DataObject
) -> None:
    entry = data.draw(st.sampled_from(['msgid "a"\nmsgstr "b"', 'msgctxt "k"\nmsgid "a"\nmsgstr ""',
                                       'msgid ""\n"long"\nmsgstr "x"\n"y\\n"']))  # fmt: skip
    body = "\n".join(line for line, _ in lines) + "\n" + entry
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body + "\n"
    try:
        toolkit = read_with_toolkit(text.encode(), path="x.po")
    except Exception:
        assert read_lines(text) is None
        return
    plain = read_lines(text)
    if plain is not None:
        assert Catalog(*plain) == toolkit


@pytest.mark.parametrize(
    "text",
    [
        '\ufeffmsgid ""\nmsgstr "x"\n',
        'msgid "a"\rmsgstr "b"\n',
        'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "bs"\n',
        'msgid "_: kde\\n"\n"a"\nmsgstr "b"\n',
        'msgid "a" trailing\nmsgstr "b"\n',
        "# only a comment\n",
    ],
)
def test_unusual_files_go_to_the_toolkit(text: str) -> None:
    assert read_lines(text) is None
