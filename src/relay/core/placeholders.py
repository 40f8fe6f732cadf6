"""Placeholders in coded text: read them back from a translation, and say what is wrong.

Takes a translation as a translator returned it and the codes of its unit; gives tokens
(text and code tags) or a list of problems. Translators may move placeholders, never add,
drop, repeat or unbalance them; anything that is not one of the unit's own placeholders is
text. Source text that looks like a placeholder (``<3>``, ``&lt;1/&gt;`` in HTML) is itself
carried by a placeholder whose label is :data:`LITERAL` and the text (:func:`literal`), so that
it is never read as one of the unit's own, and is written back as text.

>>> [str(token) for token in tokenize("Le <1>rapport</1> est paru.<2/>")]
['Le ', '<1>', 'rapport', '</1>', ' est paru.', '<2/>']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from relay.core.model import Code

TAG_PATTERN = re.compile(r"<(/?)([1-9][0-9]{0,3})(/?)>")
# The label of a placeholder that stands for source text shaped like a placeholder: "text=<3>".
LITERAL = "text="


@dataclass(frozen=True)
class Tag:
    id: int
    kind: Literal["open", "close", "empty"]

    def __str__(self) -> str:
        if self.kind == "open":
            return f"<{self.id}>"
        if self.kind == "close":
            return f"</{self.id}>"
        return f"<{self.id}/>"


Token = str | Tag


def tokenize(coded: str) -> list[Token]:
    """Split coded text into text runs and placeholder tags (``</1/>`` is text)."""
    tokens: list[Token] = []
    position = 0
    for match in TAG_PATTERN.finditer(coded):
        closing, number, empty = match.groups()
        if closing and empty:
            continue
        if match.start() > position:
            tokens.append(coded[position : match.start()])
        kind: Literal["open", "close", "empty"] = (
            "close" if closing else "empty" if empty else "open"
        )
        tokens.append(Tag(int(number), kind))
        position = match.end()
    if position < len(coded):
        tokens.append(coded[position:])
    return tokens


def problems(translation: str, codes: tuple[Code, ...]) -> list[str]:
    """Say what is wrong with the placeholders of ``translation``; empty when nothing is.

    >>> from relay.core.model import Code
    >>> link = Code(1, "pair", ("<a>",), ("</a>",))
    >>> problems("<1>a</1>", (link,))
    []
    >>> problems("a </1><1>b", (link,))
    ['placeholder </1> closes before it opens']
    >>> problems("a <3/>", (link,))
    ['placeholder <3/> is not in the source', 'placeholder <1>…</1> is missing']
    """
    found: list[str] = []
    kinds = {code.id: code.kind for code in codes}
    tags = [token for token in tokenize(translation) if isinstance(token, Tag)]
    for tag in tags:
        expected = kinds.get(tag.id)
        if expected is None or (expected == "empty") != (tag.kind == "empty"):
            found.append(f"placeholder {tag} is not in the source")
    counts = Counter((tag.id, tag.kind) for tag in tags)
    for (number, kind), count in sorted(counts.items()):
        if count > 1 and number in kinds:
            found.append(f"placeholder {Tag(number, kind)} appears {count} times")
    found.extend(_nesting_problems(tags, kinds))
    for code in codes:
        wanted: Literal["open", "empty"] = "empty" if code.kind == "empty" else "open"
        if counts[(code.id, wanted)] == 0:
            shown = f"<{code.id}/>" if code.kind == "empty" else f"<{code.id}>…</{code.id}>"
            found.append(f"placeholder {shown} is missing")
        elif code.kind == "pair" and counts[(code.id, "close")] == 0:
            found.append(f"placeholder </{code.id}> is missing")
    return found


def _nesting_problems(tags: list[Tag], kinds: Mapping[int, str]) -> list[str]:
    open_ids: list[int] = []
    found: list[str] = []
    for tag in tags:
        if kinds.get(tag.id) != "pair":
            continue
        if tag.kind == "open":
            open_ids.append(tag.id)
        elif tag.kind == "close":
            if tag.id not in open_ids:
                found.append(f"placeholder {tag} closes before it opens")
            elif open_ids[-1] != tag.id:
                found.append(f"placeholder {tag} closes across <{open_ids[-1]}>")
                open_ids.remove(tag.id)
            else:
                open_ids.pop()
    return found


def literal(code: Code) -> str | None:
    """Give the source text a placeholder stands for, if it stands for text, not markup.

    >>> from relay.core.model import Code
    >>> literal(Code(1, "empty", ("&lt;3&gt;",), (), "text=<3>")), literal(Code(2, "empty", ()))
    ('<3>', None)
    """
    if code.kind == "empty" and code.label.startswith(LITERAL):
        return code.label[len(LITERAL) :]
    return None


def strip(coded: str) -> str:
    """Drop the placeholder tags, keeping the text: what a reader would read.

    >>> strip("Le <1>rapport</1> est paru.<2/>")
    'Le rapport est paru.'
    """
    return "".join(token for token in tokenize(coded) if isinstance(token, str))
