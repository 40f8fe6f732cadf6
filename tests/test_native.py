"""relay's mypyc-compiled modules (scripts/build-native) do what the pure ones do, and load only
while they match their sources (relay/_native.py).

The pure modules run in a child process with ``RELAY_PURE=1``; the compiled ones in this process
and in children without it. Where nothing is compiled (no C compiler, or ``RELAY_PURE=1`` for the
whole run), the tests that need a build say so and are skipped, except where
``RELAY_REQUIRE_NATIVE=1`` (CI sets it): there a missing build fails.
"""

from __future__ import annotations

import base64
import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import relay_jobs
from support.po import random_entry

import relay
from relay import _native
from relay.catalogs.catalog import Catalog
from relay.catalogs.po import write_po

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "src"
BUILT = Path(_native.OUTPUT)
COMPILED = relay.compiled()
REQUIRED = os.environ.get("RELAY_REQUIRE_NATIVE") == "1"

needs_build = pytest.mark.skipif(
    not COMPILED and not REQUIRED,
    reason="relay's modules are not compiled on this machine (or RELAY_PURE=1): "
    "scripts/setup says why",
)


def test_the_build_is_there_where_it_is_required() -> None:
    if not REQUIRED:
        pytest.skip("RELAY_REQUIRE_NATIVE is not set")
    assert os.environ.get("RELAY_PURE") != "1", "RELAY_PURE=1 and RELAY_REQUIRE_NATIVE=1"
    assert COMPILED, f"no current build in {BUILT} (run scripts/setup; it says why)"


def environment(*, pure: bool, source: Path = SOURCE) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "RELAY_PURE"}
    env["PYTHONPATH"] = os.pathsep.join([str(source), str(REPO / "tests")])
    if pure:
        env["RELAY_PURE"] = "1"
    return env


def python(code: str, *, pure: bool, source: Path = SOURCE) -> Any:
    """Run ``code`` in a child relay process; give what it printed as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=environment(pure=pure, source=source),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


# --- the guard ----------------------------------------------------------------------------------


def fake_build(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """A source tree and a build of one module, as the manifest names them (no compiler)."""
    source, output = tmp_path / "src", tmp_path / "build"
    (source / "pkg").mkdir(parents=True)
    (source / "pkg" / "mod.py").write_text("X = 1\n", "utf-8")
    (output / "pkg").mkdir(parents=True)
    suffix = _native.EXTENSION_SUFFIXES[0]
    (output / "pkg" / f"mod{suffix}").write_bytes(b"")
    digest = _sha256(source / "pkg" / "mod.py")
    lines = [
        f"python tag {suffix}",
        f"source {digest} pkg/mod.py",
        f"module pkg.mod pkg/mod{suffix}",
    ]
    return source, output, lines


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_finder_answers_for_a_build_that_matches_its_sources(tmp_path: Path) -> None:
    source, output, lines = fake_build(tmp_path)
    finder = _native.NativeFinder(str(output), str(source), lines)
    spec = finder.find_spec("pkg.mod")
    assert spec is not None and spec.origin is not None
    assert Path(spec.origin).parent == output / "pkg"
    assert finder.find_spec("pkg.other") is None
    assert finder.modules() == ()  # only relay's own are reported


@pytest.mark.parametrize("change", ["edit", "delete", "extension", "python"])
def test_the_finder_leaves_a_changed_build_to_the_pure_modules(tmp_path: Path, change: str) -> None:
    source, output, lines = fake_build(tmp_path)
    if change == "edit":
        (source / "pkg" / "mod.py").write_text("X = 2\n", "utf-8")
    elif change == "delete":
        (source / "pkg" / "mod.py").unlink()
    elif change == "extension":
        next((output / "pkg").iterdir()).unlink()
    else:
        lines[0] = "python tag .cpython-0-elsewhere.so"
    finder = _native.NativeFinder(str(output), str(source), lines)
    assert finder.find_spec("pkg.mod") is None


def test_relay_pure_puts_no_finder_in_place() -> None:
    code = "import json, sys, relay\nprint(json.dumps([type(f).__name__ for f in sys.meta_path]))"
    assert "NativeFinder" not in python(code, pure=True)


def copy_tree(tmp_path: Path) -> Path:
    """A copy of src/ and its build, as a checkout would have them; gives the copy's src."""
    shutil.copytree(SOURCE, tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(BUILT, tmp_path / "build" / "native")
    return tmp_path / "src"


PROBE = (
    "import json, relay\n"
    "from relay.sources import sentences, units\n"
    "from relay.catalogs import po, wrap\n"
    "print(json.dumps({\n"
    "    'compiled': relay.compiled(),\n"
    "    'edited': getattr(sentences, 'EDITED', None),\n"
    "    'kinds': [type(f).__name__ for f in (sentences.sentence_starts, units.segment,"
    " po.write_po)],\n"
    "    'starts': sentences.sentence_starts('Mr. Smith came. He left.', 'en'),\n"
    "    'wrapped': wrap.gettext_wrap('a ' * 60, 20),\n"
    "}))"
)


@needs_build
def test_a_copy_of_the_build_loads_compiled(tmp_path: Path) -> None:
    found = python(PROBE, pure=False, source=copy_tree(tmp_path))
    assert found["compiled"] == list(COMPILED)
    assert set(found["kinds"]) == {"builtin_function_or_method"}


@needs_build
@pytest.mark.parametrize(
    "edited", ["relay/sources/sentences.py", "relay/core/model.py"], ids=["compiled", "imported"]
)
def test_an_edited_source_runs_pure(tmp_path: Path, edited: str) -> None:
    """One edited source, compiled or imported by a compiled module, and every module runs pure
    (the compiled ones call each other's native code, so none may stay): the edit runs."""
    source = copy_tree(tmp_path)
    with (source / edited).open("a", encoding="utf-8") as file:
        file.write("\nEDITED = 'yes'\n")
    found = python(PROBE, pure=False, source=source)
    pure = python(PROBE, pure=True)
    assert found["compiled"] == []
    assert set(found["kinds"]) == {"function"}
    assert found["edited"] == ("yes" if edited.endswith("sentences.py") else None)
    assert (found["starts"], found["wrapped"]) == (pure["starts"], pure["wrapped"])


# --- pure and compiled give the same ------------------------------------------------------------


class PureRelay:
    """A child process with the pure modules, answering relay_jobs' jobs."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "tests" / "support" / "relay_jobs.py")],
            env=environment(pure=True),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, job: dict[str, Any]) -> str:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        answer: str = json.loads(self.process.stdout.readline())["result"]
        return answer

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def pure() -> Iterator[PureRelay]:
    server = PureRelay()
    yield server
    server.close()


def here(job: dict[str, Any]) -> str:
    """A job's result in this process (compiled modules, where built)."""
    try:
        return relay_jobs.run_job(job)
    except Exception as error:
        return f"raised {type(error).__name__}"


def same(pure: PureRelay, job: dict[str, Any]) -> None:
    assert here(job) == pure.ask(job), job


def test_the_pure_process_runs_the_pure_modules() -> None:
    assert python("import json, relay; print(json.dumps(relay.compiled()))", pure=True) == []


# Text where sentence rules, wrapping and escaping have work: abbreviations, numbers, quotes,
# scripts other than Latin, spaces of every kind, line breaks.
WORDS = [
    "Mr.", "U.S.", "e.g.", "No.", "St.", "Dr", "1.5", "3.", "a.m.", "etc.", "Inc.", "(see", "p.",
    "12)", '"Yes."', "«Oui.»", "Привет.", "г.", "т.е.", "日本語。", "終わり！", "?", "!", "...",
    "—", "http://www.unece.org/a.html.", "info@unece.org.", "\\", "\t", "\n", "\u00a0", " ",
    "\u2028", "word", "Word", "WORD", "é", "x" * 30,
]  # fmt: skip
texts = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join) | st.text(max_size=60)
LANGS = st.sampled_from(["en", "fr", "ru", "de", "ja", "zh", "ar", "xx"])
SLOW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@needs_build
@SLOW
@given(text=texts, lang=LANGS, lines=st.booleans())
def test_sentence_starts_are_the_pure_ones(
    pure: PureRelay, text: str, lang: str, lines: bool
) -> None:
    same(pure, {"kind": "sentences", "text": text, "lang": lang, "lines": lines})


@needs_build
@SLOW
@given(text=texts, width=st.integers(1, 90))
def test_wrapping_is_the_pure_wrapping(pure: PureRelay, text: str, width: int) -> None:
    same(pure, {"kind": "wrap", "text": text, "width": width})


@needs_build
@SLOW
@given(seed=st.integers(0, 2**32), size=st.integers(0, 12))
def test_po_files_are_read_and_written_as_the_pure_modules_do(
    pure: PureRelay, seed: int, size: int
) -> None:
    """A generated catalog written, then read and written again, both ways: the same catalog
    and the same bytes."""
    rng = random.Random(seed)
    catalog = Catalog({"Language": "fr"}, [random_entry(rng, n) for n in range(size)])
    data = write_po(catalog)
    job = {"kind": "po", "data": base64.b64encode(data).decode()}
    same(pure, job)


SOURCES = sorted(
    path
    for folder in (REPO / "sources", REPO / "tests" / "fidelity", REPO / "locales")
    for path in folder.rglob("*")
    if path.suffix in {".html", ".md", ".txt", ".po", ".pot"} and path.name != "README.md"
)
FORMATS = {".html": "html", ".md": "markdown", ".txt": "text"}


@needs_build
@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(REPO)))
def test_the_repository_s_sources_and_catalogs_are_read_as_the_pure_modules_do(
    pure: PureRelay, path: Path
) -> None:
    if path.suffix in FORMATS:
        text = path.read_text("utf-8")
        fmt = FORMATS[path.suffix]
        for lang in ("en", "fr"):
            same(pure, {"kind": "source", "format": fmt, "text": text, "lang": lang})
    else:
        same(pure, {"kind": "po", "data": base64.b64encode(path.read_bytes()).decode()})


def extract(project: Path, *, pure: bool) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "relay", "extract"],
        cwd=project,
        env=environment(pure=pure),
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, (done.stdout + done.stderr).replace(str(project), "PROJECT")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file a run left, but the run state (it keeps the files' times)."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith((".sqlite", ".sqlite-journal"))
    }


@needs_build
@pytest.mark.slow
def test_a_cold_extract_writes_what_the_pure_modules_write(tmp_path: Path) -> None:
    """The sample project's sources, the fidelity tests' hard ones and generated HTML and
    Markdown releases, extracted cold by each: the same catalogs and templates, byte for byte,
    and the same report."""
    origin = tmp_path / "origin"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "corpus.py"), str(origin), "--releases", "24"],
        check=True,
        capture_output=True,
    )
    for path in SOURCES:
        if path.suffix in FORMATS:
            relative = path.relative_to(REPO)
            (origin / "sources" / "-".join(relative.parts[-2:])).write_bytes(path.read_bytes())
    results = {}
    for mode in ("pure", "compiled"):
        project = shutil.copytree(origin, tmp_path / mode)
        results[mode] = (extract(project, pure=mode == "pure"), tree(project))
    (pure_report, pure_files), (compiled_report, compiled_files) = results.values()
    assert compiled_report == pure_report
    assert pure_report[0] == 0, pure_report[1]
    assert sorted(compiled_files) == sorted(pure_files)
    assert any(name.endswith(".po") for name in pure_files)
    for name, data in pure_files.items():
        assert compiled_files[name] == data, name


# What runs fully only pure: mypyc keeps no docstrings (so no doctests) and no annotations, and
# its functions refuse arguments of the wrong type.
PURE_ONLY = [
    "tests/formats/test_contract.py::test_functions_have_the_protocol_signature",
    "tests/test_po_writer.py::test_cached_blocks_are_the_blocks",
]


@needs_build
def test_what_the_compiled_modules_cannot_show_passes_in_the_pure_ones() -> None:
    """The doctests of the compiled modules, and the tests that look at their signatures or
    give them ill-typed arguments, run pure."""
    paths = [str(SOURCE.joinpath(*name.split("."))) + ".py" for name in COMPILED]
    options = ["-q", "-p", "no:cacheprovider", "--doctest-modules"]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *options, *paths, *PURE_ONLY],
        env=environment(pure=True),
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert " passed" in done.stdout
