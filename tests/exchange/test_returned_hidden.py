"""Returned files that hide what they change: XLIFF 2 deletions split as <sm/>…<em/>, invisible
direction and tag characters, a <cp> that is no character, two <file>s for one release, and a
translation left only in an obsolete PO entry."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from relay.catalogs.po import load_catalog
from relay.cli.app import app

runner = CliRunner()
SEED = "2013-04-23-kazakhstan-innovation"
UNIT = "7779bbbc4e"  # "United Nations Economic Commission for Europe" (a title attribute)
FRENCH = "Commission économique des Nations Unies pour l’Europe"


def relay(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["-C", str(root), *args])
    return result.exit_code, result.output


def exported(root: Path, fmt: str) -> Path:
    assert relay(root, "export", "--lang", "fr", "--format", fmt, "--release", SEED)[0] == 0
    suffix = ".po" if fmt == "po" else ".xlf"
    return root / "outbox" / "fr" / f"{SEED}{suffix}"


def test_an_xliff2_deletion_split_as_sm_em_is_refused(sample_project: Path) -> None:
    returned = exported(sample_project, "xliff2")
    text = returned.read_text("utf-8")
    target = f"<target>{FRENCH}</target>"
    assert target in text
    returned.write_text(
        text.replace(
            target,
            f'<target>{FRENCH}<sm id="d1" type="x-sdl-deleted"/> mots supprimés<em startRef="d1"/>'
            "</target>",
        ),
        "utf-8",
    )
    code, output = relay(sample_project, "import", str(returned))
    assert code == 0, output
    assert "1 broken" in output and "accept or reject" in output, output
    catalog = load_catalog(sample_project / "locales" / "fr" / f"{SEED}.po")
    assert catalog is not None
    assert not any("supprimés" in entry.msgstr for entry in catalog.entries)


def test_a_cp_surrogate_is_no_traceback(sample_project: Path) -> None:
    returned = exported(sample_project, "xliff2")
    text = returned.read_text("utf-8")
    target = f"<target>{FRENCH}</target>"
    returned.write_text(text.replace(target, f'<target>{FRENCH}<cp hex="D800"/></target>'), "utf-8")
    code, output = relay(sample_project, "import", str(returned))
    assert code in (0, 1, 2), output
    assert "Traceback" not in output
    code, output = relay(sample_project, "check", "--release", SEED, "--lang", "fr")
    assert code == 1 and "U+FFFD" in output, output


def test_direction_overrides_and_tag_characters_block_the_variant(sample_project: Path) -> None:
    root = sample_project
    returned = exported(root, "po")
    text = returned.read_text("utf-8")
    hidden = "".join(chr(0xE0000 + ord(char)) for char in "hidden")
    # "2012" written with a right-to-left override reads "2102" in a browser.
    assert "en 2012" in text
    text = text.replace("en 2012", "en \u202e2012\u202c", 1)
    text = text.replace(f'msgstr "{FRENCH}"', f'msgstr "{FRENCH}{hidden}"', 1)
    returned.write_text(text, "utf-8")
    code, output = relay(root, "import", str(returned))
    assert code == 0 and "2 applied" in output, output
    code, output = relay(root, "check", "--release", SEED, "--lang", "fr")
    assert code == 1, output
    assert "U+202E" in output and "tag characters" in output, output
    code, output = relay(root, "publish")
    assert re.search(rf"fr +{SEED}: blocked", output), output
    assert not (root / "public" / "fr" / f"{SEED}.html").exists()


def test_two_files_of_one_release_in_one_xliff_are_both_imported(sample_project: Path) -> None:
    root = sample_project
    catalog_path = root / "locales" / "fr" / f"{SEED}.po"
    first, second = "Information Unit", "Note to editors"
    text = catalog_path.read_text("utf-8")
    for msgid in (first, second):
        text, count = re.subn(rf'(msgid "{msgid}"\n)msgstr ".*"', r'\1msgstr ""', text)
        assert count == 1
    catalog_path.write_text(text, "utf-8")
    returned = exported(root, "xliff")
    document = returned.read_text("utf-8")
    start, end = document.index("<file "), document.index("</file>") + len("</file>")
    file = document[start:end]

    def only(msgid: str, translation: str) -> str:
        units = re.findall(r"\s*<trans-unit .*?</trans-unit>", file, re.S)
        kept = next(unit for unit in units if f"<source>{msgid}</source>" in unit)
        kept = kept.replace(
            "</source>", f'</source>\n<target state="translated">{translation}</target>', 1
        )
        head = file[: file.index("<body>") + len("<body>")]
        return f"{head}{kept}</body></file>"

    both = only(first, "Service de l’information") + only(second, "Note aux rédactions")
    returned.write_text(document[:start] + both + document[end:], "utf-8")
    code, output = relay(root, "import", "-v", str(returned))
    assert code == 0, output
    assert output.count("1 applied") == 2, output
    catalog = load_catalog(catalog_path)
    assert catalog is not None
    done = {entry.msgid: entry.msgstr for entry in catalog.entries}
    assert done[first] == "Service de l’information"
    assert done[second] == "Note aux rédactions"


def test_a_translation_found_only_in_an_obsolete_entry_is_reported_not_dropped(
    sample_project: Path,
) -> None:
    # Poedit's "update from template" run against another release's template turns the
    # release's units into "#~" entries, the translator's work in them.
    root = sample_project
    catalog_path = root / "locales" / "fr" / f"{SEED}.po"
    msgid = "Note to editors"
    text, count = re.subn(
        rf'(msgid "{msgid}"\n)msgstr ".*"', r'\1msgstr ""', catalog_path.read_text("utf-8")
    )
    assert count == 1
    catalog_path.write_text(text, "utf-8")
    returned = exported(root, "po")
    text, count = re.subn(
        rf'msgid "{msgid}"\nmsgstr ""',
        f'#~ msgid "{msgid}"\n#~ msgstr "Note aux rédactions"',
        returned.read_text("utf-8"),
    )
    assert count == 1
    returned.write_text(text, "utf-8")
    code, output = relay(root, "import", "-v", str(returned))
    assert code == 0, output
    assert "1 broken" in output and "obsolete entry" in output, output
    catalog = load_catalog(catalog_path)
    assert catalog is not None
    assert {entry.msgid: entry.msgstr for entry in catalog.active}[msgid] == ""
