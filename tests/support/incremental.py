"""Large projects for the incremental extract and publish tests: many releases, translated."""

from __future__ import annotations

from pathlib import Path

from relay.catalogs.po import read_po, write_po
from support.catalogs import stand_in

RELEASES = 30
COMMON_SENTENCE = "The Commission was set up in 1947 by the Economic and Social Council."


def release_text(number: int, extra: str = "") -> str:
    """The text of a short release; ``extra`` ends its last paragraph."""
    return (
        f"Title: Release number {number}\nDate: 2020-01-{1 + number % 28:02d}\n"
        f"Slug: 2020-release-{number:03d}\n\n"
        f"Delegates from {number + 2} countries met in Geneva. Mr. Smith said it went well.\n\n"
        f"{COMMON_SENTENCE} It brings together 56 member States.\n\n"
        f"Item {number} of the series, e.g. for the U.S. and Canada.{extra}\n"
    )


def make_project(root: Path, releases: int = RELEASES) -> Path:
    """A project of ``releases`` plain-text releases that share a sentence."""
    (root / "sources").mkdir(parents=True)
    (root / "relay.toml").write_text('source-lang = "en"\ntarget-langs = ["fr", "ru"]\n')
    for number in range(releases):
        (root / "sources" / f"r{number:03d}.txt").write_text(release_text(number), "utf-8")
    return root


def files_in(root: Path, *folders: str) -> dict[str, bytes]:
    """Every file under ``folders`` of ``root``, by its relative path, with its bytes."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for folder in folders
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    }


def translate_catalogs(root: Path, slugs: list[str] | None = None) -> None:
    """Translate the French and Russian catalogs (only the ``slugs``, if given): ``[fr] …``,
    the msgid made a stand-in translation (:func:`support.catalogs.stand_in`)."""
    for lang in ("fr", "ru"):
        for path in sorted((root / "locales" / lang).glob("*.po")):
            if slugs is not None and path.stem not in slugs:
                continue
            catalog = read_po(path.read_bytes(), path=str(path))
            catalog.entries = [
                e.with_(msgstr=f"[{lang}] {stand_in(e.msgid, lang)}") for e in catalog.entries
            ]
            path.write_bytes(write_po(catalog))
