"""The guard that loads relay's mypyc-compiled modules only while they match their sources.

``scripts/build-native`` compiles a few hot modules into ``build/native/`` of the source checkout
and writes ``manifest.txt`` there: the compiled modules, their shared library, and the sha256 of
every relay source they were compiled from or against. :func:`install` (run by
``relay/__init__.py``) puts a finder first on ``sys.meta_path`` that answers for those modules
only. The first time one is imported it hashes the listed sources; if every one matches, and
``RELAY_PURE`` is not ``1``, the compiled modules load, otherwise none do and Python imports the
``.py`` files as if nothing were built. All or none: the compiled modules call each other's
native code directly, so one edited source makes the whole group stale.

Takes the environment and the manifest; gives :func:`compiled`, the modules that load compiled.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader, ModuleSpec
from types import ModuleType

# src/relay/_native.py → the checkout's build/native/; an installed relay has none (pure).
SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(os.path.dirname(SOURCE), "build", "native")


class NativeFinder:
    """Finds the compiled modules listed in a manifest while their sources are unchanged."""

    def __init__(self, output: str, source: str, manifest: list[str]) -> None:
        self.output = output
        self.source = source
        self.files: dict[str, str] = {}  # module name → its extension, relative to output
        self.libraries: list[str] = []  # the shared libraries' module names
        self.hashes: dict[str, str] = {}  # source, relative to source → sha256
        self.suffix = ""
        for line in manifest:
            kind, _, rest = line.partition(" ")
            if kind in ("module", "library"):
                name, _, path = rest.partition(" ")
                self.files[name] = path
                if kind == "library":
                    self.libraries.append(name)
            elif kind == "source":
                digest, _, path = rest.partition(" ")
                self.hashes[path] = digest
            elif kind == "python":
                self.suffix = rest.partition(" ")[2]
        self._current: bool | None = None

    def current(self) -> bool:
        """Whether the build matches this Python and every source it was made from (decided
        once, on first use)."""
        if self._current is None:
            self._current = self._check()
        return self._current

    def _check(self) -> bool:
        import hashlib

        if not self.files or self.suffix not in EXTENSION_SUFFIXES:
            return False
        for path, digest in self.hashes.items():
            try:
                with open(os.path.join(self.source, path), "rb") as file:
                    data = file.read()
            except OSError:
                return False
            if hashlib.sha256(data).hexdigest() != digest:
                return False
        if not all(os.path.isfile(os.path.join(self.output, f)) for f in self.files.values()):
            return False
        # A library that does not load (a damaged file, a missing system library) means pure
        # modules, not a failed import later.
        self._current = True
        try:
            for name in self.libraries:
                import_module(name)
        except ImportError:
            for name in self.libraries:
                sys.modules.pop(name, None)
            return False
        return True

    def find_spec(
        self, fullname: str, path: object = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        relative = self.files.get(fullname)
        if relative is None or not self.current():
            return None
        location = os.path.join(self.output, relative)
        spec = ModuleSpec(fullname, _Loader(fullname, location, self), origin=location)
        spec.has_location = True
        return spec

    def name_sources(self) -> None:
        """Give every compiled module loaded so far its source as ``__file__``. The ones a
        compiled module imports are made by the shared library directly, named after it."""
        for name in self.files:
            module = sys.modules.get(name)
            if name not in self.libraries and module is not None:
                source = os.path.join(self.source, *name.split(".")) + ".py"
                if getattr(module, "__file__", None) != source:
                    module.__file__ = source

    def modules(self) -> tuple[str, ...]:
        """The relay modules that load compiled (none when the build is stale)."""
        if not self.current():
            return ()
        return tuple(sorted(name for name in self.files if name.startswith("relay.")))


class _Loader(ExtensionFileLoader):
    """Loads a compiled module and names its source as its ``__file__`` (its spec's origin
    is the extension): the file its code and tracebacks come from, and what pytest's doctest
    collection expects of the module it imports for that file."""

    def __init__(self, fullname: str, path: str, finder: NativeFinder) -> None:
        super().__init__(fullname, path)
        self.finder = finder

    def exec_module(self, module: ModuleType) -> None:
        super().exec_module(module)
        self.finder.name_sources()


def manifest_lines(output: str = OUTPUT) -> list[str] | None:
    """The manifest of the build in ``output``, or None where there is none."""
    try:
        with open(os.path.join(output, "manifest.txt"), encoding="utf-8") as file:
            return file.read().splitlines()
    except OSError:
        return None


def install() -> NativeFinder | None:
    """Put the finder first on ``sys.meta_path``, unless ``RELAY_PURE=1`` or nothing is built."""
    if os.environ.get("RELAY_PURE") == "1":
        return None
    for finder in sys.meta_path:
        if isinstance(finder, NativeFinder):
            return finder
    lines = manifest_lines()
    if lines is None:
        return None
    finder = NativeFinder(OUTPUT, SOURCE, lines)
    sys.meta_path.insert(0, finder)
    return finder


def compiled() -> tuple[str, ...]:
    """The relay modules this process loads compiled (empty: relay runs pure)."""
    for finder in sys.meta_path:
        if isinstance(finder, NativeFinder):
            return finder.modules()
    return ()
