"""A release under embargo lends nothing to other releases until its time: not even a quote
in another release's finding, which the manifest publishes when a check across releases is an
error (``[checks] inconsistent-translation = "error"``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from support.catalogs import edit_catalog

from relay.core.project import open_project
from relay.extract.run import extract
from relay.publish.run import publish

SECRET = "Acme will buy Globex for 5 billion dollars on Monday."


def _translate(path: Path, translations: dict[str, str]) -> None:
    edit_catalog(
        path, lambda entry: entry.with_(msgstr=translations.get(entry.msgid, entry.msgstr))
    )


def test_an_embargoed_translation_is_quoted_in_no_manifest(empty_project: Path) -> None:
    config = empty_project / "relay.toml"
    config.write_text(
        config.read_text("utf-8")
        + '\n[checks]\ninconsistent-translation = "error"\ninconsistent-source = "error"\n',
        "utf-8",
    )
    sources = empty_project / "sources"
    (sources / "a.txt").write_text(
        f"Title: Secret merger\nDate: 2026-12-01\nEmbargo: 2030-01-01T10:00:00+01:00\n\n{SECRET}\n",
        "utf-8",
    )
    (sources / "b.txt").write_text(f"Title: Other news\nDate: 2026-12-02\n\n{SECRET}\n", "utf-8")
    project = open_project(empty_project)
    extract(project)
    for lang, secret, other in (
        ("fr", "Acme rachètera Globex pour 5 milliards de dollars lundi.",
         "Acme achètera Globex pour 5 milliards de dollars ce lundi."),
        ("ru", "Acme купит Globex за 5 миллиардов долларов в понедельник.",
         "Компания Acme купит Globex за 5 миллиардов долларов в понедельник."),
    ):  # fmt: skip
        _translate(
            empty_project / "locales" / lang / "a.po", {"Secret merger": "Fusion", SECRET: secret}
        )
        _translate(
            empty_project / "locales" / lang / "b.po", {"Other news": "Nouvelles", SECRET: other}
        )
    publish(project, now=dt.datetime(2026, 12, 7, tzinfo=dt.UTC))
    manifest = (empty_project / "public" / "manifest.json").read_text("utf-8")
    assert "rachètera" not in manifest
    assert "Acme купит Globex за 5 миллиардов долларов в понедельник.”" not in manifest
    assert '"a"' not in manifest and " in a " not in manifest
