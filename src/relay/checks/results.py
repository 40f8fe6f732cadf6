"""What a check of a project gives: its findings, held compactly, and what could not be read.

Takes findings release by release, in report order; gives a :class:`CheckReport` whose
:class:`Findings` keep each release's findings compressed and give them back one release at a
time, so that the memory a report holds grows by a small fraction of its findings' text (about a
tenth), never by every finding's objects. Counts by severity are kept as findings come in.
"""

from __future__ import annotations

import pickle
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from relay.checks import Finding
from relay.core.errors import RelayError

# How a part of the findings is counted: (severity, suppressed) → how many.
Tally = Counter[tuple[str, bool]]


def tally(findings: Iterable[Finding]) -> Tally:
    """Count findings by severity and suppression."""
    return Counter((finding.severity, finding.suppressed) for finding in findings)


class Findings(Sequence[Finding]):
    """Findings in report order, kept as compressed parts (one per release, in practice)."""

    def __init__(self, findings: Iterable[Finding] = ()) -> None:
        self._parts: list[bytes] = []
        self._tally: Tally = Counter()
        found = list(findings)
        if found:
            self.add(found)

    def add(self, findings: list[Finding]) -> None:
        """Add findings after those held."""
        if findings:
            self.add_packed(pack(findings), tally(findings))

    def add_packed(self, packed: bytes, counted: Tally) -> None:
        """Add findings packed by :func:`pack` and counted by :func:`tally`."""
        if counted:
            self._parts.append(packed)
            self._tally.update(counted)

    def __iter__(self) -> Iterator[Finding]:
        for part in self._parts:
            yield from unpack(part)

    def __len__(self) -> int:
        return sum(self._tally.values())

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> list[Finding]: ...
    def __getitem__(self, index: int | slice) -> Finding | list[Finding]:
        return list(self)[index]  # unpacks every part: iterate instead where it matters

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Findings({list(self)!r})"

    def counted(self, severity: str, suppressed: bool) -> int:
        """Give how many findings have this severity and suppression."""
        return self._tally[(severity, suppressed)]

    @property
    def suppressed(self) -> int:
        return sum(number for (_, suppressed), number in self._tally.items() if suppressed)


def pack(findings: list[Any]) -> bytes:
    """Pack a list (of findings, or of keyed findings) into compressed bytes."""
    return zlib.compress(pickle.dumps(findings, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(packed: bytes) -> list[Any]:
    """Give back what :func:`pack` packed (only ever bytes this process packed)."""
    return pickle.loads(zlib.decompress(packed))  # bytes of this process, never of a file


class CheckReport:
    """The findings of a run (suppressed ones included, marked) and what could not be read."""

    def __init__(
        self,
        findings: Iterable[Finding] = (),
        errors: Iterable[RelayError] = (),
        catalogs: int = 0,
        units: int = 0,
    ) -> None:
        self.findings = findings  # type: ignore[assignment]
        self.errors: list[RelayError] = list(errors)
        self.catalogs = catalogs
        self.units = units

    @property
    def findings(self) -> Findings:
        return self._findings

    @findings.setter
    def findings(self, findings: Iterable[Finding]) -> None:
        self._findings = findings if isinstance(findings, Findings) else Findings(findings)

    @property
    def active(self) -> Iterator[Finding]:
        """The findings no suppression silences, one at a time."""
        return (finding for finding in self.findings if not finding.suppressed)

    def count(self, severity: str) -> int:
        return self.findings.counted(severity, False)

    @property
    def suppressed(self) -> int:
        return self.findings.suppressed
