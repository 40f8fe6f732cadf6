"""Export and import on every core give what one process gives, byte for byte, and a file
imported after another one for the same catalog merges over the first one's result."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from relay.catalogs.po import read_po, write_po
from relay.core.project import open_project
from relay.exchange import handoff, xliff12
from relay.exchange.handoff import export_packages, import_files, read_package
from relay.extract.run import extract
from relay.memory.index import Lookups
from relay.runtime.files import StorageError

RELEASES = 30


def _release(number: int) -> str:
    return (
        f"Title: Release number {number}\nDate: 2020-01-{1 + number % 28:02d}\n"
        f"Delegates from {number + 2} countries met in **Geneva**. Mr. Smith said it went well.\n\n"
        "The Commission was set up in 1947 by the Economic and Social Council.\n"
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Thirty releases (enough for workers), half of them translated into French."""
    root = tmp_path / "project"
    (root / "sources").mkdir(parents=True)
    (root / "relay.toml").write_text('source-lang = "en"\ntarget-langs = ["fr", "ru"]\n')
    for number in range(RELEASES):
        (root / "sources" / f"r{number:03d}.md").write_text(_release(number), "utf-8")
    extract(open_project(root))
    for path in sorted((root / "locales" / "fr").glob("*.po"))[::2]:
        catalog = read_po(path.read_bytes(), path=str(path))
        catalog.entries = [entry.with_(msgstr=f"FR {entry.msgid}") for entry in catalog.entries]
        path.write_bytes(write_po(catalog))
    return root


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".relay-cache" not in path.parts
    }


def _fill(path: Path, prefix: str) -> None:
    """Translate every unit of a returned XLIFF file, as a translator's tool would."""
    package = read_package(path.read_bytes(), path=str(path))
    units = tuple(
        replace(unit, target=f"{prefix} {unit.source}", state="translated", matches=())
        for unit in package.units
    )
    path.write_bytes(xliff12.write(replace(package, units=units)))


@pytest.mark.parametrize("fmt", ["xliff", "xliff2", "po"])
def test_export_on_every_core_gives_the_same_files(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    outputs = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("RELAY_WORKERS", workers)
        out = tmp_path / f"out-{workers}"
        files, errors = export_packages(open_project(project), lang="fr", fmt=fmt, out=out)
        assert not errors and len(files) == RELEASES
        assert [file.slug for file in files] == sorted(file.slug for file in files)
        outputs[workers] = _files(out)
    assert outputs["1"] == outputs["2"]
    if fmt == "xliff":  # the untranslated half carries the translated half's matches
        assert any(b"<alt-trans" in data for data in outputs["1"].values())


def test_import_on_every_core_gives_the_same_catalogs(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export_packages(open_project(project), lang="fr", fmt="xliff")
    returned = sorted((project / "outbox" / "fr").glob("*.xlf"))
    for path in returned:
        _fill(path, "FR2")
    results = {}
    for workers in ("1", "2"):
        copy = shutil.copytree(project, tmp_path / f"copy-{workers}")
        monkeypatch.setenv("RELAY_WORKERS", workers)
        paths = [copy / path.relative_to(project) for path in returned]
        report = import_files(open_project(copy), paths)
        assert not report.errors
        outcomes = [(file.slug, file.written, file.counts) for file in report.files]
        results[workers] = (outcomes, _files(copy / "locales"))
    assert results["1"] == results["2"]


def test_a_second_file_for_the_same_catalog_merges_over_the_first(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELAY_WORKERS", "2")
    export_packages(open_project(project), lang="fr", fmt="xliff")
    returned = sorted((project / "outbox" / "fr").glob("*.xlf"))
    untranslated = returned[1]  # odd releases were not translated
    again = project / "again.xlf"
    shutil.copyfile(untranslated, again)
    for path in returned:
        _fill(path, "FR2")
    _fill(again, "FR3")
    report = import_files(open_project(project), [*returned, again])
    assert not report.errors
    first, second = report.files[1], report.files[-1]
    assert first.slug == second.slug and first.written
    # The second file was exported before the first was imported: ours changed meanwhile.
    assert second.counts["conflict"] == len(second.outcomes) and not second.written


def test_a_batch_that_cannot_be_written_says_which_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export_packages(open_project(project), lang="fr", fmt="xliff")
    returned = sorted((project / "outbox" / "fr").glob("*.xlf"))[:3]
    for path in returned:
        _fill(path, "FR2")

    def refuse(items: object) -> list[bool]:
        raise StorageError("disk full")

    real = handoff.write_atomic

    def refuse_second(path: Path, data: bytes) -> bool:
        if "001" in path.name:
            raise StorageError(f"cannot write {path}")
        return real(path, data)

    monkeypatch.setattr(handoff, "write_all", refuse)
    monkeypatch.setattr(handoff, "write_atomic", refuse_second)
    report = import_files(open_project(project), returned)
    assert [file.slug for file in report.files] == ["r000", "r002"]
    assert [file.written for file in report.files] == [True, True]
    assert len(report.errors) == 1 and "001" in report.errors[0].message


def test_lookups_forget_the_oldest_beyond_their_budget() -> None:
    lookups = Lookups(budget=10)
    lookups.put(("a", 75.0), [(90.0, "x")] * 4)
    lookups.put(("b", 75.0), [(80.0, "y")] * 4)
    assert len(lookups) == 2
    lookups.put(("c", 75.0), [(85.0, "z")] * 2)
    assert lookups.get(("a", 75.0)) is None and lookups.get(("c", 75.0)) is not None
    lookups.put(("c", 75.0), [])
    assert len(lookups) == 2 and lookups.get(("b", 75.0)) is not None


def test_a_report_keeping_only_the_units_worth_showing_counts_every_unit(
    project: Path, tmp_path: Path
) -> None:
    """Without every outcome (the CLI's default), each file keeps the units its report names
    and the counts of all: the same counts, the same named units, the same catalogs."""
    export_packages(open_project(project), lang="fr", fmt="xliff")
    returned = sorted((project / "outbox" / "fr").glob("*.xlf"))
    again = project / "again.xlf"  # exported before the first was imported: conflicts
    shutil.copyfile(returned[1], again)
    for number, path in enumerate(returned):
        _fill(path, "FR2" if number % 3 else "FR")  # some applied, some unchanged
    _fill(again, "FR3")
    returned.append(again)
    reports = {}
    for every in (True, False):
        copy = shutil.copytree(project, tmp_path / f"copy-{every}")
        paths = [copy / path.relative_to(project) for path in returned]
        report = import_files(open_project(copy), paths, every_outcome=every)
        assert not report.errors
        reports[every] = (report, _files(copy / "locales"))
    (full, full_files), (slim, slim_files) = reports[True], reports[False]
    assert full_files == slim_files
    kinds = set()
    for whole, kept in zip(full.files, slim.files, strict=True):
        assert (whole.counts, whole.review, whole.notes) == (kept.counts, kept.review, kept.notes)
        assert kept.outcomes == [o for o in whole.outcomes if handoff.worth_showing(o)]
        kinds |= {kind for kind, count in whole.counts.items() if count}
    assert {"applied", "conflict"} <= kinds  # both kinds were there to be counted
