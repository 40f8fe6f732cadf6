"""Translation memory: every approved translation of every release, found again on extract.

Takes the project's language catalogs and imported TMX files (as :class:`MemoryFile`); gives
an index (:class:`MemoryIndex`, SQLite, a cache that can be deleted at any time), exact and
fuzzy lookups, the filling of untranslated entries (:func:`fill`), and TMX 1.4b reading and
writing (:mod:`relay.memory.tmx`). Which files of a project hold memory is
:mod:`relay.memory.store`'s to say; when to fill, :mod:`relay.extract.run`'s.
"""

from relay.memory.filling import COMMENT, Conflict, Filled, Suggestion, fill, suggest
from relay.memory.fuzzy import Similar, similar
from relay.memory.index import MemoryIndex, MemoryIndexError, Stored, SyncReport
from relay.memory.records import MemoryFile, Record, date_of_slug, records_of_catalog, role_of

__all__ = [
    "COMMENT",
    "Conflict",
    "Filled",
    "MemoryFile",
    "MemoryIndex",
    "MemoryIndexError",
    "Record",
    "Similar",
    "Stored",
    "Suggestion",
    "SyncReport",
    "date_of_slug",
    "fill",
    "records_of_catalog",
    "role_of",
    "similar",
    "suggest",
]
