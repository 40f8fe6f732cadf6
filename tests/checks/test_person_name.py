"""A person's name changed in translation is an error that holds the variant back."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.gating import check_and_publish

from relay.checks.findings import Context, Translation
from relay.checks.names import person_name

SAID = "“Safe roads are not a luxury,” said Eva Molnar, Director of the Transport Division."
TITLED = "The seminar was opened by Mr. Asset Issekeshev, Deputy Prime Minister."


@pytest.mark.parametrize(
    ("source", "target", "lang", "lost"),
    [
        # Changed: after a title, after "said", after "made by"; a surname or a given name.
        (TITLED, "Le séminaire a été ouvert par M. Ivan Petrov, Vice-Premier Ministre.", "fr",
         "“asset”, “issekeshev”"),
        (SAID, "« Des routes sûres ne sont pas un luxe », a déclaré Eva Kovacs.", "fr",
         "“molnar”"),
        (SAID, "„Sichere Straßen sind kein Luxus“, sagte Ivana Molnar.", "de", "“eva”"),
        ("The statement was made by Eva Molnar.", "La déclaration a été faite par Ivana Horvat.",
         "fr", "“eva”, “molnar”"),
        ("“Yes,” said UNECE Executive Secretary Olga Algayerova.", "« Oui », a dit Olga Petrova.",
         "fr", "“algayerova”"),
        ("Mr. Tomas Lindgren leads the project.", "M. Tomas Lindberg dirige le projet.", "fr",
         "“lindgren”"),
        # Kept: as written, without accents, declined, transliterated again, in other words.
        (TITLED, "Le séminaire a été ouvert par M. Asset Issekeshev, Vice-Premier Ministre.",
         "fr", None),
        ("Dr. Helena Marković spoke.", "Mme Helena Markovic a pris la parole.", "fr", None),
        ("Mr. Tomas Lindgren leads the project.", "Projekt prowadzi pan Tomas Lindgren.", "pl",
         None),
        ("Thanks to Mr. Tomas Lindgren.", "Podziękowania dla pana Tomasa Lindgrena.", "pl", None),
        ("Mr. Vladimir Putin arrived.", "M. Vladimir Poutine est arrivé.", "fr", None),
        ("Ms. Ursula von der Leyen spoke.", "Mme Ursula von der Leyen a parlé.", "fr", None),
        ("Mr. J. Smith spoke.", "M. John Smith a parlé.", "fr", None),
        # Left out, with no other name in its place: a rephrase ("il"), not a false name.
        ("Mr. Tomas Lindgren said so.", "Il l’a dit.", "fr", None),
        ("“Yes,” said Eva Molnar.", "« Oui », a-t-elle dit.", "fr", None),
        # No person: an office after a title, an organisation after "said", words after the
        # capitals; another script is not read; a source language without titles known.
        ("Thank you, Mr. President.", "Merci, Monsieur le Président.", "fr", None),
        ("Roads are safer, said the World Bank.", "Les routes sont plus sûres.", "fr", None),
        ("Roads are safer, said World Bank officials.", "Les routes sont plus sûres.", "fr",
         None),
        ("Mr. Tomas Lindgren leads the project.", "Проект возглавляет г-н Иван Петров.", "ru",
         None),
        ("M. Jean Dupont a parlé.", "Mr. Jean Dupont spoke.", "en", None),
        # A headline capitalises every word: only the word after the title is a name.
        ("Mr. Lindgren Leads New Road Safety Review", "M. Lindgren dirige un nouvel examen",
         "fr", None),
        ("Mr. Lindgren Leads New Road Safety Review", "M. Lindberg dirige un nouvel examen",
         "fr", "“lindgren”"),
    ],
)  # fmt: skip
def test_people_named_are_compared(source: str, target: str, lang: str, lost: str | None) -> None:
    source_lang = "fr" if source.startswith("M. ") else "en"
    item = Translation("r", lang, source_lang, "u", source, target)
    messages = list(person_name(item, Context()))
    if lost is None:
        assert messages == []
    else:
        assert len(messages) == 1 and f"(no {lost})" in messages[0]


def test_a_french_source_names_people_after_its_titles() -> None:
    item = Translation("r", "en", "fr", "u", "M. Jean Dupont a parlé.", "Mr. John Smith spoke.")
    [message] = person_name(item, Context())
    assert "“Jean Dupont”" in message


def test_a_changed_name_blocks_the_variant(empty_project: Path) -> None:
    made = "The statement was made by Eva Molnar."
    gated = check_and_publish(empty_project, "2026-12-01-road", "Roads", made, {
        "fr": {"Roads": "Routes", made: "La déclaration a été faite par Ivana Horvat."},
        "ru": {"Roads": "Дороги", made: "Заявление сделала Ева Молнар."},
    })  # fmt: skip
    assert gated.code == 1 and "person-name" in gated.output and "“Eva Molnar”" in gated.output
    assert gated.published == {"ru"}
