"""A directory search finds every proposal, however its top-level format_version key is
written and whatever the letter case of its file name; other YAML is skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.harness import AS_OF, VALID, assert_calm, run

BODY = VALID.split("\n", 1)[1]  # everything after `format_version: 1`


def _indented(text: str) -> str:
    return "".join("  " + line if line.strip() else line for line in text.splitlines(True))


SPELLINGS = {
    "quoted.yaml": '"format_version": 1\n' + BODY,
    "single-quoted.yml": "'format_version': 1\n" + BODY,
    "explicit-key.yaml": "? format_version\n: 1\n" + BODY,
    "indented.yaml": _indented(VALID),
    "upper-case.YAML": VALID,
    "mixed-case.Yml": VALID,
    "flow.json": json.dumps(
        {
            "format_version": 1,
            "project": {
                "title": "JSON proposal",
                "type": "joint_working",
                "stage": "proposal",
                "start_date": "2026-04-01",
                "end_date": "2027-03-31",
            },
            "parties": [
                {"id": "trust", "name": "Trust", "kind": "nhs_trust"},
                {"id": "pharma", "name": "Pharma", "kind": "pharmaceutical_company"},
            ],
        }
    ),
}


@pytest.mark.slow
def test_every_spelling_of_a_proposal_is_found(tmp_path: Path) -> None:
    tree = tmp_path / "proposals"
    tree.mkdir()
    for name, text in SPELLINGS.items():
        (tree / name).write_text(text, encoding="utf-8")
    (tree / "workflow.yaml").write_text("on: push\njobs: {}\n", encoding="utf-8")
    (tree / "nested.yaml").write_text("config:\n  format_version: 1\n", encoding="utf-8")
    (tree / "broken-other.yaml").write_text("a: [unclosed\n", encoding="utf-8")
    result = run("validate", "--as-of", AS_OF, "-f", "json", tree, cwd=tmp_path)
    assert_calm(result, 1)
    report = json.loads(result.stdout)
    found = sorted(Path(f["path"]).name for f in report["files"])
    assert found == sorted(SPELLINGS)
    # Nothing vanishes silently: every file skipped is counted and named.
    skipped = ["broken-other.yaml", "nested.yaml", "workflow.yaml"]
    assert sorted(Path(name).name for name in report["skipped"]) == skipped
    assert report["summary"]["files_skipped"] == 3
    text = run("validate", "--as-of", AS_OF, "-q", tree, cwd=tmp_path)
    assert_calm(text, 1)
    assert "(3 other YAML files skipped: not proposals)" in text.stdout.splitlines()[0]
    assert "SKIP" not in text.stdout
    verbose = run("validate", "--as-of", AS_OF, "-q", "--verbose", tree, cwd=tmp_path)
    assert_calm(verbose, 1)
    named = [line for line in verbose.stdout.splitlines() if line.startswith("SKIP")]
    assert [line.split()[1].rsplit("/", 1)[-1] for line in named] == skipped
    assert all(line.endswith("not a proposal: no top-level format_version") for line in named)


@pytest.mark.slow
def test_a_folder_of_other_yaml_says_how_many_files_it_skipped(tmp_path: Path) -> None:
    (tmp_path / "workflow.yaml").write_text("on: push\n", encoding="utf-8")
    result = run("validate", "--as-of", AS_OF, tmp_path, cwd=tmp_path)
    assert_calm(result, 2)
    [line] = result.stderr.splitlines()
    assert line.endswith("(1 YAML file without a top-level format_version)")


@pytest.mark.slow
def test_a_broken_proposal_in_a_directory_is_reported_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("format_version: 1\nproject: [unclosed\n", "utf-8")
    result = run("validate", "--as-of", AS_OF, tmp_path, cwd=tmp_path)
    assert_calm(result, 2)
    assert "broken.yaml:" in result.stdout
