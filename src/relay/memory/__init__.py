"""Translation memory: every approved translation of every release, found again on extract.

Takes the project's language catalogs and imported TMX files (as :class:`MemoryFile`); gives
an index (:class:`MemoryIndex`, SQLite, a cache that can be deleted at any time), exact and
fuzzy lookups, the filling of untranslated entries (:func:`fill`), and TMX 1.4b reading and
writing (:mod:`relay.memory.tmx`). Which files of a project hold memory is
:mod:`relay.memory.store`'s to say; when to fill, :mod:`relay.extract.run`'s.

Import the module you need (:mod:`~relay.memory.index`, :mod:`~relay.memory.fuzzy`,
:mod:`~relay.memory.filling`, :mod:`~relay.memory.records`, :mod:`~relay.memory.states`,
:mod:`~relay.memory.tmx`): the package itself loads none of them, so a command that only
reads the states file or a constant does not load SQLite's index, rapidfuzz and lxml.
"""
