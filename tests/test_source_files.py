"""Listing the sources: the walk by names gives what globbing path objects gave."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from hypothesis import given, settings
from hypothesis import strategies as st

from relay.core.project import open_project
from relay.sources.discovery import SKIPPED_NAMES, SourceFile, source_files


def _by_globbing(root: Path, top: Path) -> list[SourceFile]:
    """The listing as relay made it before: every path under ``top``, sorted, filtered."""
    found = []
    for path in sorted(top.rglob("*")):
        if not path.is_file() or path.name.startswith(".") or path.name.lower() in SKIPPED_NAMES:
            continue
        found.append(SourceFile(str(path), PurePosixPath(path.relative_to(root).as_posix())))
    return found


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    (root / "sources").mkdir(parents=True)
    (root / "relay.toml").write_text('source-lang = "en"\ntarget-langs = ["fr"]\n')
    return root


def test_links_hidden_files_and_skipped_names_are_treated_as_globbing_treated_them(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path)
    top = root / "sources"
    for name in ("b.md", "a.html", "README.md", "License.txt", ".hidden.md", "Z.txt", "a-b.md"):
        (top / name).write_text("x")
    for folder in ("2024", "2024/05", ".drafts", "a", "a b"):
        (top / folder).mkdir(parents=True, exist_ok=True)
        (top / folder / "r.md").write_text("x")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "linked.md").write_text("x")
    os.symlink(elsewhere / "linked.md", top / "file-link.md")
    os.symlink(elsewhere, top / "folder-link")  # not followed, as rglob does not
    os.symlink(tmp_path / "missing.md", top / "broken.md")
    os.mkfifo(top / "pipe.md")
    listed = source_files(open_project(root))
    assert listed == _by_globbing(root, top)
    assert PurePosixPath("sources/.drafts/r.md") in [s.relative for s in listed]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(["a", "B", "a.md", "b.html", ".x", "a-1.txt", "é.md"]),
            min_size=1,
            max_size=3,
        ),
        max_size=12,
    )
)
def test_any_tree_is_listed_in_the_order_sorting_its_paths_gives(
    tmp_path_factory: object, paths: list[list[str]]
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        root = _project(Path(folder))
        top = root / "sources"
        for parts in paths:
            target = top.joinpath(*parts)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                if not target.exists():
                    target.write_text("x")
            except (FileExistsError, NotADirectoryError, IsADirectoryError):
                continue  # a name already used for a file as a folder, or the other way
        assert source_files(open_project(root)) == _by_globbing(root, top)
