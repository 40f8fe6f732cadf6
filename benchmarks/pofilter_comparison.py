"""relay's checks and translate-toolkit's pofilter on the same error corpus, side by side.

Runs both on ``tests/checks/corpus`` (correct translations, and translations with one seeded
error each, French and Russian) and on the repository's own catalogs (``locales/``, careful
translations: every alarm there is a false one), and prints per check how many seeded errors
each tool found and how many false alarms it raised. pofilter runs its default tests, with
``--language`` and the glossary's do-not-translate terms as ``--notranslatefile``; a seeded
error counts as found by pofilter when one of the pofilter tests that look for that kind of
problem fires on the unit (see MAPPING).

    .venv/bin/python benchmarks/pofilter_comparison.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.checks_corpus import as_catalog, glossary, load_cases, run_relay, score  # noqa: E402

from relay.catalogs.po import load_catalog, read_po, write_po  # noqa: E402
from relay.checks import REGISTRY  # noqa: E402
from relay.checks.engine import check_project  # noqa: E402
from relay.core.project import Project, open_project  # noqa: E402

POFILTER = Path(sys.executable).with_name("pofilter")
# The pofilter tests that look for each kind of problem relay checks ("" = none does).
MAPPING = {
    "untranslated": "untranslated",
    "fuzzy": "isfuzzy",
    "blank": "blank",
    "same-as-source": "unchanged",
    "source-words": "unchanged",
    "placeholders": "xmltags variables",
    "markup": "xmltags",
    "urls": "urls",
    "emails": "emails",
    "length": "short long",
    "invalid-chars": "validchars",
    "mixed-script": "",
    "acronyms": "acronyms",
    "number-value": "numbers",
    "date-value": "numbers",
    "unit-value": "",
    "person-name": "",
    "number-format": "numbers",
    "date-format": "",
    "codes": "numbers",
    "currency": "",
    "brackets": "brackets",
    "quotes": "doublequoting singlequoting",
    "whitespace-edges": "startwhitespace endwhitespace",
    "double-space": "doublespacing",
    "end-punctuation": "endpunc",
    "punctuation-spacing": "puncspacing",
    "repeated-word": "doublewords",
    "term-required": "musttranslatewords",
    "term-forbidden": "",
    "term-do-not-translate": "notranslatewords",
    "inconsistent-translation": "",
    "inconsistent-source": "",
    "variant-mismatch": "",
    "suppression-lapsed": "",
}


def pofilter(po: bytes, lang: str, folder: Path) -> dict[str, set[str]]:
    """Run pofilter's default tests on a PO file; give the tests that fail, per unit context
    (or per source text when the catalog has no contexts)."""
    source, output = folder / f"{lang}.in.po", folder / f"{lang}.out.po"
    dnt = folder / "notranslate.txt"
    dnt.write_text(
        "\n".join(t.source for t in glossary().terms if t.kind == "do-not-translate"), "utf-8"
    )
    source.write_bytes(po)
    subprocess.run(
        [str(POFILTER), f"--language={lang}", f"--notranslatefile={dnt}", "--progress=none",
         "-i", str(source), "-o", str(output)],
        check=True, capture_output=True,
    )  # fmt: skip
    failed: dict[str, set[str]] = {}
    if not output.exists():
        return failed
    for entry in read_po(output.read_bytes(), path=str(output)).entries:
        tests = {
            line.removeprefix("(pofilter) ").split(":")[0]
            for line in entry.comments
            if line.startswith("(pofilter) ")
        }
        failed[entry.context or entry.msgid] = tests
    return failed


def corpus_table(folder: Path) -> list[str]:
    cases = load_cases()
    relay_found = {key: {f.check for f in found} for key, found in run_relay(cases).items()}
    severity = {check_id: check.severity for check_id, check in REGISTRY.items()}
    relay_scores = score(cases, relay_found, severity)
    pofilter_failed: dict[tuple[str, str], set[str]] = {}
    for lang in ("fr", "ru"):
        failed = pofilter(write_po(as_catalog(cases, lang)), lang, folder)
        pofilter_failed.update({(lang, context): tests for context, tests in failed.items()})
    lines = [
        "| check | severity | seeded | relay found | pofilter found (tests) |"
        " relay false alarms | pofilter false alarms |",
        "|---|---|---|---|---|---|---|",
    ]
    ok = [case for case in cases if case.expect == "ok"]
    pofilter_alarms: Counter[str] = Counter()
    for case in ok:
        pofilter_alarms.update(pofilter_failed.get((case.lang, case.id), set()))
    for check_id, check in REGISTRY.items():
        if check.scope == "source":
            continue
        tests = MAPPING.get(check_id, "").split()
        seeded = [c for c in cases if c.expect == check_id]
        found = sum(1 for c in seeded if pofilter_failed.get((c.lang, c.id), set()) & set(tests))
        s = relay_scores[check_id]
        pofilter_found = f"{found}/{len(seeded)} ({', '.join(tests)})" if tests else "— (no test)"
        pofilter_false = sum(pofilter_alarms[test] for test in tests) if tests else 0
        lines.append(
            f"| {check_id} | {check.severity} | {len(seeded)} | {s.found}/{len(seeded)} "
            f"| {pofilter_found} | {s.false_errors + s.false_warnings} | {pofilter_false} |"
        )
    relay_units = sum(
        1
        for c in ok
        if any(severity[check] != "info" for check in relay_found.get((c.lang, c.id), ()))
    )
    pofilter_units = sum(1 for c in ok if pofilter_failed.get((c.lang, c.id)))
    lines += [
        "",
        f"Correct translations: {len(ok)}; with at least one alarm: relay {relay_units},"
        f" pofilter {pofilter_units}.",
        "pofilter's alarms on correct translations, by test: "
        + ", ".join(f"{test} {count}" for test, count in pofilter_alarms.most_common()),
    ]
    return lines


def repository_table(folder: Path) -> list[str]:
    """Both tools on the repository's own (correct) catalogs: every alarm is a false one."""
    project = open_project(REPO)
    from dataclasses import replace

    project = Project(REPO, replace(project.config, glossary="glossary.csv"))
    report = check_project(project)
    relay_counts = Counter(f.severity for f in report.active)
    units, alarms = 0, Counter()
    flagged_units = 0
    for path in sorted((REPO / "locales").glob("*/*.po")):
        catalog = load_catalog(path)
        assert catalog is not None
        units += len(catalog.active)
        failed = pofilter(path.read_bytes(), path.parent.name, folder)
        flagged_units += len(failed)
        for tests in failed.values():
            alarms.update(tests)
    return [
        f"Repository catalogs (locales/fr, locales/ru): {units} units.",
        f"relay: {relay_counts['error']} errors, {relay_counts['warning']} warnings.",
        f"pofilter: {flagged_units} units flagged, {sum(alarms.values())} alarms: "
        + ", ".join(f"{test} {count}" for test, count in alarms.most_common()),
    ]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        print("\n".join(corpus_table(Path(folder))))
        print()
        print("\n".join(repository_table(Path(folder))))


if __name__ == "__main__":
    main()
