"""Release metadata from the key/value pairs a source declares (title, date, slug, embargo).

Takes (key, value, line) triples as a reader found them; gives a validated
:class:`relay.core.model.Metadata`, or a :class:`relay.core.errors.SourceError` naming the line.

>>> metadata_from_pairs([("date", "2013-04-23", 2), ("slug", "a-b", 3)], path="x").date
datetime.date(2013, 4, 23)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from relay.core.errors import SourceError
from relay.core.model import Metadata

# Not a name Windows keeps for a device (con.html cannot be a file there, whatever follows).
SLUG_PATTERN = re.compile(r"(?!(?:con|prn|aux|nul|com[0-9]|lpt[0-9])\Z)[a-z0-9][a-z0-9-]{0,99}")
LANG_PATTERN = re.compile(
    r"(?!(?i:con|prn|aux|nul)(?:[-_]|\Z))[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*"
)
_KNOWN = {"title", "date", "slug", "embargo", "language", "lang"}
# Limits on what a source may hold (see the README's security section): past them a source is
# refused, never read partly.
MAX_SOURCE_BYTES = 8 * 1024 * 1024
MAX_UNIT_CHARS = 100_000
MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_FRONT_MATTER_DEPTH = 16
# A unit that says its release is under embargo, as press offices and wire services write it
# at the top of one ("EMBARGOED UNTIL 10:00 CET, 12 March 2030", "Embargo: …", "Under embargo
# until …", "Not for publication before …", "Not to be published or broadcast before …", "For
# release on 10 December at 00:01", "For publication at …", "Strictly confidential until …",
# "Hold for release", "Hold until …"), after any markup ("**", "#", a placeholder). "Embargo on
# arms exports lifted" is a title, not a notice: after the word, only a colon, a dash,
# "until"-like words or the end; "For immediate release" says the opposite, and "Release date:"
# dates a release without holding it, unless it gives a time of day ("Release date: 10 December,
# 00:01 CET": the minute it may go out).
_STATED_EMBARGO = re.compile(
    r"^(?:\s|<[^>]{1,12}>|[*_#>~(\[-])*(?:(?:strictly\s+)?(?:under\s+)?embargo(?:ed)?"
    r"(?:<[^>]{1,12}>|[*_)\]])*(?:\s*(?:[:\u2013\u2014-]|$)|\s+(?:until|till|to|before|for|on\s+\d))"
    r"|not\s+for\s+(?:publication|release|broadcast|distribution)\b|hold\s+for\s+release\b"
    r"|not\s+to\s+be\s+(?:published|broadcast|released|distributed|used)\b"
    r"|(?:do\s+not|don['\u2019]t)\s+(?:publish|broadcast|release|distribute)\s+(?:before|until)\b"
    r"|for\s+(?:release|publication|broadcast)\s+(?:on|at|after|from|not\s+before)\b"
    r"|(?:strictly\s+)?confidential\s+(?:until|till|before)\b|hold\s+(?:until|till)\b"
    r"|release\s+(?:date|time)\s*:[^\n]{0,60}?\b\d{1,2}(?:[:.h]\d{2}|\s*[ap]\.?m\b))",
    re.IGNORECASE,
)
# An HTML comment (in an HTML or Markdown source), which no reader of the page sees.
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
# A lone surrogate (a YAML "\ud800" escape) cannot be written as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def normal_key(key: str) -> str:
    """Give a metadata key as every format matches it: lower case, without outer spaces.

    >>> normal_key(" Embargo ")
    'embargo'
    """
    return key.strip().lower()


def names_embargo(key: str) -> bool:
    """Tell whether a normalised key names an embargo, rightly or not (``embargo_until``).

    >>> names_embargo("embargo-until"), names_embargo("embar_go"), names_embargo("date")
    (True, True, False)
    """
    return "embargo" in key.replace("_", "").replace("-", "")


def check_key(key: str, *, path: str, line: int | None = None) -> None:
    """Refuse a key that reads like an embargo but is not the ``embargo`` key relay reads.

    An embargo written slightly wrong (``embargoed``, ``embargo-until``) must stop the release,
    not let it out at once.
    """
    if key != "embargo" and names_embargo(key):
        raise SourceError(
            f"unknown key {key!r} looks like an embargo; relay reads only 'embargo'",
            path=path,
            line=line,
            hint="Write it as embargo: 2013-04-23T10:00:00+02:00.",
        )


def refuse_stated_embargo(units: Iterable[tuple[str, int]], *, path: str) -> None:
    """Refuse a release whose text says it is under embargo, given as (text, line) pairs,
    when its metadata gives no embargo: relay cannot read a time from prose, and publishing
    it at once would break the embargo the text states (fail closed, as for a misspelt key).

    >>> refuse_stated_embargo([("Embargo on arms exports lifted", 3)], path="x")
    >>> refuse_stated_embargo([("EMBARGOED UNTIL 10:00 CET", 3)], path="x")
    Traceback (most recent call last):
    relay.core.errors.SourceError: x:3: says it is under embargo ('EMBARGOED UNTIL 10:00 CET'), ...
    """
    for text, line in units:
        if _STATED_EMBARGO.match(text):
            shown = text if len(text) <= 60 else text[:59] + "…"
            raise SourceError(
                f"says it is under embargo ({shown!r}), but its metadata gives no embargo",
                path=path,
                line=line or None,
                hint="Give the embargo in the metadata (embargo: 2030-03-12T10:00:00+01:00 in"
                ' front matter or a header, <meta name="embargo"> in HTML), or remove the'
                " notice once the embargo is over.",
            )


def refuse_commented_embargo(text: str, *, path: str) -> None:
    """Refuse a source with an HTML comment that states an embargo (``<!-- embargo:
    2026-12-10T00:01:00+01:00 -->``) when its metadata gives none: a note relay does not read,
    left for a person, and the release would go out at once.

    >>> refuse_commented_embargo("<!-- layout: wide -->", path="x")
    >>> refuse_commented_embargo("<p>Hi</p> <!--  Embargo: 10 March -->", path="x")
    Traceback (most recent call last):
    relay.core.errors.SourceError: x:1: has a comment that states an embargo ('Embargo: ...
    """
    if "<!--" not in text:
        return
    for match in _COMMENT.finditer(text):
        said = " ".join(match.group(1).split())
        if _STATED_EMBARGO.match(said):
            shown = said if len(said) <= 60 else said[:59] + "…"
            raise SourceError(
                f"has a comment that states an embargo ({shown!r}), which relay does not read;"
                " its metadata gives no embargo",
                path=path,
                line=text.count("\n", 0, match.start()) + 1,
                hint="Give the embargo in the metadata (embargo: 2030-03-12T10:00:00+01:00 in"
                ' front matter or a header, <meta name="embargo"> in HTML).',
            )


def check_text(text: str, *, what: str, path: str, line: int | None = None) -> None:
    """Refuse text that cannot be written as UTF-8 (a lone surrogate)."""
    if found := _SURROGATE.search(text):
        raise SourceError(
            f"{what} holds U+{ord(found.group()):04X}, half of a surrogate pair, which no file"
            " can hold",
            path=path,
            line=line,
        )


def metadata_from_pairs(pairs: list[tuple[str, str, int]], *, path: str) -> Metadata:
    """Validate the pairs and build the release's metadata."""
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    extra: list[tuple[str, str]] = []
    for key, value, line in pairs:
        key = normal_key(key)
        if key in values:
            raise SourceError(f"'{key}' is given twice", path=path, line=line)
        check_key(key, path=path, line=line)
        check_text(value, what=f"'{key}'", path=path, line=line)
        values[key], lines[key] = value, line
        if key not in _KNOWN:
            extra.append((key, value))
    return Metadata(
        title=values.get("title") or None,
        date=_date(values, lines, path),
        slug=_slug(values, lines, path),
        embargo=_embargo(values, lines, path),
        lang=_lang(values, lines, path),
        extra=tuple(sorted(extra)),
    )


def _date(values: dict[str, str], lines: dict[str, int], path: str) -> dt.date | None:
    if not values.get("date"):
        return None
    try:
        return dt.date.fromisoformat(values["date"])
    except ValueError:
        raise SourceError(
            f"date {values['date']!r} is not a date in the form YYYY-MM-DD",
            path=path,
            line=lines["date"],
        ) from None


def _slug(values: dict[str, str], lines: dict[str, int], path: str) -> str | None:
    slug = values.get("slug")
    if not slug:
        return None
    check_slug(slug, path=path, line=lines["slug"])
    return slug


def check_slug(slug: str, *, path: str, line: int | None = None) -> None:
    """Refuse a slug that could name anything but one file in one folder."""
    if not SLUG_PATTERN.fullmatch(slug):
        raise SourceError(
            f"slug {slug!r} must be lowercase letters, digits and hyphens (at most 100),"
            " and not a device name such as con or nul",
            path=path,
            line=line,
        )


def _embargo(values: dict[str, str], lines: dict[str, int], path: str) -> dt.datetime | None:
    if "embargo" not in values:
        return None
    text = values["embargo"].strip()
    if not text:
        # Given but empty: fail closed, as for any embargo relay cannot read.
        raise SourceError("embargo is empty", path=path, line=lines["embargo"])
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise SourceError(
            f"embargo {text!r} is not an ISO 8601 date and time",
            path=path,
            line=lines["embargo"],
        ) from None
    if moment.tzinfo is None:
        raise SourceError(
            f"embargo {text!r} has no time zone",
            path=path,
            line=lines["embargo"],
            hint="Write it with an offset, e.g. 2013-04-23T10:00:00+02:00.",
        )
    return moment


def _lang(values: dict[str, str], lines: dict[str, int], path: str) -> str | None:
    key = "language" if "language" in values else "lang"
    lang = values.get(key)
    if not lang:
        return None
    if not LANG_PATTERN.fullmatch(lang):
        raise SourceError(f"{lang!r} is not a language tag", path=path, line=lines[key])
    return lang
