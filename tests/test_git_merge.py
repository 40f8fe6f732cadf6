"""relay's merge driver, run by real ``git merge`` in temporary repositories of the sample project.

Each test makes two branches that both change one catalog (a translator's work, a
coordinator's ``relay extract`` after a source edit, headers) and merges them with git, the
driver registered by ``relay git-setup``. The merged catalog must hold no conflict marker,
pass ``msgfmt --check``, come out of ``msgcat`` unchanged, and keep the exact translations.
"""

from __future__ import annotations

import os
import random
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from support.po import random_entry
from support.tools import gettext

import relay
from relay.catalogs.catalog import Catalog, Entry
from relay.catalogs.merge3 import Labels, merge_catalogs
from relay.catalogs.po import load_catalog, read_po, write_po
from relay.core.project import open_project
from relay.extract.run import extract

SLUG = "2013-04-23-kazakhstan-innovation"
FR = Path("locales/fr") / f"{SLUG}.po"
SOURCE = Path("sources") / f"{SLUG}.html"
SRC = Path(relay.__file__).resolve().parents[1]
OLD = "Deputy Prime Minister and Minister of Industry"
NEW = "First Deputy Prime Minister and Minister of Industry"


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=check, env=_env()
    )


def relay_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "relay", "-C", str(root), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, env=_env())


@pytest.fixture
def repo(sample_project: Path) -> Path:
    """The sample project in a git repository, relay's merge driver registered, on ``main``."""
    root = sample_project
    (root / ".gitignore").write_text("/.relay-cache/\n/public/\n", "utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test Coordinator")
    git(root, "config", "user.email", "coordinator@example.org")
    program = f"{shlex.quote(sys.executable)} -m relay"
    setup = relay_cli(root, "git-setup", "--program", program)
    assert setup.returncode == 0, setup.stderr
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "sample project")
    return root


def edit(root: Path, change: Callable[[Catalog], None], path: Path = FR) -> None:
    catalog = load_catalog(root / path)
    assert catalog is not None
    change(catalog)
    (root / path).write_bytes(write_po(catalog))


def translate(msgid_part: str, msgstr: str) -> Callable[[Catalog], None]:
    def change(catalog: Catalog) -> None:
        for number, entry in enumerate(catalog.entries):
            if msgid_part in entry.msgid and not entry.obsolete:
                catalog.entries[number] = entry.with_(msgstr=msgstr, fuzzy=False, previous=None)
                return
        raise AssertionError(f"no unit with {msgid_part!r}")

    return change


def commit(root: Path, branch: str, message: str, *work: Callable[[], None]) -> None:
    git(root, "checkout", "-q", branch)
    for step in work:
        step()
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def source_edit(root: Path, old: str, new: str) -> Callable[[], None]:
    def step() -> None:
        path = root / SOURCE
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), "utf-8")
        report = extract(open_project(root))
        assert not report.errors

    return step


def merged(root: Path, into: str, other: str) -> Catalog:
    """Merge ``other`` into ``into`` with git; the merged catalog, judged by the real tools."""
    git(root, "checkout", "-q", into)
    result = git(root, "merge", "--no-edit", other, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not git(root, "status", "--porcelain").stdout.strip()
    data = (root / FR).read_bytes()
    assert b"<<<<<<<" not in data and b">>>>>>>" not in data and b"=======" not in data
    subprocess.run([gettext("msgfmt"), "--check", "-o", os.devnull, str(root / FR)], check=True)
    again = subprocess.run([gettext("msgcat"), str(root / FR)], capture_output=True, check=True)
    assert again.stdout == data
    catalog = load_catalog(root / FR)
    assert catalog is not None
    keys = [entry.key for entry in catalog.entries]
    assert len(keys) == len(set(keys))
    return catalog


def unit(catalog: Catalog, msgid_part: str) -> Entry:
    found = [e for e in catalog.entries if msgid_part in e.msgid and not e.obsolete]
    assert len(found) == 1, found
    return found[0]


def test_git_setup_is_idempotent(repo: Path) -> None:
    attributes = (repo / ".gitattributes").read_bytes()
    config = (repo / ".git" / "config").read_bytes()
    assert b"locales/**/*.po merge=relay\n" in attributes
    assert b"locales/**/*.pot merge=relay\n" in attributes
    program = f"{shlex.quote(sys.executable)} -m relay"
    again = relay_cli(repo, "git-setup", "--program", program)
    assert again.returncode == 0, again.stderr
    assert "already registered" in again.stdout
    assert (repo / ".gitattributes").read_bytes() == attributes
    assert (repo / ".git" / "config").read_bytes() == config
    assert git(repo, "check-attr", "merge", "--", str(FR)).stdout.strip().endswith("merge: relay")


def test_both_branches_translate_different_units(repo: Path) -> None:
    git(repo, "branch", "translator")
    commit(repo, "translator", "fr: title", lambda: edit(repo, translate("UNECE supports", "T1")))
    commit(repo, "main", "fr: published", lambda: edit(repo, translate("Published:", "P1 <1/>")))
    catalog = merged(repo, "main", "translator")
    assert unit(catalog, "UNECE supports").msgstr == "T1"
    assert unit(catalog, "Published:").msgstr == "P1 <1/>"
    assert not unit(catalog, "UNECE supports").fuzzy and not unit(catalog, "Published:").fuzzy


def test_same_unit_translated_differently_keeps_ours_fuzzy_and_notes_theirs(repo: Path) -> None:
    git(repo, "branch", "translator")
    commit(repo, "translator", "fr", lambda: edit(repo, translate("Published:", "Paru le <1/>")))
    commit(repo, "main", "fr", lambda: edit(repo, translate("Published:", "Publié : <1/>")))
    entry = unit(merged(repo, "main", "translator"), "Published:")
    assert entry.msgstr == "Publié : <1/>"
    assert entry.fuzzy
    (note,) = [c for c in entry.comments if c.startswith("relay merge:")]
    assert "main" in note and "translator" in note and '"Paru le <1/>"' in note


@pytest.mark.parametrize("direction", ["translation into extract", "extract into translation"])
def test_source_edit_on_one_branch_translation_on_the_other(repo: Path, direction: str) -> None:
    git(repo, "branch", "translator")
    before = unit(load_catalog(repo / FR) or Catalog(), OLD)
    retranslated = before.msgstr.replace("Vice-Premier Ministre", "Premier Vice-Premier Ministre")
    assert retranslated != before.msgstr
    commit(repo, "translator", "fr", lambda: edit(repo, translate(OLD, retranslated)))
    commit(repo, "main", "source edit", source_edit(repo, OLD, NEW))
    if direction == "translation into extract":
        catalog = merged(repo, "main", "translator")
    else:
        catalog = merged(repo, "translator", "main")
    entry = unit(catalog, NEW)
    assert entry.msgstr == retranslated  # the translator's work, for review
    assert entry.fuzzy and entry.previous == before.msgid
    assert entry.id == before.id
    assert not [e for e in catalog.active if e.msgid == before.msgid]
    # The merged catalog is what extract would make of the merged sources: nothing to do.
    again = relay_cli(repo, "extract", "--check")
    assert again.returncode == 0, again.stdout + again.stderr


def test_both_branches_make_the_same_units_obsolete(repo: Path) -> None:
    text = (repo / SOURCE).read_text("utf-8")
    paragraph = next(line for line in text.splitlines() if "Issekeshev" in line)
    git(repo, "branch", "other")
    commit(
        repo,
        "other",
        "drop paragraph, translate title",
        source_edit(repo, paragraph, ""),
        lambda: edit(repo, translate("UNECE supports", "T1")),
    )
    commit(
        repo,
        "main",
        "drop paragraph, translate date",
        source_edit(repo, paragraph, ""),
        lambda: edit(repo, translate("Published:", "P1 <1/>")),
    )
    catalog = merged(repo, "main", "other")
    obsolete = [entry for entry in catalog.entries if entry.obsolete]
    assert any("Issekeshev" in entry.msgid for entry in obsolete)
    assert len({entry.msgid for entry in obsolete}) == len(obsolete)
    assert unit(catalog, "UNECE supports").msgstr == "T1"
    assert unit(catalog, "Published:").msgstr == "P1 <1/>"


def test_headers_changed_on_both_branches_take_the_newer_revision(repo: Path) -> None:
    def revise(date: str, who: str, msgid: str, msgstr: str) -> Callable[[], None]:
        def change(catalog: Catalog) -> None:
            catalog.header["PO-Revision-Date"] = date
            catalog.header["Last-Translator"] = who
            translate(msgid, msgstr)(catalog)

        return lambda: edit(repo, change)

    git(repo, "branch", "reviser")
    commit(repo, "reviser", "fr", revise("2026-12-03 09:00+0100", "Bob <b@x>", "Published:", "P"))
    commit(repo, "main", "fr", revise("2026-12-01 18:00+0000", "Ann <a@x>", "UNECE supports", "T"))
    catalog = merged(repo, "main", "reviser")
    assert catalog.header["PO-Revision-Date"] == "2026-12-03 09:00+0100"
    assert catalog.header["Last-Translator"] == "Bob <b@x>"
    assert unit(catalog, "Published:").msgstr == "P"
    assert unit(catalog, "UNECE supports").msgstr == "T"


def test_an_unreadable_version_falls_back_to_gits_conflict(repo: Path) -> None:
    git(repo, "branch", "broken")
    commit(repo, "broken", "break", lambda: (repo / FR).write_bytes(b'msgid "x\nmsgstr\n'))
    commit(repo, "main", "fr", lambda: edit(repo, translate("Published:", "P1 <1/>")))
    result = git(repo, "merge", "--no-edit", "broken", check=False)
    assert result.returncode != 0
    assert "CONFLICT" in result.stdout
    assert b"<<<<<<<" in (repo / FR).read_bytes()


def test_merge_is_pure_and_reports_what_it_decided() -> None:
    base = Catalog({"Language": "fr"}, [Entry("a", "A", id="1"), Entry("b", "B", id="2")])
    ours = Catalog({"Language": "fr"}, [Entry("a", "A1", id="1"), Entry("b", "B", id="2")])
    theirs = Catalog({"Language": "fr"}, [Entry("a", "A2", id="1"), Entry("b", "B2", id="2")])
    result, decisions = merge_catalogs(base, ours, theirs, labels=Labels("main", "fr-work"))
    a, b = result.entries
    assert (a.msgstr, a.fuzzy, b.msgstr, b.fuzzy) == ("A1", True, "B2", False)
    assert [d.kind for d in decisions] == ["translation"]
    assert base.entries[0].msgstr == "A"  # the inputs are left as they were


def test_an_approval_never_passes_to_a_text_nobody_approved() -> None:
    base = Catalog({}, [Entry("a", "A0", fuzzy=True, id="1")])
    ours = Catalog({}, [Entry("a", "A0", fuzzy=False, id="1")])  # a reviewer approved A0
    theirs = Catalog({}, [Entry("a", "A2", fuzzy=True, id="1")])  # a translator rewrote it
    result, _ = merge_catalogs(base, ours, theirs)
    assert (result.entries[0].msgstr, result.entries[0].fuzzy) == ("A2", True)


def test_a_source_edit_that_kept_the_translation_keeps_it_approved() -> None:
    """extract keeps a whitespace-only edit approved (keep_whitespace_edits): so does a merge
    of it with a branch that left that unit alone."""
    base = Catalog({}, [Entry("a  b", "A", id="1"), Entry("c", "C", id="2")])
    ours = Catalog({}, [Entry("a  b", "A", id="1"), Entry("c", "C2", id="2")])
    theirs = Catalog({}, [Entry("a b", "A", id="1"), Entry("c", "C", id="2")])
    result, decisions = merge_catalogs(base, ours, theirs)
    assert [(e.msgid, e.msgstr, e.fuzzy) for e in result] == [
        ("a b", "A", False),
        ("c", "C2", False),
    ]
    assert decisions == []


def test_a_unit_both_branches_added() -> None:
    ours = Catalog({}, [Entry("new", "", id="9")])
    theirs = Catalog({}, [Entry("new", "N", fuzzy=True, previous="old", id="9")])
    result, _ = merge_catalogs(None, ours, theirs)
    assert [(e.msgstr, e.fuzzy, e.previous) for e in result] == [("N", True, "old")]


def _as_written(catalog: Catalog) -> Catalog:
    """A catalog as its file reads back, obsolete entries last as gettext and relay write them."""
    read = read_po(write_po(catalog), path="random.po")
    read.entries = [e for e in read.entries if not e.obsolete] + [e for e in read if e.obsolete]
    return read


@pytest.mark.parametrize("seed", range(60))
def test_a_branch_merged_with_an_untouched_one_is_that_branch_byte_for_byte(seed: int) -> None:
    rng = random.Random(seed)
    base = _as_written(Catalog({"Language": "fr"}, [random_entry(rng, n) for n in range(12)]))
    changed = [e for e in base.entries if rng.random() > 0.2]
    changed = [e.with_(msgstr=e.msgstr + " x") if rng.random() < 0.3 else e for e in changed]
    changed += [random_entry(rng, 100 + n) for n in range(rng.randint(0, 3))]
    branch = _as_written(Catalog({"Language": "fr", "X-Generator": "Poedit"}, changed))
    for ours, theirs in ((base, branch), (branch, base), (branch, branch)):
        merged, decisions = merge_catalogs(base, ours, theirs)
        assert write_po(merged) == write_po(branch)
        assert decisions == []
