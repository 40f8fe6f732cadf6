"""Shared fixtures: the repository's own sample project, copied where a test may change it.

Test data: the repository carries all of it in ``tests/data`` (real-world CAT files, the Golden
Rules segmentation sets, the XLIFF schemas; origins and licences in ``tests/data/README.md``),
so a plain clone runs every test and a missing file fails, never skips. A test reaches it
through the ``data_dir`` fixture; a path needed while collecting (to parametrize) takes
``support.paths.DATA``, the one place the path is built. Helpers shared by several test
modules live in the ``support`` package (``tests/support``).

Markers: ``slow`` marks the tests that take more than about two seconds (most of the time of
``tests/reliability``: crash, fuzz and concurrency runs; hypothesis round trips; the browser).
For quick work run ``scripts/test -m "not slow"``; CI runs everything (``scripts/test``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import settings
from support.paths import DATA, REPO

# No generated example is failed for its time: speed is measured by the benchmarks, and a
# deadline of 200 ms fails a correct reader on a loaded machine (a Markdown round trip took
# 255 ms once, then 1.6 ms, while the 20,000-release benchmark shared the two cores).
settings.register_profile("relay", deadline=None)
settings.load_profile("relay")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The repository's test data (see ``tests/data/README.md``)."""
    return DATA


# The repository's release that shows what the checks say on a new release (docs/checks.md):
# not part of the three-release sample project the tests count on.
DEMO_RELEASE = "2016-01-12-eurorap"


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """A copy of the repository's sample project (sources, locales, configuration): its three
    sample releases."""
    root = tmp_path / "project"
    root.mkdir()
    demo = shutil.ignore_patterns(f"{DEMO_RELEASE}.*")
    shutil.copytree(REPO / "sources", root / "sources", ignore=demo)
    if (REPO / "locales").is_dir():
        shutil.copytree(REPO / "locales", root / "locales", ignore=demo)
        _record_slugs(root, leave_out=DEMO_RELEASE)
    (root / "relay.toml").write_text(
        'source-lang = "en"\ntarget-langs = ["fr", "ru"]\n', encoding="utf-8"
    )
    return root


def _record_slugs(root: Path, *, leave_out: str | None = None) -> None:
    """Keep the slug record as extract writes it for the releases copied (a release left out
    of the copy is left out of its record too, or the first extract would rewrite it)."""
    path = root / "locales" / "slugs.json"
    if not path.is_file():
        return
    data = json.loads(path.read_text("utf-8"))
    if leave_out is not None:
        data["slugs"].pop(leave_out, None)
    else:
        data["slugs"] = json.loads((REPO / "locales" / "slugs.json").read_text("utf-8"))["slugs"]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")


@pytest.fixture
def demo_project(sample_project: Path) -> Path:
    """The sample project with the repository's demonstration release added."""
    shutil.copy(REPO / "sources" / f"{DEMO_RELEASE}.html", sample_project / "sources")
    for folder in ("templates", "fr", "ru"):
        for found in (REPO / "locales" / folder).glob(f"{DEMO_RELEASE}.*"):
            shutil.copy(found, sample_project / "locales" / folder)
    _record_slugs(sample_project)
    return sample_project


@pytest.fixture
def glossary_project(sample_project: Path) -> Path:
    """The sample project configured as the repository is, glossary included."""
    shutil.copy(REPO / "glossary.csv", sample_project / "glossary.csv")
    config = sample_project / "relay.toml"
    config.write_text(config.read_text("utf-8") + 'glossary = "glossary.csv"\n', "utf-8")
    return sample_project


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    """A new project with no releases."""
    from relay.core.project import init_project

    root = tmp_path / "empty"
    init_project(root, source_lang="en", target_langs=["fr", "ru"])
    return root
