"""Single checks on single units: what each accepts and what it reports."""

from __future__ import annotations

import pytest

from relay.checks import REGISTRY, Context, Term, Translation
from relay.checks.glossary import read_glossary
from relay.checks.suppression import apply, comment_for, fingerprint

UNECE = (Term("UNECE", "fr", "CEE-ONU"), Term("UNECE", "ru", "ЕЭК ООН"))


def run(check: str, source: str, target: str, lang: str = "fr", terms=()) -> list[str]:
    item = Translation("r", lang, "en", "u1", source, target)
    return list(REGISTRY[check].run(item, Context(tuple(terms))))


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("1,000.5 tonnes", "1\u202f000,5 tonnes", "fr"),
        ("1,000.5 tonnes", "1\u00a0000,5 тонны", "ru"),
        ("on 19 April 2013", "le 19 avril 2013", "fr"),
        ("on 19 April 2013", "19\u00a0апреля 2013\u00a0года", "ru"),
        ("3.5 million people", "3,5\u00a0млн человек", "ru"),
        ("ten days later", "dix jours plus tard", "fr"),
        ("at 2 p.m.", "à 14 h 30", "fr"),
    ],
)
def test_values_compared_by_value(source: str, target: str, lang: str) -> None:
    problems = run("number-value", source, target, lang) + run("date-value", source, target, lang)
    if "2 p.m." in source:
        assert problems == [
            "time “2 p.m.” became “14 h 30”: write the time of the source (2 p.m.) in French"
        ]
    else:
        assert problems == []


def test_unlocalised_number_is_a_warning_not_an_error() -> None:
    assert run("number-value", "1,000.5", "1,000.5") == []
    assert run("number-format", "1,000.5", "1,000.5") == [
        "“1,000.5” is written the English way; in French: 1\u202f000,5"
    ]


def test_a_number_left_in_english_is_one_finding_that_says_what_to_write() -> None:
    source = "The work will cost €2.4 billion over ten years."
    target = "Les travaux coûteront 2.4 milliards d’euros sur dix ans."
    assert run("number-value", source, target) == []
    assert run("number-format", source, target) == [
        "“2.4” is written the English way; in French: 2,4"
    ]
    # Read the French way, "3.5 %" is "3" and "5 %": it is one value, changed, written in English.
    assert run("number-value", "Up to 3% of GDP.", "Jusqu’à 3.5 % du PIB.") == [
        "number “3” became “3.5”: write 3"
    ]
    assert run("number-value", "Up to 3.5% of GDP.", "Jusqu’à 3.5 % du PIB.") == []
    assert run("number-format", "Up to 3.5% of GDP.", "Jusqu’à 3.5 % du PIB.") == [
        "“3.5” is written the English way; in French: 3,5"
    ]


def test_a_lost_scale_word_is_named_not_the_digits_already_written() -> None:
    # The digits are localised right; "million" is gone: a false amount, and the message
    # must not ask for the digits that are already there.
    assert run(
        "number-value",
        "Exports reached 8.7 million tonnes.",
        "Les exportations ont atteint 8,7 tonnes.",
    ) == [
        "number “8.7” means 8,700,000 in the source, “8,7” means 8.7: write its scale word"
        " (thousand, million, billion) as the source does"
    ]
    assert run("number-value", "8.7 million tonnes", "8,7 millions de tonnes") == []


def test_wrong_year_is_an_error() -> None:
    assert run("date-value", "19 April 2013", "19 avril 2012") == [
        "date “19 April 2013” became “19 avril 2012”: write 19 avril 2013"
    ]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("Lien\u00a0: ici", []),
        ("Lien\u202f: ici", []),
        ("Vraiment\u202f?", []),
        ("Vraiment\u00a0?", []),
        ("Lien : ici", ["1 typography fix to make (no-break space before “:”)"]),
        ("Vraiment?", ["1 typography fix to make (no-break space before “?”)"]),
        ("taux de 1 %", ["1 typography fix to make (no-break space before “%”)"]),
        ("taux de 1\u00a0%", []),
        ("à 11:00, voir http://x.org/a?b", []),
        (
            "« Oui », a-t-il dit : 85 000",
            [
                "4 typography fixes to make (no-break space before “:”, no-break space after"
                " “«”, no-break space before “»”, no-break thousands separator)"
            ],
        ),
    ],
)
def test_french_spacing(target: str, expected: list[str]) -> None:
    """What --fix makes is one finding of fixable-typography (info), not a warning each."""
    assert run("punctuation-spacing", "Link: here", target) == []
    fixable = run("fixable-typography", "Link: here", target)
    them = ["it" if message.startswith("1 ") else "them" for message in expected]
    assert fixable == [
        f"{m}: relay check --fix makes {t}" for m, t in zip(expected, them, strict=True)
    ]


def test_a_word_on_each_side_of_a_standalone_placeholder_is_not_repeated() -> None:
    # "<1/>" stands for words of its own (kept words, an image): "et Brand X et".
    assert run("repeated-word", "A <1/> and <2/> and b.", "A <1/> et <2/> et b.") == []
    assert run("repeated-word", "A and b.", "A et et b.") == ["repeated word “et et”: remove one"]
    assert run("repeated-word", "A <1>b</1> c.", "Le <1>le</1> c.") == [
        "repeated word “Le le”: remove one"
    ]


def test_other_languages_still_get_a_space_before_a_colon_reported() -> None:
    assert run("punctuation-spacing", "Say: yes", "Say : yes", "en") == [
        "space before “:”: remove it"
    ]


def test_swiss_french_may_write_question_marks_tight() -> None:
    assert run("punctuation-spacing", "Really?", "Vraiment?", "fr-CH") == []


def test_repeated_words_allow_french_reflexives() -> None:
    assert run("repeated-word", "We meet.", "Nous nous réunissons.") == []
    assert run("repeated-word", "The report.", "Le le rapport.") == [
        "repeated word “Le le”: remove one"
    ]


def test_placeholder_messages_say_what_to_do() -> None:
    assert run("placeholders", "Mr. Moreau of the <1/> programme", "M. Moreau du programme") == [
        "placeholder <1/> is missing: put it back where the source has it (the comment says"
        " what it stands for)"
    ]
    assert run("placeholders", "See <1>the report</1>.", "Voir le rapport.") == [
        "placeholder <1>…</1> is missing: put it back around the words it marks in the source"
    ]


def test_placeholders_may_move_but_not_break() -> None:
    assert run("placeholders", "a <1>b</1> <2/>", "<2/> <1>b</1> a") == []
    assert run("placeholders", "a <1>b</1>", "a <1>b</1> <1>c</1>") != []


def test_same_as_source_exempts_names_codes_and_acronyms() -> None:
    assert run("same-as-source", "Kazakhstan", "Kazakhstan") == []
    assert run("same-as-source", "UNECE (WP.1)", "UNECE (WP.1)") == []
    assert run("same-as-source", "Information Unit", "Information Unit") != []
    assert run("same-as-source", "Information Unit", "Information Unit", "en-GB") == []


def test_terms_tolerate_russian_inflection() -> None:
    terms = (Term("Water Convention", "ru", "Конвенция по водам"),)
    assert (
        run("term-required", "The Water Convention text", "Текст Конвенции по водам", "ru", terms)
        == []
    )
    assert run("term-required", "UNECE helps", "ЕЭК помогает", "ru", UNECE) == [
        "“UNECE” should be translated as “ЕЭК ООН” (the glossary's)"
    ]


def test_acronym_translated_by_the_glossary_is_not_missing() -> None:
    assert run("acronyms", "UNECE helps", "La CEE-ONU aide", terms=UNECE) == []
    assert run("acronyms", "The OECD helps", "L’OCDE aide") == []  # an anagram
    assert run("acronyms", "The OECD helps", "Elle aide") == [
        "acronym OECD is not in the translation: write OECD or its usual form"
    ]


def run_with(check: str, source: str, target: str, context: Context) -> list[str]:
    return list(REGISTRY[check].run(Translation("r", "fr", "en", "u1", source, target), context))


def test_an_acronym_written_as_the_approved_translations_write_it_is_not_reported() -> None:
    known = Context((), (("fr", "UNECE", "CEE-ONU"), ("fr", "UN", "ONU")))
    for context in (known, Context()):
        assert run_with("acronyms", "UNECE helps.", "La CEE-ONU aide.", context) == []
    assert run_with("acronym-form", "UNECE helps.", "La CEE-ONU aide.", known) == []
    # The first time a form is seen it is information, not a warning.
    assert run_with("acronym-form", "UNECE helps.", "La CEE-ONU aide.", Context()) == [
        "UNECE is written CEE-ONU here, a form not yet established in this project's approved"
        " translations: if it is right, nothing to do"
    ]
    # A form stands for one acronym: another one dropped is still a warning.
    assert run_with("acronyms", "UNECE and OECD help.", "La CEE-ONU aide.", known) == [
        "acronym OECD is not in the translation: write OECD or its usual form"
    ]
    # One form may stand for two acronyms: ООН in "ЕЭК ООН" and for "UN".
    ru = Context((), (("ru", "UNECE", "ЕЭК"), ("ru", "UNECE", "ООН"), ("ru", "UN", "ООН")))
    item = Translation("r", "ru", "en", "u1", "UNECE and UN Regulation", "ЕЭК ООН и Правила ООН")
    assert list(REGISTRY["acronym-form"].run(item, ru)) == []
    assert run_with("acronyms", "UNECE helps.", "Elle aide.", known) == [
        "acronym UNECE is not in the translation: write UNECE or its usual form"
    ]


def test_glossary_csv_is_validated() -> None:
    with pytest.raises(Exception, match="kind must be one of"):
        read_glossary(b"source,lang,target,kind\nX,fr,Y,maybe\n", path="g.csv")


def test_a_suppression_is_tied_to_the_text() -> None:
    item = Translation("r", "fr", "en", "u1", "Information Unit", "Information Unit")
    [message] = REGISTRY["same-as-source"].run(item, Context())
    from relay.checks.findings import finding as _finding

    finding = _finding("same-as-source", item, message)
    comment = comment_for(finding)
    assert comment == f"relay-ignore: same-as-source {fingerprint(item.source, item.target)}"
    suppressed = Translation("r", "fr", "en", "u1", item.source, item.target, comments=(comment,))
    assert apply([finding], {("r", "fr", "u1"): suppressed})[0].suppressed
    changed = Translation("r", "fr", "en", "u1", item.source, "Unité", comments=(comment,))
    assert not apply([finding], {("r", "fr", "u1"): changed})[0].suppressed
    assert list(REGISTRY["suppression-lapsed"].run(changed, Context())) != []


def test_every_check_documents_itself() -> None:
    for check in REGISTRY.values():
        assert len(check.doc) > 40, check.id


@pytest.mark.parametrize(
    ("source", "target", "lang", "expected"),
    [
        # One number in words put in place of another: a false value no digit shows.
        ("The launch comes ten days after the summit.",
         "Le lancement intervient onze jours après le sommet.", "fr",
         ["number “ten” became “onze”: write the source's number (10)"]),
        ("Three of the four countries signed.", "Trois des cinq pays ont signé.", "fr",
         ["number “four” became “cinq”: write the source's number (4)"]),
        ("Ten days later.", "Через одиннадцать дней.", "ru",
         ["number “Ten” became “одиннадцать”: write the source's number (10)"]),
        # From 13 to 20 and the tens: a compound is not read as its first part.
        ("fifteen countries signed", "seize pays ont signé", "fr",
         ["number “fifteen” became “seize”: write the source's number (15)"]),
        ("seventeen countries signed", "dix-huit pays ont signé", "fr",
         ["number “seventeen” became “dix-huit”: write the source's number (17)"]),
        ("Forty delegations came.", "Пришли пятьдесят делегаций.", "ru",
         ["number “Forty” became “пятьдесят”: write the source's number (40)"]),
        ("Fourteen experts met.", "Встретились четырнадцать экспертов.", "ru", []),
        ("seventeen countries signed", "dix-sept pays ont signé", "fr", []),
        ("seventy countries", "soixante-dix pays", "fr", []),
        ("ninety countries", "quatre-vingt-dix pays", "fr", []),
        ("twenty-five countries", "vingt-cinq pays", "fr", []),
        ("15 countries signed", "quinze pays ont signé", "fr", []),
        # Said the same, in words or in digits, or said another way: nothing to report.
        ("ten days later", "dix jours plus tard", "fr", []),
        ("ten days later", "10 jours plus tard", "fr", []),
        ("Three of the four countries signed.", "Trois des quatre pays ont signé.", "fr", []),
        ("the second phase, ten days later", "la deuxième phase, dix jours plus tard", "fr", []),
        ("over twelve months", "en un an", "fr", []),  # left out, nothing in its place
        # "neuf" is also "new": not taken for a nine in place of the source's number.
        ("ten new buses", "des autobus neufs", "fr", []),
        # A language relay has no number words for: not compared.
        ("ten days later", "zehn Tage später", "de", []),
        # A percentage made per mille, or the reverse.
        ("a cut of 50 per cent", "une réduction de 50 ‰", "fr",
         ["number “50” is a percentage (%) in the source and per mille (‰) in the translation:"
          " write it as the source does (%)"]),
        ("a cut of 50 per cent", "une réduction de 50 pour mille", "fr",
         ["number “50” is a percentage (%) in the source and per mille (‰) in the translation:"
          " write it as the source does (%)"]),
        ("a limit of 0.5 per mille", "une limite de 0,5 %", "fr",
         ["number “0.5” is per mille (‰) in the source and a percentage (%) in the translation:"
          " write it as the source does (‰)"]),
        # The same part written the target's way, or not said after the number: not reported.
        ("a cut of 50 per cent", "une réduction de 50 %", "fr", []),
        ("a cut of 50 per cent", "une réduction de 50 pour cent", "fr", []),
        ("a cut of 50 per cent", "сокращение на 50 процентов", "ru", []),
        ("a limit of 0.5 per mille", "предел 0,5 промилле", "ru", []),
    ],
)  # fmt: skip
def test_numbers_in_words_and_percentages_are_compared(
    source: str, target: str, lang: str, expected: list[str]
) -> None:
    assert run("number-value", source, target, lang) == expected


@pytest.mark.parametrize(
    ("source", "target", "lang", "expected"),
    [
        # A number joined to a word by a hyphen is a number, translated as any other...
        ("A 10-year strategy was adopted.", "Une stratégie sur 10 ans a été adoptée.", "fr", []),
        ("a cut of 50 per cent", "50-процентное сокращение", "ru", []),
        ("A 10-year strategy was adopted.", "Une stratégie sur 12 ans a été adoptée.", "fr",
         ["number “10” became “12”: write 10"]),
        # ...while codes mixing letters and digits stay codes, copied as written.
        ("the COVID-19 crisis", "la crise de la COVID-19", "fr", []),
    ],
)  # fmt: skip
def test_a_number_joined_to_a_word_is_a_number_not_a_code(
    source: str, target: str, lang: str, expected: list[str]
) -> None:
    assert run("number-value", source, target, lang) == expected
    assert run("codes", source, target, lang) == []


def test_a_code_joined_by_a_hyphen_is_still_copied_as_written() -> None:
    assert run("codes", "the COVID-19 crisis", "la crise de la COVID", "fr") == [
        "code “COVID-19” is missing or changed: copy it as written (COVID-19)"
    ]
