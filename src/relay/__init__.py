"""relay: a translation workflow pipeline for multilingual press releases."""

from relay._native import compiled, install

__version__ = "0.1.0"
__all__ = ["compiled"]

# Compiled modules (scripts/build-native) load only while their sources are unchanged.
install()
