"""The script check: a translation written in another language's script.

Takes a unit; flags a translation most of whose own words (those the source does not have:
names, addresses and acronyms are kept as they are) are in a script the target language is
not written in: Russian text in a French catalog, Latin text in a Russian one. Such a
translation is another language's text, and is never published (an error blocks the gate).
"""

from __future__ import annotations

from collections.abc import Iterator

from relay.checks.findings import Context, Translation, check
from relay.exchange.returned import expected_script, foreign_script


@check("script", "error")
def wrong_script(item: Translation, context: Context) -> Iterator[str]:
    """A translation is written in a script its language does not use (Cyrillic in French,
    Latin in Russian): most likely another language's text, pasted or returned by mistake.
    """
    if not item.target:
        return
    found = foreign_script(item.target, item.source, item.lang)
    if found:
        yield f"written in {found} script; {item.lang} is written in {expected_script(item.lang)}"
