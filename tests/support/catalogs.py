"""Catalogs changed by hand in a test, as a translator or a tool changes them in locales/."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from relay.catalogs.catalog import Entry
from relay.catalogs.po import load_catalog, write_po
from relay.checks.text import WORD, mask
from relay.checks.values import localised
from relay.core.addresses import EMAIL, URL


def edit_catalog(
    path: Path, edit: Callable[[Entry], Entry], *, added: Sequence[Entry] = ()
) -> None:
    """Write the catalog at ``path`` again with ``edit`` made to each entry, ``added`` after."""
    catalog = load_catalog(path)
    assert catalog is not None
    catalog.entries = [*map(edit, catalog.entries), *added]
    path.write_bytes(write_po(catalog))


def stand_in(text: str, lang: str) -> str:
    """A stand-in translation, for tests that need translated catalogs: the source with a
    word of the language ("et", "да") after each of its lower-case words.

    Its values, placeholders, names, acronyms, URLs and e-mail addresses are the source's, so
    that every check passes it (an amount grouped the English way is grouped the language's
    way: "1,500" is one and a half in French); a copy of the source (or one with a prefix) is
    not a translation, and the checks for the source's words hold it back.

    >>> stand_in("Some 3.5 million people met at <1>www.unece.org</1> on 19 April 2013.", "fr")
    'Some 3.5 million et people et met et at et <1>www.unece.org</1> on et 19 April 2013.'
    >>> stand_in("Write to info.ece@unece.org.", "ru")
    'Write to да info.ece@unece.org.'
    >>> stand_in("Up to 100,000 people.", "fr") == "Up to et 100\u202f000 people et."
    True
    """
    added = " да" if lang.split("-")[0] in {"ru", "uk", "be", "bg", "sr", "kk"} else " et"
    pieces, position = [], 0
    for match in WORD.finditer(mask(text, EMAIL, URL)):
        if match.group()[0].islower() and len(match.group()) > 1:
            pieces += [text[position : match.end()], added]
            position = match.end()
    done = "".join(pieces) + text[position:]
    return _GROUPED.sub(lambda match: localised(match.group(), "en", lang), done)


_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")
