"""The ``relay`` command: global options, one module per command, errors as one line.

Each command lives in its own module of :mod:`relay.cli` and calls the Python API of one
stage (imported when the command runs, so that every command starts fast); this module only
assembles them. :class:`relay.core.errors.RelayError` becomes one line and a hint, with its
exit code, here and nowhere else.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Annotated

import typer

from relay import __version__
from relay.cli import (
    check,
    export,
    extract,
    git,
    imports,
    init,
    notes,
    pseudo,
    publish,
    report,
    status,
    tm,
)
from relay.cli.common import Settings, err, out, print_error, styled
from relay.core.errors import RelayError


def _typer() -> typer.Typer:
    return typer.Typer(
        name="relay",
        help="Translation workflow pipeline for multilingual press releases.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )


def main_options(
    ctx: typer.Context,
    project: Annotated[
        Path, typer.Option("-C", "--project", help="Run as if started in this folder.")
    ] = Path("."),
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Print only errors.")] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Print more.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False,
) -> None:
    if version:
        out.print(f"relay {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        out.print(ctx.get_help())
        raise typer.Exit(2)
    ctx.obj = Settings(project, quiet, verbose)


# In the order of a coordinator's work, as `relay --help` lists them.
COMMANDS: dict[str, Callable[..., None] | typer.Typer] = {
    "init": init.init,
    "extract": extract.extract_command,
    "status": status.status_command,
    "report": report.report_command,
    "pseudo": pseudo.pseudo_command,
    "publish": publish.publish_command,
    "export": export.export_command,
    "import": imports.import_command,
    "check": check.check_command,
    "tm": tm.app,
    "git-setup": git.git_setup_command,
    "merge-driver": git.merge_driver_command,
    "notes": notes.app,
}
_GLOBAL_FLAGS = frozenset({"-q", "--quiet", "-v", "--verbose"})


def build(names: Iterable[str] = COMMANDS) -> typer.Typer:
    """The ``relay`` command with the named commands (all by default)."""
    made = _typer()
    made.callback(invoke_without_command=True)(main_options)
    for name in names:
        command = COMMANDS[name]
        if isinstance(command, typer.Typer):
            made.add_typer(command, name=name)
        else:
            made.command(name)(command)
    return made


app = build()


def asked(argv: Sequence[str]) -> str | None:
    """The command a command line names, past the global options (None: none named, help or
    the version asked for, or a name relay does not know)."""
    args = iter(argv)
    for arg in args:
        if arg in ("-C", "--project"):
            next(args, None)
        elif arg.startswith("--project=") or (arg.startswith("-C") and len(arg) > 2):
            continue
        elif arg not in _GLOBAL_FLAGS:
            return arg if arg in COMMANDS else None
    return None


def main() -> None:
    """Run the CLI: every error is one line and a hint, with exit code 2, never a traceback."""
    # Only the command asked for is built: typer reads the signature of every command it is
    # given, at every start (25 ms for all of them; most commands take a few hundred).
    name = asked(sys.argv[1:])
    made = app if name is None else build([name])
    try:
        code = made(standalone_mode=False)
    except RelayError as error:
        print_error(error)
        sys.exit(error.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except Exception as error:
        # typer's own (vendored click) usage errors: a bad option, a missing argument.
        if not (hasattr(error, "format_message") and hasattr(error, "exit_code")):
            raise
        context = getattr(error, "ctx", None)
        command = context.command_path if context is not None else "relay"
        message = error.format_message()
        if message:  # empty when the help was shown instead of running nothing
            err.print(styled("error:", "bold red"), message)
            err.print(f"  hint: see '{command} --help'")
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
