"""Imports point one way: model ← stages ← project ← pipeline ← CLI; libraries stay behind
their one adapter module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "relay"

LAYERS = [
    {"model", "errors", "placeholders", "blocks", "metadata", "catalog"},
    {
        "formats",
        "segmentation",
        "units",
        "rendering",
        "cldr",
        "po",
        "po_lines",
        "powrap",
        "storage",
        "segment_cache",
        "findings_cache",
        "code_identity",
        "parallel",
        "templates",
        "updating",
        "exchange",
        "reporting",
        "feeds",
        "pseudo",
        "checks",
        "memory",
    },
    {"project"},
    {
        "pipeline",
        "publishing",
        "manifest",
        "handoff",
        "checking",
        "overview",
        "pseudo_catalogs",
        "locking",
        "cache",
        "extracting",
        "publishing_state",
    },
    {"cli", "cli_check", "cli_memory", "__main__"},
]
ADAPTERS = {
    # lxml reads two kinds of input: HTML sources, and the XML of returned files; and it
    # writes two kinds of output: the HTML report and the Atom feeds.
    "lxml": {
        "formats.html",
        "reporting",
        "feeds",
        "exchange.xml",
        "exchange.xliff12",
        "exchange.xliff2",
        "exchange.xliff_codes",
        "exchange.detect",
    },
    "translate": {"po", "powrap"},
    "babel": {"cldr"},
    "typer": {"cli", "cli_check", "cli_memory"},
    "rich": {"cli", "cli_check", "cli_memory"},
    "markdown_it": {"formats.markdown", "formats.markdown_inline"},
    "yaml": {"formats.markdown"},
    "filelock": {"locking"},
}


def modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        name = ".".join(path.relative_to(SOURCE).with_suffix("").parts)
        found.append((name.removesuffix(".__init__"), ast.parse(path.read_text("utf-8"))))
    return found


def imports(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def layer(name: str) -> int:
    top = name.split(".")[0]
    for index, members in enumerate(LAYERS):
        if top in members:
            return index
    raise AssertionError(f"module relay.{name} is in no layer; add it to LAYERS")


@pytest.mark.parametrize(("name", "tree"), modules(), ids=lambda value: str(value)[:30])
def test_imports_point_down(name: str, tree: ast.Module) -> None:
    for imported in imports(tree):
        if imported.startswith("relay.") and imported != "relay":
            target = imported.removeprefix("relay.")
            assert layer(target) <= layer(name), f"relay.{name} imports relay.{target}"


@pytest.mark.parametrize(("name", "tree"), modules(), ids=lambda value: str(value)[:30])
def test_libraries_stay_behind_their_adapter(name: str, tree: ast.Module) -> None:
    for imported in imports(tree):
        library = imported.split(".")[0]
        if library in ADAPTERS:
            assert name in ADAPTERS[library], f"relay.{name} imports {library}"


def test_library_code_never_prints() -> None:
    for name, tree in modules():
        if name in {"cli", "__main__"}:
            continue
        calls = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"print", "exit"}
        ]
        assert not calls, f"relay.{name} prints or exits"
