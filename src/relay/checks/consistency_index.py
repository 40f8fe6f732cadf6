"""Find which units the cross-release consistency checks must see, without keeping them all.

Takes, release by release, a digest of each translated unit's source and translation (as the
consistency checks compare them: placeholders dropped, case and spaces folded); gives the
sources translated more than one way and the translations given to more than one source, and
the releases that hold them. Only those units need checking again, so a project's check keeps
three numbers per unit instead of every unit's text.

>>> index = ConsistencyIndex()
>>> index.add(0, [(digest("Note to editors"), digest("Note aux rédactions"))])
>>> index.add(1, [(digest("Note to editors"), digest("Note à la rédaction"))])
>>> index.add(2, [(digest("Contact"), digest("Contact"))])
>>> index.flagged().releases
[0, 1]
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

from relay.checks.text import CACHED_TEXTS, normal


@lru_cache(maxsize=CACHED_TEXTS)  # a source is digested once per language
def digest(text: str) -> int:
    """Give a 64-bit digest of a text as the consistency checks compare it."""
    hashed = hashlib.blake2b(normal(text).encode(), digest_size=8).digest()
    return int.from_bytes(hashed, "big", signed=True)


@dataclass(frozen=True)
class Flagged:
    """The sources with several translations, the translations of several sources (both as
    digests), and the releases, in order, that hold a unit of either."""

    sources: frozenset[int]
    targets: frozenset[int]
    releases: list[int]


class ConsistencyIndex:
    """The digests of one language's translated units, in the order the releases were read."""

    def __init__(self) -> None:
        self._sources = array("q")
        self._targets = array("q")
        self._releases = array("l")

    def add(self, release: int, pairs: Iterable[tuple[int, int]]) -> None:
        """Add a release's units: (source digest, translation digest) for each."""
        for source, target in pairs:
            self._sources.append(source)
            self._targets.append(target)
            self._releases.append(release)

    def add_arrays(self, release: int, sources: array, targets: array) -> None:
        """:meth:`add` for a release's digests held as arrays (as they are kept)."""
        self._sources.extend(sources)
        self._targets.extend(targets)
        self._releases.extend(array("l", [release]) * len(sources))

    def flagged(self) -> Flagged:
        """Give the groups the consistency checks would report on, and where they are."""
        sources, source_releases = _mixed(self._sources, self._targets, self._releases)
        targets, target_releases = _mixed(self._targets, self._sources, self._releases)
        return Flagged(sources, targets, sorted(source_releases | target_releases))


def _mixed(keys: array, values: array, releases: array) -> tuple[frozenset[int], set[int]]:
    """Give the keys that go with more than one value, and the releases holding them."""
    # Two passes over the arrays, no sort: a key is mixed once a value differs from its first.
    first: dict[int, int] = {}
    mixed: set[int] = set()
    for key, value in zip(keys, values, strict=True):
        if first.setdefault(key, value) != value:
            mixed.add(key)
    # The releases holding them, found without a loop in Python over the units.
    where = set(compress(releases, map(mixed.__contains__, keys))) if mixed else set()
    return frozenset(mixed), where
