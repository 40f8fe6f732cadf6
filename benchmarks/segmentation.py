"""Measure relay's sentence segmenter against pySBD and translate-toolkit: accuracy and speed.

Run from the project root: ``python benchmarks/segmentation.py``. It reads every Golden Rules
set in ``tests/data/segmentation/golden_rules/`` and prints, per set and in total, how many
cases each segmenter gets right; then it times relay and pySBD in the same run on about 2,000
English press-release paragraphs generated from a fixed seed, whose true sentences are known.

A case passes when the sentences equal the expected ones after folding: whitespace runs become
one space, except that a line break between two wide (CJK) characters disappears, as CSS folds
segment breaks. Each case is run with the language its spec names, relay splitting it as the
paragraph of a plain-text release (``lines=True``; the cases are plain text). pySBD runs twice:
with the options each spec passed (its cleaner on by default, as Pragmatic Segmenter's specs run
it; the cleaner rewrites text: it removes markup, joins lines, drops dot leaders) and with
``clean=False``, the mode that never rewrites text, as relay never does. Cases whose expected
sentences need such rewriting are counted in "cases" and shown apart as "split-only" ones.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from unicodedata import east_asian_width

import pysbd
from translate.lang import factory

from relay.sources.sentences import sentence_starts

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "data" / "segmentation" / "golden_rules"
SUBSETS = {"en_grs48"}  # shown, but its cases are already in "en"

Splitter = Callable[[str, "Case"], list[str]]


@dataclass(frozen=True)
class Case:
    """One Golden Rules case: its text, expected sentences and the options its spec passed."""

    id: str
    text: str
    expected: list[str]
    lang: str
    clean: bool
    doc_type: str | None
    split_only: bool


_BREAK_RUN = re.compile(r"\s+")
_WIDE = re.compile(r"[\u1100-\uffef]")  # a character that may be wide: Hangul, CJK, full-width


def fold(text: str) -> str:
    """Fold whitespace runs to one space (none for a line break inside CJK text) and strip."""
    if "\n" not in text or _WIDE.search(text) is None:
        return " ".join(text.split())  # the common case, kept cheap for the speed run
    return _BREAK_RUN.sub(lambda match: _folded(text, match), text).strip()


def _folded(text: str, match: re.Match[str]) -> str:
    """Return what one whitespace run folds to."""
    start, end = match.span()
    wide = (
        start > 0
        and end < len(text)
        and east_asian_width(text[start - 1]) in "WF"
        and east_asian_width(text[end]) in "WF"
    )
    return "" if wide and "\n" in match.group() and match.group().strip(" \n") == "" else " "


def load(name: str) -> list[Case]:
    """Return every case of one Golden Rules file."""
    cases = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    return [
        Case(
            id=str(case["id"]),
            text=str(case["text"]),
            expected=[fold(str(sentence)) for sentence in case["expected"]],
            lang=str((case.get("options") or {}).get("language") or name[:2]),
            clean=bool((case.get("options") or {}).get("clean", True)),
            doc_type=(case.get("options") or {}).get("doc_type"),
            split_only=bool(case.get("derived_split_only")),
        )
        for case in cases
    ]


def set_names() -> list[str]:
    """Return the Golden Rules set names, in file order (en_grs48 after en)."""
    return sorted(path.stem for path in GOLDEN.glob("*.json"))


def relay_split(text: str, case: Case) -> list[str]:
    """Split with relay as it splits a plain-text release's paragraph: slice, drop empties."""
    bounds = [0, *sentence_starts(text, case.lang, lines=True), len(text)]
    pieces = (text[start:end] for start, end in itertools.pairwise(bounds))
    return [fold(piece) for piece in pieces if piece.strip()]


_PYSBD: dict[tuple[str, bool, str | None], pysbd.Segmenter] = {}


def _segmenter(lang: str, clean: bool, doc_type: str | None) -> pysbd.Segmenter:
    """Return a cached pySBD segmenter, English rules for languages it lacks."""
    key = (lang, clean, doc_type)
    if key not in _PYSBD:
        try:
            _PYSBD[key] = pysbd.Segmenter(language=lang, clean=clean, doc_type=doc_type)
        except ValueError:
            _PYSBD[key] = pysbd.Segmenter(language="en", clean=clean, doc_type=doc_type)
    return _PYSBD[key]


def pysbd_split(text: str, case: Case) -> list[str]:
    """Split with pySBD and the options the case's spec passed (cleaner on by default)."""
    pieces = _segmenter(case.lang, case.clean, case.doc_type).segment(text)
    return [fold(piece) for piece in pieces if piece.strip()]


def pysbd_plain_split(text: str, case: Case) -> list[str]:
    """Split with pySBD, clean=False: no text rewritten."""
    pieces = _segmenter(case.lang, False, None).segment(text)
    return [fold(piece) for piece in pieces if piece.strip()]


def toolkit_split(text: str, case: Case) -> list[str]:
    """Split with translate-toolkit's language-aware sentence splitter."""
    return [
        fold(piece) for piece in factory.getlanguage(case.lang).sentences(text) if piece.strip()
    ]


SEGMENTERS: dict[str, Splitter] = {
    "relay": relay_split,
    "pySBD": pysbd_split,
    "pySBD clean=False": pysbd_plain_split,
    "translate-toolkit": toolkit_split,
}


def passed(split: Splitter, case: Case) -> bool:
    """Tell whether a segmenter gets one case exactly right."""
    try:
        return split(case.text, case) == case.expected
    except Exception:  # a peer that crashes on a case fails that case
        return False


def scores(names: list[str]) -> dict[str, dict[str, int]]:
    """Return, per set, the case counts and each segmenter's number of passed cases."""
    table: dict[str, dict[str, int]] = {}
    for name in names:
        cases = load(name)
        row = {"cases": len(cases), "split-only": sum(case.split_only for case in cases)}
        row |= {
            label: sum(passed(split, case) for case in cases) for label, split in SEGMENTERS.items()
        }
        table[name] = row
    return table


def print_scores(table: dict[str, dict[str, int]]) -> None:
    """Print the accuracy table, a total over the sets that are not subsets."""
    columns = ["cases", "split-only", *SEGMENTERS]
    print(
        "Golden Rules (cases passed; split-only = cases whose expected sentences need no rewriting)"
    )
    print(f"{'set':<10}" + "".join(f"{column:>19}" for column in columns))
    total = {column: 0 for column in columns}
    for name, row in table.items():
        print(f"{name:<10}" + "".join(f"{row[column]:>19}" for column in columns))
        if name not in SUBSETS:
            total = {column: total[column] + row[column] for column in columns}
    print(f"{'all':<10}" + "".join(f"{total[column]:>19}" for column in columns))
    print(f"(sets marked as subsets, {', '.join(sorted(SUBSETS))}, are not counted in 'all')")


# Press-release sentences; the slots are filled from the lists below.
TEMPLATES = (
    "The seminar was opened by {title} {first} {last}, {role} of {org}.",
    "{title} {first} {initial}. {last}, {role}, presented the draft methodology.",
    "The event took place in {city} on {day} {month} {year}.",
    "Exports grew by {dec}% in {year}, compared with {dec2}% a year earlier.",
    "The report is available at {url}.",
    "For media enquiries, please contact {email}.",
    "“We welcome this initiative,” said {title} {last}.",
    "{title} {last} said: “This is an important step for the region.”",
    "The meeting starts at {hour} a.m. on {mon}. {day}.",
    "Delegates from the U.S., the U.K. and {country} attended the session.",
    "The programme covers several areas, e.g. transport, energy and trade.",
    "The U.N. Economic Commission for Europe (UNECE) has {count} member States.",
    "Funding of approx. {dec} million euros was approved under Art. {n} of the agreement.",
    "See Annex {n}, p. {n2}, for the full list of participants.",
    "The review, No. {n} in the series, was published in {year}.",
    "What does this mean for the region?",
    "Innovation matters!",
    "The workshop is organized with {company} Ltd. and {company2} Inc. of {city}.",
    "Participants came from universities, research centres, business associations, etc.",
    "Registration closes on {mon}. {day}, {year}, at {hour} p.m. Geneva time.",
    "{title} {last} arrived at {hour} p.m. The talks lasted three hours.",
    "The population reached {count},000 in {year} (up {dec}% on the previous year).",
    "More information is available at www.unece.org/trade.",
    "Dr. {last} will chair the session on {day} {month}.",
    "Average prices rose to ${dec} per unit, i.e. {dec2}% more than planned.",
    "The Conference brought together {count} participants from {n2} countries.",
    "He thanked the Government of {country} for its support.",
    "The international experts contributed to the lively debate that followed.",
    "The importance of regional factors is increasingly recognized worldwide.",
    "The next meeting will be held in {city} in {month} {year}.",
    "UNECE is helping {country} to prepare a methodology for innovation in its regions.",
    "The contribution of UNECE reflects the agreed collaboration with national authorities.",
    "The Review encouraged the authorities to continue their efforts to reach the regions.",
    "Close relations between research and business have an important influence on innovation.",
    "The event was attended by regional deputy governors and senior officers.",
    "New possibilities are opened by a tax on natural resources to finance innovation.",
    "Innovation Performance Reviews provide a set of policy options and recommendations.",
    "The project will be implemented over the next three years.",
    "Further workshops are planned in the regions of {country}.",
    "The participants agreed on the next steps of the project.",
)
SLOTS: dict[str, tuple[str, ...]] = {
    "title": ("Mr.", "Ms.", "Mrs.", "Dr.", "Prof."),
    "first": ("Asset", "Kanysh", "Josep", "Olga", "Maria", "Jonas", "Anne"),
    "last": ("Issekeshev", "Tuleushin", "Pique", "Algayerova", "Smith", "Dupont", "Ivanova"),
    "initial": ("A", "E", "J", "M"),
    "role": ("Deputy Prime Minister", "Vice-Minister", "Executive Secretary", "Director"),
    "org": ("the Ministry of Industry", "UNECE", "the National Agency", "the World Bank"),
    "city": ("Astana", "Geneva", "Almaty", "Tbilisi", "Minsk", "Belgrade"),
    "month": ("January", "April", "June", "September", "November"),
    "mon": ("Jan", "Feb", "Sept", "Oct", "Nov", "Dec"),
    "country": ("Kazakhstan", "Georgia", "Serbia", "Armenia", "Ukraine"),
    "url": ("http://www.unece.org/ceci.html", "https://unece.org/trade", "www.unece.org/press"),
    "email": ("info.ece@unece.org", "press@unece.org"),
    "company": ("Acme", "Kazatomprom", "Samruk"),
    "company2": ("Globex", "Initech", "Umbrella"),
}


def sentences(rng: random.Random) -> Iterator[str]:
    """Yield an endless stream of filled-in template sentences (some are two)."""
    while True:
        template = rng.choice(TEMPLATES)
        values = {key: rng.choice(choices) for key, choices in SLOTS.items()}
        values |= {
            "day": str(rng.randint(1, 28)),
            "day2": str(rng.randint(1, 28)),
            "year": str(rng.randint(2005, 2024)),
            "dec": f"{rng.randint(1, 99)}.{rng.randint(0, 9)}",
            "dec2": f"{rng.randint(1, 9)}.{rng.randint(10, 99)}",
            "hour": str(rng.randint(1, 11)),
            "count": str(rng.randint(20, 900)),
            "n": str(rng.randint(1, 12)),
            "n2": str(rng.randint(2, 60)),
        }
        yield template.format(**values)


def paragraphs(count: int, seed: int = 2013) -> list[tuple[str, list[str]]]:
    """Return ``count`` paragraphs of 3-6 template sentences with their true sentences."""
    rng = random.Random(seed)
    stream = sentences(rng)
    result = []
    for _ in range(count):
        parts = [next(stream) for _ in range(rng.randint(3, 6))]
        # "arrived at 4 p.m. The talks..." is two sentences in one template.
        truth = [piece for part in parts for piece in re.split(r"(?<=p\.m\.) (?=The)", part)]
        separator = "  " if rng.random() < 0.1 else " "
        result.append((separator.join(parts), truth))
    return result


def timed(
    split: Callable[[str, str], list[str]], corpus: list[tuple[str, list[str]]]
) -> tuple[float, int]:
    """Return (best CPU seconds over three runs, paragraphs split exactly right).

    CPU time, not wall time: on a shared machine the other processes' load would count too.
    """
    best = float("inf")
    right = 0
    for _ in range(3):
        started = time.process_time()
        results = [split(text, "en") for text, _ in corpus]
        best = min(best, time.process_time() - started)
        right = sum(result == truth for result, (_, truth) in zip(results, corpus, strict=True))
    return best, right


def relay_en(text: str, lang: str) -> list[str]:
    """Split English with relay, as in the pipeline."""
    bounds = [0, *sentence_starts(text, lang), len(text)]
    return [fold(text[a:b]) for a, b in itertools.pairwise(bounds) if text[a:b].strip()]


def pysbd_en(text: str, lang: str) -> list[str]:
    """Split English with pySBD, clean=False."""
    return [fold(piece) for piece in _segmenter(lang, False, None).segment(text) if piece.strip()]


def main() -> None:
    """Print the Golden Rules table and the speed line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=2000)
    parser.add_argument("--sets", nargs="*", help="only these sets (default: all)")
    args = parser.parse_args()

    print_scores(scores(args.sets or set_names()))
    corpus = paragraphs(args.paragraphs)
    total = sum(len(truth) for _, truth in corpus)
    relay_seconds, relay_right = timed(relay_en, corpus)
    pysbd_seconds, pysbd_right = timed(pysbd_en, corpus)
    print(
        f"\nSpeed on English, CPU time ({len(corpus)} press-release paragraphs, {total} sentences, "
        f"same run): relay {total / relay_seconds:,.0f} sentences/s "
        f"({relay_right}/{len(corpus)} paragraphs right), pySBD {total / pysbd_seconds:,.0f} "
        f"sentences/s ({pysbd_right}/{len(corpus)}), "
        f"relay {pysbd_seconds / relay_seconds:.0f}x faster"
    )


if __name__ == "__main__":
    main()
