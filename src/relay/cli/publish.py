"""``relay publish``: the variants the gates let through, the feeds and the manifest."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from relay.cli.common import (
    JsonOption,
    QuietOption,
    VerboseOption,
    fail_on_errors,
    out,
    print_json,
    project_of,
    settings,
)
from relay.core.errors import UsageError
from relay.core.project import Project
from relay.core.wording import counted
from relay.runtime.lock import project_lock

if TYPE_CHECKING:
    from collections.abc import Callable

    from relay.publish.run import PublishReport, Variant


def publish_command(
    ctx: typer.Context,
    as_json: JsonOption = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be written; write nothing.")
    ] = False,
    now: Annotated[
        str | None,
        typer.Option("--now", help="Publish as if it were this time (ISO 8601, with zone)."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; list what would change in public/ and exit 1 if anything would.",
        ),
    ] = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Write complete variants to public/<lang>/<slug>.<ext> and public/manifest.json."""
    project = project_of(ctx)
    if check:
        _check(ctx, project, as_json, _moment(now))
        return
    with project_lock(project):
        from relay.publish.run import publish

        # Quiet, the report's variants are not shown: those of unchanged releases are left out.
        # Shown, each is printed as it is placed, not held (thousands of releases); --json
        # prints one document, so its report holds every variant.
        quiet = settings(ctx).quiet
        every_variant = as_json or not quiet
        shown = None if as_json or quiet else _printer(dry_run)
        report = publish(
            project, dry_run=dry_run, now=_moment(now), every_variant=every_variant, shown=shown
        )
    if as_json:
        print_json(_publish_json(report, dry_run))
    elif not settings(ctx).quiet:
        _print_publish(report, project, dry_run)
    fail_on_errors(report.errors)


def _check(ctx: typer.Context, project: Project, as_json: bool, now: dt.datetime | None) -> None:
    """A dry run (no lock either: it would make .relay-cache/lock) that fails when public/
    is not what a publish run would make it, as ``ruff format --check`` does."""
    from relay.publish.run import publish

    report = publish(project, dry_run=True, now=now)
    changes = _would_change(report, project)
    if as_json:
        print_json({**_publish_json(report, True), "changes": changes})
    elif not settings(ctx).quiet:
        for change in changes:
            out.print(change)
        if changes:
            out.print(
                f"{counted(len(changes), 'file')} in public/ would change; run 'relay publish'"
            )
        else:
            out.print(f"{project.public_dir} is up to date")
    fail_on_errors(report.errors)
    if changes:
        raise typer.Exit(1)


def _would_change(report: PublishReport, project: Project) -> list[str]:
    public = project.public_dir
    changes = []
    for variant in report.variants:
        if variant.action == "written" and variant.path is not None:
            changes.append(f"would write {public / variant.path}")
        elif variant.action == "withdrawn":
            changes.append(f"would withdraw {public / variant.lang / variant.slug}.*")
    for lang, action in report.feeds.items():
        if action != "unchanged":
            changes.append(f"would write {public / lang / 'feed.xml'}")
    if report.manifest_action != "unchanged":
        changes.append(f"would write {public / 'manifest.json'}")
    return changes


def _moment(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--now {text!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise UsageError(f"--now {text!r} has no time zone", hint="e.g. 2013-04-23T10:00+02:00")
    return moment


def _publish_json(report: PublishReport, dry_run: bool) -> dict[str, object]:
    return {
        "dry_run": dry_run,
        "manifest": report.manifest_action,
        "variants": [
            {
                "release": v.slug,
                "lang": v.lang,
                "status": "published" if v.published else "blocked",
                "gate": v.gate,
                "action": v.action,
                "path": str(v.path) if v.path else None,
                "fallback_units": v.fallback_units,
                "reasons": list(v.reasons),
            }
            for v in report.variants
        ],
        "feeds": report.feeds,
    }


def _printer(dry_run: bool) -> Callable[[Variant], None]:
    """Print a variant's line (and why it is held back) as a run places it."""
    would = "would be " if dry_run else ""

    def show(variant: Variant) -> None:
        if variant.published:
            fallback = (
                f" ({variant.fallback_units} unit{'' if variant.fallback_units == 1 else 's'}"
                " in the source language)"
                if variant.fallback_units
                else ""
            )
            line = f"{variant.lang:<6} {variant.slug}: {would}{variant.action}{fallback}"
            out.print(line)
        else:
            withdrawn = f" ({would}withdrawn)" if variant.action == "withdrawn" else ""
            out.print(f"{variant.lang:<6} {variant.slug}: {variant.gate}{withdrawn}")
            for reason in variant.reasons:
                out.print(f"         - {reason}")

    return show


def _print_publish(report: PublishReport, project: Project, dry_run: bool) -> None:
    """Print what a run did after its variants (printed as they were placed)."""
    would = "would be " if dry_run else ""
    for lang, action in report.feeds.items():
        if action != "unchanged":
            out.print(f"{lang:<6} feed.xml: {would}{action}")
    out.print(
        f"{report.published} of {report.listed} variants published; "
        f"manifest {would}{report.manifest_action}: {project.public_dir / 'manifest.json'}"
    )
