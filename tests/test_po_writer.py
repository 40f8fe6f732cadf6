"""relay.catalogs.po writes PO files itself, line for line as translate-toolkit's units would."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from relay.catalogs.catalog import Catalog, Entry
from relay.catalogs.po import read_po, write_po, write_po_with_toolkit

ROOT = Path(__file__).resolve().parents[1]
WORDS = [
    "UNECE", "<1>", "</1>", "<2/>", "Привет", "мир,", "d’innovation", "1 %", "e.g.", "U.S.",
    "—", "http://www.unece.org/a/b.html", "info.ece@unece.org", '"quoted"', "\\", "\t", "\n",
    "日本語のテキスト", "longerwordhere" * 3, "a-b-c", "x/y", "Tel.: +41 (0) 22 917 44 44", " ",
]  # fmt: skip


def _text(rng: random.Random, most: int = 40) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, most)))


def _entry(rng: random.Random, number: int) -> Entry:
    msgstr = _text(rng) if rng.random() < 0.6 else ""
    return Entry(
        msgid=f"{number} {_text(rng)}",
        msgstr=msgstr,
        context=_text(rng, 5) or None if rng.random() < 0.1 else None,
        fuzzy=bool(msgstr) and rng.random() < 0.3,
        previous=_text(rng) or None if rng.random() < 0.3 else None,
        notes=tuple(_text(rng, 8) for _ in range(rng.randint(0, 2))),
        locations=tuple(f"sources/{_text(rng, 2).strip() or 'x'}.html:{n}" for n in range(3))
        if rng.random() < 0.5
        else (),
        comments=tuple(rng.choice(["", " ", "memory: x#1 (exact)", "two\nlines"]) for _ in range(2))
        if rng.random() < 0.3
        else (),
        flags=tuple(rng.sample(["c-format", "no-wrap", "python-format"], rng.randint(0, 2))),
        obsolete=rng.random() < 0.15,
        id=f"{number:010x}" if rng.random() < 0.9 else None,
    )


@pytest.mark.parametrize("seed", range(40))
def test_generated_catalogs_are_written_as_the_toolkit_writes_them(seed: int) -> None:
    rng = random.Random(seed)
    header = {"Project-Id-Version": "x", "Language": "fr", "X-Note": _text(rng, 30)}
    catalog = Catalog(header, [_entry(rng, number) for number in range(30)])
    assert write_po(catalog) == write_po_with_toolkit(catalog)


@pytest.mark.parametrize("path", sorted((ROOT / "locales").rglob("*.po*")), ids=str)
def test_the_sample_catalogs_are_written_as_the_toolkit_writes_them(path: Path) -> None:
    catalog = read_po(path.read_bytes(), path=str(path))
    assert write_po(catalog) == write_po_with_toolkit(catalog) == path.read_bytes()
