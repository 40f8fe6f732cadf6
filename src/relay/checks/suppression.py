"""Suppressions: a translator's note in the catalog that a finding is a false positive.

Takes findings and the units they are about; gives the findings with ``suppressed`` set where
a unit's translator comment says so. A suppression names the check and a fingerprint of the
unit's source *and* translation::

    # relay-ignore: number-value 3f2a9c1d5e7b

PO editors (Poedit, Weblate, Lokalize) and relay's own catalog updates keep translator
comments. When the source or the translation changes, the fingerprint no longer matches and
the suppression lapses: the check speaks again, and ``suppression-lapsed`` says so.

>>> fingerprint("1%", "1 %")
'eef9a1697d62'
>>> suppressions(["relay-ignore: number-value eef9a1697d62", "reviewed by Anna"])
[('number-value', 'eef9a1697d62')]
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache

from relay.checks.findings import Context, Finding, Translation, check

PREFIX = "relay-ignore:"
_COMMENT = re.compile(r"^\s*relay-ignore:\s*([a-z0-9-]+)\s+([0-9a-f]{12})\s*$")
Key = tuple[str, str | None, str | None]


@lru_cache(maxsize=1024)  # asked once per finding: a unit's texts are hashed once
def fingerprint(source: str, target: str) -> str:
    """Give the short fingerprint of a unit's source and translation."""
    return hashlib.sha256(f"{source}\x00{target}".encode()).hexdigest()[:12]


def comment_for(finding: Finding) -> str:
    """Give the translator comment that suppresses ``finding`` (without the ``# ``)."""
    return f"{PREFIX} {finding.check} {fingerprint(finding.source, finding.target)}"


def suppressions(comments: Iterable[str]) -> list[tuple[str, str]]:
    """Give the (check, fingerprint) pairs that translator comments declare."""
    found = []
    for comment in comments:
        match = _COMMENT.match(comment)
        if match:
            found.append((match.group(1), match.group(2)))
    return found


def apply(findings: Iterable[Finding], items: Mapping[Key, Translation]) -> list[Finding]:
    """Mark each finding its unit's comments suppress (for the text as it is now)."""
    marked = []
    for found in findings:
        item = items.get((found.slug, found.lang, found.unit))
        # Only the unit the finding is about suppresses it: another entry that claims its id
        # (a "#. id:" copied onto an entry of another text) must not silence it.
        mine = item is not None and (item.source, item.target) == (found.source, found.target)
        if item is not None and mine and not found.suppressed:
            current = fingerprint(item.source, item.target)
            if (found.check, current) in suppressions(item.comments):
                found = found.with_(suppressed=True)
        marked.append(found)
    return marked


@check("suppression-lapsed", "info")
def suppression_lapsed(item: Translation, context: Context) -> Iterator[str]:
    """A ``relay-ignore`` comment no longer applies because the source or the translation
    changed since it was written. The check it silenced runs again; delete the comment, or
    write a new one if the finding is still a false positive."""
    current = fingerprint(item.source, item.target)
    for name, stamp in suppressions(item.comments):
        if stamp != current:
            yield f"the suppression of {name} lapsed: the text changed since it was written"
