from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import Cli
from tests.helpers import AS_OF, EXAMPLES, MINIMAL, ROOT

SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))


def validate(document: Any) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)


def test_every_outcome_is_reported_and_matches_the_published_schema(
    cli: Cli, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format_version: 1\nproject: [\n")
    done = cli(
        "validate",
        "--as-of",
        AS_OF,
        "-f",
        "json",
        *map(str, sorted(EXAMPLES.glob("*.yaml"))),
        str(bad),
    )
    assert done.returncode == 2
    document = json.loads(done.stdout)
    validate(document)
    outcomes = {f["outcome"] for file in document["files"] for f in file["findings"]}
    assert outcomes == {"pass", "fail", "not_applicable"}
    assert document["summary"]["files"] == len(list(EXAMPLES.glob("*.yaml"))) + 1
    assert document["summary"]["files_not_checked"] == 1
    rule_count = document["rule_pack"]["rule_count"]
    for file in document["files"]:
        assert len(file["findings"]) == (rule_count if file["checked"] else 0)
    [broken] = [f for f in document["files"] if not f["checked"]]
    assert broken["problems"][0]["stage"] == "yaml"
    assert broken["project"] is None


def test_failure_carries_location_reference_and_remediation(cli: Cli, write: Any) -> None:
    path = write(MINIMAL.replace("stage: proposal", "stage: in_progress"))
    document = json.loads(cli("validate", "--as-of", AS_OF, "-f", "json", str(path)).stdout)
    [finding] = [
        f
        for f in document["files"][0]["findings"]
        if f["rule_id"] == "written-agreement-before-start"
    ]
    assert finding["outcome"] == "fail"
    assert (finding["line"], finding["column"], finding["yaml_path"]) == (
        1,
        1,
        "governance.agreement.status",
    )
    assert finding["reference"]["clause"] == "20.3"
    assert finding["remediation"].startswith("Sign the written agreement")
    project = document["files"][0]["project"]
    assert project["parties"] == [
        {"name": "Northshire Teaching Hospitals NHS Foundation Trust", "kind": "nhs_trust"},
        {"name": "Meridian Pharmaceuticals UK Ltd", "kind": "pharmaceutical_company"},
    ]
    assert [k["label"] for k in project["key_dates"]][:2] == ["Project starts", "Project ends"]


@pytest.mark.parametrize(
    "hostile", ['quote " backslash \\ ', "ctrl \x1b[31m \x07 bidi \u202e", "</script><!--"]
)
def test_hostile_text_stays_valid_json(cli: Cli, write: Any, hostile: str) -> None:
    path = write(
        MINIMAL.replace(
            "title: Heart failure medicines optimisation", f"title: {json.dumps(hostile)}"
        )
    )
    document = json.loads(cli("validate", "--as-of", AS_OF, "-f", "json", str(path)).stdout)
    validate(document)
    assert document["files"][0]["project"]["title"] == hostile


def test_json_output_is_deterministic(cli: Cli) -> None:
    runs = {cli("validate", "--as-of", AS_OF, "-f", "json", str(EXAMPLES)).stdout for _ in range(2)}
    assert len(runs) == 1
