"""The house: stage packages in pipeline order, imports that only point down, no cycles, and
libraries behind their one adapter module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "relay"

# The packages of src/relay/, lowest first: a module may import from its own package and from
# the packages before it, never from one after it.
STAGES = [
    "core",  # documents, releases, errors, placeholders, locale facts, the project
    "runtime",  # atomic files, the lock, workers, run state, safe XML
    "sources",  # formats, sentences, units, discovery
    "catalogs",  # PO read, wrap, write, templates, update
    "memory",  # translation memory
    "extract",  # sources to catalogs
    "exchange",  # packages for translators, out and back; pseudo-translation
    "checks",  # QA checks, their engine and the gate's findings
    "publish",  # variants, manifest, feeds
    "report",  # status rows and the HTML report
    "cli",  # the relay command
]
TOP_LEVEL = {"__init__": -1, "_native": -1, "__main__": len(STAGES)}
ADAPTERS = {
    # lxml reads two kinds of input: HTML sources, and the XML of returned files; and it
    # writes two kinds of output: the HTML report and the Atom feeds.
    "lxml": {
        "sources.formats.html",
        "report.html",
        "publish.feeds",
        "runtime.xml",
        "exchange.xliff12",
        "exchange.xliff2",
        "exchange.xliff_codes",
        "exchange.detect",
    },
    "translate": {"catalogs.po", "catalogs.toolkit_po"},
    "babel": {"core.cldr"},
    "typer": {"cli"},
    "rich": {"cli"},
    "markdown_it": {"sources.formats.markdown", "sources.formats.markdown_inline"},
    "yaml": {"sources.formats.markdown"},
    "filelock": {"runtime.lock"},
}


def modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        name = ".".join(path.relative_to(SOURCE).with_suffix("").parts)
        found.append((name.removesuffix(".__init__"), ast.parse(path.read_text("utf-8"))))
    return found


MODULES = modules()


def imports(tree: ast.Module) -> set[str]:
    """The relay modules and libraries a module imports (the names ``from X import`` takes
    from a package count as modules where they are modules)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                if candidate.startswith("relay.") and _exists(candidate.removeprefix("relay.")):
                    names.add(candidate)
    return names


def _exists(name: str) -> bool:
    path = SOURCE.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def stage(name: str) -> int:
    top = name.split(".")[0]
    if top in TOP_LEVEL:
        return TOP_LEVEL[top]
    assert top in STAGES, f"relay.{name} is in no stage package; move it into one of {STAGES}"
    return STAGES.index(top)


def test_every_module_lives_in_a_stage_package() -> None:
    loose = [name for name, _ in MODULES if "." not in name and name not in TOP_LEVEL]
    assert set(loose) <= set(STAGES), f"modules at the top of src/relay/: {loose}"
    assert set(STAGES) <= set(loose), "every stage is a package"


@pytest.mark.parametrize(("name", "tree"), MODULES, ids=[name for name, _ in MODULES])
def test_imports_point_down(name: str, tree: ast.Module) -> None:
    for imported in imports(tree):
        if imported.startswith("relay.") and imported != "relay":
            target = imported.removeprefix("relay.")
            assert stage(target) <= stage(name), f"relay.{name} imports relay.{target}"


def test_no_module_imports_itself_back() -> None:
    """No import cycle between modules, whatever the packages."""
    graph = {
        name: {
            imported.removeprefix("relay.")
            for imported in imports(tree)
            if imported.startswith("relay.") and imported.removeprefix("relay.") != name
        }
        for name, tree in MODULES
    }
    # A package's face (its __init__) may re-export its modules: leave those edges out.
    for name in graph:
        graph[name] = {
            target for target in graph[name] if target in graph and name != target.rsplit(".", 1)[0]
        }
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


@pytest.mark.parametrize(("name", "tree"), MODULES, ids=[name for name, _ in MODULES])
def test_libraries_stay_behind_their_adapter(name: str, tree: ast.Module) -> None:
    for imported in imports(tree):
        library = imported.split(".")[0]
        if library in ADAPTERS:
            allowed = ADAPTERS[library]
            assert name in allowed or name.split(".")[0] in allowed, (
                f"relay.{name} imports {library}"
            )


def test_library_code_never_prints() -> None:
    for name, tree in MODULES:
        if name.split(".")[0] in {"cli", "__main__"}:
            continue
        calls = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"print", "exit"}
        ]
        assert not calls, f"relay.{name} prints or exits"


def test_the_architecture_test_sees_an_upward_import() -> None:
    """The rule can fail: a core module that imported the CLI would be refused."""
    tree = ast.parse("from relay.cli.app import main\n")
    with pytest.raises(AssertionError, match=r"imports relay\.cli"):
        test_imports_point_down("core.model", tree)
