"""Print the returned-files corpus as a table: each scenario, what import did, gettext's verdict.

Run: ``PYTHONPATH=src python benchmarks/returned_files.py`` (GNU gettext on PATH). The scenarios
are ``tests/support/returned.py``'s, generated from relay's own exports of the sample project;
``tests/exchange/test_returned_files.py`` asserts the same outcomes. Exit status 1 when a
scenario's outcome is not the expected one or a catalog fails ``msgfmt --check``/``msgcat``.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.returned import build, outcome_of, run, scenarios  # noqa: E402


def main() -> int:
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        corpus = build(Path(folder) / "corpus")
        rows = []
        for number, scenario in enumerate(scenarios(), start=1):
            try:
                result = run(corpus, scenario, Path(folder) / "project")
            except Exception as error:  # an older relay without an option a scenario needs
                failures += 1
                rows.append(
                    (
                        str(number),
                        scenario.fmt,
                        scenario.tool,
                        scenario.name,
                        f"crashed: {type(error).__name__}: {error}"[:80],
                        "",
                        "FAILED",
                    )
                )
                continue
            got = outcome_of(result)
            expected = replace(scenario.expect, says=())
            said = all(any(w in m for m in result.messages) for w in scenario.expect.says)
            ok = got == expected and said and not result.gettext
            failures += not ok
            if got.refused:
                what = "refused: " + (result.messages[0][:60] if result.messages else "?")
            else:
                parts = [
                    f"{value} {name}"
                    for name in ("applied", "unchanged", "stale", "conflict", "unknown", "broken")
                    if (value := getattr(got, name))
                ]
                if got.review:
                    parts.append(f"{got.review} to review")
                if got.notes:
                    parts.append(f"{got.notes} notes")
                what = ", ".join(parts)
            gettext = "clean" if not result.gettext else "; ".join(result.gettext)[:40]
            rows.append(
                (
                    str(number),
                    scenario.fmt,
                    scenario.tool,
                    scenario.name,
                    what,
                    gettext,
                    "ok" if ok else f"EXPECTED {expected}",
                )
            )
            if not ok:
                rows.append(("", "", "", "", " | ".join(result.messages)[:300], "", ""))
    header = ("#", "format", "tool", "scenario", "outcome", "gettext", "verdict")
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    total = sum(1 for row in rows if row[0])
    print(f"\n{total - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
