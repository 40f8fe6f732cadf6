"""The findings kept between runs: a second check or a publish after a check reads them only
for the very units they were made from, and never gives other findings or outputs."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from support.incremental import files_in, make_project, translate_catalogs

from relay.catalogs.po import read_po, write_po
from relay.checks import REGISTRY, findings_cache
from relay.checks.engine import check_project
from relay.core.project import open_project
from relay.extract.run import extract
from relay.publish.run import publish
from relay.runtime import workers as parallel

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
SLUG = "2020-release-004"


@pytest.fixture(autouse=True)
def _one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # Workers are forked: a patched function must be the one they run.
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "1")


def _translated(root: Path) -> Path:
    make_project(root)
    extract(open_project(root))
    translate_catalogs(root)
    return root


def _no_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("checks ran again on unchanged units")

    # Every check the engine may run, whichever of its modules runs it.
    for check_id, check in REGISTRY.items():
        monkeypatch.setitem(REGISTRY, check_id, replace(check, run=refuse))


def _report(root: Path) -> list[dict[str, object]]:
    return [finding.as_dict() for finding in check_project(open_project(root)).findings]


def _break_a_number(root: Path) -> None:
    path = root / "locales" / "fr" / f"{SLUG}.po"
    catalog = read_po(path.read_bytes(), path=str(path))
    catalog.entries = [
        entry.with_(msgstr=entry.msgstr.replace("56", "65")) for entry in catalog.entries
    ]
    path.write_bytes(write_po(catalog))


def test_a_second_check_reads_the_kept_findings_and_reports_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _translated(tmp_path / "p")
    first = _report(root)
    assert any((root / findings_cache.FOLDER).iterdir())
    with monkeypatch.context() as patch:
        _no_checking(patch)
        assert _report(root) == first


def test_a_changed_translation_is_checked_again(tmp_path: Path) -> None:
    root = _translated(tmp_path / "p")
    before = _report(root)
    _break_a_number(root)
    after = _report(root)
    new = [f for f in after if f not in before]
    assert new and {f["release"] for f in new} == {SLUG}
    assert any(f["check"] == "number-value" and f["severity"] == "error" for f in new)
    fresh = tmp_path / "fresh" / "p"
    shutil.copytree(root, fresh)
    shutil.rmtree(fresh / ".relay-cache")
    assert _report(fresh) == after


def test_publish_after_check_blocks_what_a_publish_without_caches_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _translated(tmp_path / "p")
    _report(root)
    _break_a_number(root)
    _report(root)
    plain = tmp_path / "plain" / "p"  # a feed's id names the project's folder
    shutil.copytree(root, plain)
    shutil.rmtree(plain / ".relay-cache")
    with monkeypatch.context() as patch:
        _no_checking(patch)
        kept = publish(open_project(root), now=NOW)
    fresh = publish(open_project(plain), now=NOW)
    assert [v.record() for v in kept.variants] == [v.record() for v in fresh.variants]
    assert files_in(root, "public") == files_in(plain, "public")
    blocked = [v for v in kept.variants if not v.published]
    assert [(v.slug, v.lang) for v in blocked] == [(SLUG, "fr")]


def test_damaged_kept_findings_are_a_miss(tmp_path: Path) -> None:
    root = _translated(tmp_path / "p")
    first = _report(root)
    for number, path in enumerate(sorted((root / findings_cache.FOLDER).iterdir())):
        path.write_bytes([b"", b"{", b'{"key": 1}', b"[]"][number % 4])
    assert _report(root) == first


def test_a_new_glossary_term_checks_again(tmp_path: Path) -> None:
    root = _translated(tmp_path / "p")
    assert not [f for f in _report(root) if f["check"] == "term-required"]
    (root / "glossary.csv").write_text(
        "source,lang,target,kind\nCommission,fr,Commission économique,required\n", "utf-8"
    )
    with (root / "relay.toml").open("a") as config:
        config.write('glossary = "glossary.csv"\n')
    assert [f for f in _report(root) if f["check"] == "term-required"]
