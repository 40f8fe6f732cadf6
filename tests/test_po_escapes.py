"""A catalog with an escape gettext reads and relay does not is refused, never read changed.

gettext reads ``\\033``, ``\\x1b``, ``\\a``, ``\\b``, ``\\f`` and ``\\v`` in a PO string as
control characters; relay's reader, like translate-toolkit's, would drop the backslash and
read ``033[31m``. A catalog in ``locales/`` edited by hand with one is refused with its file and
line, so the text published is never one nobody wrote. (A returned file is read unit by unit:
``tests/exchange`` holds the unit refused and the others taken.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from relay.catalogs.po import read_po
from relay.core.errors import CatalogError

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n\n'


@pytest.mark.parametrize(
    "escape", ["\\033", "\\x1b", "\\a", "\\b", "\\f", "\\v", "\\0", "\\q", "\\'", "\\u00e9"]
)
@pytest.mark.parametrize("field", ["msgstr", "msgid", "continued", "obsolete", "previous"])
def test_an_escape_relay_does_not_read_is_refused_at_its_line(escape: str, field: str) -> None:
    entry = {
        "msgstr": f'#. id: u1\nmsgid "Hello"\nmsgstr "Bonjour {escape}[31m"\n',
        "msgid": f'#. id: u1\nmsgid "Hello {escape}"\nmsgstr "Bonjour"\n',
        "continued": f'#. id: u1\nmsgid "Hello"\nmsgstr ""\n"Bon"\n"jour {escape}"\n',
        "obsolete": f'#~ msgid "Hello"\n#~ msgstr "Bonjour {escape}"\n',
        "previous": f'#, fuzzy\n#| msgid "Hi {escape}"\nmsgid "Hello"\nmsgstr "Bonjour"\n',
    }[field]
    text = HEADER + entry
    line = next(n for n, got in enumerate(text.split("\n"), start=1) if escape in got)
    with pytest.raises(CatalogError) as raised:
        read_po(text.encode(), path="locales/fr/a.po")
    assert raised.value.line == line
    assert str(raised.value).startswith(f"locales/fr/a.po:{line}: ")
    shown = "\\u" if escape.startswith("\\u") else escape  # octal and hex escapes whole
    assert str(raised.value).endswith(f"in a string: {shown}")


@pytest.mark.parametrize(
    "entry",
    [
        '#. id: u1\nmsgid "a\\tb \\"c\\" \\\\d"\nmsgstr "x\\ny\\r\\\\z"\n',
        # An escaped backslash, then a letter: "\\a" is a backslash and an a.
        '#. id: u1\nmsgid "C:\\\\a\\\\b"\nmsgstr "C:\\\\a\\\\x41"\n',
        # Comments are not strings: a path or a regex in one may hold any backslash.
        '#. id: u1\n#. see C:\\temp\\a.txt and \\d+\n#: src\\a.html:3\nmsgid "a"\nmsgstr "b"\n',
    ],
)
def test_the_escapes_relay_and_gettext_share_are_read(entry: str) -> None:
    catalog = read_po((HEADER + entry).encode(), path="a.po")
    assert len(catalog.entries) == 1


def test_the_shared_escapes_read_as_gettext_reads_them() -> None:
    catalog = read_po(
        (HEADER + '#. id: u1\nmsgid "a"\nmsgstr "t\\tn\\nq\\"b\\\\x41"\n').encode(), path="a.po"
    )
    assert catalog.entries[0].msgstr == 't\tn\nq"b\\x41'


def _relay(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relay", "-C", str(project), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_catalog_edited_with_such_an_escape_is_named_and_not_published(
    sample_project: Path,
) -> None:
    """From the CLI: check names the file and line and fails; publish leaves that variant
    out and writes nothing of it; the catalog is not rewritten."""
    assert _relay(sample_project, "-q", "extract").returncode == 0
    catalog = next(iter(sorted((sample_project / "locales" / "fr").glob("*.po"))))
    slug = catalog.stem
    text = catalog.read_text("utf-8")
    first = text.index('msgstr "', text.index("#. id:"))
    start = first + len('msgstr "')
    edited = text[:start] + "\\033[2K\\033[1A" + text[start:]
    catalog.write_text(edited, "utf-8")
    line = edited[:start].count("\n") + 1

    checked = _relay(sample_project, "-q", "check")
    assert checked.returncode != 0
    shown = checked.stdout + checked.stderr
    assert f"{slug}.po:{line}:" in shown
    assert "an escape relay does not read in a string: \\033" in shown

    published = _relay(sample_project, "-q", "publish")
    assert published.returncode != 0
    assert f"{slug}.po:{line}:" in published.stdout + published.stderr
    assert not list((sample_project / "public" / "fr").glob(f"{slug}.*"))
    assert catalog.read_text("utf-8") == edited  # left as the person wrote it

    assert _relay(sample_project, "-q", "extract").returncode != 0
    assert catalog.read_text("utf-8") == edited
