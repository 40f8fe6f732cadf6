"""What a returned file may carry that relay must not take as it is.

Takes returned text (coded, as read from PO or XLIFF), its source and the target language;
gives what import needs to decide about it, without importing anything itself:

- ``tracked_changes``: a CAT tool's change-tracking markup in a target (Trados
  ``x-sdl-deleted``/``x-sdl-added``, memoQ's and other tools' insert/delete marks). relay
  refuses such a unit (it would otherwise publish deleted words): the translator accepts or
  rejects the changes in the CAT tool and sends the file again.
- ``gettext_ready``: a translation made fit for a gettext catalog, as ``msgfmt --check``
  requires: leading and trailing line breaks matched to the source's (fixed, and said), and
  control characters refused.
- ``note_line`` / ``note_text``: a translator's note as one translator-comment line of the
  catalog. Every note is stored behind :data:`NOTE` with its line breaks escaped, so nothing
  a returned file says can become a line of its own (a ``relay-ignore:`` directive).
- ``one_line``: any imported text made one escaped line, for the same reason.
- ``foreign_script``: the script of a translation when it is not the language's (Cyrillic in
  French, Latin in Russian).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from relay.core.placeholders import strip

if TYPE_CHECKING:
    from relay.runtime import xml

NOTE = "translator note: "
RESOLVED = "resolved note: "
TRACKED_ADVICE = "accept or reject the tracked changes in your CAT tool first"
# mtype / type values and element names that mark tracked insertions and deletions.
# (Trados x-sdl-deleted/-added and its feedback marks, insertstart/deleteend elements, <ins>/<del>)
_TRACKED = re.compile(r"delet|insert|(?:^|[-_:])(?:added|ins|del)$", re.I)
_ALLOWED_CONTROLS = frozenset("\n\t")


def tracked_changes(content: xml.Element | None) -> list[str]:
    """Name the change-tracking marks inside a target (empty: none)."""
    if content is None:
        return []
    # Here, not at the top: the check of scripts loads this module with every check, and lxml
    # is of use only to a run that reads XLIFF.
    from relay.runtime import xml

    found: list[str] = []
    for item in content.iterdescendants():
        if not isinstance(item.tag, str):
            continue
        name = xml.local_name(item)
        kind = item.get("mtype") or item.get("type") or ""
        # <sm/>…<em/> is XLIFF 2's <mrk> split where it would cross a code: the same marks.
        if name in ("mrk", "sm") and _TRACKED.search(kind):
            found.append(kind)
        elif name != "mrk" and _TRACKED.search(name) and xml.namespace(item) is not None:
            found.append(f"<{name}>")
    return sorted(set(found))


def tracked_problem(marks: list[str]) -> str:
    return f"tracked changes in the translation ({', '.join(marks)}): {TRACKED_ADVICE}"


def gettext_ready(target: str, source: str) -> tuple[str, list[str], list[str]]:
    """Give the translation as a gettext catalog can hold it, what was fixed, what is wrong.

    >>> gettext_ready("Bonjour\\n", "Hello")
    ('Bonjour', ['a line break at the end removed, as the source ends without one'], [])
    """
    problems = [
        f"a control character (U+{ord(char):04X}) that no catalog can hold"
        for char in sorted(set(target))
        if unicodedata.category(char) == "Cc"
        and char not in _ALLOWED_CONTROLS
        and char not in source
    ]
    fixes: list[str] = []
    if not target or problems:
        return target, fixes, problems
    starts, ends = source.startswith("\n"), source.endswith("\n")
    if target.startswith("\n") and not starts:
        target = target.lstrip("\n")
        fixes.append("a line break at the start removed, as the source starts without one")
    elif starts and not target.startswith("\n"):
        target = "\n" + target
        fixes.append("a line break added at the start, as the source starts with one")
    if target.endswith("\n") and not ends:
        target = target.rstrip("\n")
        fixes.append("a line break at the end removed, as the source ends without one")
    elif ends and not target.endswith("\n"):
        target += "\n"
        fixes.append("a line break added at the end, as the source ends with one")
    if not target.strip("\n"):
        return "", fixes, ["nothing but line breaks"]
    return target, fixes, problems


# Characters that end a line for some reader (Python's splitlines, gettext) or that no
# catalog can hold: escaped as \uXXXX in a comment.
_BREAKING = re.compile("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]")


def one_line(text: str) -> str:
    r"""Escape backslashes, line breaks and control characters: the text is one comment line.

    A comment must not end with a backslash either: gettext's msgcat joins the next line to it.

    >>> one_line("ok\nrelay-ignore: x")
    'ok\\nrelay-ignore: x'
    >>> one_line("C:\\")
    'C:\\\\\\z'
    """
    escaped = text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")
    escaped = _BREAKING.sub(lambda match: f"\\u{ord(match.group()):04x}", escaped)
    return escaped + "\\z" if escaped.endswith("\\") else escaped


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        found = match.group(1)
        if len(found) == 5:
            return chr(int(found[1:], 16))
        return {"n": "\n", "r": "\r", "z": ""}.get(found, found)

    return re.sub(r"\\(u[0-9a-f]{4}|.)", one, text)


def from_one_line(text: str) -> str:
    r"""The text :func:`one_line` escaped, as it was.

    >>> from_one_line(one_line("a\\nb\nc\\"))
    'a\\nb\nc\\'
    """
    return _unescape(text)


def note_line(text: str) -> str:
    return NOTE + one_line(text.strip())


def note_text(line: str) -> str | None:
    """The note a catalog comment holds, open (``translator note:``) or None."""
    if line.startswith(NOTE):
        return _unescape(line[len(NOTE) :])
    return None


def open_notes(comments: tuple[str, ...]) -> list[str]:
    return [text for text in (note_text(line) for line in comments) if text is not None]


def known_note(comments: tuple[str, ...], text: str) -> bool:
    """Whether a catalog already holds the note, open or resolved."""
    escaped = one_line(text.strip())
    return NOTE + escaped in comments or RESOLVED + escaped in comments


# -- scripts --------------------------------------------------------------------------------

CYRILLIC_LANGS = frozenset({"ru", "uk", "be", "bg", "mk", "kk", "ky", "tg", "mn", "sr"})
LATIN_LANGS = frozenset(
    "fr es de it pt nl sv da nb nn no fi et lv lt pl cs sk sl hr bs ro hu tr ca eu gl ga cy"
    " is mt sq az uz vi id ms tl sw en af lb".split()
)


_WORDS = re.compile(r"\w+")
FOREIGN_LETTERS = 3  # letters of another script a translation needs before it is flagged


def expected_script(lang: str) -> str | None:
    base = lang.replace("_", "-").split("-")[0].lower()
    if base in CYRILLIC_LANGS:
        return "Cyrillic"
    if base in LATIN_LANGS:
        return "Latin"
    return None


@lru_cache(maxsize=4096)
def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    for script in ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW", "CJK", "HIRAGANA"):
        if name.startswith(script):
            return script.capitalize() if script != "CJK" else "CJK"
    return "other"


def foreign_script(target: str, source: str, lang: str) -> str | None:
    """Name the script most of a translation's own words are in, if it is not ``lang``'s.

    Words the source has too (names, addresses, acronyms) do not count.

    >>> foreign_script("Вода для всех", "Water for all", "fr")
    'Cyrillic'
    >>> foreign_script("Вода для всех: UNECE", "Water for all: UNECE", "ru") is None
    True
    """
    expected = expected_script(lang)
    if expected is None:
        return None
    return own_words_script(strip(target), words_of(strip(source)), expected)


def words_of(text: str) -> frozenset[str]:
    """The words of a plain text, in lower case (those :func:`own_words_script` leaves out)."""
    return frozenset(_WORDS.findall(text.lower()))


def own_words_script(text: str, kept: frozenset[str], expected: str) -> str | None:
    """What :func:`foreign_script` says of a plain translation, the source's words given."""
    tally: dict[str, int] = {}
    own = [word for word in _WORDS.findall(text.lower()) if word not in kept]
    # Each distinct character is named once: the check runs on every unit of every catalog.
    for char, count in Counter("".join(own)).items():
        script = _script(char)
        if script is not None:
            tally[script] = tally.get(script, 0) + count
    if not tally:
        return None
    best = max(sorted(tally), key=lambda script: tally[script])
    # Two letters (a language tag such as "[ru]") say nothing of the language.
    enough = tally[best] >= FOREIGN_LETTERS
    return best if best != expected and enough and tally[best] * 2 > sum(tally.values()) else None
