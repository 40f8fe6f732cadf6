"""``relay status``: where every release stands in every language, as a table or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from relay.cli.common import (
    JsonOption,
    QuietOption,
    ReleaseArgs,
    VerboseOption,
    fail_on_errors,
    out,
    print_json,
    project_of,
)

if TYPE_CHECKING:
    from relay.report.html import ReportRow


def status_command(
    ctx: typer.Context,
    as_json: JsonOption = False,
    lang: Annotated[list[str] | None, typer.Option("--lang", help="Only this language.")] = None,
    releases: ReleaseArgs = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Show every release × language: words done, memory, state (translated, revised,
    approved), QA findings, gate, embargo."""
    project = project_of(ctx)
    from relay.report.status import overview

    view = overview(project, releases or [], lang or [], units=False)
    if as_json:
        from relay.sources.sentences import fallback_notice, has_own_rules

        lang_of = project.config.source_lang
        segmentation = {
            "source_lang": lang_of,
            "own_rules": has_own_rules(lang_of),
            "notice": fallback_notice(lang_of),
        }
        body = {"status": [_status_json(row) for row in view.rows], "segmentation": segmentation}
        print_json(body)
    else:
        _print_status(view.rows)
        _print_waiting(view.rows)
        _print_notes(view.rows)
    fail_on_errors(view.errors)


def _print_waiting(rows: list[ReportRow]) -> None:
    """List the published variants still waiting for a revision step (nothing when none)."""
    waiting = [(row, line) for row in rows for line in row.waiting]
    if not waiting:
        return
    out.print()
    out.print("Published, waiting for revision or approval:")
    for row, line in waiting:
        out.print(f"  {row.slug} [{row.lang}]: {line}")


def _print_notes(rows: list[ReportRow]) -> None:
    """List the open translator notes under the table (nothing when there are none)."""
    notes = [note for row in rows for note in row.notes]
    if not notes:
        return
    out.print()
    out.print(f"Open translator notes ({len(notes)}):")
    for note in notes:
        source = note.source if len(note.source) < 60 else note.source[:59] + "…"
        out.print(f"  {note.slug} [{note.lang}] {note.unit} #{note.number} {source!r}: {note.text}")
    out.print("  resolve one with: relay notes resolve RELEASE LANG UNIT [--number N]")


def _status_json(row: ReportRow) -> dict[str, object]:
    c = row.units
    assert c is not None  # every row of an overview has its catalog's counts
    return {
        "release": row.slug,
        "lang": row.lang,
        "units": {
            "total": c.total,
            "translated": c.translated,
            "fuzzy": c.fuzzy,
            "untranslated": c.untranslated,
        },
        "words": {
            "total": c.words,
            "translated": c.translated_words,
            "fuzzy": c.fuzzy_words,
            "untranslated": c.untranslated_words,
            "memory": row.memory_words,
        },
        "percent": c.percent,
        "complete": c.complete,
        "state": row.state,
        "review": {level: n for level, n in row.levels if level in ("revised", "approved")},
        "qa": {"errors": row.errors, "warnings": row.warnings},
        "gate": row.gate,
        "reasons": list(row.reasons),
        "waiting": list(row.waiting),
        "embargo": row.embargo.isoformat() if row.embargo else None,
        "notes": [
            {"unit": note.unit, "source": note.source, "note": note.text, "number": note.number}
            for note in row.notes
        ],
    }


def _print_status(rows: list[ReportRow]) -> None:
    columns = ("release", "lang", "done", "fuzzy", "to do", "memory", "%", "state", "QA", "gate")
    cells = []
    for row in rows:
        c = row.units
        assert c is not None
        state = row
        qa = f"{state.errors}E {state.warnings}W" if state.errors or state.warnings else "-"
        gate = state.gate
        if state.gate == "embargoed" and state.embargo is not None:
            gate = f"embargoed until {state.embargo:%Y-%m-%d %H:%M %z}"
        cells.append(
            (
                row.slug,
                row.lang,
                str(c.translated_words),
                str(c.fuzzy_words),
                str(c.untranslated_words),
                str(row.memory_words),
                f"{c.percent:.0f}%",
                row.state or "-",
                qa,
                gate,
                "green" if c.complete else "yellow" if c.percent >= 50 else "red",
                "red" if state.errors else "yellow" if state.warnings else "",
                {"published": "green", "blocked": "red"}.get(state.gate, "blue"),
            )
        )
    if not out.is_terminal:
        # Piped: plain aligned columns, nothing a script has to strip.
        widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
        lines = [
            "  ".join(v.ljust(w) for v, w in zip(line, widths, strict=False)).rstrip()
            for line in (columns, *(r[:10] for r in cells))
        ]
        # Written at once: a rich print per row cost a second at 4,000 rows.
        out.file.write("\n".join(lines) + "\n")
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Translation status (words)", title_justify="left", box=box.SIMPLE_HEAD)
    for column in columns:
        table.add_column(
            column,
            justify="left" if column in {"release", "lang", "state", "gate"} else "right",
            no_wrap=column != "release",
            overflow="fold",
        )
    for *values, done_style, qa_style, gate_style in cells:
        table.add_row(
            *values[:6],
            Text(values[6], style=done_style),
            values[7],
            Text(values[8], style=qa_style),
            Text(values[9], style=gate_style),
        )
    out.print(table)
