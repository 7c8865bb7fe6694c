"""A pack's requirements.yaml: the requirements its rules implement, checked when it loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from collabcheck.rulepacks import cache as packcache
from collabcheck.rulepacks.load import load_pack
from tests.rulepacks.test_load import make_pack, refused, rule

REQUIREMENTS = """\
requirements:
  - id: written-agreement
    title: A formal written agreement exists
    edition: ABPI Code of Practice 2024
    clause: "20.3"
    obligation: mandatory
    stages: [before_start]
"""

MORE = """\
  - id: {id}
    title: Another
    edition: ABPI Code of Practice 2024
    clause: "20.2"
    obligation: guidance
    stages: [proposal]
"""


def pack_with(tmp_path: Path, requirements: str, manifest_extra: str = "") -> Path:
    directory = make_pack(
        tmp_path, {"a.yaml": "rules:\n" + rule(), "requirements.yaml": requirements}
    )
    if manifest_extra:
        with (directory / "pack.yaml").open("a") as handle:
            handle.write(manifest_extra)
    return directory


def test_a_rule_shows_the_requirements_it_implements(tmp_path: Path) -> None:
    pack = load_pack(pack_with(tmp_path, REQUIREMENTS))
    [requirement] = pack.implemented_by("r-one")
    assert (requirement.id, requirement.title, requirement.obligation) == (
        "written-agreement",
        "A formal written agreement exists",
        "mandatory",
    )


def test_without_a_requirements_file_rules_name_any_requirement(tmp_path: Path) -> None:
    pack = load_pack(make_pack(tmp_path, {"a.yaml": "rules:\n" + rule()}))
    assert pack.implemented_by("r-one") == []


def test_the_requirements_file_is_not_read_as_a_rule_file(tmp_path: Path) -> None:
    directory = pack_with(tmp_path, REQUIREMENTS)
    assert [p.name for p in packcache.pack_files(directory)] == ["a.yaml"]


def test_a_rule_implementing_an_unlisted_requirement_is_refused(tmp_path: Path) -> None:
    directory = pack_with(tmp_path, REQUIREMENTS.replace("written-agreement", "written-agreemnt"))
    problems = refused(directory)
    assert problems == [
        f"{directory / 'a.yaml'}:14:18: rule 'r-one' implements 'written-agreement', which is "
        "not a requirement in requirements.yaml: add it there or correct the id; did you mean "
        "'written-agreemnt'?",
        f"{directory / 'requirements.yaml'}:2:9: requirement 'written-agreemnt' is implemented "
        "by no rule and not listed under not_checkable in pack.yaml: add a rule that implements "
        "it, or list it there with the reason it cannot be checked",
    ]


def test_a_requirement_nothing_implements_is_refused(tmp_path: Path) -> None:
    directory = pack_with(tmp_path, REQUIREMENTS + MORE.format(id="pooling"))
    assert refused(directory) == [
        f"{directory / 'requirements.yaml'}:8:9: requirement 'pooling' is implemented by no "
        "rule and not listed under not_checkable in pack.yaml: add a rule that implements it, "
        "or list it there with the reason it cannot be checked"
    ]


def test_a_requirement_listed_as_not_checkable_needs_no_rule(tmp_path: Path) -> None:
    extra = "not_checkable:\n  - requirement: pooling\n    reason: Pooling is conduct.\n"
    pack = load_pack(pack_with(tmp_path, REQUIREMENTS + MORE.format(id="pooling"), extra))
    assert [n.requirement for n in pack.not_checkable] == ["pooling"]


def test_not_checkable_must_name_a_listed_requirement(tmp_path: Path) -> None:
    extra = "not_checkable:\n  - requirement: polling\n    reason: Pooling is conduct.\n"
    directory = pack_with(tmp_path, REQUIREMENTS, extra)
    assert refused(directory) == [
        f"{directory / 'pack.yaml'}:5:18: not_checkable names 'polling', which is not a "
        "requirement in requirements.yaml"
    ]


def test_a_requirement_listed_twice_is_refused(tmp_path: Path) -> None:
    directory = pack_with(tmp_path, REQUIREMENTS + MORE.format(id="written-agreement"))
    assert refused(directory) == [
        f"{directory / 'requirements.yaml'}:8:9: requirement 'written-agreement' is listed "
        "twice (first at line 2); list each requirement once"
    ]


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ("obligation: mandatory", "obligation: must", "obligation"),
        ("stages: [before_start]", "stages: [later]", "stages"),
        ('    clause: "20.3"\n', "", "clause"),
    ],
    ids=["obligation", "stage", "missing-clause"],
)
def test_the_requirements_file_has_a_closed_format(
    tmp_path: Path, change: str, where: str, message: str
) -> None:
    directory = pack_with(tmp_path, REQUIREMENTS.replace(change, where))
    [problem] = refused(directory)
    assert problem.startswith(f"{directory / 'requirements.yaml'}:")
    assert message in problem


def test_requirements_travel_through_the_cache_and_count_in_the_pack_digest(
    tmp_path: Path,
) -> None:
    directory = pack_with(tmp_path, REQUIREMENTS)
    first = load_pack(directory)
    assert packcache.read(directory) is not None
    again = load_pack(directory)  # from the cache
    assert again.implemented_by("r-one") == first.implemented_by("r-one")
    assert again.info.sha256 == first.info.sha256 == packcache.pack_digest(directory)
    (directory / "requirements.yaml").write_text(REQUIREMENTS.replace("exists", "is kept"))
    changed = load_pack(directory)
    assert changed.info.sha256 != first.info.sha256
    assert changed.implemented_by("r-one")[0].title == "A formal written agreement is kept"
