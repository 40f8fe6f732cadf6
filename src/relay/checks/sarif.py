"""SARIF 2.1.0: findings as the static-analysis log CI systems show inline.

Takes findings, the registry of checks and the project root's URI; gives a SARIF log (a
dict, ready for ``json.dumps``). Each check is a rule with its documentation; each finding a
result located in its catalog (the PO line of the unit) with the source line as a related
location; suppressed findings carry an ``inSource`` suppression.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from relay.checks.findings import Check, Finding
from relay.checks.suppression import fingerprint

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
ROOT = "PROJECTROOT"


def _location(where: str) -> dict[str, object] | None:
    if not where:
        return None
    match = re.fullmatch(r"(.+?):(\d+)", where)
    path, line = (match.group(1), int(match.group(2))) if match else (where, 0)
    physical: dict[str, object] = {"artifactLocation": {"uri": path, "uriBaseId": ROOT}}
    if line:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def _rule(check: Check) -> dict[str, object]:
    name = "".join(part.capitalize() for part in check.id.split("-"))
    return {
        "id": check.id,
        "name": name,
        "shortDescription": {"text": check.summary},
        "fullDescription": {"text": check.doc},
        "help": {"text": check.doc},
        "defaultConfiguration": {"level": LEVELS[check.severity]},
        "properties": {"scope": check.scope},
    }


def _result(finding: Finding, index: int) -> dict[str, object]:
    where = [finding.slug, finding.lang or "source", finding.unit or ""]
    result: dict[str, object] = {
        "ruleId": finding.check,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "partialFingerprints": {
            "relayUnit/v1": f"{finding.check}:{fingerprint(finding.source, finding.target)}"
        },
        "properties": {"release": finding.slug, "lang": finding.lang, "unit": finding.unit},
    }
    location = _location(finding.location)
    if location is not None:
        name = "/".join(where).rstrip("/")
        location["logicalLocations"] = [
            {"name": finding.unit or finding.slug, "fullyQualifiedName": name, "kind": "element"}
        ]
        result["locations"] = [location]
    related = _location(finding.source_location)
    if related is not None:
        related["id"] = 1
        related["message"] = {"text": "the unit in the source release"}
        result["relatedLocations"] = [related]
    if finding.suppressed:
        result["suppressions"] = [
            {"kind": "inSource", "justification": "relay-ignore comment in the catalog"}
        ]
    return result


def to_sarif(
    findings: Iterable[Finding], checks: Mapping[str, Check], *, root_uri: str, version: str
) -> dict[str, object]:
    """Give the SARIF log of a run of relay's checks."""
    rules = list(checks.values())
    index = {check.id: position for position, check in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "relay",
                        "version": version,
                        "rules": [_rule(check) for check in rules],
                    }
                },
                "originalUriBaseIds": {ROOT: {"uri": root_uri.rstrip("/") + "/"}},
                "results": [_result(f, index[f.check]) for f in findings],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
