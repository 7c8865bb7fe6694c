"""Configuration files and several rule packs, run as a user runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.cli.test_end_to_end import assert_calm
from tests.cli.test_rules import PACK_NAME
from tests.conftest import Cli
from tests.helpers import AS_OF, EXAMPLES, MINIMAL
from tests.rulepacks.test_cases import FAIL_CASE, PASS_CASE, make_pack

FAILING = EXAMPLES / "failing-retrospective-agreement.yaml"
ERRORS = (
    "written-agreement-before-start",
    "summary-published-before-start",
    "certify-pid-and-summary",
)
LOWERED = """\
[severity]
written-agreement-before-start = { level = "warning", reason = "Signed late by the board's decision" }

[severity.summary-published-before-start]
level = "warning"
reason = "Published centrally"

[severity.certify-pid-and-summary]
level = "warning"
reason = "Certified after publication by the board's decision"
"""


def project(tmp_path: Path, config: str, name: str = "collabcheck.toml") -> Path:
    """A project folder with a configuration file and a copy of a failing proposal."""
    (tmp_path / name).write_text(config, encoding="utf-8")
    shutil.copy(FAILING, tmp_path / "proposal.yaml")
    return tmp_path


def one_line_error(stderr: str) -> str:
    assert_calm(stderr)
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


# --- finding the configuration


def test_configuration_is_found_walking_up_from_the_working_folder(
    cli: Cli, tmp_path: Path
) -> None:
    project(tmp_path, 'fail_on = "never"\n')
    inner = tmp_path / "proposals" / "2026"
    inner.mkdir(parents=True)
    shutil.copy(FAILING, inner / "proposal.yaml")
    done = cli("validate", "-q", "--as-of", AS_OF, "proposal.yaml", cwd=inner)
    assert done.returncode == 0, done.stderr  # fail_on = never, from two folders up
    assert cli("validate", "-q", "--as-of", AS_OF, str(inner / "proposal.yaml")).returncode == 1
    shown = cli("config", cwd=inner)
    assert shown.returncode == 0, shown.stderr
    assert "configuration file: ../../collabcheck.toml\n" in shown.stdout
    assert shown.stdout.count("../../collabcheck.toml:1") == 1
    assert any(
        line.split() == ["fail_on", "never", "../../collabcheck.toml:1"]
        for line in shown.stdout.splitlines()
    )


def test_pyproject_tool_collabcheck_is_read(cli: Cli, tmp_path: Path) -> None:
    project(
        tmp_path,
        '[project]\nname = "x"\n\n[tool.collabcheck]\nfail_on = "never"\n',
        "pyproject.toml",
    )
    done = cli("validate", "-q", "--as-of", AS_OF, "proposal.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    shown = json.loads(cli("config", "--format", "json", cwd=tmp_path).stdout)
    assert shown["config_file"] == "pyproject.toml"
    assert shown["fail_on"] == {"value": "never", "source": "pyproject.toml:5"}


def test_collabcheck_toml_wins_over_pyproject_beside_it(cli: Cli, tmp_path: Path) -> None:
    project(tmp_path, 'fail_on = "never"\n')
    (tmp_path / "pyproject.toml").write_text('[tool.collabcheck]\nfail_on = "info"\n')
    shown = cli("config", cwd=tmp_path)
    assert shown.stdout.startswith(
        "configuration file: collabcheck.toml\n  (pyproject.toml also has [tool.collabcheck]; "
        "collabcheck.toml in the same folder is used instead)\n"
    )
    assert cli("validate", "-q", "--as-of", AS_OF, "proposal.yaml", cwd=tmp_path).returncode == 0


def test_configuration_file_names_are_shown_inert(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "evil\x1b[31m"
    folder.mkdir()
    project(folder, 'fail_on = "never"\n')
    (folder / "pyproject.toml").write_text('[tool.collabcheck]\nfail_on = "info"\n')
    shown = cli("config", "--config", str(folder / "collabcheck.toml"), cwd=tmp_path)
    assert "\x1b" not in shown.stdout
    assert shown.stdout.startswith(f"configuration file: {tmp_path}/evil\\x1b[31m/collabcheck.toml")


def test_no_config_and_config_file_options(cli: Cli, tmp_path: Path) -> None:
    project(tmp_path, 'fail_on = "never"\n')
    other = tmp_path / "elsewhere.toml"
    other.write_text('fail_on = "info"\n')
    run = ("validate", "-q", "--as-of", AS_OF, "proposal.yaml")
    assert cli(*run, cwd=tmp_path).returncode == 0
    assert cli(*run, "--no-config", cwd=tmp_path).returncode == 1
    assert cli(*run, "--config", "elsewhere.toml", cwd=tmp_path).returncode == 1
    shown = cli("config", "--config", "elsewhere.toml", cwd=tmp_path).stdout
    assert "configuration file: elsewhere.toml (given with --config)" in shown
    missing = cli(*run, "--config", "missing.toml", cwd=tmp_path)
    assert missing.returncode == 2
    assert one_line_error(missing.stderr) == (
        "collabcheck: configuration error: missing.toml: no such file (given with --config)"
    )
    both = cli(*run, "--config", "elsewhere.toml", "--no-config", cwd=tmp_path)
    assert (both.returncode, one_line_error(both.stderr)) == (
        2,
        "collabcheck: give --config FILE or --no-config, not both",
    )


# --- precedence


def test_command_line_wins_over_configuration_which_wins_over_defaults(
    cli: Cli, tmp_path: Path
) -> None:
    project(tmp_path, 'fail_on = "never"\nformat = ["json"]\n')
    configured = cli("validate", "--as-of", AS_OF, "proposal.yaml", cwd=tmp_path)
    assert configured.returncode == 0
    assert json.loads(configured.stdout)["summary"]["fail"] == 3  # json, from the file
    given = cli(
        "validate",
        "--as-of",
        AS_OF,
        "--fail-on",
        "error",
        "-f",
        "text",
        "proposal.yaml",
        cwd=tmp_path,
    )
    assert given.returncode == 1
    assert given.stdout.startswith("collabcheck: ")
    shown = json.loads(cli("config", "-f", "json", "--fail-on", "warning", cwd=tmp_path).stdout)
    assert shown["fail_on"] == {"value": "warning", "source": "command line"}
    assert shown["format"] == {"value": ["json"], "source": "collabcheck.toml:2"}
    assert shown["waivers"] == {"value": [], "source": "default"}
    assert shown["builtin"] == {"value": True, "source": "default"}


def test_configured_output_files_are_relative_to_the_configuration(
    cli: Cli, tmp_path: Path
) -> None:
    project(tmp_path, 'format = ["text", "markdown=reports/board.md"]\n')
    (tmp_path / "reports").mkdir()
    sub = tmp_path / "sub"
    sub.mkdir()
    done = cli("validate", "-q", "--as-of", AS_OF, "../proposal.yaml", cwd=sub)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("collabcheck: ")
    assert (tmp_path / "reports" / "board.md").read_text().startswith("# Collaborative working")


# --- mistakes in the configuration


def test_unknown_key_is_one_line_with_file_line_and_suggestion(cli: Cli, tmp_path: Path) -> None:
    project(tmp_path, 'builtin = true\nfail-on = "never"\n')
    done = cli("validate", "--as-of", AS_OF, "proposal.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert one_line_error(done.stderr) == (
        "collabcheck: configuration error: collabcheck.toml:2: unknown configuration key "
        "fail-on; did you mean 'fail_on'? (keys: builtin, rules, fail_on, format, waivers, "
        "severity, disabled)"
    )
    for command in (("config",), ("rules", "list")):
        assert cli(*command, cwd=tmp_path).returncode == 2


def test_bad_toml_is_one_line_with_line_and_column(cli: Cli, tmp_path: Path) -> None:
    project(tmp_path, 'fail_on = "never"\n[severity\n')
    done = cli("validate", "proposal.yaml", cwd=tmp_path)
    assert done.returncode == 2
    line = one_line_error(done.stderr)
    assert line.startswith("collabcheck: configuration error: collabcheck.toml:2:")
    assert "not valid TOML" in line


def test_weakening_without_a_reason_is_refused(cli: Cli, tmp_path: Path) -> None:
    project(tmp_path, '[severity]\nwritten-agreement-before-start = "warning"\n')
    done = cli("validate", "proposal.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert one_line_error(done.stderr) == (
        "collabcheck: configuration error: collabcheck.toml:2: lowering rule "
        "'written-agreement-before-start' from error to warning needs a reason: write "
        'level = "warning", reason = "..." in its [severity] entry'
    )
    project(tmp_path, '[disabled]\nwritten-agreement-before-start = " "\n')
    done = cli("validate", "proposal.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert "disabling rule 'written-agreement-before-start' needs a reason" in done.stderr


def test_an_unknown_rule_id_is_named_with_a_suggestion(cli: Cli, tmp_path: Path) -> None:
    project(tmp_path, '[disabled]\nwritten-agreement-before-strat = "why"\n')
    done = cli("validate", "proposal.yaml", cwd=tmp_path)
    assert done.returncode == 2
    line = one_line_error(done.stderr)
    assert line.startswith(
        "collabcheck: configuration error: collabcheck.toml:2: configuration disables "
        "'written-agreement-before-strat', which is not a rule in rule pack abpi-2024"
    )
    assert "did you mean 'written-agreement-before-start'?" in line


def test_an_unverified_rule_cannot_be_raised_to_error(cli: Cli, tmp_path: Path) -> None:
    project(tmp_path, '[severity]\njw-patient-benefit = "error"\n')
    done = cli("validate", "proposal.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert "'jw-patient-benefit' cannot be raised to error" in one_line_error(done.stderr)


# --- severity overrides and disabled rules


def test_lowered_severities_change_the_exit_code_and_the_reports(cli: Cli, tmp_path: Path) -> None:
    project(tmp_path, LOWERED)
    run = ("validate", "-q", "--as-of", AS_OF, "proposal.yaml")
    assert cli(*run, "--no-config", cwd=tmp_path).returncode == 1
    done = cli(*run, cwd=tmp_path)
    assert done.returncode == 0, done.stderr  # all three errors are now warnings
    assert "(3 rules changed by configuration)" in done.stdout.splitlines()[0]
    for rule_id in ERRORS:
        assert f"{rule_id}  [warning]" in done.stdout
    assert cli(*run, "--fail-on", "warning", cwd=tmp_path).returncode == 1
    board = cli("validate", "--as-of", AS_OF, "-f", "markdown", "proposal.yaml", cwd=tmp_path)
    assert (
        "| written-agreement-before-start | error to warning | Signed late by the board's decision | collabcheck.toml:2 |"
        in board.stdout
    )
    report = json.loads(
        cli("validate", "--as-of", AS_OF, "-f", "json", "proposal.yaml", cwd=tmp_path).stdout
    )
    changes = {c["rule_id"]: c for c in report["rule_changes"]}
    assert sorted(changes) == sorted(ERRORS)
    assert changes["summary-published-before-start"]["source"] == "collabcheck.toml:4"
    severities = {f["rule_id"]: f["severity"] for f in report["files"][0]["findings"]}
    assert severities["written-agreement-before-start"] == "warning"
    shown = cli("rules", "show", "written-agreement-before-start", cwd=tmp_path)
    assert (
        "Configured:  warning, set by collabcheck.toml:2: Signed late by the board's decision "
        "(the pack says error)"
    ) in shown.stdout


def test_a_disabled_rule_is_not_reported(cli: Cli, tmp_path: Path) -> None:
    project(tmp_path, '[disabled]\nsummary-published-before-start = "Published centrally"\n')
    done = cli("validate", "--as-of", AS_OF, "-f", "json", "proposal.yaml", cwd=tmp_path)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    ids = [f["rule_id"] for f in report["files"][0]["findings"]]
    assert "summary-published-before-start" not in ids
    assert "written-agreement-before-start" in ids
    assert report["rule_pack"]["rule_count"] == len(ids)
    assert report["rule_changes"][0]["disabled"] is True
    table = cli("rules", "list", cwd=tmp_path, env={"COLUMNS": "200"}).stdout.splitlines()
    assert table[0].endswith(f" · {len(ids) + 1} rules")  # the disabled rule is listed, marked
    assert any(line.split()[:2] == ["summary-published-before-start", "disabled"] for line in table)
    listed = json.loads(cli("rules", "list", "-f", "json", cwd=tmp_path).stdout)
    record = next(r for r in listed if r["id"] == "summary-published-before-start")
    assert record["configuration"]["disabled"] is True
    assert record["configuration"]["reason"] == "Published centrally"


def test_workers_use_the_configuration_too(cli_process: Cli, tmp_path: Path) -> None:
    project(tmp_path, LOWERED)
    second = FAILING.read_text(encoding="utf-8").replace("WEICB-CW-2026-007", "WEICB-CW-2026-008")
    (tmp_path / "second.yaml").write_text(second, encoding="utf-8")
    run = ("validate", "--as-of", AS_OF, "-f", "json", "proposal.yaml", "second.yaml")
    serial = cli_process(*run, cwd=tmp_path)
    parallel = cli_process(*run, "--jobs", "2", cwd=tmp_path)
    assert (serial.returncode, parallel.returncode) == (0, 0)
    assert parallel.stdout == serial.stdout


# --- several packs


def org_pack(root: Path, cases: dict[str, str] | None = None) -> Path:
    return make_pack(root, cases)


def test_an_organisation_pack_is_added_to_the_builtin_one(cli: Cli, tmp_path: Path) -> None:
    org_pack(tmp_path / "org-rules")
    project(tmp_path, 'rules = ["org-rules"]\n')
    (tmp_path / "proposal.yaml").write_text(
        MINIMAL.replace("Heart failure medicines optimisation", "TBC")
    )
    done = cli("validate", "-q", "--as-of", AS_OF, "proposal.yaml", cwd=tmp_path)
    summary = done.stdout.splitlines()[0]
    assert summary.endswith(" + org-sops 1.2.0")
    assert "rule packs abpi-2024 " in summary
    assert "title-given  [error]" in done.stdout
    report = json.loads(
        cli("validate", "--as-of", AS_OF, "-f", "json", "proposal.yaml", cwd=tmp_path).stdout
    )
    assert [p["name"] for p in report["rule_packs"]] == ["abpi-2024", "org-sops"]
    assert report["rule_pack"]["name"] == "abpi-2024+org-sops"
    listed = cli("rules", "list", cwd=tmp_path, env={"COLUMNS": "200"}).stdout.splitlines()
    assert listed[0].startswith("rule pack abpi-2024 ")
    assert listed[1] == "rule pack org-sops 1.2.0: Our own SOPs · 1 rule"
    # --rules replaces the configured packs, as it always has.
    alone = cli("validate", "-q", "--rules", "org-rules", "proposal.yaml", cwd=tmp_path)
    assert "· rule pack org-sops 1.2.0" in alone.stdout


def test_add_rules_on_the_command_line(cli: Cli, tmp_path: Path) -> None:
    org = org_pack(tmp_path / "org")
    done = cli("validate", "-q", "--as-of", AS_OF, "--add-rules", str(org), str(FAILING))
    assert done.returncode == 1
    assert done.stdout.splitlines()[0].endswith(" + org-sops 1.2.0")


def test_duplicate_ids_across_packs_name_both_files(cli: Cli, tmp_path: Path) -> None:
    first = org_pack(tmp_path / "first")
    second = org_pack(tmp_path / "second")
    (second / "pack.yaml").write_text("name: other-sops\nversion: 1.0.0\ntitle: Other SOPs\n")
    done = cli("validate", "--rules", str(first), "--rules", str(second), str(FAILING))
    assert done.returncode == 2
    assert one_line_error(done.stderr) == (
        f"collabcheck: rule file error: {second / 'rules.yaml'}:2:9: duplicate rule id "
        f"'title-given': pack other-sops defines it here and pack org-sops at "
        f"{first / 'rules.yaml'}:2:9; rule ids must be unique across the packs used together, "
        "so rename one"
    )


def test_rules_test_runs_the_cases_of_a_configured_custom_pack(cli: Cli, tmp_path: Path) -> None:
    org_pack(tmp_path / "org-rules")
    project(tmp_path, 'builtin = false\nrules = ["org-rules"]\n')
    done = cli("rules", "test", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == (
        "collabcheck rules test: 2 passed, 0 failed, 0 could not be run in 2 cases · rule pack "
        "org-sops 1.2.0"
    )
    broken = FAIL_CASE.replace("fail at 5:10", "fail at 5:11")
    (tmp_path / "org-rules" / "cases" / "title-given" / "fail" / "tbc.yaml").write_text(broken)
    done = cli("rules", "test", cwd=tmp_path)
    assert done.returncode == 1
    assert "expected fail at 5:11, got fail at 5:10" in done.stdout


def test_rules_test_with_the_builtin_pack_tests_each_pack(cli: Cli, tmp_path: Path) -> None:
    org = org_pack(tmp_path / "org", {"title-given/pass/good.yaml": PASS_CASE})
    done = cli("rules", "test", "--add-rules", str(org), env={"COLUMNS": "300"}, timeout=300)
    assert done.returncode == 1  # the organisation's rule has no fail case
    summaries = [
        line for line in done.stdout.splitlines() if line.startswith("collabcheck rules test:")
    ]
    assert len(summaries) == 2
    assert summaries[0].endswith(PACK_NAME) and " 0 failed" in summaries[0]
    assert summaries[1] == (
        "collabcheck rules test: 1 passed, 0 failed, 0 could not be run in 1 case; 1 missing "
        "case · rule pack org-sops 1.2.0"
    )


# --- inputs the configuration brings are never overwritten, and odd folders are explained


def test_a_report_never_overwrites_the_configuration_or_a_rule_pack(
    cli: Cli, tmp_path: Path
) -> None:
    project(tmp_path, 'format = ["json=collabcheck.toml"]\n')
    done = cli("validate", "proposal.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert "is one of the inputs: collabcheck never overwrites" in one_line_error(done.stderr)
    assert (tmp_path / "collabcheck.toml").read_text(encoding="utf-8").startswith("format =")
    pack = make_pack(tmp_path / "org")
    rule_file = pack / "rules.yaml"
    before = rule_file.read_bytes()
    done = cli(
        "validate",
        "--no-config",
        "--add-rules",
        str(pack),
        "-f",
        f"json={rule_file}",
        "proposal.yaml",
        cwd=tmp_path,
    )
    assert done.returncode == 2 and rule_file.read_bytes() == before


def test_pack_folders_that_are_not_folders_are_explained(cli: Cli, tmp_path: Path) -> None:
    project(tmp_path, "")
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    for folder, words in (
        ("loop", "is not a folder"),
        ("afile", "is not a folder"),
        ("nowhere", "does not exist"),
    ):
        done = cli("validate", "--no-config", "--rules", folder, "proposal.yaml", cwd=tmp_path)
        assert done.returncode == 2
        assert words in one_line_error(done.stderr), folder


def test_a_pyproject_toml_that_is_not_about_collabcheck_is_never_judged(
    cli: Cli, tmp_path: Path
) -> None:
    inner = tmp_path / "repo"
    inner.mkdir()
    shutil.copy(FAILING, inner / "proposal.yaml")
    for body in (b'[project]\nname = "x"\n' + b"# pad\n" * 300_000, b'name = "caf\xe9"\n'):
        (tmp_path / "pyproject.toml").write_bytes(body)
        done = cli("validate", "-q", "--as-of", AS_OF, "proposal.yaml", cwd=inner)
        assert done.returncode == 1, done.stderr  # checked, with its failures; no config error


def test_a_folder_given_as_the_configuration_file_is_named_as_one(cli: Cli, tmp_path: Path) -> None:
    done = cli("config", "--config", str(tmp_path))
    assert done.returncode == 2
    assert one_line_error(done.stderr) == (
        f"collabcheck: configuration error: {tmp_path}: is a folder, not a configuration file "
        "(given with --config)"
    )


def test_a_deleted_working_folder_reads_no_configuration(cli: Cli, tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    script = (
        "import os, sys, runpy; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]); "
        "sys.argv = ['collabcheck', 'validate', '-q', '--as-of', sys.argv[2], sys.argv[3]]; "
        "runpy.run_module('collabcheck', run_name='__main__')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(gone), AS_OF, str(FAILING)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr  # checked as usual: no internal error
    assert_calm(done.stderr)


# --- settings from trusted places only


def test_config_names_where_the_search_stopped_and_what_it_skipped(
    cli: Cli, tmp_path: Path
) -> None:
    project(tmp_path, 'fail_on = "never"\n')  # above the repository: not searched
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    inner = repo / "proposals"
    inner.mkdir()
    project(inner, 'fail_on = "never"\n').joinpath("collabcheck.toml").chmod(0o666)
    shown = cli("config", cwd=inner)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(
        "configuration file: none (no collabcheck.toml, or pyproject.toml with "
        "[tool.collabcheck], in the folders searched)\n"
        "searched: . up to .. (repository root)\n"
        "  skipped collabcheck.toml: writable by others (chmod go-w it to use it)\n\n"
    )
    assert shown.stderr == (
        "collabcheck: warning: ignoring collabcheck.toml: writable by others "
        "(chmod go-w it to use it)\n"
    )
    record = json.loads(cli("config", "--format", "json", cwd=inner).stdout)
    assert record["searched"] == {"from": ".", "up_to": "..", "why": "repository root"}
    assert record["skipped_config_files"] == [
        {"path": "collabcheck.toml", "reason": "writable by others (chmod go-w it to use it)"}
    ]
    done = cli("validate", "-q", "--as-of", AS_OF, "proposal.yaml", cwd=inner)
    assert done.returncode == 1  # neither fail_on = "never" applies
    assert len(done.stderr.splitlines()) == 1, done.stderr


def test_config_given_by_name_is_shown_without_a_search(cli: Cli, tmp_path: Path) -> None:
    project(tmp_path, 'fail_on = "never"\n').joinpath("collabcheck.toml").chmod(0o666)
    shown = cli("config", "--config", "collabcheck.toml", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "searched:" not in shown.stdout
    assert shown.stderr == ""
    run = ("validate", "-q", "--as-of", AS_OF, "proposal.yaml")
    done = cli(*run, "--config", "collabcheck.toml", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")  # the user's own choice: used as it is
    assert cli(*run, cwd=tmp_path).returncode == 1  # found by the search: passed over


def test_an_oversized_pyproject_that_mentions_collabcheck_is_a_warning(
    cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / ".git").mkdir()
    shutil.copy(FAILING, tmp_path / "proposal.yaml")
    body = '[project]\ndependencies = ["collabcheck>=0.1"]\n' + "# pad\n" * 200_000
    (tmp_path / "pyproject.toml").write_text(body, encoding="utf-8")
    done = cli("validate", "-q", "--as-of", AS_OF, "proposal.yaml", cwd=tmp_path)
    assert done.returncode == 1, done.stderr  # checked, with its failures
    assert done.stderr == (
        "collabcheck: warning: ignoring pyproject.toml: larger than 1 MiB, with no "
        "[tool.collabcheck] in its first MiB\n"
    )
    (tmp_path / "pyproject.toml").write_text("[tool.collabcheck]\n" + body, encoding="utf-8")
    refused = cli("validate", "-q", "--as-of", AS_OF, "proposal.yaml", cwd=tmp_path)
    assert refused.returncode == 2
    assert one_line_error(refused.stderr).startswith(
        "collabcheck: configuration error: pyproject.toml: is larger than the limit"
    )
