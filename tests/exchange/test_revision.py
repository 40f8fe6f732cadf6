"""Revision and sign-off: translated, revised and approved units in every exchange format,
the revision round trip, the gate that asks for a step, and what the report shows."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import html5lib
import pytest
from jsonschema import Draft202012Validator
from lxml import etree
from support.tools import gettext
from typer.testing import CliRunner

from relay.catalogs.catalog import Catalog, Entry, Review, level_of, review_of, reviews_of
from relay.catalogs.po import load_catalog, read_po, write_po
from relay.catalogs.update import update_catalog
from relay.cli.app import app
from relay.core.errors import ProjectError
from relay.core.project import Gate, load_config
from relay.exchange import po_files, xliff2, xliff12
from relay.exchange.merging import merge
from relay.exchange.package import ExchangeUnit, Package, base_of
from relay.publish.manifest import schema

runner = CliRunner()
HEADER = {
    "Project-Id-Version": "x",
    "PO-Revision-Date": "2026-11-26 12:00+0000",
    "Last-Translator": "Irina Volkova <irina@example.org>",
    "Language-Team": "French",
    "Language": "fr",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}
SLUG = "2014-03-12-water-cooperation"
UNITS = (
    ExchangeUnit(id="a000000001", source="The stakes are high.", target="Il y a beaucoup en jeu."),
    ExchangeUnit(
        id="a000000002", source="Water for all.", target="De l’eau pour tous.", state="translated"
    ),
    ExchangeUnit(id="a000000003", source="Read on.", target="Lisez.", state="revised"),
    ExchangeUnit(id="a000000004", source="Thank you.", target="Merci.", state="approved"),
    ExchangeUnit(id="a000000005", source="Draft.", target="Brouillon.", state="fuzzy"),
)


def _package(fmt: str, step: str | None = None) -> Package:
    return Package(SLUG, "sources/x.md", "en", "fr", "ab" * 32, UNITS[1:], format=fmt, step=step)


def _schema(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path), etree.XMLParser(no_network=True)))


def _gettext_clean(path: Path) -> None:
    """msgfmt --check accepts the file and msgcat writes it back byte for byte."""
    subprocess.run([gettext("msgfmt"), "--check", "-o", "/dev/null", str(path)], check=True)
    again = subprocess.run([gettext("msgcat"), str(path)], check=True, capture_output=True)
    assert again.stdout == path.read_bytes()


# -- each mapping -----------------------------------------------------------------------------


def test_po_carries_the_states_as_comments_gettext_keeps(tmp_path: Path) -> None:
    data = po_files.write(_package("po", "revision"), header=HEADER)
    text = data.decode("utf-8")
    assert "# relay-state: revised\n" in text and "# relay-state: approved\n" in text
    assert '"X-Relay-Step: revision\\n"' in text
    path = tmp_path / "x.po"
    path.write_bytes(data)
    _gettext_clean(path)
    back = po_files.read(data, path="x.po")
    assert [unit.state for unit in back.units] == ["translated", "revised", "approved", "fuzzy"]
    assert back.step == "revision"
    assert all(not unit.queries for unit in back.units)  # a state is not a translator's note


def test_po_state_comment_on_a_fuzzy_unit_does_not_make_it_done() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '# relay-state: approved\n#, fuzzy\nmsgid "Draft."\nmsgstr "Brouillon."\n'
    )
    [unit] = po_files.read(text.encode(), path="x.po").units
    assert unit.state == "fuzzy"


@pytest.mark.parametrize(
    ("schema", "module"),
    [
        ("1.2/xliff-core-1.2-strict.xsd", xliff12),
        ("1.2/xliff-core-1.2-transitional.xsd", xliff12),
        ("2.0/xliff_core_2.0.xsd", xliff2),
    ],
)
def test_xliff_states_are_schema_valid_and_read_back(
    data_dir: Path, schema: str, module: object
) -> None:
    fmt = "xliff" if module is xliff12 else "xliff2"
    data = module.write(_package(fmt, "revision"))  # type: ignore[attr-defined]
    document = etree.fromstring(data)
    validator = _schema(data_dir / "schemas" / "xliff" / schema)
    assert validator.validate(document), validator.error_log
    back = module.read(data, path="x.xlf")  # type: ignore[attr-defined]
    assert [unit.state for unit in back.units] == ["translated", "revised", "approved", "fuzzy"]
    assert back.step == "revision"


def test_xliff12_writes_signed_off_and_final() -> None:
    text = xliff12.write(_package("xliff")).decode("utf-8")
    assert re.search(r'id="a000000003"[^>]*approved="yes"', text)
    assert '<target state="signed-off">Lisez.</target>' in text
    assert '<target state="final">Merci.</target>' in text


def test_xliff2_writes_reviewed_and_final() -> None:
    text = xliff2.write(_package("xliff2")).decode("utf-8")
    assert '<segment state="reviewed">' in text and '<segment state="final">' in text


def _tool_file(attributes: str, seg: str = "") -> bytes:
    return (
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"'
        ' xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" xmlns:mq="MQXliff">'
        '<file original="x" source-language="en" target-language="fr" datatype="plaintext">'
        f'<body><trans-unit id="u1" {attributes}><source>Hello.</source>'
        f'<target state="translated">Bonjour.</target>{seg}</trans-unit></body></file></xliff>'
    ).encode()


@pytest.mark.parametrize(
    ("status", "state"),
    [
        ("ManuallyConfirmed", "translated"),
        ("Confirmed", "translated"),
        ("Proofread", "revised"),
        ("Reviewer1Confirmed", "revised"),
        ("Reviewer2Confirmed", "approved"),
        ("PartiallyEdited", "fuzzy"),
    ],
)
def test_memoq_statuses_map_to_levels(status: str, state: str) -> None:
    [unit] = xliff12.read(_tool_file(f'mq:status="{status}"'), path="x.mqxliff").units
    assert unit.state == state


@pytest.mark.parametrize(
    ("confs", "state"),
    [
        (["Translated"], "translated"),
        (["ApprovedTranslation"], "revised"),
        (["ApprovedSignOff"], "approved"),
        (["ApprovedSignOff", "ApprovedTranslation"], "revised"),  # the lowest of the segments
        (["ApprovedSignOff", "Draft"], "fuzzy"),
    ],
)
def test_trados_confirmation_levels_map_to_levels(confs: list[str], state: str) -> None:
    segs = "".join(f'<sdl:seg id="{n}" conf="{conf}"/>' for n, conf in enumerate(confs))
    data = _tool_file("", f"<sdl:seg-defs>{segs}</sdl:seg-defs>")
    [unit] = xliff12.read(data, path="x.sdlxliff").units
    assert unit.state == state


def test_who_changed_a_unit_is_read_from_each_tools_own_metadata() -> None:
    memoq = 'mq:status="Reviewer1Confirmed" mq:lastchanginguser="Anna Petrova"'
    memoq += ' mq:lastchangedtimestamp="2026-12-01T23:30:00-02:00"'
    [unit] = xliff12.read(_tool_file(memoq), path="x.mqxliff").units
    assert (unit.state, unit.by, unit.on) == ("revised", "Anna Petrova", "2026-12-02")
    seg = (
        '<sdl:seg id="{n}" conf="ApprovedTranslation"><sdl:value key="last_modified_by">{who}'
        '</sdl:value><sdl:value key="modified_on">{when}</sdl:value></sdl:seg>'
    )
    segs = seg.format(n=1, who="HQ\\pavel", when="12/03/2026 16:30:00") + seg.format(
        n=2, who="HQ\\olga", when="11/30/2026 09:00:00"
    )
    data = _tool_file("", f"<sdl:seg-defs>{segs}</sdl:seg-defs>")
    [unit] = xliff12.read(data, path="x.sdlxliff").units
    assert (unit.by, unit.on) == ("HQ\\pavel", "2026-12-03")  # the latest segment's
    phases = (
        '<header><phase-group><phase phase-name="t" process-name="translation"'
        ' contact-name="Irina" date="2026-11-26T12:00:00Z"/><phase phase-name="r"'
        ' process-name="review" contact-name="Pavel" contact-email="p@example.org"/>'
        "</phase-group></header>"
    )
    data = _tool_file("").replace(b"<body>", phases.encode() + b"<body>")
    data = data.replace(b'<target state="translated">', b'<target phase-name="t">')
    [unit] = xliff12.read(data, path="x.xlf").units
    assert (unit.by, unit.on) == ("Irina", "2026-11-26")


def test_a_units_own_author_credits_its_step_before_the_files_header() -> None:
    catalog = _catalog()
    units = tuple(
        ExchangeUnit(e.id or "", e.msgid, e.msgstr + " !", "revised", base=base_of(e.msgstr),
                     by="Anna Petrova", on="2026-12-01")
        for e in catalog.entries[:2]
    )  # fmt: skip
    package = Package(SLUG, None, "en", "fr", None, units, translator=(("Last-Translator", "X"),))
    merged, _ = merge(catalog, package)
    review = review_of(merged.entries[0].comments)
    assert review is not None and (review.by, review.on) == ("Anna Petrova", "2026-12-01")
    merged, _ = merge(catalog, package, by="Olga Sidorova")  # --by names who, whatever it says
    review = review_of(merged.entries[0].comments)
    assert review is not None and (review.by, review.on) == ("Olga Sidorova", "2026-12-01")


# -- the round trip ---------------------------------------------------------------------------


def _catalog() -> Catalog:
    entries = [
        Entry(msgid=u.source, msgstr=u.target, id=u.id, fuzzy=u.state == "fuzzy") for u in UNITS[1:]
    ]
    return Catalog(dict(HEADER), entries)


def _returned(
    changes: dict[str, str],
    state: str = "translated",
    step: str | None = None,
    catalog: Catalog | None = None,
    who: str = "Pavel\nOrlov",
    when: str = "2026-12-03 16:30",
) -> Package:
    """The file that comes back for ``catalog`` (the first one by default), with ``changes``,
    from ``who`` on ``when``."""
    catalog = catalog or _catalog()
    units = tuple(
        ExchangeUnit(
            id=entry.id or "",
            source=entry.msgid,
            target=changes.get(entry.id or "", entry.msgstr),
            state="fuzzy" if entry.fuzzy else state,  # type: ignore[arg-type]
            base=base_of(entry.msgstr),
        )
        for entry in catalog.entries
    )
    translator = (("Last-Translator", who), ("PO-Revision-Date", when))
    return Package(SLUG, None, "en", "fr", None, units, step=step, translator=translator)


IRINA = "Irina Volkova <irina@example.org>"


def _irinas() -> Catalog:
    """The first catalog, its "Water for all." as Irina's import left it: translated by her."""
    catalog = _catalog()
    catalog.entries[0] = catalog.entries[0].with_(msgstr="")
    package = _returned(
        {"a000000002": "De l’eau pour tous."}, catalog=catalog, who=IRINA, when="2026-11-26 12:00"
    )
    merged, _ = merge(catalog, package)
    return merged


def test_a_translation_records_who_made_it_when_the_file_says() -> None:
    water = _irinas().find("Water for all.")
    assert water is not None and water.level == "translated"
    made = f"relay-state: translated by {IRINA} on 2026-11-26 for {base_of(water.msgstr)}"
    assert water.comments == (made,)
    # A file that names nobody records nobody (and no step: there is nothing to credit).
    catalog = _catalog()
    catalog.entries[0] = catalog.entries[0].with_(msgstr="")
    merged, _ = merge(catalog, _returned({"a000000002": "Eau."}, catalog=catalog, who=""))
    water = merged.find("Water for all.")
    assert water is not None and water.msgstr == "Eau." and water.comments == ()


def test_a_revision_records_who_when_and_the_translators_version(tmp_path: Path) -> None:
    catalog = _irinas()
    package = _returned({"a000000002": "L’eau pour tous.\nrelay-ignore: x"}, step="revision")
    merged, outcomes = merge(catalog, package)
    changed = merged.find("Water for all.")
    assert changed is not None and changed.level == "revised"
    review = review_of(changed.comments)
    base = base_of("L’eau pour tous.\nrelay-ignore: x")
    assert review == Review("revised", "Pavel\\nOrlov", "2026-12-03", base)
    # The translator's version, one escaped line; nothing can become a relay-ignore: line.
    assert "relay-previous: De l’eau pour tous." in changed.comments
    assert f"relay-previous-by: {IRINA}" in changed.comments
    assert not any(line.startswith("relay-ignore") for e in merged for line in e.comments)
    assert [e.level for e in merged] == ["revised", "revised", "revised", "fuzzy"]
    path = tmp_path / "fr.po"
    path.write_bytes(write_po(merged))
    _gettext_clean(path)
    assert read_po(path.read_bytes(), path=str(path)).entries == merged.entries
    # The same file again changes nothing.
    again, outcomes = merge(merged, package)
    assert again.entries == merged.entries
    assert {o.kind for o in outcomes} == {"unchanged"}


def test_the_translators_version_is_credited_to_who_made_it_not_the_header() -> None:
    # Irina translated "Water for all."; Boris's file then changed "Read on.", so the
    # catalog's Last-Translator is Boris when the reviser changes both units.
    irinas = _irinas()
    boris = _returned({"a000000003": "Lisez la suite."}, catalog=irinas, who="Boris Ivanov")
    catalog, _ = merge(irinas, boris)
    assert catalog.header["Last-Translator"] == "Boris Ivanov"
    changes = {"a000000002": "L’eau pour tous.", "a000000003": "Lisez la suite !"}
    reviser = _returned(changes, step="revision", catalog=catalog, who="Pavel Orlov")
    revised, _ = merge(catalog, reviser)
    water, read = revised.find("Water for all."), revised.find("Read on.")
    assert water is not None and read is not None
    assert f"relay-previous-by: {IRINA}" in water.comments
    assert "relay-previous-by: Boris Ivanov" in read.comments
    assert revised.header["Last-Translator"] == "Pavel Orlov"
    # The approver then changes Irina's unit again: the translator's version stays hers.
    approver = _returned({"a000000002": "L’eau, pour tous."}, "approved", catalog=revised)
    approved, _ = merge(revised, approver, by="Olga Sidorova", reached="approved")
    water = approved.find("Water for all.")
    assert water is not None and water.level == "approved"
    assert f"relay-previous-by: {IRINA}" in water.comments
    assert "relay-previous: De l’eau pour tous." in water.comments
    assert [(s.level, s.by) for s in reviews_of(water.comments)] == [
        ("translated", IRINA),
        ("revised", "Pavel Orlov"),
        ("approved", "Olga Sidorova"),
    ]


def test_a_version_no_step_credits_is_credited_to_nobody() -> None:
    # The catalog's header names Irina, but nothing says she made this unit's translation
    # (memory filled it, or it was typed into the catalog): the report says "not recorded".
    merged, _ = merge(_catalog(), _returned({"a000000002": "L’eau pour tous."}, step="revision"))
    water = merged.find("Water for all.")
    assert water is not None and "relay-previous: De l’eau pour tous." in water.comments
    assert not any(line.startswith("relay-previous-by") for line in water.comments)


def test_approval_keeps_the_revision_step_and_a_translator_change_resets_them() -> None:
    reviser = _returned({"a000000002": "L’eau pour tous."}, step="revision")
    revised, _ = merge(_catalog(), reviser)
    approved, _ = merge(revised, _returned({}, "approved", catalog=revised), reached="approved")
    entry = approved.find("Water for all.")
    assert entry is not None and entry.level == "approved"
    steps = [line for line in entry.comments if line.startswith("relay-state:")]
    assert [line.split()[1] for line in steps] == ["revised", "approved"]
    assert "relay-previous: De l’eau pour tous." in entry.comments
    # The translator sends a new version: the unit is translated again, its steps reset.
    back, _ = merge(approved, _returned({"a000000002": "Eau pour tous."}, catalog=approved))
    entry = back.find("Water for all.")
    assert entry is not None and entry.level == "translated"
    # Only the new version's own step is left: who made it.
    made = f"relay-state: translated by Pavel\\nOrlov on 2026-12-03 for {base_of('Eau pour tous.')}"
    assert [line for line in entry.comments if line.startswith("relay-")] == [made]


def test_a_translation_edited_by_hand_after_revision_is_no_longer_revised() -> None:
    reviser = _returned({"a000000002": "L’eau pour tous."}, step="revision")
    revised, _ = merge(_catalog(), reviser)
    entry = revised.find("Water for all.")
    assert entry is not None and entry.level == "revised"
    # Someone edits the catalog in a PO editor: the step was taken on another translation.
    assert entry.with_(msgstr="L’eau pour tout le monde.").level == "translated"
    catalog = Catalog({}, [entry.with_(msgstr="L’eau pour tout le monde.")])
    assert level_of(catalog) == "translated"


def test_a_state_left_on_a_unit_the_translator_changed_is_no_revision(tmp_path: Path) -> None:
    reviser = _returned({"a000000002": "L’eau pour tous."}, step="revision")
    revised, _ = merge(_catalog(), reviser)
    # A plain export of the revised catalog carries "# relay-state: revised"; the translator
    # changes the unit in a PO editor, which keeps the comment.
    units = tuple(
        ExchangeUnit(
            id=e.id or "",
            source=e.msgid,
            target=e.msgstr,
            state="fuzzy" if e.fuzzy else e.level,  # type: ignore[arg-type]
            base=base_of(e.msgstr),
        )
        for e in revised.entries
    )
    package = Package(SLUG, None, "en", "fr", None, units)
    data = po_files.write(package, header=HEADER)
    assert b"# relay-state: revised\n" in data
    back = po_files.read(data.replace("L’eau pour".encode(), "De l’eau pour".encode()), path="x")
    assert back.units[0].state == "revised"
    merged, _ = merge(revised, back)
    entry = merged.find("Water for all.")
    assert entry is not None and entry.msgstr == "De l’eau pour tous."
    assert entry.level == "translated"
    assert [s.level for s in reviews_of(entry.comments)] == ["translated"]  # by who sent it
    assert not any(line.startswith("relay-previous") for line in entry.comments)


@pytest.mark.parametrize(
    ("claimed", "step", "taken"),
    [
        ("approved", None, "translated"),
        ("revised", None, "translated"),
        ("approved", "revision", "revised"),
    ],
)
def test_a_returned_file_takes_a_unit_only_as_far_as_it_was_sent_for(
    claimed: str, step: str | None, taken: str
) -> None:
    # A translator's tool marks a segment "final" (Trados lets the translator sign off), or
    # someone edits the file: the gate that asks for an approval was passed by nobody's.
    catalog = _irinas()
    package = _returned({"a000000002": "L’eau pour tous."}, claimed, step=step, catalog=catalog)
    merged, outcomes = merge(catalog, package)
    assert {entry.level for entry in merged if not entry.fuzzy} == {taken}
    water = next(outcome for outcome in outcomes if outcome.unit == "a000000002")
    assert water.kind == "applied" and water.claimed == claimed
    states = [line for entry in merged for line in entry.comments if "relay-state" in line]
    assert not any(line.startswith(f"relay-state: {claimed}") for line in states)
    # The coordinator's say-so takes it: relay import --state.
    said, outcomes = merge(catalog, package, reached=claimed)
    assert {entry.level for entry in said if not entry.fuzzy} == {claimed}
    assert not any(outcome.claimed for outcome in outcomes)


def test_the_state_relay_sent_out_is_no_claim() -> None:
    # An approved catalog exported again: its units come back marked approved, unchanged.
    catalog = _irinas()
    approved, _ = merge(catalog, _returned({}, catalog=catalog), reached="approved")
    package = _returned({}, "approved", catalog=approved)
    again, outcomes = merge(approved, package)
    assert again.entries == approved.entries
    assert {outcome.kind for outcome in outcomes} == {"unchanged"}
    assert not any(outcome.claimed for outcome in outcomes)


def test_a_changed_source_resets_the_states() -> None:
    revised, _ = merge(_catalog(), _returned({"a000000002": "L’eau pour tous."}, "revised"))
    template = Catalog({}, [Entry(msgid="Water for all people.", id="a000000002")])
    updated, _ = update_catalog(revised, template, header={})
    [entry] = [e for e in updated.active]
    assert entry.fuzzy and entry.level == "fuzzy"
    assert not any(line.startswith("relay-") for line in entry.comments)


def test_the_catalog_state_is_its_lowest_unit() -> None:
    assert level_of(_catalog()) == "fuzzy"
    done = Catalog({}, [Entry("a", "b", comments=("relay-state: approved by X on 2026-01-01",))])
    assert level_of(done) == "approved"


# -- the CLI, on the sample project -------------------------------------------------------------


def _relay(project: Path, *args: str) -> str:
    result = runner.invoke(app, ["-C", str(project), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _edit(path: Path, who: str, date: str, changes: dict[int, tuple[str, str]]) -> None:
    catalog = read_po(path.read_bytes(), path=str(path))
    catalog.header.update({"Last-Translator": who, "PO-Revision-Date": date})
    for index, (old, new) in changes.items():
        entry = catalog.entries[index]
        assert old in entry.msgstr
        catalog.entries[index] = entry.with_(msgstr=entry.msgstr.replace(old, new, 1))
    path.write_bytes(write_po(catalog))


def _translators_file(project: Path, catalog_path: Path) -> None:
    """The release's Russian units come back from the translator, Irina, all translated: the
    catalog is emptied first (a release just extracted) and her file holds its translations."""
    catalog = read_po(catalog_path.read_bytes(), path=str(catalog_path))
    work = {entry.msgid: entry.msgstr for entry in catalog.active}
    catalog.entries = [entry.with_(msgstr="", comments=()) for entry in catalog.active]
    catalog_path.write_bytes(write_po(catalog))
    out = project / "translator"
    _relay(project, "export", "--lang", "ru", "--release", SLUG, "--out", str(out))
    returned = out / "ru" / f"{SLUG}.po"
    sent = read_po(returned.read_bytes(), path=str(returned))
    sent.header.update({"Last-Translator": IRINA, "PO-Revision-Date": "2026-11-26 12:00+0000"})
    sent.entries = [entry.with_(msgstr=work[entry.msgid]) for entry in sent.entries]
    returned.write_bytes(write_po(sent))
    assert "29 applied" in _relay(project, "import", str(returned))


def test_revision_round_trip_and_gate_from_the_cli(sample_project: Path, data_dir: Path) -> None:
    project = sample_project
    _relay(project, "extract")
    catalog_path = project / "locales" / "ru" / f"{SLUG}.po"
    _translators_file(project, catalog_path)
    _gettext_clean(catalog_path)
    out = project / "revision"
    _relay(project, "export", "--lang", "ru", "--release", SLUG, "--for", "revision")
    returned = project / "outbox" / "ru" / f"{SLUG}.po"
    changes = {4: ("многое", "очень многое"), 5: ("Почти", "Около"), 7: ("обязуются", "обязались")}
    _edit(returned, "Pavel Orlov <pavel@example.org>", "2026-12-03 16:30+0000", changes)
    _relay(project, "import", str(returned))
    _gettext_clean(catalog_path)
    status = json.loads(_relay(project, "status", "--json", "--lang", "ru"))["status"]
    row = next(row for row in status if row["release"] == SLUG)
    assert row["state"] == "revised" and row["review"]["revised"] == 29
    assert "revised" in _relay(project, "status", "--lang", "ru")

    config = project / "relay.toml"
    config.write_text(config.read_text() + '[gates]\nru = { require = "approved" }\n')
    publish = json.loads(_relay(project, "publish", "--json", "--dry-run"))
    ru = [v for v in _variants(publish) if v["lang"] == "ru" and v["release"] == SLUG]
    assert ru and ru[0]["gate"] == "blocked"

    # The approval arrives in XLIFF 1.2 (state="final"), from a file that names nobody.
    _relay(project, "export", "--lang", "ru", "--release", SLUG, "--for", "revision", "--format",
           "xliff", "--out", str(out))  # fmt: skip
    xlf = out / "ru" / f"{SLUG}.xlf"
    assert xlf.read_bytes().count(b'state="signed-off"') == 29
    xlf.write_bytes(xlf.read_bytes().replace(b'state="signed-off"', b'state="final"'))
    # A file's own "final" approves nothing: the reviser's tool (or anyone editing the file)
    # can set it; the sign-off is the coordinator's say-so.
    said = _relay(project, "import", str(xlf))
    assert "29 units the file marks approved were taken as revised" in said, said
    catalog = load_catalog(catalog_path)
    assert catalog is not None and level_of(catalog) == "revised"
    publish = json.loads(_relay(project, "publish", "--json", "--dry-run"))
    ru = [v for v in _variants(publish) if v["lang"] == "ru" and v["release"] == SLUG]
    assert ru and ru[0]["gate"] == "blocked"
    _relay(project, "import", "--by", "Olga Sidorova", "--state", "approved", str(xlf))
    _gettext_clean(catalog_path)
    catalog = load_catalog(catalog_path)
    assert catalog is not None and level_of(catalog) == "approved"
    _relay(project, "publish", "--now", "2026-12-04T00:00Z")
    manifest = json.loads((project / "public" / "manifest.json").read_text())
    variant = next(
        v for r in manifest["releases"] if r["slug"] == SLUG for v in r["variants"]
        if v["lang"] == "ru"
    )  # fmt: skip
    assert variant["gate"] == "published" and variant["state"] == "approved"
    Draft202012Validator(schema()).validate(manifest)

    _relay(project, "report", "--out", str(project / "report.html"))
    page = (project / "report.html").read_text("utf-8")
    html5lib.HTMLParser(strict=True).parse(page)
    assert "What the revisers changed" in page
    assert page.count("<ins>") == 3 and page.count("<del>") == 2  # one word only inserted
    assert "поставлено <ins>очень </ins>многое" in page
    assert "<del>Почти</del><ins>Около</ins>" in page
    assert "<del>обязуются</del><ins>обязались</ins>" in page
    # Credited to the translator who made those versions, whoever the header names now.
    assert "Irina Volkova &lt;irina@example.org&gt; [ru]: 3 units changed by a reviser" in page


def _approve_all_but(path: Path, left: range) -> list[str]:
    """Approve every unit of a catalog but those at ``left``; give the sources of those."""
    catalog = read_po(path.read_bytes(), path=str(path))
    active = [number for number, entry in enumerate(catalog.entries) if not entry.obsolete]
    for position, number in enumerate(active):
        entry = catalog.entries[number]
        if position not in left:
            step = (
                f"relay-state: approved by Olga Sidorova on 2026-12-06 for {base_of(entry.msgstr)}"
            )
            catalog.entries[number] = entry.with_(comments=(*entry.comments, step))
    path.write_bytes(write_po(catalog))
    return [catalog.entries[active[position]].msgid for position in left]


def test_with_fallback_a_unit_below_the_required_state_falls_back_to_the_source(
    sample_project: Path,
) -> None:
    project = sample_project
    _relay(project, "extract")
    # Three sentences of the body (the title would fall back twice: title and heading).
    waiting = _approve_all_but(project / "locales" / "ru" / f"{SLUG}.po", range(2, 5))
    config = project / "relay.toml"
    base = config.read_text()
    config.write_text(
        base + '[gates]\nru = { require = "approved", fallback = true, min-percent = 80 }\n'
    )
    printed = _relay(project, "publish", "--now", "2026-12-07T00:00Z")
    assert f"ru     {SLUG}: written (3 units in the source language)" in printed
    manifest = json.loads((project / "public" / "manifest.json").read_text())
    Draft202012Validator(schema()).validate(manifest)
    [ru] = [
        v for r in manifest["releases"] if r["slug"] == SLUG for v in r["variants"]
        if v["lang"] == "ru"
    ]  # fmt: skip
    assert (ru["gate"], ru["fallback_units"], ru["state"]) == ("published", 3, "translated")
    page = " ".join((project / "public" / "ru" / f"{SLUG}.md").read_text("utf-8").split())
    catalog = load_catalog(project / "locales" / "ru" / f"{SLUG}.po")
    assert catalog is not None
    for source in waiting:  # in English, not in the translation no one approved yet
        entry = catalog.find(source)
        assert entry is not None and entry.level == "translated"
        assert " ".join(source.split()) in page and " ".join(entry.msgstr.split()) not in page
    # status and check say what the variant still waits for.
    status = json.loads(_relay(project, "status", "--json", "--lang", "ru"))["status"]
    row = next(row for row in status if row["release"] == SLUG)
    assert row["gate"] == "published" and row["waiting"] == [
        "3 of 29 translated units not yet approved (in the source language until then)"
    ]
    text = _relay(project, "status", "--lang", "ru")
    assert "Published, waiting for revision or approval:" in text
    assert f"{SLUG} [ru]: 3 of 29 translated units not yet approved" in text

    # Under the gate's percentage, the units below the required state count as untranslated.
    config.write_text(
        base + '[gates]\nru = { require = "approved", fallback = true, min-percent = 95 }\n'
    )
    publish = json.loads(_relay(project, "publish", "--json", "--dry-run"))
    [ru] = [v for v in _variants(publish) if v["lang"] == "ru" and v["release"] == SLUG]
    assert ru["gate"] == "blocked"
    assert ru["reasons"] == [
        "3 of 29 translated units not yet approved (counted as untranslated)",
        "83.7% translated and approved, under the 95% gate",
    ]
    # Without fallback, they hold the whole variant back, as before.
    config.write_text(base + '[gates]\nru = { require = "approved" }\n')
    publish = json.loads(_relay(project, "publish", "--json", "--dry-run"))
    [ru] = [v for v in _variants(publish) if v["lang"] == "ru" and v["release"] == SLUG]
    assert ru["gate"] == "blocked" and ru["reasons"] == [
        "3 of 29 translated units not yet approved (the gate requires it)"
    ]


def _variants(publish: dict[str, object]) -> list[dict[str, object]]:
    found = publish.get("variants")
    assert isinstance(found, list)
    return found


# -- memory ---------------------------------------------------------------------------------------


def test_memory_keeps_the_state_and_a_match_says_it(sample_project: Path) -> None:
    from relay.core.project import open_project
    from relay.memory.records import records_of_catalog
    from relay.memory.store import open_memory

    title = "The stakes are high."
    path = sample_project / "locales" / "fr" / f"{SLUG}.po"
    catalog = load_catalog(path)
    assert catalog is not None
    step = "relay-state: revised by Pavel Orlov on 2026-12-03"
    catalog.entries = [
        entry.with_(comments=(*entry.comments, step)) if entry.msgid == title else entry
        for entry in catalog
    ]
    path.write_bytes(write_po(catalog))
    records = records_of_catalog(catalog, lang="fr", origin=SLUG, date="2014-03-12")
    assert {r.source: r.state for r in records}[title] == "revised"
    index, _ = open_memory(open_project(sample_project))
    with index:
        found = index.exact(title, "fr")
        assert found and found[0].state == "revised" and found[0].unit
        other = index.exact("Note to editors", "fr")
        assert other and other[0].state == ""
        assert {r.state for r in index.records(["fr"]) if r.source == title} == {"revised"}


# -- configuration --------------------------------------------------------------------------------


def test_gate_require_is_read_and_checked(tmp_path: Path) -> None:
    config = tmp_path / "relay.toml"
    base = 'source-lang = "en"\ntarget-langs = ["fr", "ru"]\n[gates]\n'
    config.write_text(base + 'ru = { require = "approved" }\n')
    loaded = load_config(tmp_path)
    assert loaded.gate("ru") == Gate(require="approved") and loaded.gate("fr") == Gate()
    config.write_text(base + 'ru = { require = "proofread" }\n')
    with pytest.raises(ProjectError, match="require must be translated, revised or approved"):
        load_config(tmp_path)


def test_unknown_step_and_state_are_refused(sample_project: Path) -> None:
    result = runner.invoke(app, ["-C", str(sample_project), "export", "--lang", "fr", "--for", "x"])
    assert result.exit_code != 0 and "unknown step" in str(result.exception)
    result = runner.invoke(app, ["-C", str(sample_project), "import", "--state", "x", "a.po"])
    assert result.exit_code != 0 and "unknown state" in str(result.exception)
