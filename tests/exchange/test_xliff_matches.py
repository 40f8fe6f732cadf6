"""Memory matches in XLIFF: <alt-trans> (1.2) and <mtc:match> (2.0), from writing to export."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from translate.storage import xliff as toolkit_xliff12
from translate.storage import xliff2 as toolkit_xliff2
from typer.testing import CliRunner

from relay.catalogs.po import read_po, write_po
from relay.cli.app import app
from relay.core.errors import CatalogError
from relay.exchange import xliff2, xliff12
from relay.exchange.handoff import read_package
from relay.exchange.package import ExchangeUnit, Package, Placeholder
from relay.exchange.xliff_matches import MTC
from relay.memory.records import Match

MODULES = {"xliff": xliff12, "xliff2": xliff2}
Q = {"x12": xliff12.NS, "x2": xliff2.NS, "mtc": MTC}
SEED = "2013-04-23-kazakhstan-innovation"

LINK, BREAK = Placeholder(1, "pair", "link"), Placeholder(2, "empty", "line break")
WITH_MATCHES = ExchangeUnit(
    id="5e1f2a3b4c",
    source="Read <1>the report</1>.<2/>",
    target="Lisez <1>le rapport</1>.<2/>",
    state="fuzzy",
    previous="Read <1>a report</1>.<2/>",
    notes=("paragraph (block 3)",),
    base="3fa2c1d0e9ab",
    placeholders=(LINK, BREAK),
    matches=(
        Match("Read <1>a report</1>.<2/>", "Lisez <1>un rapport</1>.<2/>", 93.0, f"{SEED}#b6c931"),
        Match("Read the report.", "</1>Lisez le rapport<1>.", 81.5, "tmx:press#42"),
    ),
)
NEW = ExchangeUnit(
    id="0a1b2c3d4e",
    source="Water & <1>life</1>",
    placeholders=(LINK,),
    matches=(Match("Water & <1>life</1>", "L’eau & <1>la vie</1>", 100.0, f"{SEED}#0a1b"),),
)
PACKAGE = Package(
    release="2016-05-02-kazakhstan-followup",
    original="sources/2016-05-02-kazakhstan-followup.html",
    source_lang="en",
    target_lang="fr",
    fingerprint="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    units=(
        WITH_MATCHES,
        NEW,
        ExchangeUnit(id="f0f0f0f0f0", source="Done.", target="Fait.", state="translated"),
    ),
)


def as_format(package: Package, name: str) -> Package:
    return dataclasses.replace(package, format=name)


def read_back(name: str, data: bytes) -> Package:
    package = MODULES[name].read(data, path="returned.xlf")
    units = tuple(dataclasses.replace(unit, line=0) for unit in package.units)
    return dataclasses.replace(package, units=units)


def on_grid(package: Package, name: str) -> Package:
    """The package with its scores as the format carries them (1.2: whole percents)."""
    if name == "xliff2":
        return package
    units = tuple(
        dataclasses.replace(
            unit,
            matches=tuple(dataclasses.replace(m, score=float(int(m.score))) for m in unit.matches),
        )
        for unit in package.units
    )
    return dataclasses.replace(package, units=units)


# Round trips of generated packages

TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Cn")) | st.sampled_from("\t\n\r &<>\"' "),
    max_size=8,
)
LABELS = st.sampled_from(["link", "emphasis", "line break", "", "a&<b>"])
PLACEHOLDERS = st.lists(st.tuples(st.sampled_from(["pair", "empty"]), LABELS), max_size=3).map(
    lambda drawn: tuple(
        Placeholder(number, kind, label) for number, (kind, label) in enumerate(drawn, start=1)
    )
)
SCORES = {
    "xliff": st.integers(0, 100).map(float),
    "xliff2": st.integers(0, 1000).map(lambda tenths: tenths / 10),
}


def tags(placeholders: tuple[Placeholder, ...]) -> list[str]:
    found: list[str] = []
    for item in placeholders:
        found += [f"<{item.id}/>"] if item.kind == "empty" else [f"<{item.id}>", f"</{item.id}>"]
    return found


@st.composite
def coded(draw: st.DrawFn, placeholders: tuple[Placeholder, ...], *, loose: bool) -> str:
    """Coded text with the unit's codes; ``loose``: some dropped, crossed, or strangers."""
    found = tags(placeholders)
    if loose:
        found = draw(st.permutations(found))[: draw(st.integers(0, len(found)))]
        found += draw(st.lists(st.sampled_from(["<7/>", "<8>", "</9>"]), max_size=1))
    texts = draw(st.lists(TEXT, min_size=len(found) + 1, max_size=len(found) + 1))
    return "".join(text + tag for text, tag in zip(texts, [*found, ""], strict=True))


@st.composite
def units(draw: st.DrawFn, unit_id: str, name: str) -> ExchangeUnit:
    placeholders = draw(PLACEHOLDERS)
    state = draw(st.sampled_from(["new", "fuzzy", "translated"]))
    match = st.builds(
        Match,
        source=coded(placeholders, loose=True),
        target=coded(placeholders, loose=True),
        score=SCORES[name],
        origin=TEXT,
    )
    target = "" if state == "new" else draw(coded(placeholders, loose=True))
    if state != "new" and not target.strip():
        # A blank translation (nothing, or only white space, no code) is read back as an
        # empty segment, a problem the unit then carries (#14): not what these round trips
        # are about. Hypothesis found " " in XLIFF 2.0.
        target = "x"
    return ExchangeUnit(
        id=unit_id,
        source=draw(coded(placeholders, loose=False)),
        target=target,
        state=state,
        previous=draw(st.none() | coded(placeholders, loose=True)),
        placeholders=placeholders,
        matches=tuple(draw(st.lists(match, max_size=3))),
    )


@st.composite
def packages(draw: st.DrawFn, name: str) -> Package:
    ids = draw(st.lists(st.from_regex(r"[0-9a-f]{10}", fullmatch=True), max_size=4, unique=True))
    units_drawn = tuple(draw(units(unit_id, name)) for unit_id in ids)
    return dataclasses.replace(as_format(PACKAGE, name), units=units_drawn)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["xliff", "xliff2"])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_round_trip_keeps_matches(name: str, data: st.DataObject) -> None:
    package = data.draw(packages(name))
    written = MODULES[name].write(package)
    assert read_back(name, written) == package
    assert MODULES[name].write(package) == written


def test_a_blank_translation_comes_back_as_an_empty_segment_for_the_reviewer() -> None:
    """Only white space in an XLIFF 2.0 segment's target is no translation: read back, the
    unit says so to its reviewer (the case hypothesis drew among units with nothing)."""
    blank = ExchangeUnit(id="0000000003", source="", target=" ", state="fuzzy")
    empty = [ExchangeUnit(id=f"000000000{n}", source="", target="", state="new") for n in range(3)]
    package = dataclasses.replace(as_format(PACKAGE, "xliff2"), units=(*empty, blank))
    back = read_back("xliff2", MODULES["xliff2"].write(package))
    assert back.units[:3] == package.units[:3]
    assert back.units[3].review == ("segment 1 of 1 is empty",)
    assert back.units[3].state == "fuzzy" and back.units[3].target == " "


@pytest.mark.parametrize("name", ["xliff", "xliff2"])
def test_realistic_package_round_trips(name: str) -> None:
    package = as_format(PACKAGE, name)
    assert read_back(name, MODULES[name].write(package)) == on_grid(package, name)


def test_xliff12_alt_trans_follow_the_previous_version() -> None:
    root = etree.fromstring(xliff12.write(PACKAGE))
    fuzzy, new, done = root.findall(".//x12:trans-unit", Q)
    alternatives = fuzzy.findall("x12:alt-trans", Q)
    assert [dict(item.attrib) for item in alternatives] == [
        {"alttranstype": "previous-version", "tool-id": "relay"},
        {"match-quality": "93", "origin": f"{SEED}#b6c931", "tool-id": "relay"},
        {"match-quality": "81", "origin": "tmx:press#42", "tool-id": "relay"},
    ]
    link = alternatives[1].find("x12:target/x12:g", Q)
    assert (link.get("id"), link.get("equiv-text"), link.text) == ("1", "link", "un rapport")
    crossed = alternatives[2].find("x12:target", Q)
    assert [etree.QName(item).localname for item in crossed] == ["ex", "bx"]
    assert new.find("x12:alt-trans", Q).get("match-quality") == "100"
    assert done.find("x12:alt-trans", Q) is None


def test_xliff2_matches_refer_to_the_segment() -> None:
    root = etree.fromstring(xliff2.write(as_format(PACKAGE, "xliff2")))
    fuzzy, _, done = root.findall(".//x2:unit", Q)
    matches = fuzzy.findall("mtc:matches/mtc:match", Q)
    assert [dict(item.attrib) for item in matches] == [
        {"ref": "#s1", "matchQuality": "93.0", "origin": f"{SEED}#b6c931"},
        {"ref": "#s1", "matchQuality": "81.5", "origin": "tmx:press#42"},
    ]
    assert fuzzy.find("x2:segment", Q).get("id") == "s1"
    assert [etree.QName(item).localname for item in fuzzy][:2] == ["metadata", "matches"]
    assert matches[0].find("x2:target/x2:pc", Q).get("dispStart") == "link"
    # A unit without matches keeps an anonymous segment, and its id in translate-toolkit.
    assert done.find("x2:segment", Q).get("id") is None
    assert done.find("mtc:matches", Q) is None


def test_scores_are_rounded_down_and_checked() -> None:
    near = ExchangeUnit(id="a", source="x", matches=(Match("y", "z", 99.96, "r#u"),))
    package = dataclasses.replace(PACKAGE, units=(near,))
    assert b'match-quality="99"' in xliff12.write(package)
    assert b'matchQuality="99.9"' in xliff2.write(package)
    for score in (100.5, -1.0, float("nan")):
        broken = dataclasses.replace(near, matches=(Match("y", "z", score, "r#u"),))
        for module in (xliff12, xliff2):
            with pytest.raises(CatalogError, match="between 0 and 100"):
                module.write(dataclasses.replace(package, units=(broken,)))


# Schemas


def _schema(path: Path | None = None, text: str | None = None) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    tree = etree.fromstring(text, parser) if text else etree.parse(str(path), parser)
    return etree.XMLSchema(tree)


@pytest.fixture(scope="module")
def schemas(data_dir: Path) -> dict[str, etree.XMLSchema]:
    folder = data_dir / "schemas" / "xliff"
    core = folder / "2.0/xliff_core_2.0.xsd"
    modules = {xliff2.MDA: "metadata.xsd", MTC: "matches.xsd"}
    # The core admits module elements laxly; a driver makes the metadata and matches modules count.
    imports = [(xliff2.NS, core)] + [(ns, folder / "2.0/modules" / f) for ns, f in modules.items()]
    driver = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        + "".join(
            f'<xs:import namespace="{ns}" schemaLocation="{p.as_uri()}"/>' for ns, p in imports
        )
        + "</xs:schema>"
    )
    return {
        "1.2 strict": _schema(folder / "1.2/xliff-core-1.2-strict.xsd"),
        "1.2 transitional": _schema(folder / "1.2/xliff-core-1.2-transitional.xsd"),
        "2.0 core": _schema(core),
        "2.0 core + metadata + matches": _schema(text=driver),
    }


SCHEMA_CASES = [
    ("1.2 strict", "xliff"),
    ("1.2 transitional", "xliff"),
    ("2.0 core", "xliff2"),
    ("2.0 core + metadata + matches", "xliff2"),
]


@pytest.mark.parametrize(("schema", "name"), SCHEMA_CASES)
def test_files_with_matches_are_schema_valid(
    schemas: dict[str, etree.XMLSchema], schema: str, name: str
) -> None:
    document = etree.fromstring(MODULES[name].write(as_format(PACKAGE, name)))
    assert schemas[schema].validate(document), schemas[schema].error_log


def test_the_matches_schema_sees_a_broken_match(schemas: dict[str, etree.XMLSchema]) -> None:
    """The driver really validates the module: a match without ``ref`` fails."""
    document = etree.fromstring(xliff2.write(as_format(PACKAGE, "xliff2")))
    del document.find(".//mtc:match", Q).attrib["ref"]
    assert schemas["2.0 core"].validate(document)
    assert not schemas["2.0 core + metadata + matches"].validate(document)


# Other tools' files

FOREIGN_12 = f"""<?xml version="1.0"?>
<xliff version="1.2" xmlns="{xliff12.NS}"><file original="a.html" source-language="en"
 target-language="fr" datatype="html"><body>
<trans-unit id="u1">
  <source>Read <bpt id="a">&lt;a&gt;</bpt>the report<ept id="a">&lt;/a&gt;</ept>.</source>
  <alt-trans match-quality=" 87% " origin="TM: press" tool-id="okapi">
    <source>Read <bpt id="a">&lt;a&gt;</bpt>this report<ept id="a">&lt;/a&gt;</ept>.</source>
    <target>Lisez <bpt id="a">&lt;a&gt;</bpt>ce rapport<ept id="a">&lt;/a&gt;</ept>.</target>
  </alt-trans>
  <alt-trans match-quality="100" tool-id="mt-engine"><target>Lisez le rapport.</target></alt-trans>
  <alt-trans alttranstype="previous-version" match-quality="90"><target>old</target></alt-trans>
  <alt-trans mid="1" match-quality="90"><target>a segment's</target></alt-trans>
  <alt-trans match-quality="guaranteed"><target>not a score</target></alt-trans>
  <alt-trans><target>no score</target></alt-trans>
</trans-unit>
</body></file></xliff>""".encode()


def test_other_tools_alt_trans_proposals_are_matches() -> None:
    [unit] = xliff12.read(FOREIGN_12, path="okapi.xlf").units
    assert unit.source == "Read <1>the report</1>."
    assert unit.placeholders == (Placeholder(1, "pair", "<a>"),)
    assert unit.matches == (
        Match("Read <1>this report</1>.", "Lisez <1>ce rapport</1>.", 87.0, "TM: press"),
        Match("Read <1>the report</1>.", "Lisez le rapport.", 100.0, "mt-engine"),
    )


FOREIGN_2 = f"""<?xml version="1.0"?>
<xliff xmlns="{xliff2.NS}" xmlns:mtc="{MTC}" version="2.0" srcLang="en" trgLang="fr">
<file id="f">
<unit id="one">
  <mtc:matches>
    <mtc:match ref="#seg" matchQuality="76.5" origin="tm-x">
      <source>Hi <ph id="p" equiv="{{0}}"/></source><target>Salut <ph id="p"/></target>
    </mtc:match>
    <mtc:match ref="#seg" similarity="80"><source>a</source><target>b</target></mtc:match>
    <mtc:match ref="#elsewhere" matchQuality="80"><source>a</source><target>b</target></mtc:match>
  </mtc:matches>
  <segment id="seg"><source>Hello <ph id="p" equiv="{{0}}"/></source></segment>
</unit>
<unit id="two">
  <mtc:matches><mtc:match ref="#a" matchQuality="90"><source>A.</source><target>A.</target>
  </mtc:match></mtc:matches>
  <segment id="a"><source>A.</source></segment><ignorable><source> </source></ignorable>
  <segment id="b"><source>B.</source></segment>
</unit>
<unit id="three">
  <mtc:matches><mtc:match ref="#1" matchQuality="90"><source>C</source><target>C</target>
  </mtc:match></mtc:matches>
  <segment><source>C</source><target>C</target></segment>
</unit>
</file></xliff>""".encode()


def test_other_tools_matches_for_the_unit_are_read() -> None:
    one, two, three = xliff2.read(FOREIGN_2, path="tool.xlf").units
    assert one.source == "Hello <1/>" and one.placeholders == (Placeholder(1, "empty", "{0}"),)
    assert one.matches == (Match("Hi <1/>", "Salut <1/>", 76.5, "tm-x"),)
    # One segment of several, or a segment without an id: no match for the unit.
    assert (two.source, two.matches) == ("A. B.", ())
    assert (three.target, three.matches) == ("C", ())


# translate-toolkit, as a foreign tool


def test_translate_toolkit_sees_alt_trans_and_keeps_matches() -> None:
    store = toolkit_xliff12.xlifffile.parsestring(xliff12.write(PACKAGE))
    offered = store.units[0].getalttrans()
    assert [(item.source, item.target) for item in offered][1:] == [
        ("Read a report.", "Lisez un rapport."),
        ("Read the report.", "Lisez le rapport."),
    ]
    store.units[1].target = "L’eau & la vie"
    returned = read_back("xliff", bytes(store))
    assert [unit.matches for unit in returned.units] == [
        unit.matches for unit in on_grid(PACKAGE, "xliff").units
    ]


def test_translate_toolkit_opens_xliff2_with_matches() -> None:
    package = as_format(PACKAGE, "xliff2")
    store = toolkit_xliff2.Xliff2File.parsestring(xliff2.write(package))
    assert [unit.source for unit in store.units] == ["Read the report.", "Water & life", "Done."]
    # translate-toolkit names a segment that has an id after it: only units with matches.
    assert [unit.getid() for unit in store.units] == [
        "5e1f2a3b4c::s1",
        "0a1b2c3d4e::s1",
        "f0f0f0f0f0",
    ]
    store.units[1].target = "L’eau & la vie"
    returned = read_back("xliff2", bytes(store))
    assert [unit.matches for unit in returned.units] == [unit.matches for unit in package.units]


# End to end: relay extract, relay export


def relay(root: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["-C", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.output


FOLLOWUP = "2016-05-02-kazakhstan-followup"
TITLE = "UNECE supports Kazakhstan’s efforts to promote innovation"


@pytest.fixture
def followup(sample_project: Path) -> Path:
    """A new release reusing the seed's text: two sentences edited, its title untranslated."""
    seed = (sample_project / "sources" / f"{SEED}.html").read_text("utf-8")
    edited = (
        seed.replace(SEED, FOLLOWUP)
        .replace("is helping Kazakhstan", "is helping the Republic of Kazakhstan")
        .replace("the first step in this process", "the first step in that process")
    )
    (sample_project / "sources" / f"{FOLLOWUP}.html").write_text(edited, "utf-8")
    relay(sample_project, "extract")
    path = sample_project / "locales" / "fr" / f"{FOLLOWUP}.po"
    catalog = read_po(path.read_bytes(), path=str(path))
    catalog.entries = [
        entry.with_(msgstr="") if entry.msgid == TITLE else entry for entry in catalog.entries
    ]
    path.write_bytes(write_po(catalog))
    return sample_project


def test_export_offers_memory_matches_for_untranslated_units(
    followup: Path, schemas: dict[str, etree.XMLSchema]
) -> None:
    packages = {}
    for name in ("po", "xliff", "xliff2"):
        relay(followup, "export", "--lang", "fr", "--format", name, "--out", str(followup / name))
        path = next((followup / name / "fr").glob(f"{FOLLOWUP}.*"))
        data = path.read_bytes()
        packages[name] = read_package(data, path=str(path))
        for schema, version in SCHEMA_CASES:
            if version == name:
                assert schemas[schema].validate(etree.fromstring(data)), schemas[schema].error_log
        relay(
            followup,
            "export",
            "--lang",
            "fr",
            "--format",
            name,
            "--out",
            str(followup / "again" / name),
        )
        assert next((followup / "again" / name / "fr").glob(f"{FOLLOWUP}.*")).read_bytes() == data

    assert all(not unit.matches for unit in packages["po"].units)  # PO has no place for them
    units = packages["xliff2"].units
    waiting = [unit for unit in units if unit.state != "translated"]
    assert [unit.state for unit in waiting] == ["new", "fuzzy", "fuzzy"]
    assert all(not unit.matches for unit in units if unit.state == "translated")
    title, *edited = waiting
    [exact] = title.matches
    assert (exact.source, exact.score) == (TITLE, 100.0) and exact.origin.startswith(f"{SEED}#")
    assert exact.target.startswith("La CEE-ONU")
    for unit in edited:
        assert unit.matches and all(75 <= m.score < 100 for m in unit.matches)
        assert all(m.origin.startswith(f"{SEED}#") for m in unit.matches)
        assert unit.matches[0].source == unit.previous  # the seed's sentence, before the edit
    for unit, same in zip(packages["xliff"].units, units, strict=True):
        assert [(m.source, m.target, m.origin) for m in unit.matches] == [
            (m.source, m.target, m.origin) for m in same.matches
        ]
        assert [m.score for m in unit.matches] == [float(int(m.score)) for m in same.matches]

    root = etree.fromstring((followup / "xliff" / "fr" / f"{FOLLOWUP}.xlf").read_bytes())
    [offered] = root.findall(f".//x12:trans-unit[@id='{title.id}']/x12:alt-trans", Q)
    assert (offered.get("match-quality"), offered.get("origin")) == ("100", exact.origin)
    root = etree.fromstring((followup / "xliff2" / "fr" / f"{FOLLOWUP}.xlf").read_bytes())
    [offered] = root.findall(f".//x2:unit[@id='{title.id}']/mtc:matches/mtc:match", Q)
    assert (offered.get("ref"), offered.get("matchQuality")) == ("#s1", "100.0")
