"""Keep each source's segmented document, so that reading a release costs one parse per edit.

Takes the bytes of a source and everything its segmentation depends on (its path, the
project's configuration, relay's own code); gives back the :class:`~relay.core.model.Document`
made from exactly those, or None. ``extract`` and ``publish`` (unless a dry run) store them;
every command that reads releases (``publish``, ``check``, ``export``, ``status``...) loads them
instead of parsing and segmenting (about twenty-five times faster). One file per source in
``.relay-cache/documents/``, replaced when the source changes; like the run states it is never
the source of truth: a file that is missing, foreign or damaged is a miss, and deleting the
folder changes no output.

The files are pickles, and a pickle can name any code to run. The folder is the project's own
and ignored by git, but a project may come from elsewhere: loading allows relay's model classes
and dates only, so a planted file is a miss, never code run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import pickle
from pathlib import Path, PurePosixPath

from relay.core import model
from relay.core.model import Document, Metadata
from relay.core.project import CACHE_FOLDER
from relay.runtime.code_identity import code_fingerprint
from relay.runtime.files import write_cache

FOLDER = Path(CACHE_FOLDER) / "documents"
FORMAT = 3  # 2: the metadata pickled first, alone, then the document; 3: kept only when sound
_ALLOWED = {
    **{
        ("relay.core.model", name): getattr(model, name)
        for name in ("Document", "Unit", "Code", "Slot", "Field", "Metadata")
    },
    ("datetime", "date"): dt.date,
    ("datetime", "datetime"): dt.datetime,
}


def document_key(data: bytes, relative: PurePosixPath, settings: str) -> str:
    """Name what a document is made from: source bytes, path, configuration, relay's code."""
    digest = hashlib.sha256(f"{FORMAT}|{code_fingerprint()}|{relative}|{settings}|".encode())
    digest.update(data)
    return digest.hexdigest()


def _path(root: Path, relative: PurePosixPath) -> Path:
    return root / FOLDER / _name(relative)


def _name(relative: PurePosixPath) -> str:
    return hashlib.sha256(str(relative).encode()).hexdigest()[:32] + ".pickle"


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        found = _ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not a relay model class")
        return found


def load(root: Path, relative: PurePosixPath, key: str) -> Document | None:
    """Give the document stored for this source if it was made from what ``key`` names."""
    stream = _opened(root, relative, key)
    if stream is None:
        return None
    try:
        # Two pickles, each with its own memo: an unpickler reads one and stops at its end.
        _ModelUnpickler(stream).load()  # the metadata alone, for load_metadata
        document = _ModelUnpickler(stream).load()
    except Exception:
        return None
    return document if isinstance(document, Document) else None


def load_metadata(root: Path, relative: PurePosixPath, key: str) -> Metadata | None:
    """Give only the metadata of the document stored for this source (what a release's head
    needs: its skeleton and units, most of the file, are not unpickled)."""
    stream = _opened(root, relative, key)
    if stream is None:
        return None
    try:
        metadata = _ModelUnpickler(stream).load()
    except Exception:
        return None
    return metadata if isinstance(metadata, Metadata) else None


def _opened(root: Path, relative: PurePosixPath, key: str) -> io.BytesIO | None:
    """The stored pickles of a source, positioned after the key, if the key is ``key``."""
    try:
        data = _path(root, relative).read_bytes()
    except OSError:
        return None
    stored_key, _, body = data.partition(b"\n")
    if stored_key != key.encode():
        return None
    return io.BytesIO(body)


def store(root: Path, relative: PurePosixPath, key: str, document: Document) -> None:
    """Keep a document for the next command (atomically; losing it only costs time)."""
    metadata = pickle.dumps(document.metadata, protocol=pickle.HIGHEST_PROTOCOL)
    whole = pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)
    write_cache(_path(root, relative), key.encode() + b"\n" + metadata + whole)


def prune(root: Path, sources: list[PurePosixPath]) -> None:
    """Delete the documents of sources that are gone, so the folder does not grow forever."""
    folder = root / FOLDER
    keep = {_name(relative) for relative in sources}  # names: a path object each cost more
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name not in keep:
            with contextlib.suppress(OSError):
                os.unlink(folder / name)
