"""What a check of a project gives: its findings, held compactly, and what could not be read.

Takes findings release by release, in report order; gives a :class:`CheckReport` whose
:class:`Findings` keep each release's findings as compressed rows of plain values and give them
back one release at a time, so that the memory a report holds grows by a small fraction of its
findings' text, never by every finding's objects. Counts by severity are kept as findings come
in, for the whole and for each part, so that what shows only some severities (``relay check
-q``: the errors) unpacks only the parts that hold one.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from relay.checks import Finding
from relay.core.errors import RelayError

# How a part of the findings is counted: (severity, suppressed) → how many.
Tally = Counter[tuple[str, bool]]
# A finding as a row of plain values (what is packed, and kept on disk), in this order.
FIELDS = (
    "check", "severity", "slug", "lang", "unit", "source", "target", "message", "location",
    "source_location", "suppressed",
)  # fmt: skip
_SEVERITY, _SUPPRESSED = FIELDS.index("severity"), FIELDS.index("suppressed")


def row_of(finding: Finding) -> list[Any]:
    """Give a finding as a row of :data:`FIELDS`."""
    return [getattr(finding, name) for name in FIELDS]


def finding_of(row: Sequence[Any]) -> Finding:
    """Give back the finding of a row of :data:`FIELDS`."""
    return Finding(*row)


def tally(rows: Iterable[Sequence[Any]]) -> Tally:
    """Count findings (as rows) by severity and suppression."""
    return Counter((row[_SEVERITY], bool(row[_SUPPRESSED])) for row in rows)


class Findings(Sequence[Finding]):
    """Findings in report order, kept as packed parts (:func:`pack`; one per release)."""

    def __init__(self, findings: Iterable[Finding] = ()) -> None:
        self._parts: list[tuple[bytes, Tally]] = []
        self._tally: Tally = Counter()
        found = list(findings)
        if found:
            self.add(found)

    def add(self, findings: list[Finding]) -> None:
        """Add findings after those held."""
        rows = [row_of(finding) for finding in findings]
        self.add_packed(pack(rows), tally(rows))

    def add_packed(self, packed: bytes, counted: Tally) -> None:
        """Add findings packed by :func:`pack`, counted by :func:`tally`."""
        if counted:
            self._parts.append((packed, counted))
            self._tally.update(counted)

    def add_counts(self, counted: Tally) -> None:
        """Count findings that are not held (a report showing only some: see
        :func:`relay.checks.engine.check_project`'s ``only``)."""
        self._tally.update(counted)

    def __iter__(self) -> Iterator[Finding]:
        for part, _ in self._parts:
            yield from _findings(part)

    def of_severity(self, severity: str) -> Iterator[Finding]:
        """The findings of ``severity`` (suppressed ones too), in order: only the parts that
        hold one are unpacked."""
        for part, counted in self._parts:
            if counted[(severity, False)] or counted[(severity, True)]:
                yield from (found for found in _findings(part) if found.severity == severity)

    def __len__(self) -> int:
        return sum(sum(counted.values()) for _, counted in self._parts)

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


def _findings(packed: bytes) -> Iterator[Finding]:
    rows, _ = unpack(packed)
    for row in rows:
        yield Finding(*row)


def pack(rows: list[list[Any]], sorts: list[Any] | None = None) -> bytes:
    """Pack findings as rows (:func:`row_of`), with their sort keys if given, into compressed
    JSON (what :mod:`relay.checks.check_state` keeps on disk, held as it is read)."""
    text = json.dumps([rows, sorts or []], ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode(), 1)


def unpack(packed: bytes) -> tuple[list[list[Any]], list[Any]]:
    """Give back the rows and sort keys :func:`pack` packed (``ValueError`` if damaged)."""
    try:
        rows, sorts = json.loads(zlib.decompress(packed))
    except zlib.error as error:
        raise ValueError(str(error)) from None
    return rows, sorts


class CheckReport:
    """The findings of a run (suppressed ones included, marked) and what could not be read."""

    def __init__(
        self,
        findings: Iterable[Finding] = (),
        errors: Iterable[RelayError] = (),
        catalogs: int = 0,
        units: int = 0,
    ) -> None:
        self.findings = findings
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
