"""Fill a document's skeleton with translations: the writer every source format shares.

Takes a :class:`relay.core.model.Document`, its translations (keyed by unit text) and a
:class:`relay.core.model.Target`; gives the variant's text. A unit translated by itself is written
from the source exactly as it was; any other translation is parsed into text and placeholders,
its text escaped by the format so that it can never become markup, and each placeholder
replaced by the source's own markup. A placeholder that stands for source text shaped like a
placeholder (:func:`relay.core.placeholders.literal`) is text, escaped with the text around it.
A format with ``escape_between`` (Markdown) escapes each text by the markup beside it too, since
a text can make markup with its neighbours.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from relay.core import cldr
from relay.core.model import Code, Document, Field, Part, Parts, Slot, Target, Unit
from relay.core.placeholders import Tag, Token, literal, problems, tokenize
from relay.sources.formats import SourceFormat


@dataclass(frozen=True)
class Fallback:
    """A unit written in the source language because it had no usable translation."""

    unit: Unit
    reason: str


class Renderer:
    """Writes one document for one target; collects the units that fell back to the source."""

    def __init__(
        self,
        document: Document,
        translations: Mapping[str, str],
        *,
        target: Target,
        fmt: SourceFormat,
        mark_fallbacks: bool = False,
    ) -> None:
        self.document = document
        self.translations = translations
        self.target = target
        self.fmt = fmt
        self.mark_fallbacks = mark_fallbacks
        self.fallbacks: list[Fallback] = []
        self.changed = False  # whether the unit written last was written other than its source

    def render(self) -> str:
        return self._fill(self.document.skeleton)

    def _fill(self, parts: Parts, *, translated: bool = False) -> str:
        return "".join(self._part(part, translated) for part in parts)

    def _part(self, part: Part, translated: bool = False) -> str:
        if isinstance(part, str):
            return part
        if isinstance(part, Field):
            if part.name == "label" and (translated or self.changed):
                # A Markdown reference link whose text is its label ("[report]"): once the
                # text is translated, the label is written out so the link still resolves.
                return part.value
            return self._field(part)
        return self._slot(part)

    def _field(self, field: Field) -> str:
        if field.name in ("alternates", "alternate"):
            # The links to the sibling variants, and a source's own link to another version
            # of the page (which one of them may replace): in the source's variant as well.
            if not self.target.alternates:
                return field.original
            return self.fmt.render_field(field, self.target)
        if self.target.is_source:
            return field.original
        if field.name == "date":
            # Every date is its own: the instant its ``value`` names (a ``<time datetime>``),
            # written for the target locale in the source's precision; never the release's
            # date. A value relay cannot read stays as the source wrote it (``relay check
            # --source`` reports it).
            written = cldr.instant_text(field.value, self.target.lang) if field.value else None
            if written is None:
                return field.original
            return self.fmt.escape(written, "text")
        return self.fmt.render_field(field, self.target)

    def _slot(self, slot: Slot) -> str:
        written, self.changed = self._written(slot)
        return written

    def _written(self, slot: Slot) -> tuple[str, bool]:
        """Write a unit; say whether it was written other than as its source."""
        unit = self.document.units[slot.unit]
        translation = self.translations.get(unit.text)
        self.changed = False  # the unit's own markup is written as in the source, unless…
        if translation is None:
            self.fallbacks.append(Fallback(unit, "untranslated"))
            raw = self._fill(unit.raw)
            marker: Callable[[str, Target], str] | None = getattr(self.fmt, "mark_fallback", None)
            if self.mark_fallbacks and slot.escape == "text" and marker is not None:
                # Readers (and screen readers) are told the passage is in another language.
                return str(marker(raw, self.target)), False
            return raw, False
        if translation == unit.text:
            return self._fill(unit.raw), False
        wrong = problems(translation, unit.codes)
        if wrong:
            self.fallbacks.append(Fallback(unit, "; ".join(wrong)))
            return self._fill(unit.raw), False
        codes = {code.id: code for code in unit.codes}
        tokens = _with_literals(tokenize(translation), unit.codes)
        markup = [
            self._fill(
                codes[token.id].closing if token.kind == "close" else codes[token.id].opening,
                translated=True,
            )
            if isinstance(token, Tag)
            else None
            for token in tokens
        ]
        # A format that escapes text by what is around it (Markdown) is told its neighbours.
        between = getattr(self.fmt, "escape_between", None)
        out: list[str] = []
        start = True  # no text written on this line yet: the unit may start a line
        for index, token in enumerate(tokens):
            written = markup[index]
            if isinstance(token, Tag):
                out.append(written or "")  # a tag's markup, filled above
                # After a line break kept as a placeholder, the text starts a line again.
                start = start or "\n" in (written or "")
            elif between is None:
                out.append(self.fmt.escape(token, slot.escape))
            else:
                after = markup[index + 1] if index + 1 < len(tokens) else None
                before = "".join(out)
                out.append(
                    between(token, slot.escape, before=before, after=after or "", start=start)
                )
                start = start and not str(token).strip()
        return "".join(out), True


def _with_literals(tokens: list[Token], codes: tuple[Code, ...]) -> list[Token]:
    """Put back as text the placeholders that stand for text ("<3>"), joined with the text
    beside them, so the format escapes it as a whole: written as text, and within a quoted
    value (an attribute, a YAML string) rather than as a value of its own."""
    texts = {code.id: text for code in codes if (text := literal(code)) is not None}
    if not texts:
        return tokens
    out: list[Token] = []
    for token in tokens:
        if isinstance(token, Tag) and token.kind == "empty" and token.id in texts:
            token = texts[token.id]
        if isinstance(token, str) and out and isinstance(out[-1], str):
            out[-1] += token
        else:
            out.append(token)
    return out


def render(
    document: Document,
    translations: Mapping[str, str],
    *,
    target: Target,
    fmt: SourceFormat,
    mark_fallbacks: bool = False,
) -> tuple[str, list[Fallback]]:
    """Write ``document`` for ``target``; give the text and the units that fell back."""
    renderer = Renderer(
        document, translations, target=target, fmt=fmt, mark_fallbacks=mark_fallbacks
    )
    text = renderer.render()
    return text, renderer.fallbacks
