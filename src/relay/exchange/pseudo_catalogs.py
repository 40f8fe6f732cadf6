"""Fill a pseudo-locale's catalogs, so layouts can be tried before translators deliver.

Takes a project and a pseudo-locale that is one of its target languages (``qps``); gives the
catalogs it wrote, every unit pseudo-translated by :func:`relay.exchange.pseudo.pseudo_translate`
(accented, 30% longer, bracketed, placeholders intact). The variants then publish like any
other language.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from relay.catalogs.po import load_catalog, write_po
from relay.core.cldr import PSEUDO_LOCALES
from relay.core.errors import UsageError
from relay.core.project import Project, select_langs
from relay.exchange.pseudo import pseudo_translate
from relay.extract.run import extract
from relay.runtime.files import write_atomic


def pseudo_translate_catalogs(
    project: Project, *, lang: str = "qps", slugs: Sequence[str] = ()
) -> list[Path]:
    """Extract, then pseudo-translate every unit of ``lang``'s catalogs."""
    if lang.lower() not in PSEUDO_LOCALES:
        raise UsageError(f"{lang!r} is not a pseudo-locale", hint="Use qps (or qps-ploc).")
    select_langs(project, [lang])
    report = extract(project, slugs)
    written = []
    for release in report.releases:
        path = project.catalog_path(lang, release.slug)
        catalog = load_catalog(path)
        if catalog is None:
            continue
        catalog.entries = [
            entry
            if entry.obsolete
            else entry.with_(msgstr=pseudo_translate(entry.msgid), fuzzy=False)
            for entry in catalog.entries
        ]
        if write_atomic(path, write_po(catalog)):
            written.append(path)
    return written
