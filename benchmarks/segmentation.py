"""Measure relay's sentence segmenter against pySBD: Golden Rules accuracy and speed.

Run from the project root: ``python benchmarks/segmentation.py``. It reads the Golden Rules
sets in ``../shared/corpus/segmentation/golden_rules/`` (split-only cases; a case passes when
the sentences, whitespace folded, equal the expected ones) and times both segmenters on about
2,000 English press-release paragraphs generated from a fixed seed, whose true sentences are
known. pySBD runs with ``clean=False``, as relay never rewrites text.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pysbd

from relay.sources.sentences import sentence_starts

GOLDEN = Path(__file__).resolve().parents[1].parent / "shared/corpus/segmentation/golden_rules"
SETS = ("en_grs48", "en", "fr", "ru", "de", "es")
PYSBD_LANGUAGES = {"en", "fr", "ru", "de", "es"}

Splitter = Callable[[str, str], list[str]]


def fold(text: str) -> str:
    """Fold whitespace runs to one space and strip."""
    return " ".join(text.split())


def relay_split(text: str, lang: str) -> list[str]:
    """Split with relay: slice at the offsets, drop empty pieces."""
    bounds = [0, *sentence_starts(text, lang), len(text)]
    pieces = (text[start:end] for start, end in itertools.pairwise(bounds))
    return [fold(piece) for piece in pieces if piece.strip()]


_PYSBD: dict[str, pysbd.Segmenter] = {}


def pysbd_split(text: str, lang: str) -> list[str]:
    """Split with pySBD (clean=False), English rules for languages it lacks."""
    lang = lang if lang in PYSBD_LANGUAGES else "en"
    if lang not in _PYSBD:
        _PYSBD[lang] = pysbd.Segmenter(language=lang, clean=False)
    return [fold(piece) for piece in _PYSBD[lang].segment(text) if piece.strip()]


# A paragraph without any of these can be split on ". X" alone: the fast path tried in front
# of pySBD (no quotes, brackets, ellipses, inner periods, numbers or words of up to four
# characters before a period, lowercase after one).
_AMBIGUOUS = re.compile(r"[\"“”«»()\[\]…]|\.\S|(?:^|\s)\S{1,4}\.\s|\d\.|[.!?]\s+[^A-Z\s]")
_SIMPLE_SPLIT = re.compile(r"(?<=[.!?])\s+")


def hybrid_split(text: str, lang: str) -> list[str]:
    """Split unambiguous paragraphs with a regex, the rest with pySBD."""
    if _AMBIGUOUS.search(text):
        return pysbd_split(text, lang)
    return [fold(piece) for piece in _SIMPLE_SPLIT.split(text) if piece.strip()]


SEGMENTERS: dict[str, Splitter] = {
    "relay": relay_split,
    "pysbd": pysbd_split,
    "pysbd + fast path": hybrid_split,
}


def golden_cases(name: str) -> list[dict[str, object]]:
    """Return the split-only cases of one Golden Rules file."""
    cases = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    return [case for case in cases if case.get("derived_split_only")]


def case_lang(case: dict[str, object], name: str) -> str:
    """Return a case's language, defaulting to its file's."""
    options = case.get("options") or {}
    assert isinstance(options, dict)
    return str(options.get("language") or name[:2])


def golden_score(split: Splitter, name: str) -> tuple[int, int]:
    """Return (passed, total) for one Golden Rules file."""
    cases = golden_cases(name)
    passed = sum(
        split(str(case["text"]), case_lang(case, name))
        == [fold(str(sentence)) for sentence in case["expected"]]  # type: ignore[attr-defined]
        for case in cases
    )
    return passed, len(cases)


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


def timed(split: Splitter, corpus: list[tuple[str, list[str]]], repeat: int) -> tuple[float, int]:
    """Return (best seconds over ``repeat`` runs, paragraphs split exactly right)."""
    best = float("inf")
    right = 0
    for _ in range(repeat):
        started = time.perf_counter()
        results = [split(text, "en") for text, _ in corpus]
        best = min(best, time.perf_counter() - started)
        right = sum(result == truth for result, (_, truth) in zip(results, corpus, strict=True))
    return best, right


def main() -> None:
    """Print the Golden Rules scores and the speed table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=2000)
    args = parser.parse_args()

    print("Golden Rules, split-only cases (passed/total)")
    print(f"{'set':<10}" + "".join(f"{name:>22}" for name in SEGMENTERS))
    for name in SETS:
        row = f"{name:<10}"
        for split in SEGMENTERS.values():
            passed, total = golden_score(split, name)
            row += f"{f'{passed}/{total} ({100 * passed / total:.1f}%)':>22}"
        print(row)

    corpus = paragraphs(args.paragraphs)
    total = sum(len(truth) for _, truth in corpus)
    simple = sum(not _AMBIGUOUS.search(text) for text, _ in corpus)
    print(
        f"\nSpeed: {len(corpus)} English press-release paragraphs, {total} sentences "
        f"({simple} paragraphs, {100 * simple / len(corpus):.0f}%, take the fast path)"
    )
    print(f"{'segmenter':<20}{'seconds':>10}{'sentences/s':>14}{'paragraphs right':>20}")
    for name, split in SEGMENTERS.items():
        seconds, right = timed(split, corpus, repeat=5 if name == "relay" else 1)
        print(f"{name:<20}{seconds:>10.3f}{total / seconds:>14,.0f}{f'{right}/{len(corpus)}':>20}")


if __name__ == "__main__":
    main()
