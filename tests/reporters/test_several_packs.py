"""Every report format names each pack of a run and every rule configuration changed."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from collabcheck.config.settings import PackSelection, RuleSetting
from collabcheck.pipeline import check_file
from collabcheck.reporters import Report, render, summary_line
from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import builtin_pack_dir
from collabcheck.rulepacks.selection import load_selection
from tests.helpers import EXAMPLES
from tests.reporters import test_json_report, test_junit, test_sarif
from tests.rulepacks.test_cases import make_pack

HOSTILE_REASON = "Board | decision <script>alert(1)</script> **now**\x1b[31m"
FAILING = EXAMPLES / "failing-retrospective-agreement.yaml"
BUILTIN = load_pack(builtin_pack_dir()).info


@pytest.fixture
def report(tmp_path: Path) -> Report:
    org = make_pack(tmp_path / "org")
    settings = (
        RuleSetting("written-agreement-before-start", "warning", HOSTILE_REASON, "c.toml", 3),
        RuleSetting("summary-published-before-start", None, "Published centrally", "c.toml", 6),
    )
    pack = load_selection(PackSelection(True, (org,), settings))
    result = check_file(str(FAILING), pack, date(2026, 11, 22))
    return Report([result], pack.info, date(2026, 11, 22), "0.1.0")


def rendered(name: str, report: Report) -> str:
    out = io.StringIO()
    render(name, report, out)
    return out.getvalue()


def test_summary_line_names_each_pack_and_counts_changes(report: Report) -> None:
    line = summary_line(report)
    assert line.endswith(f" · rule packs abpi-2024 {BUILTIN.version} + org-sops 1.2.0")
    assert "(2 rules changed by configuration)" in line


def test_json_lists_packs_and_changes_and_keeps_to_its_schema(report: Report) -> None:
    document = json.loads(rendered("json", report))
    test_json_report.validate(document)
    assert [p["name"] for p in document["rule_packs"]] == ["abpi-2024", "org-sops"]
    assert all(len(p["sha256"]) == 64 for p in document["rule_packs"])
    assert document["rule_changes"] == [
        {
            "rule_id": "written-agreement-before-start",
            "original_severity": "error",
            "severity": "warning",
            "disabled": False,
            "reason": HOSTILE_REASON,
            "source": "c.toml:3",
        },
        {
            "rule_id": "summary-published-before-start",
            "original_severity": "error",
            "severity": None,
            "disabled": True,
            "reason": "Published centrally",
            "source": "c.toml:6",
        },
    ]
    ids = [f["rule_id"] for f in document["files"][0]["findings"]]
    assert "summary-published-before-start" not in ids
    assert ids[-1] == "title-given"
    assert document["rule_pack"]["rule_count"] == len(ids)


def test_sarif_is_valid_and_records_packs_and_changes(report: Report) -> None:
    log = json.loads(rendered("sarif", report))
    test_sarif.assert_valid(log)
    properties = log["runs"][0]["properties"]
    assert [p["name"] for p in properties["rulePacks"]] == ["abpi-2024", "org-sops"]
    assert properties["ruleChanges"][1]["severity"] is None
    assert properties["ruleChanges"][0]["reason"] == HOSTILE_REASON.replace("\x1b", "\\x1b")
    results = {r["ruleId"]: r["level"] for r in log["runs"][0]["results"]}
    assert results["written-agreement-before-start"] == "warning"
    descriptors = {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert "summary-published-before-start" not in descriptors
    assert "title-given" in descriptors


def test_junit_is_valid_and_records_each_pack(report: Report) -> None:
    root = test_junit.assert_valid(rendered("junit", report))
    names = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert names["rule-pack.1"] == "abpi-2024"
    assert names["rule-pack.2.version"] == "1.2.0"
    assert names["rule-change.summary-published-before-start"] == (
        "summary-published-before-start disabled (was error)"
    )


def test_markdown_names_each_pack_and_lists_changes_escaped(report: Report) -> None:
    text = rendered("markdown", report)
    assert "checked against the rule packs **ABPI Code of Practice 2024" in text
    assert "(org-sops version 1.2.0) as of" in text
    assert text.count("| Rule pack SHA-256 |") == 2
    assert "Configuration changed these rules for this run:" in text
    assert (
        "| summary-published-before-start | disabled (was error) | Published centrally | c.toml:6 |"
        in text
    )
    assert "<script>" not in text
    assert "\x1b" not in text
    assert "Board \\| decision" in text
    assert "rule packs, configuration, collabcheck version" in text


def test_one_pack_without_configuration_says_what_it_always_said(tmp_path: Path) -> None:
    pack = load_selection(PackSelection())
    result = check_file(str(FAILING), pack, date(2026, 11, 22))
    plain = Report([result], pack.info, date(2026, 11, 22), "0.1.0")
    document = json.loads(rendered("json", plain))
    assert "rule_packs" not in document
    assert "rule_changes" not in document
    text = rendered("markdown", plain)
    assert "checked against the rule pack **" in text
    assert "Configuration changed" not in text
    assert "The same proposal files, rule pack, collabcheck version" in text
    assert summary_line(plain).endswith(f" · rule pack abpi-2024 {BUILTIN.version}")
