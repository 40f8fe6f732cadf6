"""Translator exchange: packages of one release in one language, out and back.

A :class:`relay.exchange.package.Package` is what a translator receives; ``po_files``,
``xliff12`` and ``xliff2`` write and read it; ``detect`` tells a returned file's format from
its content; :mod:`relay.exchange.merging` decides, unit by unit, what a returned package may
change in a catalog.
"""
