"""Weekday and month names without a full date ("on Friday", "every March"): compared by name."""

from __future__ import annotations

import pytest

from relay.checks import REGISTRY, Context, Translation
from relay.checks.calendar_names import changed


def run(source: str, target: str, lang: str) -> list[str]:
    item = Translation("r", lang, "en", "u1", source, target)
    return list(REGISTRY["date-value"].run(item, Context()))


@pytest.mark.parametrize(
    ("source", "target", "lang", "expected"),
    [
        (
            "The report will be presented on Friday in Geneva.",
            "Le rapport sera présenté jeudi à Genève.",
            "fr",
            ["weekday “Friday” became “jeudi”: write vendredi"],
        ),
        (
            "The meeting takes place every March.",
            "La réunion a lieu chaque année en avril.",
            "fr",
            ["month “March” became “avril”: write mars"],
        ),
        (
            "The report will be presented on Friday in Geneva.",
            "Доклад будет представлен в четверг в Женеве.",
            "ru",
            ["weekday “Friday” became “четверг”: write пятница, in the case the sentence needs"],
        ),
        # Russian months in the genitive, nominative and prepositional.
        (
            "The meeting takes place every March.",
            "Совещание проходит ежегодно в апреле.",
            "ru",
            ["month “March” became “апреле”: write март, in the case the sentence needs"],
        ),
        (
            "Prices have risen since January.",
            "Цены растут с февраля.",
            "ru",
            ["month “January” became “февраля”: write январь, in the case the sentence needs"],
        ),
        (
            "It was a cold January.",
            "Это был холодный февраль.",
            "ru",
            ["month “January” became “февраль”: write январь, in the case the sentence needs"],
        ),
        # A weekday beside a full date: the date is date-value's, the weekday is compared too.
        (
            "on Friday, 19 April 2013",
            "le jeudi 19 avril 2013",
            "fr",
            ["weekday “Friday” became “jeudi”: write vendredi"],
        ),
        (
            "from Monday to Friday",
            "du lundi au jeudi",
            "fr",
            ["weekday “Friday” became “jeudi”: write vendredi"],
        ),
    ],
)
def test_a_changed_weekday_or_month_is_a_date_value_error(
    source: str, target: str, lang: str, expected: list[str]
) -> None:
    assert run(source, target, lang) == expected


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("on Friday", "vendredi", "fr"),
        ("on Friday", "Vendredi, le rapport", "fr"),
        ("every March", "chaque année en mars", "fr"),
        # Russian in every case: genitive, nominative, prepositional, accusative, dative plural.
        ("since March", "с марта", "ru"),
        ("every March", "каждый март", "ru"),
        ("in March", "в марте", "ru"),
        ("in May", "в мае", "ru"),
        ("on Friday", "в пятницу", "ru"),
        ("on Sunday", "в воскресенье", "ru"),
        ("every Monday", "по понедельникам", "ru"),
        ("on Wednesday", "в среду", "ru"),
        # "среда" is also the environment: not a weekday in place of Friday.
        ("on Friday", "в пятницу, с учётом воздействия на окружающую среду", "ru"),
        ("The Friday meeting", "Совещание по вопросам окружающей среды", "ru"),
        # Said another way, with no other name in its place: not reported.
        ("on Friday", "le même jour", "fr"),
        ("every March", "chaque printemps", "fr"),
        # A name left in the source's language is the same name (date-format's, if anything).
        ("on Friday", "le Friday", "fr"),
        # Months of full dates are date-value's own comparison, reported once (by the date).
        ("in March 2016", "en mars 2016", "fr"),
        # Not names: the verb "may", "sept" (seven), "mer" (the sea).
        ("It may rise by seven per cent.", "Il pourrait augmenter de sept pour cent.", "fr"),
        ("by the sea", "au bord de la mer", "fr"),
        # A name the translation adds is not a change (it is an addition, below).
        ("this week", "cette semaine, vendredi", "fr"),
    ],
)
def test_the_same_name_or_none_is_not_reported(source: str, target: str, lang: str) -> None:
    assert changed(source, target, lang, "en") == ()


def test_a_changed_month_in_a_full_date_is_reported_once() -> None:
    [message] = run("on 19 April 2013", "le 19 mai 2013", "fr")
    assert message.startswith("date “19 April 2013” became “19 mai 2013”")


@pytest.mark.parametrize(
    ("source", "target", "lang", "expected"),
    [
        # A table's cell: the whole text. The name to write is as wide as the one written.
        ("Fri", "jeu.", "fr", ["weekday “Fri” became “jeu.”: write ven."]),
        ("Mar", "avr.", "fr", ["month “Mar” became “avr.”: write mars"]),
        ("Fri", "чт", "ru", ["weekday “Fri” became “чт”: write пт"]),
        ("Mar", "апр.", "ru", ["month “Mar” became “апр.”: write март"]),
        # Joined to another name: a range, a list.
        ("Open Mon–Fri", "Ouvert lun.–jeu.", "fr", ["weekday “Fri” became “jeu.”: write ven."]),
        ("Mon–Fri", "пн–чт", "ru", ["weekday “Fri” became “чт”: write пт"]),
        ("Sat/Sun", "ven./dim.", "fr", ["weekday “Sat” became “ven.”: write sam."]),
        ("Mar–May", "avr.–mai", "fr", ["month “Mar” became “avr.”: write mars"]),
        # A weekday before a day's number, or before a full date (the date compared as one).
        ("Deadline: Fri 5", "Délai : jeu. 5", "fr", ["weekday “Fri” became “jeu.”: write ven."]),
        ("Fri, 5 June", "jeu. 5 juin", "fr", ["weekday “Fri” became “jeu.”: write ven."]),
        (
            "Sat 6 June 2026",
            "в пятницу, 6 июня 2026 года",
            "ru",
            ["weekday “Sat” became “пятницу”: write суббота, in the case the sentence needs"],
        ),
        # An abbreviation that is no word, anywhere; in its place a full name.
        ("by Fri.", "avant jeudi.", "fr", ["weekday “Fri” became “jeudi”: write vendredi"]),
        ("Sales rose in Oct and Nov.", "Les ventes ont augmenté en nov. et déc.", "fr",
         ["month “Oct” became “déc.”: write oct."]),
        ("on Friday", "le jeu. prochain", "fr", ["weekday “Friday” became “jeu.”: write ven."]),
    ],
)  # fmt: skip
def test_a_changed_abbreviated_weekday_or_month_is_a_date_value_error(
    source: str, target: str, lang: str, expected: list[str]
) -> None:
    assert run(source, target, lang) == expected


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Fri", "ven.", "fr"),
        ("Mon–Fri", "lun.–ven.", "fr"),
        ("Mon–Fri", "пн–пт", "ru"),
        ("Sat/Sun", "Sam./Dim.", "fr"),
        ("Mar", "mars", "fr"),
        ("Fri 5", "пт, 5", "ru"),
        ("Reply by Fri.", "Répondez avant vendredi.", "fr"),
        # English words and names: not read as names where they stand in a sentence.
        ("The Sun will rise on Wed.", "Le soleil se lèvera jeudi.", "fr"),
        ("Jan Smith said: “Mar the plan and you Sat on it”.", "Jan Smith a dit : mardi.", "fr"),
        ("On Mon ami, a film.", "Sur « Mon ami », un film, jeudi.", "fr"),
        # French and Russian words: a game, the sea, seven; twelve points, "compare".
        ("Friday: it is a game.", "Vendredi : c'est un jeu.", "fr"),
        ("Friday by the sea.", "Vendredi au bord de la mer.", "fr"),
        ("On Friday, there were seven.", "Vendredi, ils étaient sept.", "fr"),
        ("On Friday, in 12 pt type", "В пятницу, шрифтом 12 пт", "ru"),
        ("On Friday (compare 5)", "В пятницу (ср. 5)", "ru"),
    ],
)
def test_an_abbreviation_is_read_only_where_it_is_a_name(
    source: str, target: str, lang: str
) -> None:
    assert changed(source, target, lang, "en") == ()


def test_a_dot_a_sentence_ends_at_is_not_an_abbreviation() -> None:
    assert changed("on Friday", "C'est un jeu. Écoutez vendredi.", "fr", "en") == ()


@pytest.mark.parametrize(
    ("source", "target", "lang", "expected"),
    [
        (
            "The meeting is next week.",
            "La réunion a lieu vendredi.",
            "fr",
            ["weekday “vendredi” is not in the source: remove it, or check the source"],
        ),
        (
            "The meeting is next week.",
            "Совещание состоится в пятницу.",
            "ru",
            ["weekday “пятницу” is not in the source: remove it, or check the source"],
        ),
        (
            "The report is due this month.",
            "Le rapport est attendu en mars.",
            "fr",
            ["month “mars” is not in the source: remove it, or check the source"],
        ),
        (
            "The meeting is on Friday.",
            "La réunion a lieu vendredi et samedi.",
            "fr",
            ["weekday “samedi” is not in the source: remove it, or check the source"],
        ),
        (
            "Open every week",
            "Ouvert lun.–ven.",
            "fr",
            [
                "weekday “lun.” is not in the source: remove it, or check the source",
                "weekday “ven.” is not in the source: remove it, or check the source",
            ],
        ),
        # A weekday before a full date must be that date's day (19 April 2013 was a Friday).
        (
            "The seminar took place on 19 April 2013.",
            "Le séminaire a eu lieu le jeudi 19 avril 2013.",
            "fr",
            ["weekday “jeudi” is not the day of “19 avril 2013”: write vendredi"],
        ),
        (
            "The seminar took place on 19 April 2013.",
            "Семинар состоялся в четверг, 19 апреля 2013 года.",
            "ru",
            ["weekday “четверг” is not the day of “19 апреля 2013”: write пятница"],
        ),
    ],
)
def test_a_weekday_or_month_the_translation_adds_is_a_date_value_error(
    source: str, target: str, lang: str, expected: list[str]
) -> None:
    assert run(source, target, lang) == expected


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        # The day of the date it stands before (19 April 2013 was a Friday).
        ("on 19 April 2013", "le vendredi 19 avril 2013", "fr"),
        ("on 19 April 2013", "в пятницу, 19 апреля 2013 года", "ru"),
        # A date without its year: its day cannot be told, the date is the source's.
        ("on 19 April", "le jeudi 19 avril", "fr"),
        # A name the source writes as it is: a proper noun, not a date.
        ("The Mars mission was launched.", "La mission Mars a été lancée.", "fr"),
        ("Mardi Gras parade", "Le défilé de Mardi Gras", "fr"),
        # An abbreviation the source may mean as a name, though it is not read as one.
        ("The office opens on Wed after the holiday.", "Le bureau ouvre mercredi.", "fr"),
        # Months inside full dates are the dates' own.
        ("on 2016-03-05", "le 5 mars 2016", "fr"),
        # Words that are not names.
        ("It may rise by seven per cent.", "Il pourrait augmenter de sept pour cent.", "fr"),
        ("by the sea", "au bord de la mer", "fr"),
        ("It is a game.", "C'est un jeu.", "fr"),
        ("in 12 pt type", "шрифтом 12 пт", "ru"),
        ("impact on the environment", "воздействие на окружающую среду", "ru"),
    ],
)
def test_what_is_not_an_added_name(source: str, target: str, lang: str) -> None:
    assert run(source, target, lang) == []


@pytest.mark.parametrize("lang", ["ar", "ja", "zh", "de"])
def test_languages_whose_abbreviations_are_full_names_or_hold_digits(lang: str) -> None:
    # Arabic's abbreviations are its full names: a pattern of none matched the empty text.
    friday = {"ar": "(يوم الجمعة)", "ja": "(金曜日)", "zh": "(星期五)", "de": "(am Freitag)"}[lang]
    assert run("on Friday", friday, lang) == []
    assert run("Fri", "10", lang) == []
