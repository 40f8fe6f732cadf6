"""Findings and the registry of checks: what a check says, and which checks exist.

A check is a plain function registered with :func:`check` under an id, a default severity and
a scope; its docstring is its user documentation (why it exists, what it accepts, its
exemptions). Unit checks take one :class:`Translation` and a :class:`Context` and yield
messages; the other scopes take many translations (or a release) and yield
:class:`Finding` objects themselves.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
Scope = Literal["unit", "catalog", "language", "release", "source"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Term:
    """One glossary row: a source term and what a language must (or must not) make of it."""

    source: str
    lang: str  # a language tag, or "*" for every language
    target: str = ""
    kind: Literal["required", "forbidden", "do-not-translate"] = "required"
    note: str = ""

    def applies_to(self, lang: str) -> bool:
        return self.lang in {"*", lang} or lang.split("-")[0] == self.lang


@dataclass(frozen=True, slots=True)
class Translation:
    """One unit of one release in one language, as checks see it (coded text, with tags)."""

    slug: str
    lang: str
    source_lang: str
    unit: str
    source: str
    target: str
    fuzzy: bool = False
    comments: tuple[str, ...] = ()
    location: str = ""
    source_location: str = ""

    @property
    def translated(self) -> bool:
        return bool(self.target) and not self.fuzzy


@dataclass(frozen=True)
class Context:
    """What unit checks may need besides the unit: the project's glossary, and how its approved
    translations write the source's acronyms ((language, acronym, form):
    :mod:`relay.checks.equivalents`)."""

    terms: tuple[Term, ...] = ()
    equivalents: tuple[tuple[str, str, str], ...] = ()

    def accepted_forms(self, lang: str, acronym: str) -> set[str]:
        """The forms the project's approved translations in ``lang`` use for ``acronym``."""
        return {form for of, source, form in self.equivalents if of == lang and source == acronym}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: which check, how serious, where, about what text, and what is wrong."""

    check: str
    severity: Severity
    slug: str
    lang: str | None
    unit: str | None
    source: str
    target: str
    message: str
    location: str = ""
    source_location: str = ""
    suppressed: bool = False

    def with_(self, **changes: Any) -> Finding:
        return replace(self, **changes)

    def as_dict(self) -> dict[str, object]:
        return {
            "check": self.check,
            "severity": self.severity,
            "release": self.slug,
            "lang": self.lang,
            "unit": self.unit,
            "source": self.source,
            "target": self.target,
            "message": self.message,
            "location": self.location,
            "source_location": self.source_location,
            "suppressed": self.suppressed,
        }


@dataclass(frozen=True)
class Check:
    """A registered check: its id, default severity, scope and function."""

    id: str
    severity: Severity
    scope: Scope
    run: Callable[..., Iterable[object]] = field(compare=False)

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.run) or ""

    @property
    def summary(self) -> str:
        return self.doc.split("\n\n")[0].replace("\n", " ")


REGISTRY: dict[str, Check] = {}


def check(id: str, severity: Severity, scope: Scope = "unit") -> Callable[[Callable], Callable]:
    """Register a check function under ``id`` (a decorator)."""

    def register(function: Callable) -> Callable:
        if id in REGISTRY:
            raise ValueError(f"check {id!r} is registered twice")
        REGISTRY[id] = Check(id, severity, scope, function)
        return function

    return register


def finding(check_id: str, item: Translation, message: str) -> Finding:
    """Make a finding about ``item`` with the check's default severity."""
    return Finding(
        check=check_id,
        severity=REGISTRY[check_id].severity,
        slug=item.slug,
        lang=item.lang,
        unit=item.unit,
        source=item.source,
        target=item.target,
        message=message,
        location=item.location,
        source_location=item.source_location,
    )
