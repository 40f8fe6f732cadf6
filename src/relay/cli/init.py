"""``relay init``: make a new, empty project."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from relay.cli.common import (
    QuietOption,
    VerboseOption,
    err,
    out,
    settings,
    styled,
)
from relay.core.project import init_project
from relay.runtime.lock import folder_lock


def init(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Folder for the new project.")],
    source_lang: Annotated[str, typer.Option("--source-lang", help="Language of the sources.")],
    target_lang: Annotated[
        list[str], typer.Option("--target-lang", help="A language to translate into (repeat).")
    ],
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Make a new, empty relay project."""
    with folder_lock(directory):
        project = init_project(directory, source_lang=source_lang, target_langs=target_lang)
    from relay.sources.sentences import fallback_notice

    if (notice := fallback_notice(source_lang)) is not None:
        err.print(styled("note:", "cyan"), notice)
    if not settings(ctx).quiet:
        out.print(f"Created a relay project in {project.root}")
        out.print(f"Put releases in {project.sources_dir} and run: relay -C {directory} extract")
