"""relay: a translation workflow pipeline for multilingual press releases."""

__version__ = "0.1.0"
