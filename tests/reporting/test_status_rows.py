"""``relay status``'s rows come from kept state (catalog summaries, the last status); they
must be exactly the rows the full overview builds from every catalog, whatever changed."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest
from support.status_rows import AFTER, BEFORE, ROAD, SEED, WATER, both, translate

from relay.catalogs import po
from relay.core.project import open_project
from relay.extract.run import extract
from relay.publish.run import publish
from relay.report.status import overview


@pytest.fixture
def project(demo_project: Path) -> Path:
    source = demo_project / "sources" / f"{ROAD}.txt"
    text = source.read_text("utf-8")
    source.write_text(text.replace("\n\n", "\nEmbargo: 2030-01-01T00:00:00+00:00\n\n", 1), "utf-8")
    extract(open_project(demo_project))
    translate(demo_project, "fr", SEED)
    translate(demo_project, "fr", WATER, share=0.5, note=True)
    translate(demo_project, "ru", SEED)
    return demo_project


def test_rows_equal_the_full_overview_cold_and_kept(project: Path) -> None:
    fast, slow = both(project, BEFORE)
    assert fast == slow and len(fast) == 8
    assert any(row.notes for row in fast)
    assert any(row.gate == "embargoed" for row in fast)
    again, slow = both(project, BEFORE)  # from the kept status this time
    assert again == slow == fast


def test_a_kept_status_is_not_read_again_until_a_file_changes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = both(project, BEFORE)
    publish(open_project(project), now=BEFORE)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("a catalog was parsed")

    monkeypatch.setattr(po, "read_po", no_reading)
    monkeypatch.setattr("relay.report.summaries.read_po", no_reading)
    kept = overview(open_project(project), now=BEFORE, units=False)
    assert kept.rows == first
    monkeypatch.undo()
    translate(project, "ru", WATER, share=0.3)
    fast, slow = both(project, BEFORE)
    assert fast == slow != first


def test_an_ending_embargo_changes_the_rows(project: Path) -> None:
    before, _ = both(project, BEFORE)
    after, slow = both(project, AFTER)
    assert after == slow
    assert [r.gate for r in before if r.slug == ROAD] == ["embargoed", "embargoed"]
    assert all(r.gate != "embargoed" for r in after)
    # and back: a status asked about an earlier time is not taken from a later one
    earlier, slow = both(project, BEFORE)
    assert earlier == slow == before


def test_rows_follow_a_broken_a_removed_and_a_named_catalog(project: Path) -> None:
    both(project, BEFORE)
    broken = project / "locales" / "fr" / f"{SEED}.po"
    broken.write_text('msgid "unterminated\n', "utf-8")
    (project / "locales" / "ru" / f"{WATER}.po").unlink()
    fast, slow = both(project, BEFORE)
    assert fast == slow and len(fast) == 7
    fast, slow = both(project, BEFORE, [WATER])
    assert fast == slow and {row.slug for row in fast} == {WATER}


def test_the_configuration_is_part_of_the_key(project: Path) -> None:
    fast, _ = both(project, BEFORE)
    config = project / "relay.toml"
    gates = '\n[gates]\nfr = { require = "revised" }\n'
    config.write_text(config.read_text("utf-8") + gates, "utf-8")
    again, slow = both(project, BEFORE)
    assert again == slow
    assert again != fast


class Planted:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (print, ("planted code ran",))


def test_a_kept_status_builds_nothing_but_a_status(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from relay.report import kept_status

    rows, _ = both(project, BEFORE)
    path = project / ".relay-cache" / kept_status.FILE
    line, data = path.read_bytes().split(b"\n", 1)  # the keys' line, then three pickles
    stream = io.BytesIO(data)
    head, status, made_from = (pickle.load(stream) for _ in range(3))  # relay's, in this test
    assert stream.read() == b""
    assert line.decode().split() == [head["key"], head["base"]]
    assert status.rows == rows and made_from is not None

    def planted(status: object, made_from: object) -> None:
        body = pickle.dumps(status)
        head["size"] = len(body)
        path.write_bytes(line + b"\n" + pickle.dumps(head) + body + pickle.dumps(made_from))

    project_now = open_project(project)
    planted(Planted(), made_from)  # in the status, read when nothing changed
    capsys.readouterr()
    assert kept_status.load(project_now, head["key"], head["base"], BEFORE) is None
    assert "planted" not in capsys.readouterr().out  # refused unbuilt, not run
    planted(status, Planted())  # in what it was made from, read when a file changed
    assert kept_status.load(project_now, "changed", head["base"], BEFORE) is None
    assert "planted" not in capsys.readouterr().out
    planted(status, made_from)  # and each read alone, the other left unread
    assert kept_status.load(project_now, head["key"], head["base"], BEFORE) == status
    earlier = kept_status.load(project_now, "changed", head["base"], BEFORE)
    assert isinstance(earlier, kept_status.Earlier)
    assert [row for part in earlier.parts for row in part.rows] == rows
    again, slow = both(project, BEFORE)
    assert again == slow == rows


def test_what_a_status_was_made_from_keeps_rows_that_are_not_the_status_s_own(
    project: Path,
) -> None:
    # The rows of each release are kept once, in the status, when they are its own in order;
    # otherwise with what the status was made from, and each read gives back its own.
    from relay.report import kept_status
    from relay.report.status import Overview

    rows, _ = both(project, BEFORE)
    path = project / ".relay-cache" / kept_status.FILE
    keys = path.read_bytes().split(b"\n", 1)[0].decode().split()
    project_now = open_project(project)
    earlier = kept_status.load(project_now, "changed", keys[1], BEFORE)
    assert isinstance(earlier, kept_status.Earlier)
    assert [row for part in earlier.parts for row in part.rows] == rows
    other = Overview(rows=list(reversed(rows)))
    kept_status.store(project_now, (keys[0], keys[1]), BEFORE, [], other, earlier)
    assert kept_status.load(project_now, keys[0], keys[1], BEFORE) == other
    again = kept_status.load(project_now, "changed", keys[1], BEFORE)
    assert isinstance(again, kept_status.Earlier)
    assert [part.rows for part in again.parts] == [part.rows for part in earlier.parts]
