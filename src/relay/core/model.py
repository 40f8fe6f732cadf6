"""The data every stage shares: documents as skeleton plus units, and releases.

A source reader gives a :class:`Document`: a *skeleton* (everything that is not translated)
whose holes are :class:`Slot` parts, plus the translation :class:`Unit` objects that fill them.
A writer fills the skeleton back. Markup inside a unit is hidden from translators behind
numbered inline :class:`Code` objects, shown as ``<1>…</1>`` (a pair) or ``<2/>`` (standalone).

Everything here is plain, immutable data, and nothing here imports a format library.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Literal

# Where a translation lands, so the format escapes it for that place: text, an attribute
# value, three Markdown places (a quoted link title; text and attribute values inside an HTML
# block), and a string of an HTML page's structured data (JSON-LD).
Escape = Literal["text", "attribute", "title", "html", "html-attribute", "json"]


@dataclass(frozen=True)
class Slot:
    """A hole in a skeleton, filled with the translation of ``units[unit]``."""

    unit: int
    escape: Escape = "text"


@dataclass(frozen=True)
class Field:
    """A place whose text depends on the target language rather than on a translation.

    ``original`` is the source's own text at that place, kept when the document is written in
    its source language; ``value`` carries what the writer needs to build it for another one
    (an ISO date, for example; for a ``dir-value``, the direction an HTML ``dir`` inside the
    page states); a ``label`` is a Markdown shortcut link's label, written only once the
    link's text is translated (``[rapport][report]``); an ``alternate`` is a source's own
    ``<link rel="alternate" hreflang>`` (``value``: its language), which relay's own link for
    that language replaces.
    """

    name: Literal[
        "lang",
        "dir",
        "dir-value",
        "lang-value",
        "alternates",
        "alternate",
        "date",
        "label",
        "canonical",
        "page-url",
    ]
    original: str
    value: str = ""


Part = str | Slot | Field
Parts = tuple[Part, ...]


@dataclass(frozen=True)
class Code:
    """Inline markup protected from translators.

    A ``pair`` code wraps text (``<1>…</1>``) and has ``opening`` and ``closing`` markup; an
    ``empty`` code (``<2/>``) stands alone and has only ``opening``. Markup is kept as parts
    because an attribute inside it (a link's title) may itself be a unit.
    """

    id: int
    kind: Literal["pair", "empty"]
    opening: Parts
    closing: Parts = ()
    label: str = ""

    @property
    def start_tag(self) -> str:
        return f"<{self.id}/>" if self.kind == "empty" else f"<{self.id}>"

    @property
    def end_tag(self) -> str:
        return f"</{self.id}>" if self.kind == "pair" else ""


@dataclass(frozen=True)
class Unit:
    """One translation unit: a sentence (or a paragraph, or an attribute value).

    ``text`` is what translators see and translate: the source with whitespace runs folded to
    one space and markup replaced by placeholders for ``codes``. ``raw`` is the source exactly
    as it was written, so that a unit translated by itself gives its source back byte for byte.
    """

    text: str
    codes: tuple[Code, ...]
    raw: Parts
    role: str
    block: int
    sentence: int = 0
    line: int = 0

    @property
    def location(self) -> str:
        """Where the unit sits, in words a translator can follow."""
        where = f"{self.role} (block {self.block}"
        if self.sentence:
            where += f", sentence {self.sentence}"
        return where + ")"


@dataclass(frozen=True)
class Metadata:
    """What a release says about itself: title, date, slug, embargo, language."""

    title: str | None = None
    date: dt.date | None = None
    slug: str | None = None
    embargo: dt.datetime | None = None
    lang: str | None = None
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Document:
    """A source read into its skeleton, its units and its metadata."""

    format: str
    skeleton: Parts
    units: tuple[Unit, ...]
    metadata: Metadata = field(default_factory=Metadata)


@dataclass(frozen=True)
class Release:
    """A source release in a project: where it is, what it is, and what it was read into."""

    slug: str
    path: PurePosixPath
    document: Document
    source_sha256: str

    @property
    def format(self) -> str:
        return self.document.format

    @property
    def extension(self) -> str:
        return self.path.suffix

    def summary(self) -> Release:
        """The release with its metadata only, not its skeleton and units: what is kept of
        every release of an archive when only one is worked on (memory stays flat)."""
        document = self.document
        return replace(self, document=Document(document.format, (), (), document.metadata))


@dataclass(frozen=True)
class Target:
    """The language variant a writer is asked for, and what it needs to know about it.

    ``alternates`` are the sibling variants (language tag, relative link) for documents that
    can point to them; ``date_text`` is the release date as the target locale writes it;
    ``address`` is the variant's absolute address, where the project says where it is served.
    """

    lang: str
    source_lang: str
    rtl: bool = False
    alternates: tuple[tuple[str, str], ...] = ()
    date_text: str | None = None
    address: str | None = None

    @property
    def is_source(self) -> bool:
        return self.lang == self.source_lang
