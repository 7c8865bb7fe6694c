from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import PackError, builtin_pack_dir

VALID_RULE = """\
  - id: {id}
    title: Title
    severity: {severity}
    reference:
      edition: ABPI Code of Practice 2024
      clause: "20.3"
      part: main_text
      source_url: https://pmcpa.example/c20
      verified: {verified}
    rationale: Why.
    remediation: How.
    message: What.
    implements: [written-agreement]
    check:
      {check}
"""


def make_pack(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "pack.yaml").write_text("name: custom\nversion: 1.0.0\ntitle: Custom rules\n")
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def rule(
    id: str = "r-one",
    severity: str = "error",
    verified: str = "true",
    check: str = "present: project.title",
) -> str:
    return VALID_RULE.format(id=id, severity=severity, verified=verified, check=check)


def refused(directory: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(directory)
    return [str(p) for p in caught.value.problems]


def test_builtin_pack_is_shipped_and_loads() -> None:
    pack = load_pack(builtin_pack_dir())
    assert pack.info.name == "abpi-2024"
    assert pack.info.version.count(".") == 2
    assert pack.info.rule_count == len(pack.rules) >= 8
    assert len(pack.info.sha256) == 64
    ids = {r.rule.id for r in pack.rules}
    for required in (
        "benefit-test",
        "patient-care-maintained",
        "written-agreement-before-start",
        "summary-published-before-start",
        "significant-contribution",
        "tov-disclosed",
        "nhs-coi-declared",
        "outcomes-measured",
    ):
        assert required in ids


def test_unreadable_rule_folder_is_a_pack_error(tmp_path: Path) -> None:
    [problem] = refused(tmp_path / ("a" * 5000))
    assert "cannot be read" in problem or "needs a pack.yaml" in problem


def test_pack_hash_changes_when_a_rule_changes(tmp_path: Path) -> None:
    first = load_pack(make_pack(tmp_path, {"a.yaml": "rules:\n" + rule()})).info.sha256
    (tmp_path / "a.yaml").write_text("rules:\n" + rule(check="present: project.reference"))
    assert load_pack(tmp_path).info.sha256 != first


def test_missing_manifest(tmp_path: Path) -> None:
    assert refused(tmp_path) == [
        f"{tmp_path}:1:1: a rule pack needs a pack.yaml file in this folder"
    ]


def test_unknown_operator_is_located_with_a_suggestion(tmp_path: Path) -> None:
    make_pack(
        tmp_path,
        {"a.yaml": "rules:\n" + rule(check="equal: {path: project.type, value: joint_working}")},
    )
    [problem] = refused(tmp_path)
    assert problem.startswith(
        f"{tmp_path / 'a.yaml'}:16:7: rules[0].check: unknown operator 'equal'; did you mean 'equals'?"
    )


def test_unknown_rule_field_is_located(tmp_path: Path) -> None:
    make_pack(tmp_path, {"a.yaml": "rules:\n" + rule() + "    severty: error\n"})
    assert refused(tmp_path) == [
        f"{tmp_path / 'a.yaml'}:17:5: rules[0].severty: unknown field 'severty'; did you mean 'severity'?"
    ]


def test_unknown_field_path_in_a_rule_is_located(tmp_path: Path) -> None:
    make_pack(tmp_path, {"a.yaml": "rules:\n" + rule(check="present: project.titel")})
    assert refused(tmp_path) == [
        f"{tmp_path / 'a.yaml'}:16:16: rule 'r-one': 'project.titel': the proposal format has no "
        "field 'titel' here; did you mean 'title'?"
    ]


def test_unverified_error_rule_is_refused(tmp_path: Path) -> None:
    make_pack(tmp_path, {"a.yaml": "rules:\n" + rule(verified="false")})
    [problem] = refused(tmp_path)
    assert "a rule whose reference is unverified must be a warning or info, not an error" in problem


def test_duplicate_rule_ids_name_both_files(tmp_path: Path) -> None:
    make_pack(tmp_path, {"a.yaml": "rules:\n" + rule(), "b.yaml": "rules:\n" + rule()})
    assert refused(tmp_path) == [
        f"{tmp_path / 'b.yaml'}:2:9: duplicate rule id 'r-one': already defined at {tmp_path / 'a.yaml'}:2"
    ]


def test_invalid_yaml_in_a_rule_file(tmp_path: Path) -> None:
    make_pack(tmp_path, {"a.yaml": "rules:\n  - id: [unclosed\n"})
    [problem] = refused(tmp_path)
    assert problem.startswith(f"{tmp_path / 'a.yaml'}:3:1: invalid YAML")


def test_rule_file_with_python_tag_is_refused_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    make_pack(tmp_path, {"a.yaml": f"rules: !!python/object/apply:os.system ['touch {marker}']\n"})
    [problem] = refused(tmp_path)
    assert "is not allowed" in problem
    assert not marker.exists()


def test_copy_of_builtin_pack_loads_from_anywhere(tmp_path: Path) -> None:
    target = tmp_path / "copy"
    shutil.copytree(builtin_pack_dir(), target)
    assert load_pack(target).info.rule_count == load_pack(builtin_pack_dir()).info.rule_count


def test_requires_must_name_a_rule_of_the_pack_and_form_no_circle(tmp_path: Path) -> None:
    a = rule("r-one").replace(
        "    implements: [written-agreement]\n",
        "    implements: [written-agreement]\n    requires: [r-two]\n",
    )
    b = rule("r-two").replace(
        "    implements: [written-agreement]\n",
        "    implements: [written-agreement]\n    requires: [r-one, r-zero]\n",
    )
    make_pack(tmp_path, {"a.yaml": "rules:\n" + a + b})
    problems = refused(tmp_path)
    assert any(
        "rule 'r-two' requires 'r-zero', which is not a rule in this pack" in p for p in problems
    )
    assert any(
        "rules require each other in a circle: r-one -> r-two -> r-one" in p for p in problems
    )
