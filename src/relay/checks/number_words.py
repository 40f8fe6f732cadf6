"""Numbers written out in words: "ten days", "a hundred delegates", "two million people".

Takes a text and its language (English, French, Russian); gives the numbers it writes in words
(:func:`in_words`), each with how it is written. Small numbers are read one word at a time
(:data:`NUMBER_WORDS`, to 20 and the tens to 90: "twenty-five" is read as its parts, the same
on both sides). Beyond them, a run of number words holding a scale word (:data:`SCALE_WORDS`:
hundred, thousand, million, billion, a dozen; "cent", "mille", "millier", "centaine"; "сто",
"двести", "тысяча", "сотня") is read as one number: "a hundred" is 100, "two hundred and
fifty" 250, "deux mille" 2,000, "сотни тысяч" 100,000, "millions of" 1,000,000; the small
numbers inside it are not read apart.

Not read: a scale word right after digits ("3.5 million", "2 млрд": the digits' own, read by
:mod:`relay.checks.recognize`), French "pour cent" (per cent), and the words of about a number
("dozens of", "une dizaine", "десятки"), which translators render by one another ("dozens of"
is "des dizaines de").

>>> in_words("two hundred and fifty delegates, a dozen countries", "en")
{250: ('two hundred and fifty',), 12: ('a dozen',)}
>>> in_words("des centaines de milliers de personnes, 50 pour cent", "fr")
{100000: ('centaines de milliers',)}
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from relay.checks.text import CACHED_TEXTS

# Numbers a translator may write in words ("ten days" → "dix jours", "5" → "cinq"), to 20 and
# the tens to 90: a compound the language writes with a hyphen ("twenty-five", "vingt-cinq")
# is read as its parts, the same on both sides.
NUMBER_WORDS: dict[str, dict[int, str]] = {
    "en": {1: "one|first|a single", 2: "two|second|both|twice", 3: "three|third", 4: "four|fourth",
           5: "five|fifth", 6: "six|sixth", 7: "seven|seventh", 8: "eight|eighth",
           9: "nine|ninth", 10: "ten|tenth", 11: "eleven|eleventh", 12: "twelve|twelfth",
           13: "thirteen|thirteenth", 14: "fourteen|fourteenth", 15: "fifteen|fifteenth",
           16: "sixteen|sixteenth", 17: "seventeen|seventeenth", 18: "eighteen|eighteenth",
           19: "nineteen|nineteenth", 20: "twenty|twentieth", 30: "thirty|thirtieth",
           40: "forty|fortieth", 50: "fifty|fiftieth", 60: "sixty|sixtieth",
           70: "seventy|seventieth", 80: "eighty|eightieth", 90: "ninety|ninetieth"},
    "fr": {1: "un|une|premier|première", 2: "deux|deuxième|second|seconde", 3: "trois|troisième",
           4: "quatre|quatrième", 5: "cinq|cinquième", 6: "six|sixième", 7: "sept|septième",
           8: "huit|huitième", 9: "neuf|neuvième", 10: "dix|dixième", 11: "onze|onzième",
           12: "douze|douzième", 13: "treize|treizième", 14: "quatorze|quatorzième",
           15: "quinze|quinzième", 16: "seize|seizième", 17: "dix-sept|dix-septième",
           18: "dix-huit|dix-huitième", 19: "dix-neuf|dix-neuvième", 20: "vingt|vingtième",
           30: "trente|trentième", 40: "quarante|quarantième", 50: "cinquante|cinquantième",
           60: "soixante|soixantième", 70: "soixante-dix|soixante-dixième",
           80: "quatre-vingts?|quatre-vingtième", 90: "quatre-vingt-dix|quatre-vingt-dixième"},
    "ru": {1: r"один|одна|одно|одн(?:ого|ой|ому|им|ом|у|их)|перв\w*",
           2: r"два|две|двух|двум|двумя|втор\w*", 3: r"три|тр[её]х|тр[её]м|тремя|трет\w*",
           4: r"четыр\w*|четв[её]рт\w*", 5: r"пять|пяти|пятью|пят(?:ый|ая|ое|ого|ом|ой|ую|ые|ых)",
           6: r"шесть|шести|шестью|шест(?:ой|ая|ое|ого|ом|ую|ые|ых)",
           7: r"семь|семи|семью|седьм\w*",
           8: r"восемь|восьми|восемью|восьм\w*",
           9: r"девять|девяти|девятью|девят(?:ый|ая|ое|ого|ом|ой|ую|ые|ых)",
           10: r"десять|десяти|десятью|десят(?:ый|ая|ое|ого|ом|ой|ую|ые|ых)",
           11: r"одиннадцат\w*", 12: r"двенадцат\w*", 13: r"тринадцат\w*",
           14: r"четырнадцат\w*", 15: r"пятнадцат\w*", 16: r"шестнадцат\w*",
           17: r"семнадцат\w*", 18: r"восемнадцат\w*", 19: r"девятнадцат\w*",
           20: r"двадцат\w*", 30: r"тридцат\w*", 40: r"сорок\w*",
           50: r"пятьдесят|пятидесят\w*", 60: r"шестьдесят|шестидесят\w*",
           70: r"семьдесят|семидесят\w*", 80: r"восемьдесят|восьмидесят\w*",
           90: r"девяност\w*"},
}  # fmt: skip


# Number words that are also other words ("neuf": nine, and new): not taken for a number the
# translation put in place of another.
ALSO_OTHER_WORDS = {"fr": frozenset({"neuf"})}

# Scale words, each with its value and how it counts: "times" multiplies what is before it in
# the run ("two hundred", "une douzaine"), "group" closes a group ("two thousand", "deux
# millions"), "plus" adds (Russian hundreds: "двести" is 200).
Counting = Literal["times", "group", "plus"]
SCALE_WORDS: dict[str, dict[int, tuple[Counting, str]]] = {
    "en": {12: ("times", "dozen"), 100: ("times", "hundreds?"),
           1000: ("group", "thousands?"), 10**6: ("group", "millions?"),
           10**9: ("group", "billions?"), 10**12: ("group", "trillions?")},
    "fr": {12: ("times", "douzaine"), 100: ("times", "cents?|centaines?"),
           1000: ("group", "mille|milliers?"), 10**6: ("group", "millions?"),
           10**9: ("group", "milliards?"), 10**12: ("group", "billions?")},
    "ru": {12: ("times", "дюжин(?:а|ы|у|ой|е)"),
           100: ("times", "сто|ста|сотн(?:я|и|ю|ей|е|ям|ями|ях)"),
           200: ("plus", "двести|двухсот|двумстам|двумястами|двухстах"),
           300: ("plus", "триста|тр[её]хсот|тр[её]мстам|тремястами|тр[её]хстах"),
           400: ("plus", "четыреста|четыр[её]хсот|четыр[её]мстам|четырьмястами|четыр[её]хстах"),
           500: ("plus", "пятьсот|пятисот|пятистам|пятьюстами|пятистах"),
           600: ("plus", "шестьсот|шестисот|шестистам|шестьюстами|шестистах"),
           700: ("plus", "семьсот|семисот|семистам|семьюстами|семистах"),
           800: ("plus", "восемьсот|восьмисот|восьмистам|восемьюстами|восьмистах"),
           900: ("plus", "девятьсот|девятисот|девятистам|девятьюстами|девятистах"),
           1000: ("group", "тысяч(?:а|и|у|ей|ею|е|ам|ами|ах)?"),
           10**6: ("group", "миллион(?:а|ов|у|ом|е|ы|ам|ами|ах)?"),
           10**9: ("group", "миллиард(?:а|ов|у|ом|е|ы|ам|ами|ах)?")},
}  # fmt: skip
# What joins the words of one number: a space or a hyphen, "and", and "of" between scales
# ("hundreds of thousands", "des centaines de milliers").
_JOINED = re.compile(
    r"[\s\u00a0\u202f-]+(?:(?:and|et|и|of|de|d[’'])[\s\u00a0\u202f]*)?|[\s\u00a0\u202f]*d[’']",
    re.IGNORECASE,
)
# Digits (and what groups or ends them) right before a scale word: the digits' number.
_AFTER_DIGITS = re.compile(r"\d[\d.,]*[\s\u00a0\u202f]*\Z")
# English's article before a scale word: one of it ("a hundred", "an hundred").
_ARTICLE = re.compile(r"(?<![^\W\d_])an?[\s\u00a0]+\Z", re.IGNORECASE)
# "pour cent" is per cent, not a hundred (and so is English "per cent" left in French).
_PER_CENT = re.compile(r"(?<![^\W\d_])p(?:ou|e)r[\s\u00a0\u202f]+\Z", re.IGNORECASE)


@lru_cache(maxsize=16)
def _number_words(lang: str) -> re.Pattern[str] | None:
    """One pattern for a language's number words (:data:`NUMBER_WORDS`), a group per number:
    one search of a text finds them all, not one search per number."""
    words = NUMBER_WORDS.get(lang)
    if words is None:
        return None
    # The largest first: "dix-sept" is seventeen, not ten then seven; "четырнадцать" fourteen.
    groups = "|".join(
        f"(?P<n{number}>{alternatives})" for number, alternatives in sorted(words.items())[::-1]
    )
    return re.compile(rf"(?<![^\W\d_])(?:{groups})(?![^\W\d_])", re.IGNORECASE)


@lru_cache(maxsize=16)
def _scale_words(lang: str) -> re.Pattern[str] | None:
    """One pattern for a language's scale words (:data:`SCALE_WORDS`), a group per value."""
    words = SCALE_WORDS.get(lang)
    if words is None:
        return None
    groups = "|".join(f"(?P<n{value}>{written})" for value, (_, written) in words.items())
    return re.compile(rf"(?<![^\W\d_])(?:{groups})(?![^\W\d_])", re.IGNORECASE)


@lru_cache(maxsize=CACHED_TEXTS)  # a source is compared once per language
def in_words(text: str, lang: str) -> dict[int, tuple[str, ...]]:
    """The numbers ``text`` writes out in words (in ``lang``), each with how it is written,
    in order: small numbers one word at a time, and runs of words with a scale word as one
    number."""
    base = lang.split("-")[0]
    small, scales = _number_words(base), _scale_words(base)
    # (start, end, value, how it counts): "" for a small number, else the scale's counting.
    words: list[tuple[int, int, int, str]] = [
        (match.start(), match.end(), int(str(match.lastgroup)[1:]), "")
        for match in (small.finditer(text) if small is not None else ())
    ]
    for match in scales.finditer(text) if scales is not None else ():
        before = text[max(0, match.start() - 24) : match.start()]
        if _AFTER_DIGITS.search(before) or (base == "fr" and _PER_CENT.search(before)):
            continue
        value = int(str(match.lastgroup)[1:])
        words.append((match.start(), match.end(), value, SCALE_WORDS[base][value][0]))
    words.sort()
    found: list[tuple[int, int, str]] = []  # (start, value, how it is written)
    run: list[tuple[int, int, int, str]] = []
    for word in [*words, (len(text) + 1, 0, 0, "")]:
        if run and not (word[0] <= len(text) and _JOINED.fullmatch(text, run[-1][1], word[0])):
            found += _read_run(run, text)
            run = []
        run.append(word)
    collected: dict[int, tuple[str, ...]] = {}
    for _, number, written in sorted(found):
        collected[number] = (*collected.get(number, ()), written)
    return collected


def _read_run(run: list[tuple[int, int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """The numbers a run of joined number words writes: one, from the first word to the last,
    if a scale word is among them; else each small number on its own (as it was read)."""
    if all(counting == "" for *_, counting in run):
        return [(start, value, text[start:end]) for start, end, value, _ in run]
    total = current = 0
    for _, _, value, counting in run:
        if counting == "times":
            current = (current or 1) * value
        elif counting == "group":
            total += (current or 1) * value
            current = 0
        else:
            current += value
    start, end = run[0][0], run[-1][1]
    if article := _ARTICLE.search(text, max(0, start - 4), start):
        start = article.start()  # "a hundred", as it is written
    return [(start, total + current, text[start:end])]
