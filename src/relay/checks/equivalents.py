"""The project's accepted equivalents: how its approved translations write the source's acronyms.

Takes the approved units of a language (translated, not fuzzy) across all of a project's
catalogs; gives the pairs (acronym, the form that stands for it) that the translations use
consistently: wherever the acronym is not kept as it is, the form is there, in at least
:data:`ESTABLISHED` units. "UNECE" written "CEE-ONU" in every French unit that does not keep
"UNECE" is such a pair; the acronym checks then accept it (``acronyms`` says nothing, and
``acronym-form`` reports only a form not yet established, as information).

>>> units = [("UNECE helps.", "La CEE-ONU aide."), ("By UNECE.", "Par la CEE-ONU.")]
>>> equivalents_of(units)
(('UNECE', 'CEE-ONU'),)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from relay.checks.text import prose

ESTABLISHED = 2  # approved units that must use a form before it is accepted
ACRONYM = re.compile(r"(?<![\w.-])[A-Z][A-Z0-9&]*[A-Z][A-Z0-9]*(?![\w])")
# A form an acronym takes in a translation: capitals (any script), with inner hyphens or
# no-break spaces ("CEE-ONU", "ЕЭК ООН" is read as its words "ЕЭК", "ООН").
FORM = re.compile(r"(?<![\w-])[^\W\d_a-zß-ÿа-яё]{2,}(?:-[^\W\d_a-zß-ÿа-яё]{2,})*(?![\w-])")


def forms(text: str) -> set[str]:
    """The capitalised forms of a plain text that may stand for an acronym."""
    return set(FORM.findall(text))


Counts = dict[str, Any]  # {"dropped": {acronym: units}, "used": [[acronym, form, units], ...]}


def count(pairs: Iterable[tuple[str, str]]) -> Counts:
    """Count, in (source, translation) pairs, the units that do not keep each acronym, and
    the forms their translations use instead (one catalog's share, kept between runs)."""
    dropped: Counter[str] = Counter()  # units whose translation does not keep the acronym
    used: Counter[tuple[str, str]] = Counter()
    for source, target in pairs:
        source_text = prose(source)
        acronyms = set(ACRONYM.findall(source_text))
        if not acronyms or not target:
            continue
        target_text = prose(target)
        found = forms(target_text)
        new = found - forms(source_text)
        for acronym in acronyms - found:
            dropped[acronym] += 1
            for form in new:
                used[(acronym, form)] += 1
    return {
        "dropped": dict(sorted(dropped.items())),
        "used": [[acronym, form, n] for (acronym, form), n in sorted(used.items())],
    }


def combine(shares: Iterable[Counts]) -> tuple[tuple[str, str], ...]:
    """Give the (acronym, form) pairs that every share together uses consistently."""
    dropped: Counter[str] = Counter()
    used: Counter[tuple[str, str]] = Counter()
    for share in shares:
        dropped.update(share["dropped"])
        for acronym, form, n in share["used"]:
            used[(acronym, form)] += n
    return tuple(
        sorted(
            (acronym, form)
            for (acronym, form), n in used.items()
            if n >= ESTABLISHED and n == dropped[acronym]
        )
    )


def equivalents_of(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Give the (acronym, form) pairs that the (source, translation) pairs use consistently."""
    return combine([count(pairs)])
