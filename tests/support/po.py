"""Random PO entries: relay's PO writer and reader are held to translate-toolkit's on them."""

from __future__ import annotations

import random

from relay.catalogs.catalog import Entry

WORDS = [
    "UNECE", "<1>", "</1>", "<2/>", "Привет", "мир,", "d’innovation", "1 %", "e.g.", "U.S.",
    "—", "http://www.unece.org/a/b.html", "info.ece@unece.org", '"quoted"', "\\", "\t", "\n",
    "日本語のテキスト", "longerwordhere" * 3, "a-b-c", "x/y", "Tel.: +41 (0) 22 917 44 44", " ",
]  # fmt: skip


def random_text(rng: random.Random, most: int = 40) -> str:
    """Up to ``most`` words, the awkward ones PO writers must get right."""
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, most)))


def random_entry(rng: random.Random, number: int) -> Entry:
    """An entry with every field PO has, filled at random (``number`` keeps the ids apart)."""
    msgstr = random_text(rng) if rng.random() < 0.6 else ""
    return Entry(
        msgid=f"{number} {random_text(rng)}",
        msgstr=msgstr,
        context=random_text(rng, 5) or None if rng.random() < 0.1 else None,
        fuzzy=bool(msgstr) and rng.random() < 0.3,
        previous=random_text(rng) or None if rng.random() < 0.3 else None,
        notes=tuple(random_text(rng, 8) for _ in range(rng.randint(0, 2))),
        locations=tuple(f"sources/{random_text(rng, 2).strip() or 'x'}.html:{n}" for n in range(3))
        if rng.random() < 0.5
        else (),
        comments=tuple(rng.choice(["", " ", "memory: x#1 (exact)", "two\nlines"]) for _ in range(2))
        if rng.random() < 0.3
        else (),
        flags=tuple(rng.sample(["c-format", "no-wrap", "python-format"], rng.randint(0, 2))),
        obsolete=rng.random() < 0.15,
        id=f"{number:010x}" if rng.random() < 0.9 else None,
    )
