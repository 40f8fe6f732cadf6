"""Tests for relay.sources.sentences: Golden Rules, press-release cases and properties."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.paths import DATA

from relay.sources.sentences import sentence_starts

GOLDEN = DATA / "segmentation" / "golden_rules"  # parametrizes tests: needed while collecting

# Pragmatic Segmenter's default mode ends a sentence at every single line break; relay takes a
# single line break for a soft wrap (as HTML, Markdown and hard-wrapped text do), which is also
# what the doc_type="pdf" cases de-005, de-030, de-031 and es-034 expect.
LINE_BREAK_CASES = {
    "de-026": "a single line break ends 'Anna Anderson' with no punctuation",
    "de-032": "a word list with one word per line and no punctuation",
    "es-032": "'Señores:' ends at a single line break",
}


def split(text: str, lang: str) -> list[str]:
    """Return the sentences, each stripped and with whitespace runs folded."""
    bounds = [0, *sentence_starts(text, lang), len(text)]
    pieces = (text[start:end] for start, end in itertools.pairwise(bounds))
    return [" ".join(piece.split()) for piece in pieces if piece.strip()]


def golden(name: str) -> list[dict[str, object]]:
    """Return the split-only cases of a Golden Rules file."""
    cases = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    return [case for case in cases if case.get("derived_split_only")]


def golden_params(*names: str) -> list[object]:
    """Return one pytest parameter per case, marking the ones relay deliberately differs on."""
    params: list[object] = []
    for name in names:
        for case in golden(name):
            marks = []
            if case["id"] in LINE_BREAK_CASES:
                reason = f"single line break: {LINE_BREAK_CASES[str(case['id'])]}"
                marks.append(pytest.mark.xfail(reason=reason, strict=True))
            params.append(pytest.param(case, name[:2], id=str(case["id"]), marks=marks))
    return params


def expected(case: dict[str, object]) -> list[str]:
    """Return a case's expected sentences, whitespace folded."""
    sentences = case["expected"]
    assert isinstance(sentences, list)
    return [" ".join(str(sentence).split()) for sentence in sentences]


def case_lang(case: dict[str, object], default: str) -> str:
    """Return the language a case was written for."""
    options = case.get("options") or {}
    assert isinstance(options, dict)
    return str(options.get("language") or default)


def test_english_golden_rules_score_48_of_48() -> None:
    cases = golden("en_grs48")
    passed = [case["id"] for case in cases if split(str(case["text"]), "en") == expected(case)]
    assert len(cases) == 48
    assert len(passed) == 48


@pytest.mark.parametrize(("case", "lang"), golden_params("en_grs48", "fr", "ru", "de", "es"))
def test_golden_rule(case: dict[str, object], lang: str) -> None:
    assert split(str(case["text"]), case_lang(case, lang)) == expected(case)


SEED = (
    "The seminar was opened by Mr. Asset Issekeshev, Deputy Prime Minister and Minister of "
    "Industry and New Technologies of the Republic of Kazakhstan. Mr. Kanysh Tuleushin, "
    "Vice-Minister of Industry and New Technologies, presented the current draft of the "
    "methodology."
)

PRESS_RELEASES = [
    ("en", "Contact Ms. Jane Doe, Prof. Smith or Dr. Lee.", 1),
    ("en", "The rate rose 1.5 per cent, from 3.14 in No. 5 of Vol. 3, pp. 12-14.", 1),
    ("en", "See www.unece.org or write to info.ece@unece.org for details.", 1),
    ("en", "Write to info.ece@unece.org. We answer within a day.", 2),
    ("en", "My name is Jonas E. Smith and I work for J. R. Ewing Ltd. in Dallas.", 1),
    ("en", "He paused… and then continued.", 1),
    ("en", "He paused… Then he continued.", 2),
    ("en", 'He said "stop." Then he left.', 2),
    ("en", "“We welcome this initiative,” said Ms. Smith. “It is timely.” She left.", 3),
    ("en", "The U.S. and the U.K. signed, e.g. in Geneva, i.e. at the U.N. office.", 1),
    ("en", "Sales rose in the U.S. The rest of the world lagged.", 2),
    ("en", "The meeting starts at 10 a.m. CET on Sept. 12 in Geneva.", 1),
    ("en", "The meeting ended at 6 p.m. The delegates left.", 2),
    ("en", "Acme Inc. and Foo Ltd. signed with Bar Co. at noon, vs. approx. 20 others, etc.", 1),
    ("en", "Participants included universities, research centres, etc. The list follows.", 2),
    ("en", "See Art. 5, fig. 3 and Tel. 22 917 44 44 for details.", 1),
    ("en", "The review (see p. 5) was published in 2012. It was well received!", 2),
    ("en", "The plan has steps: 1. Research 2. Development 3. Deployment", 3),
    ("en", "First line of a paragraph\nwrapped in the source. Next sentence.", 2),
    ("en", "Note to editors\n\nInnovation reviews are published by UNECE.", 2),
    ("en", "Topics:\n• transport\n• energy", 3),
    ("en-GB", "Mr. Smith arrived. Mrs. Smith followed.", 2),
    ("fr", "Vraiment\u00a0? Oui.", 2),
    ("fr", "M. Dupont et Mme Martin ont reçu MM. Durand et Petit, p. ex. à Genève.", 1),
    ("fr", "Il a dit\u00a0: «\u00a0Merci. À bientôt.\u00a0» Puis il est parti.", 2),
    ("fr-CA", "Les ouvrages de Intercept Ltd. sont ici, etc. Le reste suit.", 2),
    ("ru", "В 2013 г. в г. Астана, ул. Ленина, д. 5, стр. 2, т.е. в центре, был семинар.", 1),
    ("ru", "Стоимость составила 5 млн. руб. и т.д. Проект продолжится в 2014 г.", 2),
    ("ru", "Он сказал: «Хорошо. Спасибо». Потом ушёл.", 2),
    ("ru", "Выступил проф. А. И. Семенов им. Пушкина.", 1),
    ("de", "Das gilt z.B. für Nr. 5 bzw. Nr. 6, ca. 5 Euro usw. Dr. Müller kam am 3. Oktober.", 2),
    ("de", "Die Information steht auf Seite 12. Dort kannst du nachlesen.", 2),
    ("de", "Im 19. Jahrhundert kam z. B. die Eisenbahn.", 1),
    ("es", "El Sr. García y la Sra. López, con Dña. Ana, p.ej. en Madrid, etc. Luego llegó.", 2),
    ("es", "¿Vienes? ¡Claro! Te espero.", 3),
    ("pt_BR", "O Dr. Silva chegou. A reunião começou.", 2),
    ("xx", "Dr. Who arrived at 5 p.m. Geneva time. Everyone cheered.", 2),
]


def test_seed_paragraph_is_two_sentences() -> None:
    assert split(SEED, "en") == [
        "The seminar was opened by Mr. Asset Issekeshev, Deputy Prime Minister and Minister of "
        "Industry and New Technologies of the Republic of Kazakhstan.",
        "Mr. Kanysh Tuleushin, Vice-Minister of Industry and New Technologies, presented the "
        "current draft of the methodology.",
    ]


@pytest.mark.parametrize(("lang", "text", "count"), PRESS_RELEASES)
def test_press_release_sentence_counts(lang: str, text: str, count: int) -> None:
    assert len(split(text, lang)) == count, split(text, lang)


def test_no_boundary_without_whitespace() -> None:
    assert sentence_starts("Hello.World is one sentence.Really", "en") == []


def test_leading_whitespace_never_gives_a_start() -> None:
    text = "  \n\n  Hello there. Bye."
    assert sentence_starts(text, "en") == [text.index("Bye")]


FRAGMENTS = [
    "Mr.",
    "Dr.",
    "U.S.",
    "e.g.",
    "etc.",
    "1.5",
    "No.",
    "5.",
    "a.m.",
    "p.m.",
    "Inc.",
    "z.B.",
    "т.е.",
    "г.",
    "Sr.",
    "M.",
    "...",
    "…",
    ". . .",
    "?",
    "!",
    "?!",
    "«",
    "»",
    "“",
    "”",
    '"',
    "'",
    "(",
    ")",
    "[",
    "]",
    "•",
    "-",
    "--",
    "—",
    "¿",
    "¡",
    "1)",
    "a.",
    "I.",
    "E.",
    "www.a.org",
    "x@y.z",
    "Hello",
    "world",
    "The",
    "it",
    "Он",
    "Oui",
    "\u00a0",
    "\u202f",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    ",",
    ":",
    ";",
    "$",
    "€",
    "\u2029",
]
texts = st.one_of(
    st.text(),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join),
)
langs = st.sampled_from(["en", "fr", "ru", "de", "es", "en-GB", "pt_BR", "xx", "", "generic"])


@settings(max_examples=500)
@given(texts, langs)
def test_offsets_are_sentence_starts(text: str, lang: str) -> None:
    starts = sentence_starts(text, lang)
    assert starts == sorted(set(starts))
    for start in starts:
        assert 0 < start < len(text)
        assert not text[start].isspace()
        assert text[start - 1].isspace()


@given(texts, langs)
def test_is_deterministic(text: str, lang: str) -> None:
    assert sentence_starts(text, lang) == sentence_starts(text, lang)
