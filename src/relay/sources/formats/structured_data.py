"""The places in a page's structured data (JSON-LD) that a translation must change.

Takes the text of a ``<script type="application/ld+json">``; gives each string value that
states something to people in the page's language (:data:`TEXT_KEYS`: a news article's
``headline`` and ``description``, an organisation's ``name``), each ``inLanguage``, and each
``datePublished``, and each address that may be the page's own (:data:`ADDRESS_KEYS`), with
its place in the text (the JSON string as written, quotes included) and
its value; or refuses text that is not JSON (:class:`NotJson`). A value object
(``"headline": {"@value": "…", "@language": "en"}``) is read as its property's value, its
``@language`` as an ``inLanguage``.

Search engines and link previews show a page's structured data as the page's own words: left as
the source wrote it, every variant would tell them, in the source language, that it is written
in the source language. Keys that name, link or identify (``@type``, ``url``, ``author``'s
``@id``) hold no words and are kept; so is every string whose key is not in the list.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Literal

# schema.org's properties whose text is shown to people (Text-valued, read as prose or a
# label), as Google's rich results and link previews show them.
TEXT_KEYS = frozenset(
    {
        "headline",
        "alternativeHeadline",
        "name",
        "alternateName",
        "description",
        "disambiguatingDescription",
        "abstract",
        "caption",
        "text",
        "articleBody",
        "articleSection",
        "keywords",
        "slogan",
        "award",
        "creditText",
        "copyrightNotice",
    }
)
LANGUAGE_KEYS = frozenset({"inLanguage"})
DATE_KEYS = frozenset({"datePublished"})
# The keys whose value may be the page's own address (a NewsArticle's url, its
# mainEntityOfPage, written as a string or as a WebPage's @id): the variant's where they name
# the release's own page (relay.sources.formats.html._page_url); any other address is kept.
ADDRESS_KEYS = frozenset({"url", "@id", "mainEntityOfPage"})
MEDIA_TYPES = frozenset({"application/ld+json"})

# A JSON token: a string (group 1), or one of the marks that shape the value.
_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|([{}\[\]:,])', re.DOTALL)


class NotJson(ValueError):
    """The text is not JSON: ``line`` (from 1, within the text) and what is wrong."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Place:
    """A string value of the structured data: where it is (``start``, ``end``: the JSON
    string with its quotes), what it is (``kind``), under which ``key``, and its ``value``."""

    start: int
    end: int
    kind: Literal["text", "language", "date", "address"]
    key: str
    value: str


def is_structured_data(script_type: str | None) -> bool:
    """Whether a ``<script>`` of this ``type`` holds JSON-LD (its parameters aside)."""
    if script_type is None:
        return False
    return script_type.split(";", 1)[0].strip().lower() in MEDIA_TYPES


def places(text: str) -> list[Place]:
    """The places a translation changes in the JSON-LD ``text``, in the order written.

    A string is read as a key where an object expects one, else as a value, under the key of
    the innermost object (an array's strings are under the key the array is the value of:
    ``"keywords": ["roads", "safety"]``).
    """
    if not text.strip():
        return []
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise NotJson(error.msg, error.lineno) from None
    except RecursionError:
        raise NotJson("nested too deeply", 1) from None
    found: list[Place] = []
    # Per open container: the key its values are under, whether it is an object, and whether
    # a key comes next.
    stack: list[_Open] = []
    for match in _TOKEN.finditer(text):
        mark = match.group(2)
        if mark in ("{", "["):
            stack.append(_Open(stack[-1].meaning() if stack else "", mark == "{"))
        elif mark in ("}", "]"):
            stack.pop()
        elif mark == ",":
            stack[-1].key_next = stack[-1].is_object
        elif mark is None:
            value = json.loads(match.group(0))
            if stack and stack[-1].key_next:
                stack[-1].key, stack[-1].key_next = value, False
                continue
            key = stack[-1].meaning() if stack else ""
            kind = _kind(key)
            if kind is not None and value.strip():
                found.append(Place(match.start(), match.end(), kind, key, value))
    return found


class _Open:
    """An object or array not yet closed, as :func:`places` reads through it."""

    def __init__(self, under: str, is_object: bool) -> None:
        self.under = under  # what the key this container is the value of means
        self.key = under
        self.is_object = is_object
        self.key_next = is_object

    def meaning(self) -> str:
        """The property the current value is of: a value object's ``@value`` is its
        property's value (``{"@value": "…", "@language": "en"}``), its ``@language`` an
        ``inLanguage``."""
        if self.key == "@value":
            return self.under
        if self.key == "@language":
            return "inLanguage"
        if self.under == "inLanguage" and self.key in ("name", "alternateName"):
            # A Language object ({"@type": "Language", "name": "English", "alternateName":
            # "en"}) states the language as the string does: not words to translate.
            return "inLanguage"
        return self.key


def _kind(key: str) -> Literal["text", "language", "date", "address"] | None:
    if key in TEXT_KEYS:
        return "text"
    if key in LANGUAGE_KEYS:
        return "language"
    if key in DATE_KEYS:
        return "date"
    if key in ADDRESS_KEYS:
        return "address"
    return None
