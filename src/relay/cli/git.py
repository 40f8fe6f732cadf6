"""``relay merge-driver`` and ``relay git-setup``: catalogs merged by unit when git merges.

``relay git-setup`` registers the driver in the project's git repository (a ``.gitattributes``
line per catalog kind, and ``merge.relay.*`` in the repository's configuration), changing
nothing when it is already there. Git then runs ``relay merge-driver %O %A %B %P`` for each
catalog both branches changed: the three versions are merged unit by unit
(:mod:`relay.catalogs.merge3`) and the result, written through relay's PO writer, replaces
``%A``. A version that cannot be read as PO gives git's own textual merge instead
(``git merge-file``), with its exit status: git then reports the conflict as for any file.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path
from typing import Annotated

import typer

from relay.cli.common import QuietOption, err, out, project_of, settings, styled
from relay.core.errors import CatalogError, UsageError

DRIVER = "relay"
DRIVER_NAME = "relay: PO catalogs merged unit by unit"
PATTERNS = ("*.po", "*.pot")


def merge_driver_command(
    base: Annotated[Path, typer.Argument(help="The common ancestor's version (git's %O).")],
    ours: Annotated[
        Path, typer.Argument(help="Our version (git's %A); the result is written here.")
    ],
    theirs: Annotated[Path, typer.Argument(help="Their version (git's %B).")],
    path: Annotated[str, typer.Argument(help="The file's path in the repository (git's %P).")] = "",
) -> None:
    """Merge three versions of a PO catalog unit by unit (git's merge driver)."""
    from relay.catalogs.catalog import Catalog
    from relay.catalogs.merge3 import Labels, describe, merge_catalogs
    from relay.catalogs.po import read_po, write_po
    from relay.runtime.files import write_atomic

    name = path or str(ours)
    try:
        catalogs = [
            read_po(file.read_bytes(), path=name) if file.stat().st_size else Catalog()
            for file in (base, ours, theirs)
        ]
    except (CatalogError, OSError) as error:
        message = error.message if isinstance(error, CatalogError) else str(error)
        err.print(styled("relay merge-driver:", "yellow"), f"{name}: {message}")
        err.print("  falling back to git's textual merge")
        raise typer.Exit(_textual_merge(base, ours, theirs)) from None
    labels = Labels(ours=_our_branch(), theirs=_their_branch())
    merged, decisions = merge_catalogs(*catalogs, labels=labels)
    write_atomic(ours, write_po(merged))
    for decision in decisions:
        err.print(f"relay merge-driver: {name}: {describe(decision)}")


def _textual_merge(base: Path, ours: Path, theirs: Path) -> int:
    labels = ["-L", "ours", "-L", "base", "-L", "theirs"]
    command = ["git", "merge-file", *labels, str(ours), str(base), str(theirs)]
    result = subprocess.run(command, check=False)
    return 0 if result.returncode == 0 else 1


def _our_branch() -> str:
    """The branch being merged into (HEAD), or ``ours``."""
    result = subprocess.run(
        ["git", "rev-parse", "--abbrev-ref", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    name = result.stdout.strip()
    return name if result.returncode == 0 and name and name != "HEAD" else "ours"


def _their_branch() -> str:
    """The branch merged in: ``git merge`` names it in ``GITHEAD_<commit>``, or ``theirs``."""
    names = [value for key, value in os.environ.items() if key.startswith("GITHEAD_") and value]
    return names[0] if len(names) == 1 else "theirs"


def git_setup_command(
    ctx: typer.Context,
    program: Annotated[
        str,
        typer.Option("--program", help="How git is to run relay during a merge (a command line)."),
    ] = DRIVER,
    quiet: QuietOption = False,
) -> None:
    """Register relay's merge driver for the project's catalogs (idempotent)."""
    project = project_of(ctx)
    root = project.root
    if _git(root, "rev-parse", "--git-dir").returncode != 0:
        raise UsageError(f"{root} is not in a git repository", hint="Run 'git init' first.")
    locales = project.locales_dir.relative_to(root).as_posix()
    lines = [f"{locales}/**/{pattern} merge=relay" for pattern in PATTERNS]
    attributes = root / ".gitattributes"
    added = _ensure_lines(attributes, lines)
    changed = [".gitattributes"] if added else []
    wanted = {
        "merge.relay.name": DRIVER_NAME,
        "merge.relay.driver": f"{program} merge-driver %O %A %B %P",
    }
    for key, value in wanted.items():
        current = _git(root, "config", "--local", "--get", key)
        if current.returncode == 0 and current.stdout.rstrip("\n") == value:
            continue
        if _git(root, "config", "--local", key, value).returncode != 0:
            raise UsageError(f"git config {key} failed in {root}")
        changed.append(f"git config {key}")
    if settings(ctx).quiet:
        return
    for line in added:
        out.print(f"added to .gitattributes: {line}")
    for key, value in wanted.items():
        if f"git config {key}" in changed:
            out.print(f"set git config {key} = {shlex.quote(value)}")
    out.print("merge driver registered" if changed else "merge driver already registered")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )


def _ensure_lines(path: Path, lines: list[str]) -> list[str]:
    """Append the lines a file lacks; give them (none: the file is left as it is)."""
    from relay.runtime.files import write_atomic

    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        text = ""
    present = {line.strip() for line in text.splitlines()}
    missing = [line for line in lines if line not in present]
    if missing:
        prefix = text if not text or text.endswith("\n") else text + "\n"
        write_atomic(path, (prefix + "".join(f"{line}\n" for line in missing)).encode("utf-8"))
    return missing
