"""Recognise the values a text states: numbers, dates, times, phone numbers and codes.

Takes plain text and a language tag; gives :class:`Value` objects, each with what it means
(a number as a ``Decimal``, a date as ``(year, month, day)``, a time in minutes) and how it was
written. Locale facts come from CLDR through :mod:`relay.core.cldr`: decimal and group signs,
month names in every form (the Russian genitive "апреля" as well as "апрель"), the words for
million and per cent.

>>> [(v.kind, v.value) for v in recognize("On 19 April 2013, 3.5 million (25%) at 2 p.m.", "en")]
[('date', (2013, 4, 19)), ('time', 840), ('number', Decimal('3500000')), ('number', Decimal('25'))]
>>> [(v.kind, v.value) for v in recognize("le 1er janvier 2015, 1\u202f200 stations", "fr")]
[('date', (2015, 1, 1)), ('number', Decimal('1200'))]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from relay.checks.text import CACHED_TEXTS
from relay.core import cldr

Kind = Literal["number", "date", "time", "phone", "code"]
_SP = "[ \u00a0\u202f]"
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[,.' ’\u00a0\u202f]\d+)*(?![\w])")
_ORDINAL = re.compile(
    r"(?<![\w.,])(\d{1,4})(?:er|re|ère|ème|e|è|st|nd|rd|th|ᵉʳ|ᵉ|-?(?:го|му|й|я|е|м|х|ю))(?![\w])"
)
# The same two patterns with the look-behind after the first digit: a pattern that starts with
# a digit lets the regex engine skip to the digits itself (see _at_digits for the others).
_NUMBER_FROM_DIGIT = re.compile(r"\d(?<![\w.,]\d)\d*(?:[,.' ’\u00a0\u202f]\d+)*(?![\w])")
_ORDINAL_FROM_DIGIT = re.compile(
    r"(\d(?<![\w.,]\d)\d{0,3})(?:er|re|ère|ème|e|è|st|nd|rd|th|ᵉʳ|ᵉ|-?(?:го|му|й|я|е|м|х|ю))(?![\w])"
)
_CODE = re.compile(r"(?<![\w-])(?=[\w./-]*\d)(?=[\w./-]*[^\W\d_])[^\W_]+(?:[-./][^\W_]+)*(?![\w])")
# _CODE without its look-aheads, and what they ask for, read once per run of word characters,
# dots, slashes and hyphens that holds a digit (see _codes; the other runs hold no code). Tried
# from a run's start only, so that each run is read once.
# A number joined by hyphens to words of two letters or more ("10-year", "50-процентное",
# "3,5-fache"): a number, not a code ("COVID-19", "3-D" and "WP.1" stay codes).
_COMPOUND = re.compile(r"(\d+(?:[.,]\d+)?)(?:-[^\W\d_]{2,})+")
_CODE_RUN = re.compile(r"(?<![\w./-])[\w./-]*?\d[\w./-]*")
_CODE_BODY = re.compile(r"(?<![\w-])[^\W_]+(?:[-./][^\W_]+)*(?![\w])")
_LAST_DIGIT = re.compile(r"\d\D*\Z")
_LAST_LETTER = re.compile(r"[^\W\d_][\d_./-]*\Z")
_PHONE = re.compile(r"(?<![\w+])\+\d{1,3}(?:[ \u00a0\u202f.-]?(?:\(\d{1,4}\)|\d{1,4})){2,}")
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
# A numeric date: day, month and year in the locale's order, one separator twice (public: the
# source check of dates that read either way takes its parts from it).
NUMERIC_DATE = re.compile(r"(?<![\d./])(\d{1,4})([./])(\d{1,2})\2(\d{2,4})(?![\d/]|\.\d)")
# What any text NUMERIC_DATE matches in holds, looked for in the text as written: blanking
# what other patterns took (with spaces) makes no match where the text had none.
_NUMERIC_DATE_CHARS: re.Pattern[str] = re.compile(r"\d[./]\d{1,2}[./]\d")
_CLOCK = re.compile(r"(?<![\d.,:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")
_AM_PM = re.compile(
    rf"(?<![\d.,])(1[0-2]|0?\d)(?:[:.]([0-5]\d))?{_SP}*([ap])\.?m\.?(?![\w])", re.IGNORECASE
)
# Every kind of value recognize finds has a digit: a text without one has none.
_DIGIT = re.compile(r"\d")
_NON_DIGIT = re.compile(r"(\D)")
_CASED = {"ru", "uk", "be", "pl", "cs", "sk", "sl", "hr", "sr", "bs", "lt", "lv", "fi", "et"}
_EXTRA_PERCENT = {"en": ("per cent",), "fr": ("p. 100",)}
_EXTRA_CURRENCY = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "¥": "JPY"}
# Currency nouns as running text writes them, without the country CLDR's names carry.
_CURRENCY_NOUNS = {
    word: code
    for code, words in {
        "USD": "dollar dollars доллар доллара долларов долларам",
        "EUR": "euro euros евро",
        "GBP": "pound pounds фунт фунта фунтов",
        "CHF": "franc francs франк франка франков",
        "JPY": "yen иена иены иен",
        "RUB": "rouble roubles ruble rubles рубль рубля рублей",
        "CNY": "yuan юань юаня юаней",
    }.items()
    for word in words.split()
}


@dataclass(frozen=True, slots=True)
class Value:
    """A value as a text states it: its kind, its meaning, its text and how it was written.

    ``native`` is false when the text is in another language's format (the source's);
    ``quantity`` when a number stands with a scale word, a per cent sign or a currency (so it
    is an amount, not an identifier like "target 3.6"); ``grouped`` when it has group
    separators, and ``plain_space`` when one of them is a breakable space.
    """

    kind: Kind
    value: object
    text: str
    start: int
    native: bool = True
    quantity: bool = False
    grouped: bool = False
    plain_space: bool = False


def _base(lang: str) -> str:
    return lang.split("-")[0].lower()


@lru_cache(maxsize=64)
def _group_signs(lang: str) -> frozenset[str]:
    group = cldr.number_symbols(lang)[1]
    if group in " \u00a0\u202f":
        return frozenset(" \u00a0\u202f")
    if group in "'’":
        return frozenset("'’")
    return frozenset(group)


def parse_number(text: str, lang: str) -> Decimal | None:
    """Read a number written the locale's way; None when the locale would not write it so.

    >>> parse_number("1,000.5", "en"), parse_number("1\u202f000,5", "fr")
    (Decimal('1000.5'), Decimal('1000.5'))
    >>> parse_number("1,000.5", "fr") is None
    True
    >>> parse_number("3.6", "fr") is None, parse_number("1,200", "fr")
    (True, Decimal('1.200'))
    """
    decimal, _ = cldr.number_symbols(lang)
    whole, fraction = text, ""
    if decimal in text:
        whole, _, fraction = text.rpartition(decimal)
        if not fraction.isdigit():
            return None
    splitter = _group_splitter(lang)
    runs = splitter.split(whole) if splitter else [whole]
    if not all(run.isdigit() for run in runs):
        return None
    if len(runs) > 1 and (len(runs[0]) > 3 or any(len(run) != 3 for run in runs[1:])):
        return None
    try:
        return Decimal("".join(runs) + ("." + fraction if fraction else ""))
    except InvalidOperation:
        return None


@lru_cache(maxsize=64)
def _group_splitter(lang: str) -> re.Pattern[str] | None:
    """The pattern of the locale's group signs (None when it has none)."""
    groups = _group_signs(lang)
    return re.compile("[" + re.escape("".join(groups)) + "]") if groups else None


def _pieces(token: str, lang: str) -> list[tuple[int, str, Decimal]]:
    """Split a run of digits and separators into the numbers the locale reads in it."""
    if token.isdigit() and token.isascii():
        # Digits alone (most numbers: years, days, counts) are one number in every locale.
        return [(0, token, Decimal(token))]
    return _split_pieces(token, lang)


def _split_pieces(token: str, lang: str) -> list[tuple[int, str, Decimal]]:
    """From each start, the longest run of groups that :func:`parse_number` reads. The
    candidate ends are known from one pass over the groups, so the run is read in linear time
    (trying every end from the longest down, parsing each, was cubic in the run's length).
    """
    runs = _NON_DIGIT.split(token)
    digits, separators = runs[0::2], runs[1::2]
    decimal = cldr.number_symbols(lang)[0]
    groups = _group_signs(lang)
    count = len(digits)
    # reach[k]: the last group of the run of three-digit groups, each after a group sign,
    # that follows group k.
    reach = list(range(count))
    for k in range(count - 2, -1, -1):
        if separators[k] in groups and len(digits[k + 1]) == 3 and digits[k + 1].isdigit():
            reach[k] = reach[k + 1]
    # last_point[k]: the last decimal sign (with digits after it) at or before separator k;
    # first_point[k]: the first decimal sign at or after separator k.
    last_point, first_point = [-1] * count, [count] * count
    for k in range(count - 1):
        last_point[k] = k if separators[k] == decimal and digits[k + 1].isdigit() else -1
        if k and last_point[k] < 0:
            last_point[k] = last_point[k - 1]
    if count > 1:
        last_point[count - 1] = last_point[count - 2]
    for k in range(count - 2, -1, -1):
        first_point[k] = k if separators[k] == decimal else first_point[k + 1]
    found: list[tuple[int, str, Decimal]] = []
    offset, index = 0, 0
    while index < count:
        end = index
        if digits[index].isdigit():
            # Grouped digits (a first group of one to three digits), up to any decimal sign;
            # or grouped digits, then the decimal sign and the fraction.
            grouped = reach[index] if len(digits[index]) <= 3 else index
            end = min(grouped, first_point[index])
            point = last_point[grouped]
            if point >= index:
                end = max(end, point + 1)
        text = digits[index] + "".join(separators[k] + digits[k + 1] for k in range(index, end))
        value = parse_number(text, lang) if len(decimal) == 1 else None
        if value is None and len(decimal) != 1:
            end, text, value = _longest_parsed(digits, separators, index, lang)
        found.append((offset, text, value if value is not None else Decimal(digits[index])))
        offset += len(text) + (1 if end + 1 < count else 0)
        index = end + 1
    return found


def _longest_parsed(
    digits: list[str], separators: list[str], index: int, lang: str
) -> tuple[int, str, Decimal | None]:
    """Try every end from the longest down: for a decimal sign of more than one character,
    which no locale relay knows has (the pass in :func:`_pieces` reads one character)."""
    end, text, value = index, digits[index], None
    for end in range(len(digits) - 1, index - 1, -1):
        text = digits[index] + "".join(separators[k] + digits[k + 1] for k in range(index, end))
        value = parse_number(text, lang)
        if value is not None:
            break
    return end, text, value


@lru_cache(maxsize=64)
def _month_pattern(lang: str) -> tuple[re.Pattern[str], dict[str, int]]:
    names = dict(cldr.month_names(lang))
    if _base(lang) in _CASED:
        # Declined forms the CLDR names do not list: "в мае", "в марте", "к апрелю".
        for number, name in enumerate(cldr.stand_alone_months(lang), start=1):
            soft = name[-1] in "ьй"
            base = name[:-1] if soft else name
            for ending in ("я", "е", "ю", "ем", "ём") if soft else ("а", "е", "у", "ом"):
                names.setdefault(base + ending, number)
    return re.compile("(?:" + _alternation(names) + r")\.?(?![\w])", re.IGNORECASE), names


def _alternation(words: Iterable[str]) -> str:
    """Give a pattern matching any of ``words`` (any case), the longest first where several
    match: a trie, which the regex engine walks letter by letter instead of trying each word.

    >>> _alternation(["mai", "mars", "ma"])
    'ma(?:i|rs)?'
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        # Any case matches either way; folding merges "Mai" and "mai" into one branch. A
        # letter whose lower case is longer ("İ") would not match the same text: kept as is.
        folded = word.lower() if len(word.lower()) == len(word) else word
        for letter in folded:
            node = node.setdefault(letter, {})
        node[""] = {}
    return _branches(trie)


def _branches(node: dict[str, dict]) -> str:
    # A word that ends here is tried last (``?`` is greedy): a longer one is preferred, as
    # an alternation sorted by length would.
    options = [re.escape(letter) + _branches(child) for letter, child in node.items() if letter]
    if not options:
        return ""
    body = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
    if "" not in node:
        return body
    return (body if len(options) > 1 else "(?:" + body + ")") + "?"


def month_number(word: str, lang: str) -> int | None:
    """Give the month a word names in the language (any case, form or abbreviation)."""
    _, names = _month_pattern(lang)
    return names.get(word.lower()) or names.get(word.lower().rstrip("."))


@lru_cache(maxsize=64)
def _date_patterns(lang: str) -> list[re.Pattern[str]]:
    months = _month_pattern(lang)[0].pattern
    day = r"(?P<d>\d{1,2})(?:er|re|st|nd|rd|th|-?(?:го|е))?"
    year = r"(?P<y>\d{4})(?![\d])"
    # The day first: "(?<![\d.,])\d{1,2}" with the look-behind after the first digit, so that
    # the regex engine skips to the digits (see _NUMBER_FROM_DIGIT).
    first_day = r"(?P<d>\d(?<![\d.,]\d)\d?)(?:er|re|st|nd|rd|th|-?(?:го|е))?"
    return [
        re.compile(rf"{first_day}{_SP}+(?P<m>{months})(?:,?{_SP}+{year})?", re.I),
        re.compile(rf"(?P<m>{months}){_SP}+{day}(?![\d])(?:,{_SP}*{year})?", re.I),
        re.compile(rf"(?P<m>{months}){_SP}+{year}", re.I),
    ]


_DIGITS = re.compile(r"\d+")


def _at_digits(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Give what ``pattern.finditer(text)`` gives, for a pattern whose matches start with a
    digit that no digit precedes (it looks behind for one): trying it only where a run of
    digits starts spares scanning every letter of the text, which costs most of recognising.
    """
    end = 0
    for run in _DIGITS.finditer(text):
        if run.start() < end:
            continue
        match = pattern.match(text, run.start())
        if match is not None:
            end = match.end()
            yield match


def _codes(text: str) -> Iterator[re.Match[str]]:
    """Give what ``_CODE.finditer(text)`` gives, in time linear in the text's length.

    _CODE's look-aheads ask for a digit and a letter further on in the run of ``[\\w./-]``
    where it starts: from every start of a long run without them they scan to its end
    (quadratic). Here a run's last digit and last letter say once where starts may be.
    """
    if _DIGITS.search(text) is None:
        return  # every code has a digit: most sentences have none, and every word is a run
    for run in _CODE_RUN.finditer(text):
        chunk = run.group()
        digit = _LAST_DIGIT.search(chunk)
        if digit is None:
            continue
        letter = _LAST_LETTER.search(chunk)
        if letter is None:
            continue
        limit = run.start() + min(digit.start(), letter.start())
        position = run.start()
        # The run's end is no word character: ending the search there changes no match.
        while (match := _CODE_BODY.search(text, position, run.end())) and match.start() <= limit:
            yield match
            position = match.end()


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out the spans (in order, apart) with spaces, and empty the list: once per pattern,
    since blanking each match apart copies the whole text per match (quadratic)."""
    if not spans:
        return text
    pieces, position = [], 0
    for start, end in spans:
        pieces += [text[position:start], " " * (end - start)]
        position = end
    spans.clear()
    return "".join(pieces) + text[position:]


def recognize(
    text: str, lang: str, *, native: bool = True, words: str = "", either: bool = False
) -> list[Value]:
    """Give the values of a plain text (URLs and addresses already blanked), in kind order.

    ``lang`` decides how numbers and dates are written; ``words`` (by default ``lang``) adds
    the language whose words stand beside numbers ("millions" in a French text whose numbers
    were left in the English format). With ``either`` (a source, as its author wrote it), a
    numeric date that is no date the locale's way but is the other way round is read so:
    "25/05/2027" in English is 25 May (the United Nations write the day first), where it was
    three numbers, and every translation that wrote the day out was told one was missing.
    """
    # Several checks read the same text, and a source is checked once per language.
    return list(_recognized(text, lang, native, words, either))


@lru_cache(maxsize=CACHED_TEXTS)
def _recognized(
    text: str, lang: str, native: bool, words: str, either: bool = False
) -> tuple[Value, ...]:
    # Most units state no value at all, and the patterns below cost far more than this test.
    if not _DIGIT.search(text):
        return ()
    if either and not _NUMERIC_DATE_CHARS.search(text):
        # ``either`` changes only how a numeric date is read: without one, the values are
        # those read the locale's way, which other checks ask for too (one recognition of a
        # source instead of two, a sixth of a cold check).
        return _recognized(text, lang, native, words, False)
    return _recognized_in_full(text, lang, native, words, either)


def _recognized_in_full(
    text: str, lang: str, native: bool, words: str, either: bool = False
) -> tuple[Value, ...]:
    found: list[Value] = []
    blanks: list[tuple[int, int]] = []
    # Each pattern below needs a character most texts lack ("+", "-", ":"): testing for it
    # first spares scanning the text.
    for match in _PHONE.finditer(text) if "+" in text else ():
        digits = re.sub(r"\D", "", match.group())
        found.append(Value("phone", digits, match.group(), match.start(), native))
        blanks.append(match.span())
    text = _blanked(text, blanks)
    dates, text = _dates(text, lang, native, either)
    found.extend(dates)
    times, text = _times(text, lang, native)
    found.extend(times)
    for match in _ORDINAL_FROM_DIGIT.finditer(text):
        found.append(Value("number", Decimal(match.group(1)), match.group(), match.start()))
        blanks.append(match.span())
    text = _blanked(text, blanks)
    for match in _codes(text):
        compound = _COMPOUND.fullmatch(match.group())
        if compound:  # "a 10-year plan": the number is read, the words after it are not
            blanks.append((match.start() + compound.end(1), match.end()))
            continue
        found.append(Value("code", match.group(), match.group(), match.start(), native))
        blanks.append(match.span())
    text = _blanked(text, blanks)
    found.extend(numbers(text, lang, native=native, words=words or lang))
    return tuple(found)


@lru_cache(maxsize=64)
def _month_words(lang: str) -> re.Pattern[str]:
    """The pattern of any month name of a language, in lower case."""
    return re.compile(_alternation(name.lower() for name in _month_pattern(lang)[1]))


def _dates(text: str, lang: str, native: bool, either: bool = False) -> tuple[list[Value], str]:
    found: list[Value] = []
    blanks: list[tuple[int, int]] = []
    # A date in words names a month: most texts name none, and matching the long pattern of
    # month names costs far more than looking for each name.
    lowered = text.lower()
    named = _month_words(lang).search(lowered) is not None
    for pattern in _date_patterns(lang) if named else ():
        for match in pattern.finditer(text):
            month = month_number(match.group("m"), lang)
            fields = match.groupdict()
            day = int(fields["d"]) if fields.get("d") else None
            year = int(fields["y"]) if fields.get("y") else None
            if month is None or (day is not None and not 1 <= day <= 31):
                continue
            found.append(Value("date", (year, month, day), match.group(), match.start(), native))
            blanks.append(match.span())
        text = _blanked(text, blanks)
    for match in _at_digits(_ISO_DATE, text) if "-" in text else ():
        year, month, day = (int(group) for group in match.groups())
        found.append(Value("date", (year, month, day), match.group(), match.start(), True))
        blanks.append(match.span())
    text = _blanked(text, blanks)
    order = _date_order(lang)
    for match in _at_digits(NUMERIC_DATE, text) if "." in text or "/" in text else ():
        first, _, second, third = match.groups()
        date_parts = dict(zip(order, (int(first), int(second), int(third)), strict=True))
        if either and date_parts["m"] > 12 and order in ("mdy", "dmy"):
            # No date the locale's way; the other way round, maybe (25/05/2027).
            date_parts["m"], date_parts["d"] = date_parts["d"], date_parts["m"]
        if 1 <= date_parts["m"] <= 12 and 1 <= date_parts["d"] <= 31:
            year = date_parts["y"] + (2000 if date_parts["y"] < 100 else 0)
            found.append(Value("date", (year, date_parts["m"], date_parts["d"]), match.group(),
                               match.start(), native))  # fmt: skip
            blanks.append(match.span())
    return found, _blanked(text, blanks)


@lru_cache(maxsize=64)
def _date_order(lang: str) -> str:
    return cldr.date_order(lang)


@lru_cache(maxsize=64)
def _hours_pattern(lang: str) -> re.Pattern[str] | None:
    """The pattern of an hour written with the language's word for it ("14 heures 30")."""
    words = "|".join(re.escape(word) for word in cldr.unit_words(lang, "duration-hour"))
    if not words:
        return None
    return re.compile(
        rf"(?<![\d.,])([01]?\d|2[0-3]){_SP}*(?:{words})(?:{_SP}*([0-5]\d))?(?![\w])", re.I
    )


def _times(text: str, lang: str, native: bool) -> tuple[list[Value], str]:
    found: list[Value] = []
    blanks: list[tuple[int, int]] = []
    for match in _at_digits(_AM_PM, text) if "m" in text or "M" in text else ():
        hour = int(match.group(1)) % 12 + (12 if match.group(3).lower() == "p" else 0)
        minutes = hour * 60 + int(match.group(2) or 0)
        found.append(Value("time", minutes, match.group(), match.start(), native))
        blanks.append(match.span())
    text = _blanked(text, blanks)
    for match in _at_digits(_CLOCK, text) if ":" in text else ():
        minutes = int(match.group(1)) * 60 + int(match.group(2))
        found.append(Value("time", minutes, match.group(), match.start(), native))
        blanks.append(match.span())
    text = _blanked(text, blanks)
    hours = _hours_pattern(lang)
    if hours is not None:
        for match in _at_digits(hours, text):
            minutes = int(match.group(1)) * 60 + int(match.group(2) or 0)
            found.append(Value("time", minutes, match.group(), match.start(), native))
            blanks.append(match.span())
    return found, _blanked(text, blanks)


def numbers(text: str, lang: str, *, native: bool = True, words: str = "") -> list[Value]:
    """Give the numbers of a text as the locale reads them, scaled by "million" and the like."""
    languages = tuple(dict.fromkeys((lang, words or lang)))
    scales, after_scale, after_quantity, before_currency, reach = _number_words(languages)
    found: list[Value] = []
    for match in _NUMBER_FROM_DIGIT.finditer(text):
        for offset, piece, value in _pieces(match.group(), lang):
            start = match.start() + offset
            # Matching from a position, not on a copy of the rest: the patterns look behind
            # nothing and anchor nothing, so both give the same.
            end = start + len(piece)
            scale = after_scale.match(text, end)
            if scale:
                value = _tidy(value * scales[scale.group(1).lower()])
            quantity = bool(
                scale
                or after_quantity.match(text, end)
                # A currency name just before the number: read backwards from the number,
                # one try at one place (searching forwards tries every place before it).
                or before_currency.match(text[max(0, start - reach) : start][::-1])
            )
            grouped = any(sign in piece for sign in _group_signs(lang))
            found.append(
                Value("number", value, piece, start, native, quantity, grouped, " " in piece)
            )
    return found


@lru_cache(maxsize=64)
def _number_words(
    languages: tuple[str, ...],
) -> tuple[dict[str, int], re.Pattern[str], re.Pattern[str], re.Pattern[str], int]:
    """The scale words of some languages, and the patterns for the words around numbers."""
    scales = {k: v for tag in languages for k, v in cldr.scale_words(tag).items()}
    quantities = [word for tag in languages for word in percent_words(tag)]
    currencies = [name for tag in languages for name in currency_names(tag)]
    after_scale = _word_after(tuple(scales))
    after_quantity = _word_after((*quantities, *currencies))
    before_currency = currency_before(currencies)
    # A currency name, a space and the newline ``$`` may stand before: the longest match.
    reach = max((len(name) for name in currencies), default=0) + 2
    return scales, after_scale, after_quantity, before_currency, reach


def percent_words(lang: str) -> tuple[str, ...]:
    """The words and signs a language writes after a percentage: CLDR's, and those it lacks
    ("per cent", "p. 100")."""
    return (*cldr.unit_words(lang, "concentr-percent"), *_EXTRA_PERCENT.get(_base(lang), ()))


def currency_before(names: Iterable[str]) -> re.Pattern[str]:
    """The pattern that matches, at the start of a reversed text, what
    ``(?:names)[spaces]?$`` finds in the text: a name (any case), perhaps a space, at its end
    (or before a last newline, where ``$`` matches too)."""
    backwards = _alternation(name[::-1] for name in names)
    return re.compile(rf"\n?{_SP}?(?:{backwards})", re.IGNORECASE)


def _tidy(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


@lru_cache(maxsize=256)
def _word_after(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = _alternation(words)
    return re.compile(rf"{_SP}*({alternatives or '(?!)'})(?![^\W\d_])", re.IGNORECASE)


@lru_cache(maxsize=64)
def currency_names(lang: str) -> dict[str, str]:
    """Map the symbols, ISO codes, CLDR names and bare nouns ("dollars") of currencies to codes.

    >>> currency_names("ru")["долларов"], currency_names("fr")["$us"]
    ('USD', 'USD')
    """
    return {**_EXTRA_CURRENCY, **_CURRENCY_NOUNS, **cldr.currency_words(lang)}
