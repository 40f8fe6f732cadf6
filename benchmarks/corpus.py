"""A deterministic corpus of press releases for benchmarks: HTML and Markdown, as offices write.

Run from the project root: ``python benchmarks/corpus.py DIR --releases 2000`` makes a relay
project in ``DIR`` (``relay.toml``, ``sources/``) with that many releases. Each release has a
title, a date, 8–15 paragraphs of several sentences with inline links, emphasis and
abbreviations, numbers, dates and titles such as "Mr." and "U.S.", a note to editors and a
contact block; about 20 % of the paragraphs are boilerplate repeated across releases. About
three releases in four are HTML, the others Markdown with YAML front matter.

Release ``i`` depends only on the seed and ``i``, so the first 200 releases of a 2,000-release
corpus are the 200-release corpus. :func:`edit` changes a given share of the releases (one
sentence rewritten, one paragraph added) as an editor would, again deterministically;
:func:`translate_text` stands in for a translator (letters changed, words and markup kept).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from dataclasses import dataclass
from pathlib import Path

SEED = 20130423
HTML_SHARE = 0.75

PEOPLE = [
    "Mr. Asset Issekeshev",
    "Ms. Olga Algayerova",
    "Dr. Helena Marković",
    "Mr. Rustam Nazarov",
    "Ms. Nino Beridze",
    "Mr. Tomas Lindgren",
    "Ms. Ana Pereira",
    "Mr. Jan Kowalski",
    "Ms. Aigerim Sadykova",
    "Mr. Pierre Dubois",
    "Ms. Elena Petrova",
    "Prof. Ahmet Yılmaz",
]
ROLES = [
    "Executive Secretary of UNECE",
    "Deputy Prime Minister",
    "Minister of Transport",
    "Director of the Environment Division",
    "Chair of the Committee on Housing",
    "Vice-Minister of Industry and New Technologies",
    "head of the national delegation",
]
BODIES = [
    "the Water Convention",
    "the Aarhus Convention",
    "the Inland Transport Committee",
    "the Committee on Sustainable Energy",
    "the Working Party on Road Traffic Safety",
    "the Conference of European Statisticians",
    "the Timber Committee",
    "the Committee on Innovation, Competitiveness and Public-Private Partnerships",
]
PLACES = [
    "Geneva",
    "Astana",
    "Tbilisi",
    "Belgrade",
    "Chisinau",
    "Almaty",
    "Kyiv",
    "Minsk",
    "Baku",
    "Yerevan",
    "Bishkek",
    "Dushanbe",
    "Skopje",
    "Sarajevo",
    "Tirana",
    "Podgorica",
]
TOPICS = [
    ("road safety", "traffic deaths", "vehicle regulations"),
    ("water cooperation", "transboundary basins", "flood forecasts"),
    ("innovation policy", "regional innovation systems", "technology transfer"),
    ("housing", "energy-efficient buildings", "urban planning"),
    ("forests", "timber markets", "wood energy"),
    ("statistics", "census data", "gender statistics"),
    ("trade facilitation", "electronic documents", "border crossings"),
    ("air pollution", "emission ceilings", "monitoring networks"),
]
VERBS = [
    "agreed",
    "adopted",
    "launched",
    "discussed",
    "presented",
    "welcomed",
    "reviewed",
    "endorsed",
]
NOUNS = [
    "road map",
    "action plan",
    "set of recommendations",
    "guidelines",
    "framework",
    "assessment",
    "strategy",
    "report",
    "capacity-building programme",
]
ADJECTIVES = ["regional", "national", "new", "joint", "comprehensive", "first", "revised"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
BOILERPLATE = [
    "The United Nations Economic Commission for Europe (UNECE) was set up in 1947 by the "
    "Economic and Social Council of the United Nations. It is one of five regional commissions "
    "of the United Nations and brings together 56 member States in Europe, North America and "
    "Asia.",
    "All interested United Nations Member States may participate in the work of UNECE. Over "
    "70 international professional organizations and other non-governmental organizations "
    "take part in UNECE activities.",
    "UNECE provides a regional framework for the elaboration and harmonization of conventions, "
    "norms and standards. The Commission's experts provide technical assistance to the "
    "countries of South-East Europe and the Commonwealth of Independent States.",
    "For more information, please see the {link}UNECE website{end} or contact the Information "
    "Unit.",
    "Journalists wishing to attend are asked to register with the Information Unit by 5 p.m. "
    "on the day before the meeting.",
]
CONTACT = [
    "United Nations Economic Commission for Europe",
    "Information Unit",
    "Palais des Nations, CH-1211 Geneva 10, Switzerland",
    "Tel.: +41 (0) 22 917 44 44",
    "E-mail: info.ece@unece.org",
]


@dataclass(frozen=True)
class Release:
    slug: str
    date: dt.date
    title: str
    paragraphs: list[list[tuple[str, str]]]  # each a list of (kind, text) runs
    html: bool


def _sentence(rng: random.Random, date: dt.date, topic: tuple[str, str, str]) -> str:
    """One press-release sentence, with names, numbers, dates and abbreviations."""
    kind = rng.randrange(8)
    person, role = rng.choice(PEOPLE), rng.choice(ROLES)
    place, body = rng.choice(PLACES), rng.choice(BODIES)
    day = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {date.year}"
    number = rng.choice(
        [
            str(rng.randint(2, 95)),
            f"{rng.randint(1, 9)}.{rng.randint(1, 9)} million",
            f"{rng.randint(1, 9)},{rng.randint(100, 999)}",
            f"{rng.randint(5, 60)} per cent",
        ]
    )
    noun, adjective, verb = rng.choice(NOUNS), rng.choice(ADJECTIVES), rng.choice(VERBS)
    if kind == 0:
        return (
            f"Delegates from {number} countries {verb} a {adjective} {noun} on {topic[0]} at a "
            f"meeting of {body} held in {place} on {day}."
        )
    if kind == 1:
        return (
            f"{person}, {role}, said that the {noun} would help countries reduce {topic[1]} "
            f"by {number} before {date.year + rng.randint(2, 10)}."
        )
    if kind == 2:
        return (
            f"According to the {adjective} {noun}, approx. {number} of {topic[1]} in the region, "
            f"e.g. in {place} and {rng.choice(PLACES)}, are still not covered."
        )
    if kind == 3:
        return (
            f"Experts from the U.S. Department of State and the European Union presented "
            f"{topic[2]} in {place}, and {person} described the work of {body}."
        )
    if kind == 4:
        return (
            f"“We have {verb} a {noun} that turns the principles of {body} into concrete "
            f"commitments,” said {person}."
        )
    if kind == 5:
        return (
            f"The {adjective} {noun} will be published as ECE/TRANS/{rng.randint(100, 300)} "
            f"at 11 a.m. on {day}, and {number} copies will be distributed to {topic[2]} experts."
        )
    if kind == 6:
        return (
            f"Since {date.year - rng.randint(1, 15)}, {topic[1]} have fallen by {number} in "
            f"{place}, while {topic[2]} have improved in {rng.randint(3, 40)} countries."
        )
    return f"The next session of {body} will take place in {place} from {day}."


def _paragraph(rng: random.Random, date: dt.date, topic: tuple[str, str, str]) -> list[str]:
    return [_sentence(rng, date, topic) for _ in range(rng.randint(2, 5))]


def make_release(index: int, seed: int = SEED) -> Release:
    """Make release ``index`` of the corpus: the same for every corpus size."""
    rng = random.Random(seed * 100_003 + index)
    date = dt.date(2010, 1, 1) + dt.timedelta(days=index * 3 % 5000)
    topic = rng.choice(TOPICS)
    place = rng.choice(PLACES)
    title = (
        f"{rng.choice(['UNECE', 'Ministers', 'Experts', 'Countries'])} "
        f"{rng.choice(VERBS)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} on {topic[0]} "
        f"in {place} ({index})"
    )
    paragraphs: list[list[tuple[str, str]]] = []
    lead = f"{place}, {date.day} {MONTHS[date.month - 1]} {date.year}"
    paragraphs.append([("strong", lead), ("text", " – " + " ".join(_paragraph(rng, date, topic)))])
    for _ in range(rng.randint(8, 15)):
        if rng.random() < 0.2:
            paragraphs.append([("boiler", rng.choice(BOILERPLATE))])
            continue
        sentences = _paragraph(rng, date, topic)
        runs: list[tuple[str, str]] = []
        for number, sentence in enumerate(sentences):
            sep = " " if number else ""
            if rng.random() < 0.25:
                words = sentence.split(" ")
                cut = rng.randrange(1, max(2, len(words) - 3))
                kind = rng.choice(["link", "em"])
                runs.append(("text", sep + " ".join(words[:cut]) + " "))
                runs.append((kind, " ".join(words[cut : cut + 3])))
                runs.append(("text", " " + " ".join(words[cut + 3 :])))
            else:
                runs.append(("text", sep + sentence))
        paragraphs.append(runs)
    paragraphs.append([("boiler", BOILERPLATE[0])])
    slug = f"{date.isoformat()}-release-{index:05d}"
    return Release(slug, date, title, paragraphs, rng.random() < HTML_SHARE)


def _html_runs(runs: list[tuple[str, str]], slug: str) -> str:
    out = []
    for kind, text in runs:
        text = text.replace("&", "&amp;")
        if kind == "link":
            out.append(f'<a href="https://unece.org/press/{slug}">{text}</a>')
        elif kind == "em":
            out.append(f"<em>{text}</em>")
        elif kind == "strong":
            out.append(f"<strong>{text}</strong>")
        elif kind == "boiler":
            out.append(
                text.replace("{link}", '<a href="https://unece.org">').replace("{end}", "</a>")
            )
        else:
            out.append(text)
    return "".join(out)


def _markdown_runs(runs: list[tuple[str, str]], slug: str) -> str:
    out = []
    for kind, text in runs:
        if kind == "link":
            out.append(f"[{text}](https://unece.org/press/{slug})")
        elif kind == "em":
            out.append(f"*{text}*")
        elif kind == "strong":
            out.append(f"**{text}**")
        elif kind == "boiler":
            out.append(text.replace("{link}", "[").replace("{end}", "](https://unece.org)"))
        else:
            out.append(text)
    return "".join(out)


def render_html(release: Release) -> str:
    day = f"{release.date.day} {MONTHS[release.date.month - 1]} {release.date.year}"
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{release.title}</title>",
        f'<meta name="date" content="{release.date.isoformat()}">',
        f'<meta name="slug" content="{release.slug}">',
        "</head>",
        "<body>",
        "<article>",
        f"<h1>{release.title}</h1>",
        f'<p class="dateline">Published: <time datetime="{release.date.isoformat()}">'
        f"{day}</time></p>",
    ]
    for number, runs in enumerate(release.paragraphs):
        if number == len(release.paragraphs) - 1:
            lines.append("<h2>Note to editors</h2>")
        lines.append(f"<p>{_html_runs(runs, release.slug)}</p>")
    lines.append("<address>")
    lines.extend(f"<p>{line}</p>" for line in CONTACT)
    lines += ["</address>", "</article>", "</body>", "</html>", ""]
    return "\n".join(lines)


def render_markdown(release: Release) -> str:
    lines = [
        "---",
        f'title: "{release.title}"',
        f"date: {release.date.isoformat()}",
        f"slug: {release.slug}",
        "---",
        "",
        f"# {release.title}",
        "",
    ]
    for number, runs in enumerate(release.paragraphs):
        if number == len(release.paragraphs) - 1:
            lines += ["## Note to editors", ""]
        lines += [_markdown_runs(runs, release.slug), ""]
    lines += [f"{line}\n" for line in CONTACT]
    return "\n".join(lines)


def write_release(sources: Path, release: Release) -> Path:
    if release.html:
        path = sources / f"{release.slug}.html"
        path.write_text(render_html(release), "utf-8")
    else:
        path = sources / f"{release.slug}.md"
        path.write_text(render_markdown(release), "utf-8")
    return path


def make_project(folder: Path, releases: int, langs: tuple[str, ...] = ("fr", "ru")) -> None:
    """Write a relay project with ``releases`` releases into ``folder``."""
    sources = folder / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    targets = ", ".join(f'"{lang}"' for lang in langs)
    (folder / "relay.toml").write_text(f'source-lang = "en"\ntarget-langs = [{targets}]\n', "utf-8")
    for index in range(releases):
        write_release(sources, make_release(index))


def edit(folder: Path, releases: int, share: float = 0.01, round_: int = 1) -> list[Path]:
    """Edit ``share`` of the releases: one sentence rewritten and one paragraph added each."""
    rng = random.Random(SEED + round_)
    chosen = sorted(rng.sample(range(releases), max(1, round(releases * share))))
    edited = []
    for index in chosen:
        release = make_release(index)
        date = release.date
        topic = TOPICS[index % len(TOPICS)]
        paragraphs = [list(runs) for runs in release.paragraphs]
        target = paragraphs[1 + rng.randrange(len(paragraphs) - 2)]
        kind, text = target[-1]
        target[-1] = (kind, text + " " + _sentence(rng, date, topic))
        extra = [("text", " ".join(_paragraph(rng, date, topic)))]
        paragraphs.insert(len(paragraphs) - 1, extra)
        changed = Release(release.slug, date, release.title, paragraphs, release.html)
        edited.append(write_release(folder / "sources", changed))
    return edited


_WORD = re.compile(r"[a-z]{2,}")
_ROT = str.maketrans("abcdefghijklmnopqrstuvwxyz", "nopqrstuvwxyzabcdefghijklm")


_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_GROUPING = {"fr": "\u202f", "ru": "\u00a0"}
# Words a number's value depends on, as each language writes them (after the letters change).
_QUANTITIES = {
    "fr": ((" zvyyvba", " millions"), (" cre prag", "\u00a0%")),
    "ru": ((" звыывба", " млн"), (" цре праг", "\u00a0%")),  # the words as Cyrillic shows them
}


_CYRILLIC_LANGS = {"ru", "uk", "bg", "be", "kk", "sr", "mk"}
# ROT13, then each Latin letter to a Cyrillic one: words a Russian reader's script shows.
_ROT_CYRILLIC = {
    key: ord("абцдефгхийклмнопярстувшхыз"[ord(chr(value)) - ord("a")])
    for key, value in _ROT.items()
    if chr(value).islower()
}


# Headings made only of capitalised words, which the stand-in below would leave as they are:
# a translator translates them (relay's same-as-source check is an error).
_HEADINGS = {"Information Unit": {"fr": "Service d’information", "ru": "Информационная служба"}}


def translate_text(text: str, lang: str = "fr") -> str:
    """Stand in for a translator: lowercase words changed; names, URLs and markup kept,
    numbers written as the language writes them.

    >>> translate_text("Delegates met in Geneva on 3 May, see www.unece.org.")
    'Delegates zrg va Geneva ba 3 May, frr www.unece.org.'
    >>> translate_text("1,200 stations, 3.5 million people", "ru")
    '1\\xa0200 фгнгвбаф, 3,5 млн црбцыр'

    Russian words come out in Cyrillic letters: relay's import asks for review of a Russian
    translation written in Latin script, as a reviser would.
    """
    heading = _HEADINGS.get(text, {}).get(lang)
    if heading is not None:
        return heading
    if lang in _GROUPING:
        text = _DECIMAL.sub(",", _THOUSANDS.sub(_GROUPING[lang], text))
    out = []
    for token in re.split(r"(\s+)", text):
        if not token[:1].islower() or "@" in token or "www." in token or "/" in token:
            out.append(token)
        else:
            table = _ROT_CYRILLIC if lang in _CYRILLIC_LANGS else _ROT
            out.append(_WORD.sub(lambda match, t=table: match.group().translate(t), token))
    translated = "".join(out)
    for word, written in _QUANTITIES.get(lang, ()):
        translated = translated.replace(word, written)
    return translated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--releases", type=int, default=200)
    arguments = parser.parse_args()
    make_project(arguments.folder, arguments.releases)


if __name__ == "__main__":
    main()
