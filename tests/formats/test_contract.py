"""Every format module keeps the :class:`~relay.sources.formats.SourceFormat` contract.

mypy checks it statically (``relay.sources.discovery.formats()`` is typed with the Protocol);
this test checks it at run time too, down to the parameters of each function.
"""

from __future__ import annotations

import inspect
from types import ModuleType

import pytest

from relay.sources.discovery import FORMAT_NAMES, format_for, formats
from relay.sources.formats import SourceFormat, html, markdown, text

MODULES = [html, markdown, text]
FUNCTIONS = ["read", "escape", "render_field"]


def test_discovery_knows_every_format() -> None:
    assert list(formats()) == MODULES


def test_discovery_names_each_format_by_the_extensions_its_module_reads() -> None:
    """Discovery knows formats by extension without importing them (they cost start-up):
    its table holds exactly what each module declares."""
    from pathlib import Path

    assert {ext: module.NAME for module in MODULES for ext in module.EXTENSIONS} == FORMAT_NAMES
    for ext, name in FORMAT_NAMES.items():
        found = format_for(Path(f"release{ext.upper()}"))
        assert found is not None and name == found.NAME
    assert format_for(Path("release.rst")) is None


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_module_is_a_source_format(module: ModuleType) -> None:
    assert isinstance(module, SourceFormat)
    assert isinstance(module.NAME, str)
    assert module.EXTENSIONS
    assert all(ext.startswith(".") and ext == ext.lower() for ext in module.EXTENSIONS)


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_functions_have_the_protocol_signature(module: ModuleType, name: str) -> None:
    """The Protocol's parameters, in order and of the same kind; a format may take more
    options, keyword-only and with a default (HTML's no-translate classes), as a Protocol
    allows."""
    expected = list(inspect.signature(getattr(SourceFormat, name)).parameters.values())[1:]
    function = getattr(module, name)
    actual = inspect.signature(function)
    given = list(actual.parameters.values())
    assert _shape(given[: len(expected)]) == _shape(expected)
    for extra in given[len(expected) :]:
        assert extra.kind is inspect.Parameter.KEYWORD_ONLY, extra
        assert extra.default is not inspect.Parameter.empty, extra
    # A module compiled with mypyc (scripts/build-native) keeps no annotations: its types are
    # compared where it runs pure (tests/test_native.py runs this test so).
    if inspect.isfunction(function):
        assert given[: len(expected)] == expected
        assert (
            actual.return_annotation
            == inspect.signature(getattr(SourceFormat, name)).return_annotation
        )


def _shape(parameters: list[inspect.Parameter]) -> list[tuple[str, object, object]]:
    return [(parameter.name, parameter.kind, parameter.default) for parameter in parameters]


def test_extensions_are_not_shared() -> None:
    extensions = [ext for module in MODULES for ext in module.EXTENSIONS]
    assert len(extensions) == len(set(extensions))
