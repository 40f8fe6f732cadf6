"""The manifest `relay publish` writes follows its published JSON Schema, and the schema
refuses manifests that break the contract."""

from __future__ import annotations

import copy
import json
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from relay.catalogs.catalog import Catalog
from relay.catalogs.po import load_catalog, write_po
from relay.core.project import open_project
from relay.publish.run import publish

SCHEMA = json.loads((files("relay") / "data" / "manifest.schema.json").read_text("utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
KAZAKHSTAN = "2013-04-23-kazakhstan-innovation"


def errors(manifest: dict[str, Any]) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(manifest)]


@pytest.fixture
def manifest(sample_project: Path) -> dict[str, Any]:
    """Publish the sample project with one French unit untranslated and one embargo."""
    source = sample_project / "sources" / "2015-10-05-road-safety.txt"
    text = source.read_text("utf-8")
    source.write_text(text.replace("\n\n", "\nEmbargo: 2015-10-05T10:00:00+02:00\n\n", 1), "utf-8")
    project = open_project(sample_project)
    path = project.catalog_path("fr", KAZAKHSTAN)
    catalog = load_catalog(path)
    assert catalog is not None
    entries = [catalog.entries[0].with_(msgstr=""), *catalog.entries[1:]]
    path.write_bytes(write_po(Catalog(catalog.header, entries)))
    report = publish(project)
    assert not report.errors
    return json.loads((sample_project / "public" / "manifest.json").read_text("utf-8"))


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_published_manifest_follows_the_schema(manifest: dict[str, Any]) -> None:
    assert errors(manifest) == []
    variants = [variant for release in manifest["releases"] for variant in release["variants"]]
    assert {variant["status"] for variant in variants} == {"published", "blocked"}
    assert [release["embargo"] for release in manifest["releases"]] == [
        None,
        None,
        "2015-10-05T10:00:00+02:00",
    ]


def test_every_field_relay_writes_is_described(manifest: dict[str, Any]) -> None:
    defs = SCHEMA["$defs"]
    assert set(manifest) <= set(SCHEMA["properties"])
    for release in manifest["releases"]:
        assert set(release) <= set(defs["release"]["properties"])
        for variant in release["variants"]:
            assert set(variant) <= set(defs["variant"]["properties"])
    for name, schema in [*SCHEMA["properties"].items(), *defs["variant"]["properties"].items()]:
        assert schema.get("description"), f"{name} is not documented"


def test_upcoming_optional_fields_are_accepted(manifest: dict[str, Any]) -> None:
    variant = manifest["releases"][0]["variants"][1]
    variant.update(
        published_at="2013-04-23T09:00:00Z",
        fallback_units=0,
        gate="published",
        findings=[
            {"check": "numbers", "severity": "warning", "unit": "80478d38d4", "message": "…"}
        ],
    )
    manifest["releases"][1]["variants"][0]["published_at"] = None
    manifest["releases"][2]["variants"][0]["gate"] = "embargoed"
    assert errors(manifest) == []


def broken(manifest: dict[str, Any], change: str) -> dict[str, Any]:
    """Give a copy of the manifest broken in one named way."""
    bad = copy.deepcopy(manifest)
    release = bad["releases"][0]
    french = release["variants"][1]
    published = bad["releases"][1]["variants"][1]
    match change:
        case "version 2":
            bad["manifest_version"] = 2
        case "unknown top-level field":
            bad["extra"] = True
        case "misspelt variant field":
            published["stauts"] = published.pop("status")
        case "unknown completeness field":
            published["completeness"]["reviewed"] = 3
        case "published without a file":
            published["path"] = None
        case "published with reasons":
            published["reasons"] = ["1 of 26 units untranslated"]
        case "blocked without reasons":
            french["reasons"] = []
        case "blocked with a file":
            french["path"], french["size"] = f"fr/{KAZAKHSTAN}.html", 10
        case "short hash":
            published["sha256"] = published["sha256"][:40]
        case "upper-case hash":
            release["source"]["sha256"] = release["source"]["sha256"].upper()
        case "embargo without a time zone":
            release["embargo"] = "2015-10-05T10:00:00"
        case "date with a time":
            release["date"] = "2013-04-23T00:00:00Z"
        case "percent over 100":
            published["completeness"]["percent"] = 100.5
        case "negative count":
            published["completeness"]["fuzzy"] = -1
        case "unknown status":
            published["status"] = "embargoed"
        case "unknown format":
            release["source"]["format"] = "docx"
        case "bad slug":
            release["slug"] = "Kazakhstan Innovation"
        case "finding of unknown severity":
            published["findings"] = [
                {"check": "x", "severity": "fatal", "unit": "u", "message": ""}
            ]
        case "gate that is not a string":
            published["gate"] = True
        case "missing variants":
            del release["variants"]
    return bad


CHANGES = [
    "version 2",
    "unknown top-level field",
    "misspelt variant field",
    "unknown completeness field",
    "published without a file",
    "published with reasons",
    "blocked without reasons",
    "blocked with a file",
    "short hash",
    "upper-case hash",
    "embargo without a time zone",
    "date with a time",
    "percent over 100",
    "negative count",
    "unknown status",
    "unknown format",
    "bad slug",
    "finding of unknown severity",
    "gate that is not a string",
    "missing variants",
]


@pytest.mark.parametrize("change", CHANGES)
def test_broken_manifests_are_refused(manifest: dict[str, Any], change: str) -> None:
    assert manifest["releases"][0]["variants"][1]["status"] == "blocked"
    bad = broken(manifest, change)
    assert bad != manifest
    assert errors(bad), f"the schema accepts a manifest with {change}"


def test_the_documented_example_follows_the_schema() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "manifest.md").read_text("utf-8")
    [example] = re.findall(r"```json\n(.*?)```", text, flags=re.DOTALL)
    assert errors(json.loads(example)) == []
