"""What the commands print never drives the terminal: a translation, a note or a quoted source
holding control characters (ESC [1A ESC [2K erases the line above in a CI log) is shown with
them as symbols, piped and on a terminal alike."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from rich.text import Text

from relay.cli import common
from relay.cli.common import printable

RELEASE = "2015-10-05-road-safety"
ATTACK = "\x1b[1A\x1b[2K\x1b[32mall clear\x1b]0;title\x07\x9b2J"


def _relay(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("relay")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "relay"]
    return subprocess.run(
        [*command, "-C", str(project), *args], capture_output=True, text=True, check=False
    )


def _plant(project: Path) -> None:
    """Put ESC and BEL (raw, as a CAT tool can write them) at the end of a translation."""
    catalog = project / "locales" / "fr" / f"{RELEASE}.po"
    text = catalog.read_text(encoding="utf-8")
    planted = text.replace('"d’autres pays suivront."', f'"d’autres pays suivront.{ATTACK}"', 1)
    assert planted != text
    catalog.write_text(planted, encoding="utf-8")


def test_a_piped_check_shows_control_characters_as_symbols(sample_project: Path) -> None:
    _plant(sample_project)
    for args in (["check"], ["-q", "check"], ["check", "--lang", "fr", "--release", RELEASE]):
        result = _relay(sample_project, *args)
        assert result.returncode == 1, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "\x9b" not in result.stdout
        assert "suivront.\u241b[1A\u241b[2K\u241b[32mall clear\u241b]0;title\u2407\ufffd2J" in (
            result.stdout
        )
        # The check that blocks it still names what is there.
        assert "control characters: U+0007, U+001B" in result.stdout


def test_the_consoles_show_them_in_texts_and_in_styled_text() -> None:
    buffer = io.StringIO()
    console = common._console_class()(
        file=buffer, force_terminal=True, color_system="standard", highlight=False, markup=False
    )
    console.print("plain " + ATTACK)
    console.print(Text.assemble(("error", "red"), " quoted " + ATTACK))
    written = buffer.getvalue()
    # rich's own styles are escapes; the text's are not among them.
    assert "\x1b[1A" not in written and "\x1b[2K" not in written and "\x1b]0;" not in written
    assert "\x07" not in written and "\x9b" not in written
    assert written.count("\u241b[1A\u241b[2K") == 2
    assert "\x1b[31merror\x1b[0m" in written  # the style kept its span


def test_printable_keeps_line_breaks_tabs_and_every_other_character() -> None:
    assert printable("a\nb\tc") == "a\nb\tc"
    assert printable("\u00e9\u202f\u2028\U0001f600") == "\u00e9\u202f\u2028\U0001f600"
    shown = printable("".join(map(chr, range(0x00, 0xA0))))
    assert len(shown) == 0xA0  # one character for one
    assert not any(
        (0 <= ord(char) < 0x20 and char not in "\n\t") or 0x7F <= ord(char) < 0xA0 for char in shown
    )
