"""Source checks: problems in a release before it goes to translators.

Takes a release (its units), the text of its source file and the project's ``[html]``
settings (``options``: every source check is called alike; what a class the project marks
never translated holds is no text kept in English); gives findings located in the source
file. What is inconsistent in the source becomes inconsistent in every language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from itertools import combinations
from typing import TYPE_CHECKING, cast

from relay.catalogs.catalog import unit_id
from relay.checks.findings import REGISTRY, Finding, check
from relay.checks.text import plain, prose, prose_apart
from relay.core import cldr
from relay.core.errors import SourceError
from relay.core.model import Release
from relay.sources.stated_dates import date_fields

if TYPE_CHECKING:
    from relay.sources.formats.html import Options as HtmlOptions

_NAME = re.compile(r"(?<![\w’'-])[^\W\d_a-z][^\W\d_]+(?:-[^\W\d_]+)*")
_TITLES = {"Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mr", "Ms", "Mrs", "Dr", "Prof"}
_ALWAYS_ISE = set(
    "advertise advise apprise arise chastise comprise compromise demise despise devise disguise"
    " enterprise excise exercise expertise franchise improvise incise merchandise premise"
    " promise revise supervise surmise surprise televise treatise wise rise raise praise noise"
    " poise cruise bruise precise concise otherwise likewise clockwise paradise".split()
)
_ISE = re.compile(r"\b([a-z]{3,}?)(is|iz)(e|ed|es|ing|ation|ations|er|ers)\b")
_REPEATED = re.compile(r"\b([^\W\d_]+)[ \u00a0]+(\1)\b", re.IGNORECASE)
_BAD_SPACE = re.compile(r"(?<=\S)(?:[ \t]*\u00a0[ \t\u00a0]*[ \t]|[ \t]+\u00a0|  +)(?=\S)")


def _finding(check_id: str, release: Release, line: int, text: str, message: str) -> Finding:
    return Finding(
        check=check_id,
        severity=REGISTRY[check_id].severity,
        slug=release.slug,
        lang=None,
        unit=unit_id(text) if text else None,
        source=text,
        target="",
        message=message,
        location=f"{release.path}:{line}" if line else str(release.path),
    )


def _names(release: Release) -> dict[str, list[tuple[int, str, set[str]]]]:
    """Map each capitalised word to its occurrences: line, unit text, the names right beside
    it (and "(title)" after Mr., Dr. and the like)."""
    found: dict[str, list[tuple[int, str, set[str]]]] = {}
    for unit in release.document.units:
        text = plain(unit.text)
        tokens = list(_NAME.finditer(text))
        for index, match in enumerate(tokens):
            neighbours = set()
            if index and not text[tokens[index - 1].end() : match.start()].strip():
                neighbours.add(tokens[index - 1].group())
            if (
                index + 1 < len(tokens)
                and not text[match.end() : tokens[index + 1].start()].strip()
            ):
                neighbours.add(tokens[index + 1].group())
            before = text[: match.start()].split()[-1:] or [""]
            if before[0] in _TITLES:
                neighbours.add("(title)")
            found.setdefault(match.group(), []).append((unit.line, unit.text, neighbours))
    return found


@check("source-name-variants", "warning", scope="source")
def name_variants(
    release: Release, text: str, *, options: HtmlOptions | None = None
) -> Iterator[Finding]:
    """A name is spelt two ways in one release ("Asset Issekeshev", then "Asset Ishekeshev").

    Two capitalised words are reported when they differ by one or two letters (one for words
    under eight letters), start alike, and stand in the same company: right beside the same
    other name, or both right after a title (Mr., Dr.). Plurals and possessives ("Review",
    "Reviews") and British/American spellings are not name variants.
    """
    from rapidfuzz.distance import Levenshtein  # loaded when a source is checked: runs start faster

    names = _names(release)
    for a, b in combinations(sorted(name for name in names if len(name) >= 5), 2):
        if a[0] != b[0] or a.startswith(b) or b.startswith(a):
            continue
        limit = 1 if min(len(a), len(b)) < 8 else 2
        if Levenshtein.distance(a, b) > limit or a.replace("z", "s") == b.replace("z", "s"):
            continue
        company_a = set().union(*(n for _, _, n in names[a]))
        company_b = set().union(*(n for _, _, n in names[b]))
        if not company_a & company_b:
            continue
        (first, (line, _, _)), (second, (later, unit, _)) = sorted(
            ((a, names[a][0]), (b, names[b][0])), key=lambda pair: pair[1][0]
        )
        yield _finding(
            "source-name-variants",
            release,
            later,
            unit,
            f"“{second}” (line {later}) and “{first}” (line {line}) look like one name"
            " spelt two ways",
        )


@check("source-spelling", "warning", scope="source")
def spelling(
    release: Release, text: str, *, options: HtmlOptions | None = None
) -> Iterator[Finding]:
    """One word is spelt the British and the American way in one release ("recognised" and
    "recognized", "organisations" and "organizations"). Pick one; translators and style
    checkers follow the source. Words that are always spelt -ise (advise, enterprise) are
    not counted."""
    seen: dict[str, dict[str, tuple[int, str]]] = {}
    for unit in release.document.units:
        for match in _ISE.finditer(prose(unit.text).lower()):
            stem, infix, ending = match.groups()
            if f"{stem}ise" in _ALWAYS_ISE:
                continue
            forms = seen.setdefault(stem + ending, {})
            forms.setdefault(infix, (unit.line, match.group()))
    for forms in seen.values():
        if len(forms) == 2:
            (line_s, british), (line_z, american) = forms["is"], forms["iz"]
            unit = next(u for u in release.document.units if u.line == max(line_s, line_z))
            yield _finding(
                "source-spelling",
                release,
                max(line_s, line_z),
                unit.text,
                f"“{british}” (line {line_s}) and “{american}” (line {line_z}):"
                " British and American spelling mixed",
            )


@check("source-whitespace", "warning", scope="source")
def whitespace(
    release: Release, text: str, *, options: HtmlOptions | None = None
) -> Iterator[Finding]:
    """Two spaces in a row between words, or a no-break space next to a plain one, in the
    source file: a paste from a word processor. Indented lines and code blocks are skipped."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if fenced or line.startswith(("    ", "\t")):
            continue
        for match in _BAD_SPACE.finditer(line):
            shown = " + ".join(f"U+{ord(c):04X}" for c in match.group())
            context = line[max(0, match.start() - 20) : match.end() + 20].strip()
            yield _finding("source-whitespace", release, number, "", f"{shown} in “…{context}…”")


@check("source-repeated-word", "warning", scope="source")
def repeated_word(
    release: Release, text: str, *, options: HtmlOptions | None = None
) -> Iterator[Finding]:
    """The same word twice in a row in the source ("the the"); not across a standalone
    placeholder, which stands for words of its own ("and <1/> and": "and Brand X and")."""
    for unit in release.document.units:
        for match in _REPEATED.finditer(prose_apart(unit.text)):
            if match.group(1).lower() != "that":
                yield _finding(
                    "source-repeated-word",
                    release,
                    unit.line,
                    unit.text,
                    f"repeated word “{match.group(1)} {match.group(2)}”",
                )


@check("source-time-value", "warning", scope="source")
def time_value(
    release: Release, text: str, *, options: HtmlOptions | None = None
) -> Iterator[Finding]:
    """A ``<time datetime>`` value relay cannot write in words (a week, a duration, a date
    that does not exist): its text is published as the source wrote it, in every language.
    Write a date (2016-01-25), a month (2016-01), a day and time (2016-01-25T14:30+01:00)."""
    for field, unit in date_fields(release.document):
        if cldr.instant_text(field.value, "en") is not None:
            continue
        message = f"<time datetime={field.value!r}> cannot be written for other languages"
        if unit is None:
            yield _finding("source-time-value", release, 0, "", message)
        else:
            stays = f": “{field.original}” stays as it is in every variant"
            yield _finding("source-time-value", release, unit.line, unit.text, message + stays)


@check("source-ambiguous-date", "warning", scope="source")
def ambiguous_date(
    release: Release, text: str, *, options: HtmlOptions | None = None
) -> Iterator[Finding]:
    """A numeric date whose day and month could be read either way ("04/05/2023"): relay
    reads it as the source language writes dates (English: the month first, 5 April), and so
    do the checks of every translation; a reader elsewhere reads 4 May. Write the month's
    name, or an ISO date (2023-04-05); or, if the source means the day first, a source
    language that writes it so (en-GB)."""
    from relay.checks.recognize import NUMERIC_DATE, recognize  # loaded when a source is checked

    lang = release.document.metadata.lang or "en"  # given the project's by the engine
    for unit in release.document.units:
        plain_text = plain(unit.text)
        if "/" not in plain_text and "." not in plain_text:
            continue
        for value in recognize(plain_text, lang):
            parts = NUMERIC_DATE.fullmatch(value.text) if value.kind == "date" else None
            if parts is None or len(parts.group(1)) > 2:
                continue
            first, second = int(parts.group(1)), int(parts.group(3))
            if first == second or first > 12 or second > 12:
                continue
            year, month, day = cast("tuple[int, int, int]", value.value)
            read = cldr.long_date(dt.date(year, month, day), lang)
            yield _finding(
                "source-ambiguous-date",
                release,
                unit.line,
                unit.text,
                f"“{value.text}” is read as {read}; a reader who writes the day first reads"
                " another day: write the month's name, or an ISO date",
            )


# Front-matter keys whose strings are data for the site, never text for readers: where the
# page goes, what it is filed under, who wrote it, and what names a file or an address.
_FRONT_MATTER_DATA = frozenset(
    "layout permalink slug date lang language locale inlanguage embargo url canonical"
    " canonical_url redirect_from redirect_to aliases type template draft id uuid categories"
    " category tags tag author authors by source image path src file weight translationkey"
    " menu series".split()
)
_FRONT_MATTER_WORD = re.compile(r"[^\W\d_]{2,}")
# A template tag's quoted strings, named (caption="…") or not ({{< notice "…" >}}); those
# named as data are addresses, names and code, never text for a reader.
_TEMPLATE_STRING = re.compile(r'(?:([\w-]+)\s*=\s*)?"([^"\n]*)"')
_TEMPLATE_DATA = frozenset(
    "src href url link image file path class id ref relref target rel type width height"
    " layout lang".split()
)


@check("source-kept-text", "warning", scope="source")
def kept_text(
    release: Release, text: str, *, options: HtmlOptions | None = None
) -> Iterator[Finding]:
    """A string a reader is shown that is kept as written, in the source language, in every
    translation. In a Markdown release's front matter, a string that reads as text (three
    words or more): only the fields ``[markdown] front-matter-keys`` names are translated (by
    default ``title``, ``description``, ``summary``, ``keywords``), and a site generator shows
    others (Jekyll's ``excerpt``, a theme's ``subtitle``, an ``image``'s ``alt``); name the
    field there ("excerpt", "image.alt") to have it translated; keys of data (``layout``,
    ``tags``, ``author``, addresses and paths) are not reported. In an HTML release, a
    ``data-*`` attribute that reads as text (a script shows it, as a tooltip say): name it in
    ``[html] translate-attributes``; a ``<textarea>``'s text (write it as its
    ``placeholder``, which is translated), and a text ``<input>``'s value; a
    ``<noscript>``'s text; a style sheet's ``content`` string with a word in it (write it in
    the page); and the same in the HTML written in a Markdown release. In a Markdown
    release's text, a template tag's string that reads as text (``{{< figure caption="…"
    >}}``): the tag is kept as written."""
    from relay.sources.formats import html, markdown  # loaded when a source is checked

    translated = {unit.text.strip() for unit in release.document.units}
    if release.format == html.NAME:
        pieces = [(text, 1)]
    elif release.format == markdown.NAME:
        try:
            pieces = markdown.html_written(text, path=str(release.path))
        except SourceError:
            return
    else:
        return
    for piece, first_line in pieces:
        try:
            kept = html.kept_text(piece, path=str(release.path), options=options)
        except SourceError:
            continue
        for string in kept:
            shown = " ".join(string.text.split())
            if shown in translated or not _reads_as_text(shown, 3 if string.where != "css" else 1):
                continue
            message = _kept_in_html(string.where, shown)
            yield _finding("source-kept-text", release, first_line + string.line - 1, "", message)
    if release.format != markdown.NAME:
        return
    try:
        tags = markdown.template_tags(text, path=str(release.path))
    except SourceError:
        tags = []
    for tag, line in tags:
        for named in _TEMPLATE_STRING.finditer(tag):
            name, shown = named.group(1), " ".join(named.group(2).split())
            if (name or "").lower() in _TEMPLATE_DATA or not _reads_as_text(shown, 3):
                continue
            what = f"“{name}”" if name else "a string"
            yield _finding(
                "source-kept-text",
                release,
                line,
                "",
                f"a template tag's {what} (“{_quoted(shown)}”) is kept in the source language"
                " in every translation: the site generator writes it on the page; give it in"
                " the text, or through the site's own translations",
            )
    for key, value, line in markdown.front_matter_strings(text, path=str(release.path)):
        last = key.rsplit(".", 1)[-1].lower()
        if last in _FRONT_MATTER_DATA or last.endswith(("url", "path", "_id", "file")):
            continue
        shown = value.strip()
        if shown in translated or not _reads_as_text(shown, 3):
            continue
        yield _finding(
            "source-kept-text",
            release,
            line,
            "",
            f"front matter “{key}” reads as text (“{_quoted(shown)}”) and is kept in the"
            f' source language in every translation: add "{key}" to [markdown]'
            " front-matter-keys to have it translated",
        )


def _reads_as_text(shown: str, words: int) -> bool:
    """Tell whether a kept string reads as words for a reader: ``words`` words or more, and
    no address, path, template or JSON."""
    if "://" in shown or shown.startswith(("/", "#", "{", "[")):
        return False
    return len(_FRONT_MATTER_WORD.findall(shown)) >= words


def _quoted(shown: str) -> str:
    return shown if len(shown) <= 60 else shown[:59] + "…"


def _kept_in_html(where: str, shown: str) -> str:
    kept = "is kept in the source language in every translation"
    if where == "textarea":
        return (
            f"the text in a <textarea> (“{_quoted(shown)}”) {kept}: write it as the"
            " textarea's placeholder, which is translated"
        )
    if where == "input":
        return (
            f"the text in an <input>'s value (“{_quoted(shown)}”) {kept}: write it as the"
            " input's placeholder, which is translated"
        )
    if where == "noscript":
        return (
            f"the text in a <noscript> (“{_quoted(shown)}”), shown to readers whose browser runs"
            f' no script, {kept}: write it in the page, or mark the <noscript> translate="no"'
            " to publish it as it is"
        )
    if where == "css":
        return (
            f"a style sheet writes “{_quoted(shown)}” on the page (CSS content), which {kept}:"
            " write it in the page's text"
        )
    return (
        f"attribute “{where}” reads as text (“{_quoted(shown)}”) and {kept}: add"
        f' "{where}" to [html] translate-attributes to have it translated'
    )


@check("source-html-repaired", "warning", scope="source")
def html_repaired(
    release: Release, text: str, *, options: HtmlOptions | None = None
) -> Iterator[Finding]:
    """The HTML is not well formed where a browser repairs it (an element closed by the end
    tag of another, an end tag that closes nothing, an element never closed). relay keeps the
    source's bytes, so every variant has the same fault; the units there follow the markup as
    written, which may not be what a reader sees. Fix the markup in the source."""
    from relay.sources.formats import html  # loaded when a source is checked

    if release.format != html.NAME:
        return
    try:
        repairs = html.normalisations(text, path=str(release.path))
    except SourceError:
        return
    for repair in repairs:
        yield _finding("source-html-repaired", release, repair.line, "", repair.message)
