"""relay's errors survive the trip to another process (extract and publish use worker processes).

The default pickling of an exception calls its class again with the message alone, and
``LocatedError`` takes its path as a keyword: a source error raised in a worker used to come
back as a ``TypeError`` and a traceback instead of one line naming the file.
"""

from __future__ import annotations

import pickle

import pytest

from relay.core.errors import CatalogError, LocatedError, ProjectError, RelayError, SourceError
from relay.runtime.files import StorageError
from relay.runtime.lock import LockError


@pytest.mark.parametrize(
    "error",
    [
        SourceError("slug 'con' must be ...", path="sources/a.md", line=3, hint="h"),
        CatalogError("not valid UTF-8 at byte 7", path="locales/fr/a.po"),
        LocatedError("x", path="p"),
        ProjectError("no project", hint="run relay init"),
        StorageError("cannot write", hint="free some space"),
        LockError("another relay run is working on this project"),
        RelayError("plain"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_an_error_comes_back_whole(error: RelayError) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert back.message == error.message and back.hint == error.hint
    assert str(back) == str(error)
    assert getattr(back, "path", None) == getattr(error, "path", None)
    assert getattr(back, "line", None) == getattr(error, "line", None)
