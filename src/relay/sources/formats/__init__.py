"""Source formats: each module reads a source into blocks and writes a translated variant.

The contract every format module keeps is :class:`SourceFormat` (see
``relay.sources.formats.text`` for the smallest module that keeps it).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from relay.core.model import Escape, Field, Target
from relay.sources.blocks import Parsed


@runtime_checkable
class SourceFormat(Protocol):
    """What a format module gives: its name, the file extensions it reads, and its functions.

    A module may also give ``mark_fallback(raw: str, target: Target) -> str``, which wraps a
    unit published in the source language so that the variant says which language it is (and
    which direction: HTML does).
    """

    @property
    def NAME(self) -> str:
        """The format's name: "html", "markdown", "text"."""

    @property
    def EXTENSIONS(self) -> tuple[str, ...]:
        """The file extensions it reads, lower case with the dot: (".md", ".markdown")."""

    def read(self, text: str, *, path: str) -> Parsed:
        """Read a source; raise :class:`relay.core.errors.SourceError` (with the path and line)
        for a source it cannot read."""

    def escape(self, text: str, context: Escape) -> str:
        """Make a translator's text literal in the format, so that a translation can never add
        markup."""

    def render_field(self, field: Field, target: Target) -> str:
        """Give the text of a language-dependent field ("lang", "alternates") for a target
        language other than the source's."""
