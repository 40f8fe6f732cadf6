"""A release taken through the CLI as a coordinator takes it: written, extracted, translated by
hand, checked and published, to see what a check's error holds back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from relay.catalogs.po import load_catalog, write_po
from relay.cli.app import app

NOW = "2026-12-07T12:00:00+00:00"


@dataclass(frozen=True)
class Gated:
    """What ``relay check`` said (its exit code and output) and which variants ``relay
    publish`` wrote."""

    code: int
    output: str
    published: frozenset[str]


def check_and_publish(
    root: Path, slug: str, title: str, text: str, translations: dict[str, dict[str, str]]
) -> Gated:
    """Write a Markdown release of one paragraph, extract it, give each language's catalog
    its translations (by source text), then check and publish the project."""
    (root / "sources" / f"{slug}.md").write_text(
        f'---\ntitle: "{title}"\ndate: 2026-12-01\n---\n\n{text}\n', encoding="utf-8"
    )
    runner = CliRunner()
    project = ["--project", str(root)]
    extracted = runner.invoke(app, [*project, "extract"])
    assert extracted.exit_code == 0, extracted.output
    for lang, given in translations.items():
        path = root / "locales" / lang / f"{slug}.po"
        catalog = load_catalog(path)
        assert catalog is not None
        catalog.entries = [e.with_(msgstr=given.get(e.msgid, e.msgstr)) for e in catalog.entries]
        path.write_bytes(write_po(catalog))
    checked = runner.invoke(app, [*project, "check"])
    runner.invoke(app, [*project, "publish", "--now", NOW])
    published = frozenset(
        lang for lang in translations if (root / "public" / lang / f"{slug}.md").exists()
    )
    return Gated(checked.exit_code, checked.output, published)
