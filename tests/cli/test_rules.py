"""`collabcheck rules list | show | test`, run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from collabcheck.loading.yamlload import parse
from tests.cli.test_end_to_end import assert_calm
from tests.conftest import Cli
from tests.helpers import ROOT
from tests.rulepacks.test_cases import FAIL_CASE, PASS_CASE, RULE, make_pack

PACK = ROOT / "rules" / "abpi-2024"
# The built-in pack as its files give it, so that a new rule or version needs no test change.
MANIFEST = parse((PACK / "pack.yaml").read_text(encoding="utf-8")).data
REQUIREMENTS = parse((PACK / "requirements.yaml").read_text(encoding="utf-8")).data["requirements"]
PACK_NAME = f"rule pack {MANIFEST['name']} {MANIFEST['version']}"


def rule_ids_in_pack_order() -> list[str]:
    from collabcheck.rulepacks.load import load_pack
    from collabcheck.rulepacks.pack import builtin_pack_dir

    return [c.rule.id for c in load_pack(builtin_pack_dir()).rules]


def rule_ids_in_the_files() -> list[str]:
    from collabcheck.rulepacks.cache import pack_files

    return [
        rule["id"]
        for path in pack_files(PACK)
        for rule in parse(path.read_text(encoding="utf-8")).data["rules"]
    ]


# --- rules list


def test_list_shows_every_rule_in_a_table(cli: Cli) -> None:
    done = cli("rules", "list", env={"COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    count = len(rule_ids_in_the_files())
    assert lines[0] == f"{PACK_NAME}: {MANIFEST['title']} · {count} rules"
    assert lines[1].split() == ["Rule", "id", "Severity", "Title", "Clause"]
    for rule_id in rule_ids_in_pack_order():
        assert any(line.startswith(f"{rule_id} ") for line in lines), rule_id
    assert any("jw-nhs-party" in line and "(UNVERIFIED)" in line for line in lines)
    assert "\x1b[" not in done.stdout
    assert_calm(done.stderr)


def test_list_with_requirements_adds_the_title_of_each_requirement(cli: Cli) -> None:
    done = cli("rules", "list", "--requirements", env={"COLUMNS": "400"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1].split()[-1] == "Implements"
    titles = {r["id"]: r["title"] for r in REQUIREMENTS}
    [line] = [line for line in lines if line.startswith("jw-nhs-party ")]
    assert line.rstrip().endswith(titles["jw-nhs-party"])


def test_list_json_gives_each_rule_its_requirements(cli: Cli) -> None:
    done = cli("rules", "list", "--format", "json")
    listed = {r["id"]: r for r in REQUIREMENTS}
    for record in json.loads(done.stdout):
        assert record["requirements"] == [listed[i] for i in record["implements"]]


def test_list_never_cuts_a_rule_id_short_on_a_narrow_terminal(cli: Cli) -> None:
    done = cli("rules", "list", env={"COLUMNS": "60"})
    assert done.returncode == 0
    for rule_id in rule_ids_in_pack_order():
        assert f"{rule_id} " in done.stdout, rule_id


def test_list_json_is_an_array_in_pack_order(cli: Cli) -> None:
    done = cli("rules", "list", "--format", "json")
    assert done.returncode == 0, done.stderr
    rules = json.loads(done.stdout)
    assert [r["id"] for r in rules] == rule_ids_in_pack_order()
    assert sorted(r["id"] for r in rules) == sorted(rule_ids_in_the_files())
    assert all(r["check"] for r in rules)  # every condition has wording
    first = rules[0]
    for key in ("id", "title", "severity", "reference", "implements", "applies_to", "check"):
        assert key in first, key
    assert first["reference"]["clause"] and first["reference"]["source_url"].startswith("http")
    tov = next(r for r in rules if r["id"] == "tov-disclosed")
    assert tov["reference"]["verified"] is True
    assert not tov["reference"]["text"].endswith("; UNVERIFIED")
    assert tov["implements"] == ["tov-disclosed"]
    jw = next(r for r in rules if r["id"] == "jw-nhs-party")
    assert jw["reference"]["verified"] is False
    assert jw["reference"]["text"].endswith("; UNVERIFIED")
    assert cli("rules", "list", "-f", "json").stdout == done.stdout  # deterministic


def test_list_a_custom_pack(cli: Cli, tmp_path: Path) -> None:
    root = make_pack(tmp_path / "pack")
    done = cli("rules", "list", "--rules", str(root), "-f", "json")
    assert done.returncode == 0, done.stderr
    [rule] = json.loads(done.stdout)
    assert (rule["id"], rule["reference"]["edition"], rule["file"]) == (
        "title-given",
        "Example Organisation SOP 12",
        "rules.yaml",
    )


def test_duplicate_rule_ids_in_a_custom_pack_name_both_files(cli: Cli, tmp_path: Path) -> None:
    root = make_pack(tmp_path / "pack")
    (root / "more.yaml").write_text(RULE)
    done = cli("rules", "list", "--rules", str(root))
    assert done.returncode == 2
    assert done.stdout == ""
    assert (
        f"collabcheck: rule file error: {root / 'rules.yaml'}:2:9: duplicate rule id "
        f"'title-given': already defined at {root / 'more.yaml'}:2"
    ) in done.stderr
    assert_calm(done.stderr)


def test_a_folder_that_is_not_a_pack_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    for command in (["list"], ["show", "benefit-test"], ["test"]):
        args = ["rules", *command]
        args += [str(tmp_path)] if command == ["test"] else ["--rules", str(tmp_path)]
        done = cli(*args)
        assert done.returncode == 2, command
        assert f"rule file error: {tmp_path}:1:1: a rule pack needs a pack.yaml file" in done.stderr
        assert_calm(done.stderr)


# --- rules show


def test_show_gives_everything_about_one_rule(cli: Cli) -> None:
    done = cli("rules", "show", "summary-published-before-start", env={"COLUMNS": "300"})
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("summary-published-before-start  [error]\n")
    assert "The summary of the agreement is public before the project starts" in out
    assert "Reference:   ABPI Code of Practice 2024, 20.3 (main text)" in out
    assert "Source:      https://pmcpa.org.uk/" in out
    assert (
        "Implements:  summary-published-before-start: A summary of the agreement is public "
        "before the project starts (mandatory: ABPI Code of Practice 2024, 20.3)\n"
    ) in out
    assert "rules/abpi-2024/documents.yaml:" in out or "documents.yaml:" in out
    assert "Applies to:  joint working and collaborative working projects" in out
    assert "Only when:   project.stage is one of 'in_progress', 'completed' or " in out
    assert "Checks that: governance.summary.published_url matches the pattern" in out
    assert "Why:         A summary of the collaborative working agreement" in out
    assert "Fix:         Publish the summary on the company's website" in out
    assert (
        "  pass/published-before-start.yaml  expect pass: The summary went up on the company "
        "website two weeks before the project started."
    ) in out
    assert "  fail/published-after-start.yaml  expect fail at " in out
    assert "  not_applicable/agreed-start-date-in-future.yaml  expect not applicable: " in out


def test_show_an_unverified_rule_gives_its_note(cli: Cli) -> None:
    shown = cli("rules", "show", "jw-nhs-party", env={"COLUMNS": "300"})
    assert shown.returncode == 0
    assert "(main text); UNVERIFIED" in shown.stdout
    assert "Note:        The wording of 2024 Clause 20.4 itself is UNVERIFIED" in shown.stdout
    done = cli("rules", "show", "tov-disclosed", env={"COLUMNS": "300"})
    assert done.returncode == 0
    assert (
        "Reference:   ABPI Code of Practice 2021 (2024 Code, Clauses 28 and 31), 28.1 to 28.2 "
        "(main text)\n"
    ) in done.stdout
    assert "Note:        2021 Clause 28.2 (main text) lists" in done.stdout
    # Its check uses in_year, which reads as plain English like every other operator.
    assert "Checks that: for each entry in transfers_of_value where " in done.stdout
    assert "(the year of the payment.date is its year or the payment.date is not given)" in (
        done.stdout
    )
    assert_calm(done.stderr)


def test_show_json(cli: Cli) -> None:
    done = cli("rules", "show", "jw-nhs-party", "--format", "json")
    assert done.returncode == 0, done.stderr
    rule = json.loads(done.stdout)
    assert rule["applies_to"]["project_types"] == ["joint_working"]
    assert rule["check"].startswith("the number of entries in parties where its kind is one of")
    assert rule["when"] is None
    assert rule["pack"] == {"name": MANIFEST["name"], "version": MANIFEST["version"]}
    assert rule["implements"] == ["jw-nhs-party"]
    [listed] = [r for r in REQUIREMENTS if r["id"] == "jw-nhs-party"]
    assert rule["requirements"] == [listed]
    cases = PACK / "cases" / "jw-nhs-party"
    assert {c["file"] for c in rule["cases"]} == {
        p.relative_to(cases).as_posix() for p in cases.glob("*/*.yaml")
    }
    assert {
        "fail/no-nhs-party.yaml",
        "not_applicable/collaborative-working-project.yaml",
        "pass/nhs-trust-is-a-party.yaml",
    } <= {c["file"] for c in rule["cases"]}
    assert all(c["description"] and c["problem"] is None for c in rule["cases"])


def test_show_unknown_rule_suggests_the_nearest(cli: Cli) -> None:
    done = cli("rules", "show", "benefits-test")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"collabcheck: no rule 'benefits-test' in {PACK_NAME}; did you mean "
        "'benefit-test'? (collabcheck rules list shows every rule)\n"
    )


def test_show_a_custom_rule_without_cases(cli: Cli, tmp_path: Path) -> None:
    root = make_pack(tmp_path / "pack", {})
    done = cli("rules", "show", "title-given", "--rules", str(root), env={"COLUMNS": "300"})
    assert done.returncode == 0, done.stderr
    assert "Checks that: project.title is given and is not a placeholder" in done.stdout
    assert f"Cases: none (add them under {root / 'cases' / 'title-given'}/)" in done.stdout


# --- rules test


def test_test_the_builtin_pack(cli: Cli, tmp_path: Path) -> None:
    done = cli("rules", "test", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert all(line.startswith("PASS    ") for line in lines[:-1])
    count = len(list(PACK.glob("cases/*/*/*.yaml")))
    assert len(lines) - 1 == count
    assert lines[-1] == (
        f"collabcheck rules test: {count} passed, 0 failed, 0 could not be run in {count} cases"
        f" · {PACK_NAME}"
    )
    assert (
        "/cases/written-agreement-before-start/fail/signed-after-start.yaml  expected fail at "
        "23:18, got fail at 23:18"
    ) in done.stdout


def test_test_a_custom_pack_given_relative_to_the_current_folder(cli: Cli, tmp_path: Path) -> None:
    make_pack(tmp_path / "pack")
    done = cli("rules", "test", "pack", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == (
        "PASS    pack/cases/title-given/fail/tbc.yaml  expected fail at 5:10, got fail at 5:10\n"
        "PASS    pack/cases/title-given/pass/good.yaml  expected pass, got pass\n"
        "collabcheck rules test: 2 passed, 0 failed, 0 could not be run in 2 cases · rule pack "
        "org-sops 1.2.0\n"
    )


def test_failing_case_and_missing_case_exit_1(cli: Cli, tmp_path: Path) -> None:
    make_pack(
        tmp_path / "pack",
        {"title-given/fail/tbc.yaml": FAIL_CASE.replace("fail at 5:10", "fail at 4:1")},
    )
    done = cli("rules", "test", "pack", cwd=tmp_path, env={"COLUMNS": "300"})
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "FAIL    pack/cases/title-given/fail/tbc.yaml  expected fail at 4:1, got fail at 5:10",
        "        The project must have a title (project.title is a placeholder (such as TBC, N/A "
        "or lorem ipsum))",
        "MISSING title-given  the rule has no pass case: add one at "
        "pack/cases/title-given/pass/NAME.yaml",
        "collabcheck rules test: 0 passed, 1 failed, 0 could not be run in 1 case; 1 missing case"
        " · rule pack org-sops 1.2.0",
    ]


def test_pack_without_cases_says_where_they_go(cli: Cli, tmp_path: Path) -> None:
    make_pack(tmp_path / "pack", {})
    done = cli("rules", "test", "pack", cwd=tmp_path)
    assert done.returncode == 1
    assert "collabcheck: no cases folder at pack/cases: every rule needs a pass and a fail" in (
        done.stderr
    )
    assert done.stdout.count("MISSING ") == 2


def test_case_that_cannot_be_run_exits_2(cli: Cli, tmp_path: Path) -> None:
    make_pack(
        tmp_path / "pack",
        {
            "title-given/pass/good.yaml": PASS_CASE.replace("# expect: pass", "# expect: passes"),
            "title-given/fail/tbc.yaml": FAIL_CASE,
        },
    )
    done = cli("rules", "test", "pack", cwd=tmp_path, env={"COLUMNS": "300"})
    assert done.returncode == 2
    assert (
        "ERROR   pack/cases/title-given/pass/good.yaml  expected pass, could not be run\n"
        "        pack/cases/title-given/pass/good.yaml:2: malformed expect line '# expect: passes'"
    ) in done.stdout
    assert "0 passed" not in done.stdout and "1 passed, 0 failed, 1 could not be run" in (
        done.stdout
    )


def test_hostile_names_and_messages_are_printed_inert(cli: Cli, tmp_path: Path) -> None:
    hostile = "[bold red]x[/] \x1b[31mred \u202egnp"
    root = make_pack(tmp_path / "pack")
    (root / "rules.yaml").write_text(
        RULE.replace(
            "message: The project must have a title",
            'message: "' + hostile.replace("\x1b", "\\e").replace("\u202e", "\\u202e") + '"',
        ),
        encoding="utf-8",
    )
    (root / "cases" / "title-given" / "pass" / "good.yaml").write_text(
        FAIL_CASE.replace("# expect: fail at 5:10", "# expect: pass")
    )
    stray = root / "cases" / "odd[bold]x \x1b[31mred \u202egnp.txt"
    stray.write_text("x")
    done = cli("rules", "test", str(root), env={"FORCE_COLOR": "1", "COLUMNS": "300"})
    assert done.returncode == 1
    assert "[bold red]x[/] \\x1b[31mred \\u202egnp" in done.stdout
    assert "odd[bold]x \\x1b[31mred \\u202egnp.txt" in done.stdout
    for raw in ("\x1b[31mred", "\u202e"):
        assert raw not in done.stdout
    listed = cli("rules", "list", "--rules", str(root), env={"FORCE_COLOR": "1"})
    assert "\u202e" not in listed.stdout


def test_help_lists_the_new_commands(cli: Cli) -> None:
    done = cli("--help")
    for name in ("validate", "rules", "schema", "init"):
        assert name in done.stdout
    sub = cli("rules", "--help")
    for name in ("list", "show", "test"):
        assert name in sub.stdout


def test_rules_say_whether_a_board_may_waive_them(cli: Cli) -> None:
    done = cli("rules", "list", "-f", "json")
    records = {r["id"]: r for r in json.loads(done.stdout)}
    assert records["change-control"]["waivable"] is True
    assert records["change-control"]["not_waivable_because"] is None
    assert records["open-transparent"]["waivable"] is False
    assert "mandatory text" in records["open-transparent"]["not_waivable_because"]
    shown = cli("rules", "show", "nhs-coi-declared").stdout
    assert "Waivable:    no: it enforces the law" in shown
