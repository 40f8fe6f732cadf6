"""relay.catalogs.po reads plain PO files itself, field for field as translate-toolkit reads
them, and hands anything else to translate-toolkit."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.po import random_entry, random_text

from relay.catalogs import po_lines
from relay.catalogs.catalog import Catalog, Entry
from relay.catalogs.po import read_po, read_with_toolkit, write_po
from relay.catalogs.po_lines import read_by_lines, read_lines

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


# -- entries taken whole against the line reader --------------------------------------------

ODD_LINES = [*HAND_LINES, "", "   ", '  "indented"', '"stray"', "msgstr[0] \"x\"", '#| "more"',
             'msgid "a" ', 'msgstr "\\\\"', 'msgid "_: kde"', '"_: kde"', 'msgctxt ""',
             'msgid ""', 'msgstr ""', '"a\\"b"', "#~ msgstr \"\"", '#. id: 0000000042',
             "|"]  # fmt: skip


def _by_lines(text: str) -> tuple[dict[str, str], list[Entry]] | None:
    read = read_by_lines(text)
    return None if read is None else (read[0], read[1])


@settings(max_examples=400, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    edits=st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(ODD_LINES), st.booleans()),
                   max_size=4),
    end=st.sampled_from(["", "\n", "\n\n", " "]),
)  # fmt: skip
def test_entries_taken_whole_read_as_line_by_line(
    seed: int, edits: list[tuple[int, str, bool]], end: str
) -> None:
    rng = random.Random(seed)
    header = {"Project-Id-Version": "x", "Language": "fr"}
    entries = [random_entry(rng, number) for number in range(rng.randint(0, 8))]
    lines = write_po(Catalog(header, entries)).decode("utf-8").split("\n")
    for place, line, replace_it in edits:  # lines put in, or put in place of others
        at = place % (len(lines) + 1)
        lines[at : at + replace_it] = [line]
    text = "\n".join(lines).rstrip("\n") + end
    assert read_lines(text) == _by_lines(text)


def test_relays_own_files_are_taken_whole() -> None:
    rng = random.Random(5)
    entries = [random_entry(rng, number) for number in range(40)]
    entries = [entry.with_(obsolete=False) for entry in entries if not entry.msgid.count("\t")]
    text = write_po(Catalog({"Language": "fr"}, entries)).decode("utf-8")
    assert not text.endswith("\n\n")
    # The whole text in matches, none left to the line reader.
    position = 0
    while match := po_lines._ENTRY.match(text, position):
        position = match.end()
    assert position == len(text)
    assert read_lines(text) == _by_lines(text)
