"""What every command shares: the global options, the consoles, and how errors are shown.

Takes a typer context; gives the settings (project folder, -q, -v), the project, and the two
consoles. Release titles, file names and translations are data: the consoles never read them
as rich markup. A :class:`relay.core.errors.RelayError` becomes one line and a hint on
standard error, with exit code 2.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, cast

import typer

from relay.core.errors import RelayError, UsageError
from relay.core.project import Project, open_project

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
QuietOption = Annotated[bool, typer.Option("-q", "--quiet", help="Print only errors.")]
VerboseOption = Annotated[bool, typer.Option("-v", "--verbose", help="Print more.")]
ReleaseArgs = Annotated[
    list[str] | None, typer.Argument(help="Release slugs (default: all).", show_default=False)
]

# C0 controls but the line feed and the tab, DEL, and C1 controls: what a terminal obeys rather
# than shows. A translation, a returned file's note or a source quoted in an error can hold
# them, and printed as they are, ESC [1A ESC [2K erases the line above (the error a CI log
# shows), ESC ]0; retitles the window. Every text the commands print shows them as symbols
# (ESC as U+241B), one character for one, so rich's styles keep their places.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SHOWN = {
    **{code: 0x2400 + code for code in range(0x20) if code not in (0x09, 0x0A)},
    0x7F: 0x2421,
    **{code: 0xFFFD for code in range(0x80, 0xA0)},
}


def printable(text: str) -> str:
    r"""Show the control characters of ``text`` as symbols (a search first: a check can print a
    million lines, and almost none holds one).

    >>> printable("ok\x1b[2K\x07"), printable("two\nlines\tand a tab")
    ('ok␛[2K␇', 'two\nlines\tand a tab')
    """
    return text.translate(_SHOWN) if _CONTROLS.search(text) else text


@cache  # one class for both consoles
def _console_class() -> type[Console]:
    """rich's console, printing texts and rich's ``Text`` through :func:`printable`."""
    from rich.console import Console
    from rich.text import Text

    def shown(item: object) -> object:
        if isinstance(item, str):
            return printable(item)
        if isinstance(item, Text) and _CONTROLS.search(item.plain):
            copy = item.copy()
            copy.plain = printable(item.plain)  # as long: its styles' spans stay in place
            return copy
        return item

    class _Console(Console):
        def print(self, *objects: Any, **options: Any) -> None:
            super().print(*(shown(item) for item in objects), **options)

    return _Console


# What makes rich take a stream for a terminal, or not, whatever the stream says.
_RICH_TERMINAL_ENVIRONMENT = ("TTY_COMPATIBLE", "FORCE_COLOR")


class _Made:
    """A console made when first used: rich is a tenth of a second of a command's start, and
    a run with nothing to say (``relay -q extract``, ``relay -q publish``) never needs it;
    nor does one whose output is piped (a check's errors in CI, a status read by a script),
    which is written as plain text to the console's file."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._made(), name)

    def _made(self) -> Console:
        if self._console is None:
            self._console = _console_class()(**self._options)
        return self._console

    @property
    def is_terminal(self) -> bool:
        """rich's ``Console.is_terminal``: without rich where the stream is no terminal and no
        environment variable rich reads says otherwise (what rich answers then too)."""
        if self._console is None and not any(
            name in os.environ for name in _RICH_TERMINAL_ENVIRONMENT
        ):
            isatty = getattr(self._stream(), "isatty", None)
            try:
                if isatty is None or not isatty():
                    return False
            except ValueError:  # closed: as rich answers
                return False
        return self._made().is_terminal

    @property
    def file(self) -> IO[str]:
        """rich's ``Console.file``: the stream written to, found as rich finds it."""
        if self._console is not None:
            return self._console.file
        return getattr(self._stream(), "rich_proxied_file", self._stream())

    def _stream(self) -> IO[str]:
        return sys.stderr if self._options.get("stderr") else sys.stdout


out = cast("Console", _Made(highlight=False, soft_wrap=True, markup=False))
err = cast("Console", _Made(stderr=True, highlight=False, soft_wrap=True, markup=False))


def styled(text: str, style: str) -> Text:
    """rich's ``Text(text, style=style)``, rich imported when it is needed."""
    from rich.text import Text

    return Text(text, style=style)


def print_json(data: object) -> None:
    """Print ``data`` as JSON, indented by two, other scripts as themselves, as rich's
    ``print_json`` does; in colour on a terminal, elsewhere (a pipe, a file) written straight:
    rich lays out every token as styled text, 30 s for the status of 2,000 releases."""
    if out.is_terminal:
        out.print_json(json.dumps(data))
        return
    out.file.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@dataclass
class Settings:
    project_dir: Path
    quiet: bool
    verbose: bool


def settings(ctx: typer.Context) -> Settings:
    """The global options, with a command's own -q/-v (given after its name) on top."""
    given = ctx.find_root().obj
    base = given if isinstance(given, Settings) else Settings(Path("."), False, False)
    return Settings(
        base.project_dir,
        base.quiet or bool(ctx.params.get("quiet")),
        base.verbose or bool(ctx.params.get("verbose")),
    )


def project_of(ctx: typer.Context) -> Project:
    """The project the command runs on (``-C``, or the folder it was started in)."""
    folder = settings(ctx).project_dir
    try:
        os.getcwd()
    except FileNotFoundError:
        if not folder.is_absolute():
            raise UsageError(
                "the folder this command was started in no longer exists (deleted or moved)",
                hint="cd into the project folder again, or name it with -C /path/to/project",
            ) from None
    return open_project(folder)


def fail_on_errors(errors: list[RelayError]) -> None:
    """Show every error the run met; exit 2 if there was any."""
    for error in errors:
        print_error(error)
    if errors:
        raise typer.Exit(2)


def print_error(error: RelayError) -> None:
    err.print(styled("error:", "bold red"), error.message)
    if error.hint:
        err.print(f"  hint: {error.hint}")
