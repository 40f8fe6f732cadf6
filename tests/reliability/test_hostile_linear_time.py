"""Checks read hostile text in linear time: runs of spaces, digits with separators, quotes,
nesting, long codes and capitals grow a check's time with their length, never its square.

Each case is timed at a size and at eight times that size in the same run; the ratio, not an
absolute time, is judged (quadratic code gives about 64, linear about 8). The rewritten
patterns are also compared with the patterns they replace on many small random texts.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from relay.checks import (
    Context,
    Finding,
    Translation,
    findings_cache,
    recognize,
    suppression,
    text,
    typography,
    units,
    values,
)
from relay.checks.findings import finding
from relay.checks.runner import check_units

GROWTH = 8
LIMIT = 16  # a ratio over this is superlinear

CASES: dict[str, Callable[[int], str]] = {
    "spaces before the end": lambda n: "Total" + " " * n,
    "spaces before a word": lambda n: "Total" + " " * n + "x",
    "spaces and no-break spaces": lambda n: "Total" + " \u00a0" * (n // 2) + "x",
    "digits with spaces": lambda n: "1 " * (n // 2) + "x",
    "digits with commas": lambda n: "1," * (n // 2) + "x",
    "digits with dots": lambda n: "1." * (n // 2) + "x",
    "quotes": lambda n: '"' * n,
    "guillemets": lambda n: "« " * (n // 2),
    "nested brackets": lambda n: "(" * n + "x",
    "spaces before a bracket": lambda n: "a (" + " " * n + "x",
    "a code without digits": lambda n: "1 " + "/a" * (n // 2),
    "capitals": lambda n: "A" * n + "a",
    "dotted letters": lambda n: "a." * (n // 2) + "b c.",
    "an address without its domain": lambda n: "http:// " + "a" * n + "@",
    "per cents": lambda n: "1 %" * (n // 3),
    # Each abbreviation was asked of every other name (and the text stripped around it).
    "abbreviated weekdays": lambda n: "Mon " * (n // 4),
    "number words": lambda n: "two hundred and " * (n // 16),
    # Each unit was paired with its number by a scan of every number.
    "units after numbers": lambda n: "1 km² " * (n // 6),
    # Each fraction was asked of every number, and each number of every fraction.
    "fractions and numbers": lambda n: "½ 1 % " * (n // 6),
    "fraction words and numbers": lambda n: "a third of 1 % " * (n // 15),
}


def _items(hostile: str) -> list[Translation]:
    # The hostile text as the source, as the translation, and as both.
    return [
        Translation("s", "fr", "en", "u1", hostile, hostile),
        Translation("s", "fr", "en", "u2", "Total 1.5 million (2013).", hostile),
        Translation("s", "fr", "en", "u3", hostile, "Total 1,5 million (2013)."),
    ]


def _seconds(make: Callable[[int], str], size: int) -> float:
    items = _items(make(size))
    best = float("inf")
    for _ in range(2):
        for cached in (recognize._recognized, values.compare, text.prose, text.plain):
            cached.cache_clear()  # a cache would hide the work
        started = time.perf_counter()
        check_units(items, Context())
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_checks_take_linear_time(case: str) -> None:
    make = CASES[case]
    _seconds(make, 100)  # locale data, compiled patterns: loaded once, not timed
    # Measured again when over the limit: a busy machine can slow one run, never every one,
    # while superlinear code is over it every time.
    for _ in range(3):
        small = _seconds(make, 3000)
        large = _seconds(make, 3000 * GROWTH)
        ratio = large / max(small, 0.01)
        if ratio < LIMIT:
            break
    assert ratio < LIMIT, f"{case}: {small:.3f}s, then {large:.3f}s at {GROWTH}x the size"


def _old_pieces(token: str, lang: str) -> list[tuple[int, str, Decimal]]:
    """recognize._pieces as it was: every end tried, from the longest down (cubic)."""
    runs = re.split(r"(\D)", token)
    digits, separators = runs[0::2], runs[1::2]
    found: list[tuple[int, str, Decimal]] = []
    offset, index = 0, 0
    while index < len(digits):
        for end in range(len(digits) - 1, index - 1, -1):
            tail = "".join(separators[k] + digits[k + 1] for k in range(index, end))
            piece = digits[index] + tail
            value = recognize.parse_number(piece, lang)
            if value is not None:
                break
        found.append((offset, piece, value if value is not None else Decimal(digits[index])))
        offset += len(piece) + (1 if end + 1 < len(digits) else 0)
        index = end + 1
    return found


def _random_text(rng: random.Random, alphabet: list[str], longest: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest)))


def test_pieces_read_what_they_read_before() -> None:
    rng = random.Random(1)
    separators = [",", ".", " ", "\u00a0", "\u202f", "'", "’"]
    for _ in range(4000):
        lang = rng.choice(["en", "fr", "ru", "de", "de-CH", "es", "pt-BR", "hi", "pl"])
        groups = [_random_text(rng, list("0123456789"), 5) or "1"]
        for _ in range(rng.randint(0, 6)):
            groups += [rng.choice(separators), _random_text(rng, list("0123456789"), 4) or "7"]
        token = "".join(groups)
        assert recognize._pieces(token, lang) == _old_pieces(token, lang), (token, lang)


def test_rewritten_patterns_find_what_the_patterns_find() -> None:
    rng = random.Random(2)
    for _ in range(20000):
        sample = _random_text(rng, [*list("aA1_./-&@+ é٣\n(),"), "etc", "Co"], 16)
        assert [m.span() for m in recognize._codes(sample)] == [
            m.span() for m in recognize._CODE.finditer(sample)
        ], sample
        assert units.acronyms_in(sample) == units._ACRONYM.findall(sample), sample
        assert [m.span() for m in text.email_matches(sample)] == [
            m.span() for m in text.EMAIL.finditer(sample)
        ], sample
        assert typography._dotted_abbreviation(sample) == bool(
            typography._DOTTED_ABBREVIATION.search(sample)
        ), sample
        explained = re.sub(r"\s*\([^()]*\)", "", sample)
        assert re.sub(r"(?<!\s)\s*\([^()]*\)", "", sample) == explained, sample


def _many_findings(size: int) -> tuple[Translation, list[Finding]]:
    target = "12 ab. " * size
    item = Translation("s", "fr", "en", "u1", "Total 1.", target, comments=("relay-ignore: x 0",))
    found = [finding("number-value", item, f"number {n} is not in the source") for n in range(size)]
    return item, found


def test_findings_do_not_hash_their_unit_once_each(monkeypatch: pytest.MonkeyPatch) -> None:
    item, found = _many_findings(2000)
    hashed: list[int] = []
    real = suppression.hashlib.sha256

    def counting(data: bytes = b"") -> object:
        hashed.append(len(data))
        return real(data)

    monkeypatch.setattr(suppression.hashlib, "sha256", counting)
    getattr(suppression.fingerprint, "cache_clear", lambda: None)()
    suppression.apply(found, {("s", "fr", "u1"): item})
    assert len(hashed) == 1


def test_kept_findings_hold_each_text_once(tmp_path: Path) -> None:
    item, found = _many_findings(2000)
    findings_cache.store(tmp_path, "s", "fr", "key", found)
    [kept] = (tmp_path / findings_cache.FOLDER).iterdir()
    # The translation (14,000 characters) once, not once per finding (28 million).
    assert kept.stat().st_size < len(item.target) + 200 * len(found)
    assert findings_cache.load(tmp_path, "s", "fr", "key") == found


SEGMENTATION_CASES: dict[str, Callable[[int], str]] = {
    "runs of periods": lambda n: "." * n + " A",
    "runs of marks": lambda n: "!?" * (n // 2) + " A",
    "runs of full-width stops": lambda n: "。" * n + "A",
    "spaced periods": lambda n: ". " * (n // 2) + "A",
    "dotted letters": lambda n: "a." * (n // 2) + " A",
    "periods and quotes": lambda n: '."' * (n // 2) + " A",
    "footnote numbers": lambda n: ".1 " * (n // 3) + "A",
    "periods without spaces": lambda n: "ab.Cd" * (n // 5) + " A",
    "a long word before a glued period": lambda n: "a" * n + ".Bc d",
    "numbers before glued periods": lambda n: "1,000.Ab " * (n // 9),
    "quotations before brackets": lambda n: '"A!" (B.) ' * (n // 10),
    "short lines above one long line": lambda n: "Note to editors\n" * (n // 16) + "word " * 40,
    "headings above long lines": lambda n: ("Note\n" + "word " * 40 + "\n") * (n // 206),
}


def _segmentation_seconds(text: str) -> float:
    from relay.sources.sentences import sentence_starts

    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        sentence_starts(text, "en")
        sentence_starts(text, "de", lines=True)  # the line rule; German ordinals
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.slow
@pytest.mark.parametrize("case", list(SEGMENTATION_CASES))
def test_segmentation_takes_linear_time(case: str) -> None:
    """Runs of periods took 76 s at 40,000 characters (every mark of a run read the run)."""
    make = SEGMENTATION_CASES[case]
    for _ in range(3):
        small = _segmentation_seconds(make(20_000))
        large = _segmentation_seconds(make(20_000 * GROWTH))
        ratio = large / max(small, 0.002)
        if ratio < LIMIT:
            break
    assert ratio < LIMIT, f"{case}: {small:.3f}s, then {large:.3f}s at {GROWTH}x the size"
