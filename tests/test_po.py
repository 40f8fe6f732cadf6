"""PO storage: round trip, gettext's own tools agree with what relay writes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support.tools import gettext

from relay.catalogs.catalog import Catalog, Entry
from relay.catalogs.po import read_po, write_po
from relay.core.errors import CatalogError

HEADER = {
    "Project-Id-Version": "sample",
    "PO-Revision-Date": "2026-11-26 10:00+0000",
    "Last-Translator": "Anne Traductrice <anne@example.org>",
    "Language-Team": "French",
    "Language": "fr",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n > 1);",
}
CATALOG = Catalog(
    HEADER,
    [
        Entry(
            "The seminar organized by the Ministry of Industry and New Technologies of "
            "Kazakhstan marked the first step in this process.",
            "Le séminaire organisé par le ministère de l’Industrie et des Nouvelles "
            "Technologies du Kazakhstan a marqué la première étape de ce processus.",
            notes=("paragraph (block 5, sentence 2)", "Placeholders: <1>…</1> link"),
            locations=("sources/a.html:13", "sources/a.html:14"),
        ),
        Entry("Changed", "Modifié", fuzzy=True, previous="Chnged", comments=("check",)),
        Entry("Gone", "Parti", obsolete=True),
    ],
)


def test_round_trip() -> None:
    again = read_po(write_po(CATALOG), path="x.po")
    assert again.header == CATALOG.header
    assert again.entries == CATALOG.entries


def test_unreadable_po_names_the_file() -> None:
    with pytest.raises(CatalogError, match=r"x\.po"):
        read_po(b'msgid "unterminated\nmsgstr ""\n', path="x.po")


def test_msgfmt_accepts_it(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(write_po(CATALOG))
    subprocess.run([gettext("msgfmt"), "--check", "-o", "/dev/null", str(path)], check=True)


def test_msgcat_changes_no_byte(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(write_po(CATALOG))
    again = subprocess.run([gettext("msgcat"), str(path)], check=True, capture_output=True).stdout
    assert again == path.read_bytes()
