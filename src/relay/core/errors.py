"""relay's one exception family; the CLI turns each into a message, a hint and an exit code.

Problems that do not stop the work (a blocked variant, a QA finding) are data, not
exceptions. These mean "this cannot continue".
"""

from __future__ import annotations


class RelayError(Exception):
    """Something relay cannot do; ``hint`` tells the user what to try."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross process boundaries (relay.runtime.workers), and the default pickling of an
        # exception calls it again with its message alone, without the keyword arguments.
        return (_restore, (type(self), self.message, dict(self.__dict__)))


def _restore(kind: type[RelayError], message: str, state: dict[str, object]) -> RelayError:
    """Rebuild an unpickled error with its attributes, whatever its ``__init__`` takes."""
    error = kind.__new__(kind)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class ProjectError(RelayError):
    """No project here, or its configuration is wrong."""


class LocatedError(RelayError):
    """A problem in a file, at a line when it is known: "path:line: message"."""

    def __init__(
        self, message: str, *, path: str, line: int | None = None, hint: str | None = None
    ) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}", hint=hint)
        self.path = path
        self.line = line


class SourceError(LocatedError):
    """A source release cannot be read."""


class CatalogError(LocatedError):
    """A PO catalog or a returned translation file cannot be read."""


class UsageError(RelayError):
    """The command was asked for something that does not exist (a release, a language)."""
