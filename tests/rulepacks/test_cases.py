"""Rule cases as a feature: reading case headers, and testing a whole pack against its cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from collabcheck.commands.rules.testing import GapKind, PackTest, Status, exit_code, run_pack_tests
from collabcheck.results import Outcome
from collabcheck.rulepacks.cases import DEFAULT_AS_OF, CaseError, parse_header
from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import builtin_pack_dir
from tests.helpers import MINIMAL

RULE = """\
rules:
  - id: title-given
    title: The project has a title
    severity: error
    reference:
      edition: Example Organisation SOP 12
      clause: "4.1"
      part: good_practice
      source_url: https://intranet.example/sop-12
    rationale: Everyone must know which project this is.
    remediation: Give the project's title in project.title.
    message: The project must have a title
    implements: [project-title]
    check: {meaningful: project.title}
"""

PASS_CASE = "# A real title.\n# expect: pass\n" + MINIMAL
# MINIMAL's title is on its line 3, so line 5 once the two header lines are added.
FAIL_CASE = "# The title is a placeholder.\n# expect: fail at 5:10\n" + MINIMAL.replace(
    "title: Heart failure medicines optimisation", "title: TBC"
)


def make_pack(root: Path, cases: dict[str, str] | None = None, rules: str = RULE) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pack.yaml").write_text("name: org-sops\nversion: 1.2.0\ntitle: Our own SOPs\n")
    (root / "rules.yaml").write_text(rules)
    defaults = {"title-given/pass/good.yaml": PASS_CASE, "title-given/fail/tbc.yaml": FAIL_CASE}
    for name, text in (defaults if cases is None else cases).items():
        path = root / "cases" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run(root: Path) -> tuple[PackTest, int]:
    test = run_pack_tests(load_pack(root), root)
    return test, exit_code(test)


# --- headers


@pytest.mark.parametrize(
    ("header", "outcome", "at", "as_of"),
    [
        ("# Shows a pass.\n# expect: pass\n", Outcome.PASS, None, DEFAULT_AS_OF),
        ("# Shows a failure.\n# expect: fail at 12:7\n", Outcome.FAIL, (12, 7), DEFAULT_AS_OF),
        (
            "# Not yet.\n#expect: not_applicable\n# as-of: 2027-02-28\n",
            Outcome.NOT_APPLICABLE,
            None,
            date(2027, 2, 28),
        ),
        (
            "# yaml-language-server: $schema=../../proposal.schema.json\n# Shows a pass.\n"
            "# expect: pass\n",
            Outcome.PASS,
            None,
            DEFAULT_AS_OF,
        ),
    ],
)
def test_header_is_read(
    header: str, outcome: Outcome, at: tuple[int, int] | None, as_of: date
) -> None:
    expected = parse_header(header + MINIMAL, "case.yaml")
    assert (expected.outcome, expected.at, expected.as_of) == (outcome, at, as_of)
    assert expected.description.startswith("Shows") or expected.description == "Not yet."


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("", "case.yaml:1: the first line must be a comment saying what the case shows"),
        ("# expect: pass\n", "case.yaml:1: the first line must be a comment"),
        ("# What it shows.\n", "case.yaml:1: no '# expect:' line"),
        ("# What.\n# expect: passes\n", "case.yaml:2: malformed expect line '# expect: passes'"),
        ("# What.\n# expect: pass\n# expect: pass\n", "case.yaml:3: more than one '# expect:'"),
        ("# What.\n# expect: fail\n", "a fail case must say where the rule fails"),
        ("# What.\n# expect: fail at 0:3\n", "case.yaml:2: write the location as LINE:COLUMN"),
        ("# What.\n# expect: pass at 3:4\n", "only fail cases give a location"),
        ("# What.\n# expect: pass\n# as-of: 2026-02-30\n", "case.yaml:3: malformed as-of line"),
        ("# What.\n# expect: pass\n# as-of: 22/11/2026\n", "write '# as-of: YYYY-MM-DD'"),
    ],
)
def test_malformed_header_says_where_and_how_to_fix(header: str, words: str) -> None:
    with pytest.raises(CaseError) as caught:
        parse_header(header + MINIMAL, "case.yaml")
    assert words in str(caught.value)


def test_expect_line_after_the_header_is_not_read() -> None:
    text = "# What it shows.\nformat_version: 1\n# expect: pass\n"
    with pytest.raises(CaseError, match="no '# expect:' line"):
        parse_header(text, "case.yaml")


# --- whole packs


def test_builtin_pack_passes_all_its_cases() -> None:
    directory = builtin_pack_dir()
    test = run_pack_tests(load_pack(directory), directory)
    assert test.results and {r.status for r in test.results} == {Status.PASS}
    assert test.gaps == []
    assert exit_code(test) == 0
    assert {r.rule_id for r in test.results} == {c.rule.id for c in test.pack.rules}


def test_custom_pack_with_good_cases_passes(tmp_path: Path) -> None:
    test, code = run(make_pack(tmp_path / "pack"))
    assert code == 0
    assert [(r.path.name, r.status, r.expected, r.actual) for r in test.results] == [
        ("tbc.yaml", Status.PASS, "fail at 5:10", "fail at 5:10"),
        ("good.yaml", Status.PASS, "pass", "pass"),
    ]


def test_wrong_location_is_a_failure_with_the_message(tmp_path: Path) -> None:
    root = make_pack(
        tmp_path / "pack",
        {
            "title-given/pass/good.yaml": PASS_CASE,
            "title-given/fail/tbc.yaml": FAIL_CASE.replace("fail at 5:10", "fail at 5:3"),
        },
    )
    test, code = run(root)
    assert code == 1
    [failed] = [r for r in test.results if r.status is Status.FAIL]
    assert (failed.expected, failed.actual) == ("fail at 5:3", "fail at 5:10")
    assert failed.message.startswith(
        "The project must have a title (project.title is a placeholder"
    )


def test_wrong_outcome_is_a_failure(tmp_path: Path) -> None:
    root = make_pack(
        tmp_path / "pack",
        {
            "title-given/pass/good.yaml": PASS_CASE,
            "title-given/pass/really.yaml": "# Not really.\n# expect: pass\n"
            + FAIL_CASE.split("\n", 2)[2],
            "title-given/fail/tbc.yaml": FAIL_CASE,
        },
    )
    test, code = run(root)
    assert code == 1
    [failed] = [r for r in test.results if r.status is Status.FAIL]
    assert (failed.path.name, failed.expected, failed.actual) == (
        "really.yaml",
        "pass",
        "fail at 5:10",
    )


def test_rules_without_pass_or_fail_cases_are_listed(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "pack", {"title-given/pass/good.yaml": PASS_CASE})
    test, code = run(root)
    assert code == 1
    assert [(g.kind, g.where) for g in test.gaps] == [(GapKind.MISSING, "title-given")]
    assert "has no fail case: add one at " in test.gaps[0].message


def test_pack_without_a_cases_folder_lacks_every_case(tmp_path: Path) -> None:
    test, code = run(make_pack(tmp_path / "pack", {}))
    assert code == 1
    assert [g.message.split(":")[0] for g in test.gaps] == [
        "the rule has no pass case",
        "the rule has no fail case",
    ]


def test_orphan_folders_and_stray_files_are_listed(tmp_path: Path) -> None:
    root = make_pack(tmp_path / "pack")
    (root / "cases" / "old-rule" / "pass").mkdir(parents=True)
    (root / "cases" / "old-rule" / "pass" / "x.yaml").write_text(PASS_CASE)
    (root / "cases" / "title-given" / "notes.txt").write_text("to do")
    (root / "cases" / ".DS_Store").write_text("")
    test, code = run(root)
    assert code == 1
    assert [(g.kind, Path(g.where).name, g.message) for g in test.gaps] == [
        (
            GapKind.UNUSED,
            "old-rule",
            "names no rule in the pack (renamed or removed?), so its 1 case is never run",
        ),
        (GapKind.UNUSED, "notes.txt", "not at <rule-id>/<outcome>/<name>.yaml, so it is never run"),
    ]


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("title-given/fail/no-header.yaml", MINIMAL, "the first line must be a comment"),
        (
            "title-given/fail/in-wrong-folder.yaml",
            PASS_CASE,
            "the header expects pass but the case is in fail/",
        ),
        ("title-given/passes/typo.yaml", PASS_CASE, "cases go in pass/, fail/ or not_applicable/"),
        (
            "title-given/pass/off-format.yaml",
            PASS_CASE.replace("kind: nhs_trust", "kind: nhs_trsut"),
            "not a valid proposal: ",
        ),
        ("title-given/pass/broken.yaml", "# Broken.\n# expect: pass\na: [\n", "invalid YAML"),
        ("title-given/pass/latin1.yaml", "# Caf\xe9.\n# expect: pass\n", "UTF-8"),
    ],
)
def test_cases_that_cannot_be_run_are_errors(
    tmp_path: Path, name: str, text: str, words: str
) -> None:
    root = make_pack(tmp_path / "pack")
    path = root / "cases" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if name.endswith("latin1.yaml"):
        path.write_bytes(text.encode("latin-1"))
    else:
        path.write_text(text, encoding="utf-8")
    test, code = run(root)
    assert code == 2
    [error] = [r for r in test.results if r.status is Status.ERROR]
    assert error.path == path
    assert words in error.message
