"""Inline codes, shared by XLIFF 1.2 and 2.0: coded text to code nodes, code elements back.

Writing: ``nodes`` takes coded text (``<1>…</1>``, ``<2/>``) and the unit's placeholders; gives
text runs and code nodes, nested (:class:`Pair`) when the placeholders nest, flat
(:class:`Open`, :class:`Close`) when a translation left them crossed or unbalanced, so that any
translation survives the trip. Tags that are not the unit's own placeholders are text.

Reading: ``coded`` takes a content element (``<source>``, ``<target>``) and a version's
``Classify``; gives coded text, numbering the codes through :class:`Codes` so that source and
target agree. relay's own files keep their numbers; a foreign tool's codes are numbered in order
of first appearance in the source.

>>> [type(node).__name__ for node in nodes("a <1>b</1>", (Placeholder(1, "pair", "link"),))]
['str', 'Pair']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from relay.core.placeholders import Tag, tokenize
from relay.exchange.package import Placeholder
from relay.runtime.xml import XML_NS, Element

NUMBER = re.compile(r"[1-9][0-9]{0,3}")
SPACE = f"{{{XML_NS}}}space"


@dataclass(frozen=True)
class Pair:
    id: int
    label: str
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Empty:
    id: int
    label: str


@dataclass(frozen=True)
class Open:
    id: int
    label: str


@dataclass(frozen=True)
class Close:
    id: int
    label: str


Node = str | Pair | Empty | Open | Close


def nodes(coded: str, placeholders: tuple[Placeholder, ...]) -> list[Node]:
    """Split coded text into text and codes: nested if the pairs nest, else flat."""
    known = {placeholder.id: placeholder for placeholder in placeholders}
    tokens: list[str | Tag] = []
    for token in tokenize(coded):
        if isinstance(token, Tag) and _is_code(token, known):
            tokens.append(token)
        elif tokens and isinstance(tokens[-1], str):
            tokens[-1] += str(token)
        else:
            tokens.append(str(token))
    labels = {number: placeholder.label for number, placeholder in known.items()}
    nested = _nest(tokens, labels)
    return nested if nested is not None else _flat(tokens, labels)


def _is_code(tag: Tag, known: dict[int, Placeholder]) -> bool:
    placeholder = known.get(tag.id)
    return placeholder is not None and (placeholder.kind == "empty") == (tag.kind == "empty")


def _nest(tokens: list[str | Tag], labels: dict[int, str]) -> list[Node] | None:
    stack: list[tuple[int, list[Node]]] = [(0, [])]
    for token in tokens:
        if isinstance(token, str):
            stack[-1][1].append(token)
        elif token.kind == "empty":
            stack[-1][1].append(Empty(token.id, labels[token.id]))
        elif token.kind == "open":
            stack.append((token.id, []))
        elif len(stack) > 1 and stack[-1][0] == token.id:
            number, children = stack.pop()
            stack[-1][1].append(Pair(number, labels[number], tuple(children)))
        else:
            return None
    return stack[0][1] if len(stack) == 1 else None


def _flat(tokens: list[str | Tag], labels: dict[int, str]) -> list[Node]:
    made: list[Node] = []
    for token in tokens:
        if isinstance(token, str):
            made.append(token)
        elif token.kind == "empty":
            made.append(Empty(token.id, labels[token.id]))
        elif token.kind == "open":
            made.append(Open(token.id, labels[token.id]))
        else:
            made.append(Close(token.id, labels[token.id]))
    return made


Role = Literal["text", "segment", "pair", "open", "close", "empty", "skip", "char"]


@dataclass(frozen=True)
class Inline:
    """What an element inside source or target is to relay.

    ``text`` and ``segment`` are transparent (their content is the unit's text); ``pair``
    wraps text between an opening and a closing placeholder; ``open``, ``close`` and ``empty``
    are placeholders whose own content is native code, never text; ``skip`` drops the element
    but keeps what follows it; ``char`` stands for the character in ``label``.
    """

    role: Role
    key: str = ""
    label: str = ""


Classify = Callable[[Element], Inline]
CODE_ROLES = frozenset({"pair", "open", "close", "empty"})


class Codes:
    """Number one unit's inline codes as relay placeholders, the same way in every part."""

    def __init__(self, *, numeric: bool) -> None:
        self.numeric = numeric
        self._numbers: dict[tuple[str, str], int] = {}
        self._found: dict[int, Placeholder] = {}

    def number(self, inline: Inline, *, in_source: bool) -> int:
        kind: Literal["pair", "empty"] = "empty" if inline.role == "empty" else "pair"
        if self.numeric:
            number = int(inline.key)
        else:
            number = self._numbers.setdefault((kind, inline.key), len(self._numbers) + 1)
        if in_source and inline.role != "close" and number not in self._found:
            self._found[number] = Placeholder(number, kind, inline.label)
        return number

    def placeholders(self) -> tuple[Placeholder, ...]:
        return tuple(self._found[number] for number in sorted(self._found))


def ids_are_numbers(contents: Iterable[Element | None], classify: Classify) -> bool:
    """Whether every code in ``contents`` has an id relay can use as a placeholder number."""
    for content in contents:
        if content is None:
            continue
        for found in content.iterdescendants():
            inline = classify(found)
            if inline.role in CODE_ROLES and not NUMBER.fullmatch(inline.key):
                return False
    return True


def coded(
    content: Element, classify: Classify, codes: Codes, *, in_source: bool, preserve: bool
) -> str:
    """Give the coded text of a content element.

    Whitespace with a line break and nothing else is a tool's indentation, not text: dropped
    everywhere unless ``xml:space="preserve"`` is in force, and even then before the first and
    after the last segment (``<mrk mtype="seg">``) of segmented content. What lies between
    segments is text and is kept.
    """
    walker = _Walker(classify, codes, in_source=in_source, preserve=preserve)
    children = list(content)
    padded = any(classify(item).role == "segment" for item in children)
    walker.add(content.text, edge=padded)
    for index, item in enumerate(children):
        walker.inline(item)
        walker.add(item.tail, edge=padded and index == len(children) - 1)
    return "".join(walker.out)


def preserves_space(element: Element) -> bool:
    """Whether ``xml:space="preserve"`` is in force on ``element`` (XML 1.0, section 2.10)."""
    for node in (element, *element.iterancestors()):
        value = node.get(SPACE)
        if value is not None:
            return value == "preserve"
    return False


class _Walker:
    def __init__(
        self, classify: Classify, codes: Codes, *, in_source: bool, preserve: bool
    ) -> None:
        self.classify = classify
        self.codes = codes
        self.in_source = in_source
        self.preserve = preserve
        self.out: list[str] = []

    def add(self, text: str | None, *, edge: bool = False) -> None:
        if not text:
            return
        if "\n" in text and not text.strip() and (edge or not self.preserve):
            return
        self.out.append(text)

    def walk(self, node: Element) -> None:
        self.add(node.text)
        for item in node:
            self.inline(item)
            self.add(item.tail)

    def inline(self, item: Element) -> None:
        inline = self.classify(item)
        role = inline.role
        if role in ("text", "segment"):
            self.walk(item)
        elif role == "char":
            self.out.append(inline.label)
        elif role in CODE_ROLES:
            number = self.codes.number(inline, in_source=self.in_source)
            if role == "pair":
                self.out.append(f"<{number}>")
                self.walk(item)
                self.out.append(f"</{number}>")
            elif role == "empty":
                self.out.append(f"<{number}/>")
            else:
                self.out.append(f"<{number}>" if role == "open" else f"</{number}>")
