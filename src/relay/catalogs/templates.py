"""Templates: a release's units as a catalog with no translations (the ``.pot``).

Takes a :class:`relay.core.model.Release`; gives a :class:`relay.catalogs.catalog.Catalog` with
one entry per distinct unit text, in reading order, telling translators where each unit sits and
what its placeholders stand for (never what they contain: no URLs, no classes).
"""

from __future__ import annotations

from relay.catalogs.catalog import Catalog, Entry, new_entry, unit_id
from relay.core import cldr
from relay.core.model import Code, Release, Unit

GENERATOR = "relay"
LABELS = {
    "a": "link",
    "link": "link",
    "em": "emphasis",
    "i": "italics",
    "emphasis": "emphasis",
    "strong": "strong emphasis",
    "b": "bold",
    "abbr": "abbreviation",
    "date": "date, written by relay",
    "br": "line break",
    "line break": "line break",
    "img": "image",
    "image": "image",
    "code": "code, not translated",
    "html": "markup, not translated",
    "sup": "superscript",
    "sub": "subscript",
    "span": "formatting",
    "q": "quotation",
    "cite": "citation",
    "text": "text, not translated",
}


def template(release: Release) -> Catalog:
    """Build the template catalog of a release."""
    entries: dict[str, Entry] = {}
    # Attribute units (a link's title) are read before the text around them; translators
    # read in document order.
    ordered = sorted(release.document.units, key=lambda unit: unit.line)
    for unit in ordered:
        location = f"{release.path}:{unit.line}" if unit.line else str(release.path)
        known = entries.get(unit.text)
        if known is None:
            entries[unit.text] = new_entry(
                unit.text, "", None, False, None, _notes(unit), (location,), (), (), False,
                unit_id(unit.text),
            )  # fmt: skip
        elif location not in known.locations:
            entries[unit.text] = known.with_(locations=(*known.locations, location))
    return Catalog(template_header(release), list(entries.values()))


def template_header(release: Release) -> dict[str, str]:
    # The placeholders a translator's tool fills in, as xgettext writes them.
    return {
        "Project-Id-Version": release.slug,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": GENERATOR,
        "X-Relay-Source": str(release.path),
        "X-Relay-Source-SHA256": release.source_sha256,
    }


def _notes(unit: Unit) -> tuple[str, ...]:
    notes = [unit.location]
    if unit.codes:
        notes.append("Placeholders: " + ", ".join(_legend(code) for code in unit.codes))
    return tuple(notes)


def describe(label: str) -> str:
    """Say what a code's label stands for: protected text (``span=EuroRAP``) is shown,
    quoted and cut at 60 characters, as not translated; other labels by their kind."""
    _, protected, text = label.partition("=")
    if protected and text:
        shown = text if len(text) <= 60 else text[:59] + "…"
        return f"= “{shown}”, not translated"
    return LABELS.get(label, label or "markup")


def _legend(code: Code) -> str:
    shown = f"<{code.id}/>" if code.kind == "empty" else f"<{code.id}>…</{code.id}>"
    return f"{shown} {describe(code.label)}"


def catalog_header(release: Release, lang: str, old: Catalog | None) -> dict[str, str]:
    """Give a language catalog's header, keeping what translators' tools wrote in it."""
    kept = old.header if old else {}
    header = {
        "Project-Id-Version": release.slug,
        "PO-Revision-Date": kept.get("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        "Last-Translator": kept.get("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        "Language-Team": kept.get("Language-Team", cldr.language_name(lang)),
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": cldr.plural_forms(lang),
        "X-Generator": GENERATOR,
        "X-Relay-Source": str(release.path),
        "X-Relay-Source-SHA256": release.source_sha256,
    }
    for key, value in kept.items():
        header.setdefault(key, value)
    return header
