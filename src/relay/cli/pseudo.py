"""``relay pseudo``: fill a pseudo-locale's catalogs, to try layouts before translators deliver."""

from __future__ import annotations

from typing import Annotated

import typer

from relay.cli.common import (
    QuietOption,
    ReleaseArgs,
    VerboseOption,
    out,
    project_of,
    settings,
)
from relay.core.wording import counted
from relay.runtime.lock import project_lock


def pseudo_command(
    ctx: typer.Context,
    lang: Annotated[str, typer.Option("--lang", help="The pseudo-locale (qps).")] = "qps",
    releases: ReleaseArgs = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Fill a pseudo-locale's catalogs: accented, 30% longer, bracketed, placeholders intact."""
    with project_lock(project_of(ctx)) as project:
        from relay.exchange.pseudo_catalogs import pseudo_translate_catalogs

        written = pseudo_translate_catalogs(project, lang=lang, slugs=releases or [])
    if not settings(ctx).quiet:
        for path in written:
            out.print(f"pseudo-translated {path}")
        out.print(f"{counted(len(written), 'catalog')} written; publish them with relay publish")
