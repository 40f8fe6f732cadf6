"""The checks' error corpus: load it, run relay on it, score each check.

Shared by ``tests/checks/test_corpus.py`` and ``benchmarks/pofilter_comparison.py`` (which
imports it by name); it imports nothing else from the tests.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from relay.catalogs.catalog import Catalog, Entry, unit_id
from relay.checks import REGISTRY, Context, Finding, Translation
from relay.checks.engine import run_checks
from relay.checks.glossary import read_glossary

CORPUS = Path(__file__).resolve().parents[1] / "checks" / "corpus"
LANGS = ("fr", "ru")
SLUG = "corpus"


@dataclass(frozen=True)
class Case:
    id: str
    lang: str
    expect: str
    source: str
    target: str
    fuzzy: bool = False
    comments: tuple[str, ...] = ()
    group: str = ""

    @property
    def unit(self) -> str:
        return unit_id(self.source, self.id)


def load_cases() -> list[Case]:
    cases = []
    for lang in LANGS:
        for row in json.loads((CORPUS / f"{lang}.json").read_text("utf-8")):
            cases.append(
                Case(
                    id=row["id"],
                    lang=lang,
                    expect=row["expect"],
                    source=row["source"],
                    target=row["target"],
                    fuzzy=row.get("fuzzy", False),
                    comments=tuple(row.get("comments", ())),
                    group=row.get("group", ""),
                )
            )
    return cases


def glossary() -> Context:
    data = (CORPUS / "glossary.csv").read_bytes()
    return Context(read_glossary(data, path="glossary.csv"))


def run_relay(cases: list[Case]) -> dict[tuple[str, str], list[Finding]]:
    """Run every translation check on the corpus; give the findings of each case."""
    items = [
        Translation(
            slug=SLUG,
            lang=case.lang,
            source_lang="en",
            unit=case.unit,
            source=case.source,
            target=case.target,
            fuzzy=case.fuzzy,
            comments=case.comments,
            location=f"{case.lang}.json#{case.id}",
        )
        for case in cases
    ]
    chosen = {check_id: check.severity for check_id, check in REGISTRY.items()}
    by_case: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    ids = {(case.lang, case.unit): case.id for case in cases}
    for finding in run_checks(items, glossary(), chosen):
        if not finding.suppressed:
            by_case[(finding.lang or "", ids[(finding.lang or "", finding.unit or "")])].append(
                finding
            )
    return by_case


@dataclass
class Score:
    seeded: int = 0
    found: int = 0
    false_errors: int = 0
    false_warnings: int = 0
    missed: list[str] = field(default_factory=list)


def score(
    cases: list[Case], flagged: dict[tuple[str, str], set[str]], severity: dict[str, str]
) -> dict[str, Score]:
    """Score each check: seeded errors found, and false alarms on correct translations.

    ``flagged`` gives, per case, the checks that fired; ``severity`` each check's level.
    """
    scores: dict[str, Score] = defaultdict(Score)
    for case in cases:
        fired = flagged.get((case.lang, case.id), set())
        if case.expect == "ok":
            for check in fired:
                if severity.get(check) == "error":
                    scores[check].false_errors += 1
                elif severity.get(check) == "warning":
                    scores[check].false_warnings += 1
            continue
        scores[case.expect].seeded += 1
        if case.expect in fired:
            scores[case.expect].found += 1
        else:
            scores[case.expect].missed.append(f"{case.lang}/{case.id}")
    return scores


def as_catalog(cases: list[Case], lang: str) -> Catalog:
    """Give one language's cases as a PO catalog (for pofilter)."""
    header = {
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    entries = [
        Entry(
            msgid=case.source,
            msgstr=case.target,
            context=case.id,
            fuzzy=case.fuzzy,
            comments=case.comments,
        )
        for case in cases
        if case.lang == lang
    ]
    return Catalog(header, entries)
