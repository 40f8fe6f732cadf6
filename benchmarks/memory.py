"""Measure translation memory at the scale of a real archive: build, update, look up.

Run from the project root: ``python benchmarks/memory.py`` (about 500,000 translation units:
10 years of releases in 6 languages, ~20 % of each release boilerplate), or
``python benchmarks/memory.py --units 50000`` for a quick run. It writes a synthetic archive of
language catalogs (PO files, as relay keeps them) to a temporary folder, then prints:

- the time to build the index from nothing (every catalog read and parsed);
- the time of an incremental update after one release changes (its 6 catalogs), and of one
  where nothing changed;
- the median and 95th percentile of exact lookups (hits and misses) and of fuzzy lookups
  (sentences from the archive with a word or number changed), with how many candidate
  sources a fuzzy lookup reads, against how many the memory holds.

Not a test: the figures depend on the machine. Everything is generated from a fixed seed.
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from relay.catalogs.catalog import unit_id
from relay.memory import fuzzy as fuzzy_lookup
from relay.memory import grams
from relay.memory.fuzzy import similar
from relay.memory.index import MemoryIndex
from relay.memory.records import MemoryFile

LANGS = ("fr", "ru", "es", "ar", "zh", "de")
UNITS_PER_RELEASE = 70
BOILERPLATE_SHARE = 0.2

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
    "Mr. Ahmet Yılmaz",
]
TITLES = [
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
    "Note to editors",
    "United Nations Economic Commission for Europe",
    "Information Unit",
    "Palais des Nations, CH-1211 Geneva 10, Switzerland",
    "Tel.: +41 (0) 22 917 44 44",
    "Fax: +41 (0) 22 917 05 05",
    "E-mail: <1>info.ece@unece.org</1>",
    "For media enquiries, please contact <1>info.ece@unece.org</1>",
    "The United Nations Economic Commission for Europe (UNECE) was set up in 1947 by the "
    "Economic and Social Council of the United Nations.",
    "It is one of five regional commissions of the United Nations and brings together 56 "
    "member States in Europe, North America and Asia.",
    "More information is available at <1>www.unece.org</1>.",
    *(f"{person}, {title}" for person in PEOPLE[:6] for title in TITLES[:3]),
    *(f"About {body}" for body in BODIES),
    *(f"{body.capitalize()} is serviced by the UNECE secretariat in Geneva." for body in BODIES),
]


SYLLABLES = (
    "ka ri to na mo le si va de po lu ne ta mi ro sa be ga fi ze ko ul an er in os "
    "ar el ic um ov ist ant ion ment ic al ure"
).split()
FUNCTION_WORDS = (
    "the of and to in a for on by with that is was will be as at from this which it are "
    "has have its their an or not also more than all new"
).split()
DOMAIN_WORDS = (
    "agreement convention countries ministers delegates region regional national policy "
    "strategy review report meeting session committee secretariat cooperation development "
    "sustainable transport water energy forest housing statistics trade environment safety "
    "emissions targets progress implementation framework assessment capacity support "
    "partners experts governments commission member states recommendations standards "
    "infrastructure investment innovation data monitoring agreed adopted launched discussed "
    "presented welcomed stressed highlighted called improve strengthen reduce promote ensure "
    "share exchange participants workshop conference project programme initiative action "
    "plan measures results challenges opportunities public private sector authorities"
).split()


def vocabulary(rng: random.Random, size: int = 12_000) -> list[str]:
    """Make a vocabulary: real domain words, then invented ones (names, places, terms)."""
    invented = {
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size * 2)
    }
    words = DOMAIN_WORDS + sorted(invented)[: size - len(DOMAIN_WORDS)]
    rng.shuffle(words[len(DOMAIN_WORDS) :])
    return words


class Writer:
    """Write press-release sentences whose words follow Zipf's law, as real text does."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = vocabulary(rng)
        self.weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(self.words))))
        self.people = [
            f"{rng.choice(['Mr.', 'Ms.', 'Dr.'])} {self.name()} {self.name()}" for _ in range(400)
        ]
        self.places = [self.name() for _ in range(300)]

    def name(self) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3))).title()

    def content(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.weights, k=count)

    def sentence(self, year: int) -> str:
        rng = self.rng
        words: list[str] = []
        for _ in range(rng.randint(14, 32)):
            words.append(rng.choice(FUNCTION_WORDS) if rng.random() < 0.45 else self.content(1)[0])
        if rng.random() < 0.3:
            words.insert(
                rng.randrange(len(words)), f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {year}"
            )
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), f"in {rng.choice(self.places)}")
        if rng.random() < 0.25:
            words.insert(0, f"{rng.choice(self.people)} said that")
        if rng.random() < 0.2:
            at = rng.randrange(len(words) - 2)
            words[at] = "<1>" + words[at]
            words[at + 2] = words[at + 2] + "</1>"
        if rng.random() < 0.2:
            words.insert(rng.randrange(len(words)), f"{rng.randint(2, 950)} per cent")
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."


def translate(text: str, lang: str) -> str:
    """Stand in for a translator: a deterministic text of about the source's length."""
    return f"[{lang}] " + " ".join(word[::-1] for word in text.split(" "))


def po_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def write_catalog(path: Path, units: list[tuple[str, str]], lang: str) -> None:
    lines = [
        'msgid ""',
        'msgstr ""',
        f'"Language: {lang}\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        "",
    ]
    for block, (role, text) in enumerate(units, start=1):
        lines += [
            f"#. {role} (block {block})",
            f"#. id: {unit_id(text)}",
            f'msgid "{po_escape(text)}"',
            f'msgstr "{po_escape(translate(text, lang))}"',
            "",
        ]
    path.write_text("\n".join(lines), "utf-8")


def release_units(writer: Writer, year: int) -> list[tuple[str, str]]:
    rng = writer.rng
    units: dict[str, str] = {}
    while len(units) < UNITS_PER_RELEASE:
        if rng.random() < BOILERPLATE_SHARE:
            text = rng.choice(BOILERPLATE)
            role = "paragraph in contact block" if rng.random() < 0.5 else "paragraph"
        else:
            text, role = writer.sentence(year), "paragraph"
        units.setdefault(text, role)
    return [(role, text) for text, role in units.items()]


def build_archive(folder: Path, units: int, writer: Writer) -> list[MemoryFile]:
    releases = max(1, units // (UNITS_PER_RELEASE * len(LANGS)))
    files: list[MemoryFile] = []
    for number in range(releases):
        year = 2010 + number * 10 // releases
        date = f"{year}-{1 + number % 12:02d}-{1 + number % 28:02d}"
        slug = f"{date}-release-{number:04d}"
        content = release_units(writer, year)
        for lang in LANGS:
            path = folder / lang / f"{slug}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            write_catalog(path, content, lang)
            name = f"locales/{lang}/{slug}.po"
            files.append(MemoryFile(name, path, "po", slug, lang, date))
    return files


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {statistics.median(ordered) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms"


def perturb(rng: random.Random, text: str) -> str:
    """Change one word or number, as an editor revising last year's sentence would."""
    words = text.split(" ")
    position = rng.randrange(len(words))
    words[position] = rng.choice(["new", "regional", "2021", "several", "Geneva,", "key"])
    return " ".join(words)


def sources_of(files: list[MemoryFile], rng: random.Random, count: int) -> Iterator[str]:
    for file in rng.choices([f for f in files if f.lang == LANGS[0]], k=count):
        lines = file.path.read_text("utf-8").split("\n")
        msgids = [line[7:-1] for line in lines if line.startswith('msgid "') and line != 'msgid ""']
        yield rng.choice(msgids).replace('\\"', '"').replace("\\\\", "\\")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=500_000, help="translation units in all")
    parser.add_argument("--lookups", type=int, default=2000, help="exact lookups to time")
    parser.add_argument("--fuzzy", type=int, default=500, help="fuzzy lookups to time")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    arguments = parser.parse_args()
    rng = random.Random(20130423)
    folder = arguments.keep or Path(tempfile.mkdtemp(prefix="relay-memory-bench-"))
    try:
        run(folder, arguments, rng)
    finally:
        if arguments.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def run(folder: Path, arguments: argparse.Namespace, rng: random.Random) -> None:
    started = time.perf_counter()
    writer = Writer(rng)
    files = build_archive(folder / "locales", arguments.units, writer)
    releases = len(files) // len(LANGS)
    print(
        f"archive: {releases} releases x {len(LANGS)} languages, {UNITS_PER_RELEASE} units "
        f"each = {len(files) * UNITS_PER_RELEASE:,} units "
        f"(written in {time.perf_counter() - started:.1f} s)"
    )
    cache = folder / ".relay-cache" / "memory.sqlite"
    settings = {"source_lang": "en", "target_langs": LANGS}
    index = MemoryIndex.open(cache)
    build = timed(lambda: index.sync(files, **settings))
    counts = index.counts()
    print(
        f"index build: {build:.1f} s ({counts['units']:,} units, {counts['sources']:,} "
        f"distinct sources)"
    )
    nothing = timed(lambda: index.sync(files, **settings))
    changed = [file for file in files if file.origin == files[len(files) // 2].origin]
    content = release_units(writer, 2015)  # the release rewritten: new text, new translations
    for file in changed:
        write_catalog(file.path, content, file.lang)
    update = timed(lambda: index.sync(files, **settings))
    print(
        f"incremental update: {update * 1000:.0f} ms after one release changed "
        f"({len(changed)} catalogs); {nothing * 1000:.0f} ms when nothing changed"
    )
    hits = list(sources_of(files, rng, arguments.lookups))
    langs = [rng.choice(LANGS) for _ in hits]
    pairs = list(zip(hits, langs, strict=True))
    exact = [timed(lambda pair=pair: index.exact(*pair)) for pair in pairs]
    found = sum(bool(index.exact(*pair)) for pair in pairs)
    misses = [(perturb(rng, text), lang) for text, lang in pairs[: len(pairs) // 4]]
    missed = [timed(lambda pair=pair: index.exact(*pair)) for pair in misses]
    print(f"exact lookup, hits ({found}/{len(hits)} found): {percentiles(exact)}")
    print(f"exact lookup, misses: {percentiles(missed)}")
    queries = [(text, perturb(rng, text), lang) for text, lang in pairs[: arguments.fuzzy]]
    fuzzy = []
    recalled = 0
    for original, query, lang in queries:
        index.lookups.clear()  # time the first language of a unit: nothing cached yet
        start = time.perf_counter()
        matches = similar(index, query, lang, cutoff=75, limit=3)
        fuzzy.append(time.perf_counter() - start)
        recalled += any(match.source == original for match in matches)
    read = [postings(index, query) for _, query, _ in queries]
    print(
        f"fuzzy lookup (one word changed, 75 %): {percentiles(fuzzy)}; the original found "
        f"for {recalled}/{len(queries)}"
    )
    print(
        f"fuzzy candidates: posting entries read per lookup median "
        f"{statistics.median(read):,.0f}, max {max(read):,}; at most "
        f"{fuzzy_lookup.CANDIDATES} sources scored, of {counts['sources']:,} in memory"
    )
    index.close()
    size = sum(path.stat().st_size for path in cache.parent.iterdir()) / 1e6
    print(f"index size on disk: {size:.0f} MB")


def postings(index: MemoryIndex, query: str) -> int:
    """Count the posting-list entries a fuzzy lookup reads (the sum of its trigrams' counts)."""
    distinct = sorted(grams.trigrams(query))
    frequencies = dict(
        index.db.execute(
            f"SELECT gram, df FROM gram_counts WHERE gram IN ({','.join('?' * len(distinct))})",
            distinct,
        ).fetchall()
    )
    picked = grams.pick(query, frequencies, count=fuzzy_lookup.PICKED)
    return sum(frequencies[gram] for gram in picked)


if __name__ == "__main__":
    main()
