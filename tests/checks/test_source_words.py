"""Translations that are the source's words: copied and touched up, or half left in English.

And their neighbour: a copy that differs from its source only by a comma or a number's format
(``same-as-source``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from relay.catalogs.po import read_po
from relay.checks import REGISTRY, Context, Term, Translation
from relay.checks.glossary import read_glossary

REPO = Path(__file__).resolve().parents[2]
INVESTMENT = (
    "Investment in safer roads returns as much as 4.5 times its cost, according to the programme."
)


def run(check: str, source: str, target: str, lang: str = "fr", terms=()) -> list[str]:
    item = Translation("r", lang, "en", "u1", source, target)
    return list(REGISTRY[check].run(item, Context(tuple(terms))))


@pytest.mark.parametrize(
    ("target", "lang"),
    [
        # The audit's: "copy source" in a PO editor, then a comma removed and 4.5 made 4,5.
        (
            "Investment in safer roads returns as much as 4,5 times its cost according to the"
            " programme.",
            "ru",
        ),
        (
            "Investment in safer roads returns as much as 4.5 times its cost according to the"
            " programme",
            "fr",
        ),
        (
            "investment in safer roads returns as much as 4.5 times its cost, according to the"
            " programme.",
            "fr",
        ),
    ],
)
def test_a_copy_with_a_comma_or_a_number_changed_is_the_same_as_the_source(
    target: str, lang: str
) -> None:
    assert run("same-as-source", INVESTMENT, target, lang) != []
    assert run("source-words", INVESTMENT, target, lang) == []  # reported once, not twice


@pytest.mark.parametrize(
    ("target", "lang", "expected"),
    [
        # Half a sentence left in English: the run copied is named.
        (
            "Selon le programme, investment in safer roads returns as much as 4,5 times its cost.",
            "fr",
            "“investment in safer roads returns as much as 4,5 times its cost” is the"
            " source's text, not translated",
        ),
        (
            "По данным программы, investment in safer roads returns as much as 4,5 times its cost.",
            "ru",
            "“investment in safer roads returns as much as 4,5 times its cost” is the"
            " source's text, not translated",
        ),
        # Reordered, a few words translated: no run of five, but most words are the source's.
        (
            "Investment in safer roads returns jusqu’à 4,5 fois its cost according to programme.",
            "fr",
            "9 of the translation's 11 words are the source's",
        ),
    ],
)
def test_a_translation_mostly_of_the_source_words_is_an_error(
    target: str, lang: str, expected: str
) -> None:
    [message] = run("source-words", INVESTMENT, target, lang)
    assert message.startswith(expected)
    assert REGISTRY["source-words"].severity == "error"


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        (
            INVESTMENT,
            "Selon le programme, l’investissement dans des routes plus sûres rapporte"
            " jusqu’à 4,5 fois son coût.",
            "fr",
        ),
        # A title kept in English, quoted, or in capitals; names; acronyms; URLs; e-mail.
        (
            "The report “Road safety in a changing world: lessons from five countries” is out.",
            "Le rapport « Road safety in a changing world: lessons from five countries » est paru.",
            "fr",
        ),
        (
            "The European Road Assessment Programme of the Automobile Association presented it.",
            "Европейская программа оценки дорог (European Road Assessment Programme of the"
            " Automobile Association) представила его.",
            "ru",
        ),
        (
            "Write to info.ece@unece.org or see http://www.unece.org/trans/roadsafe/welcome.html"
            " for the terms of reference and the list of the members of the group.",
            "Écrire à info.ece@unece.org ou voir http://www.unece.org/trans/roadsafe/welcome.html"
            " pour le mandat et la liste des membres du groupe.",
            "fr",
        ),
        # Words French shares with English, not in a run: "programme", "national", "transport".
        (
            "The national transport programme covers innovation and information systems.",
            "Le programme national de transport couvre l’innovation et les systèmes d’information.",
            "fr",
        ),
        # Entities and markup are code, not words: "=quot, &=amp, <=lt, >=gt, '=apos".
        (
            "Special chars: \"=quot, &=amp, <=lt, >=gt, '=apos, and more",
            "Caractères spéciaux : \"=quot, &=amp, <=lt, >=gt, '=apos, et plus",
            "fr",
        ),
        # The source language written by another name: not checked.
        (INVESTMENT, "Investment in safer roads returns as much as 4.5 times its cost.", "en-GB"),
    ],
)
def test_names_titles_addresses_and_translations_are_not_reported(
    source: str, target: str, lang: str
) -> None:
    assert run("source-words", source, target, lang) == []


def test_do_not_translate_terms_are_the_source_s_words_by_right() -> None:
    source = "The Safe System approach to road safety design was adopted by all of the members."
    target = "L’approche the safe system approach to road safety design a été adoptée par tous."
    assert run("source-words", source, target) != []
    term = Term("safe system approach to road safety design", "*", kind="do-not-translate")
    assert run("source-words", source, target, terms=[term]) == []


def _sample_translations() -> list[Translation]:
    items = []
    for lang in ("fr", "ru"):
        for path in sorted((REPO / "locales" / lang).glob("*.po")):
            catalog = read_po(path.read_bytes(), path=str(path))
            items += [
                Translation(path.stem, lang, "en", entry.msgid, entry.msgid, entry.msgstr)
                for entry in catalog
                if entry.msgstr
            ]
    return items


@pytest.mark.parametrize("terms", ["none", "glossary"])
def test_the_sample_project_s_translations_give_no_finding(terms: str) -> None:
    """Every real translation of the sample project (206 French and Russian units) passes the
    checks for copied source words, punctuation alone and weekday and month names, with the
    glossary and without it (its do-not-translate terms are then counted as words)."""
    glossary = read_glossary((REPO / "glossary.csv").read_bytes(), path="glossary.csv")
    context = Context(glossary if terms == "glossary" else ())
    items = _sample_translations()
    assert len(items) > 200
    found = [
        (item.slug, item.lang, check, message)
        for item in items
        for check in ("source-words", "same-as-source", "blank", "date-value")
        for message in REGISTRY[check].run(item, context)
    ]
    assert found == []
