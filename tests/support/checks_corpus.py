"""The checks' error corpus: load it, run relay on it, score each check.

Shared by ``tests/checks/test_corpus.py`` and ``benchmarks/pofilter_comparison.py`` (which
imports it by name); it imports nothing else from the tests.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from relay.catalogs.catalog import Catalog, Entry, unit_id
from relay.catalogs.po import write_po
from relay.checks import Context, Finding
from relay.checks.engine import check_project
from relay.checks.glossary import read_glossary
from relay.core.project import open_project

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
    """Run every translation check on the corpus, as ``relay check`` does on a project of one
    release whose catalogs hold the cases; give the findings of each case."""
    by_case: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    ids = {(case.lang, case.unit): case.id for case in cases}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        langs = sorted({case.lang for case in cases})
        (root / "relay.toml").write_text(
            f'source-lang = "en"\ntarget-langs = {json.dumps(langs)}\nglossary = "glossary.csv"\n',
            "utf-8",
        )
        (root / "glossary.csv").write_bytes((CORPUS / "glossary.csv").read_bytes())
        (root / "sources").mkdir()
        (root / "sources" / f"{SLUG}.txt").write_text("Title: Corpus\n\nIts cases.\n", "utf-8")
        for lang in langs:
            (root / "locales" / lang).mkdir(parents=True)
            (root / "locales" / lang / f"{SLUG}.po").write_bytes(write_po(as_catalog(cases, lang)))
        for finding in check_project(open_project(root)).findings:
            if not finding.suppressed:
                key = (finding.lang or "", ids[(finding.lang or "", finding.unit or "")])
                by_case[key].append(finding)
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
