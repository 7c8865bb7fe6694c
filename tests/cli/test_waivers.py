"""Waivers end to end: exit codes, every report format, waiver files and the audit view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.helpers import AS_OF, EXAMPLES, WAIVER
from tests.reporters.test_junit import assert_valid as assert_valid_junit
from tests.reporters.test_sarif import assert_valid

AGREED_BY_BOTH = "      agreed_by: [nth, meridian]\n"
AGREED_BY_ONE = "      agreed_by: [meridian]\n"


def compliant() -> str:
    return (EXAMPLES / "heart-failure-joint-working.yaml").read_text(encoding="utf-8")


@pytest.fixture
def failing(tmp_path: Path) -> Path:
    """The compliant example with one amendment agreed by the company alone: change-control,
    a warning-level rule citing guidance, is then the one failure."""
    text = compliant()
    assert AGREED_BY_BOTH in text
    path = tmp_path / "proposal.yaml"
    path.write_text(text.replace(AGREED_BY_BOTH, AGREED_BY_ONE), encoding="utf-8")
    return path


@pytest.fixture
def waived(failing: Path) -> Path:
    failing.write_text(failing.read_text(encoding="utf-8") + "\nwaivers:\n" + WAIVER, "utf-8")
    return failing


def validate(cli: Cli, path: Path, *args: str) -> tuple[int, str, str]:
    done = cli("validate", str(path), "--as-of", AS_OF, "--fail-on", "warning", *args)
    return done.returncode, done.stdout, done.stderr


def test_a_waiver_in_force_stops_the_failure_counting(
    cli: Cli, failing: Path, waived: Path
) -> None:
    code, out, _ = validate(cli, waived)
    assert code == 0, out
    assert " 1 failed (1 waived)," in out
    assert "waivers: 1 in force" in out
    assert f"WAIVED {waived}:" in out
    assert "Waiver (" in out and "JGB minute 2026/41" in out


def test_without_the_waiver_the_same_proposal_fails(cli: Cli, failing: Path) -> None:
    code, out, _ = validate(cli, failing)
    assert code == 1
    assert "FAIL  " in out and "change-control" in out


def test_no_waivers_is_the_audit_view(cli: Cli, waived: Path) -> None:
    code, out, _ = validate(cli, waived, "--no-waivers")
    assert code == 1
    assert "WAIVED" not in out and "waivers:" not in out


def test_an_expired_waiver_fails_again_and_says_so(cli: Cli, waived: Path) -> None:
    done = cli("validate", str(waived), "--as-of", "2027-04-01", "--fail-on", "warning")
    assert done.returncode == 1
    assert "waiver JGB minute 2026/41 expired on 2027-03-31" in done.stdout
    assert "waivers: 1 expired" in done.stdout


def test_a_waiver_for_the_codes_mandatory_text_is_an_error(cli: Cli, waived: Path) -> None:
    text = waived.read_text(encoding="utf-8")
    waived.write_text(text.replace("rule: change-control", "rule: open-transparent"), "utf-8")
    code, out, err = validate(cli, waived)
    assert code == 2
    line = next(x for x in out.splitlines() if x.startswith("ERROR "))
    assert f"{waived}:" in line and "open-transparent cannot be waived" in line
    assert "Traceback" not in err


def test_a_stale_waiver_is_reported_without_failing(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "proposal.yaml"
    path.write_text(compliant() + "\nwaivers:\n" + WAIVER, encoding="utf-8")
    code, out, _ = validate(cli, path)
    assert code == 0
    assert "STALE " in out and "is stale: the rule passes" in out


def test_json_records_the_waiver(cli: Cli, waived: Path) -> None:
    code, out, _ = validate(cli, waived, "-f", "json")
    assert code == 0
    report = json.loads(out)
    assert report["summary"]["fail"] == 1 and report["summary"]["waived"] == 1
    assert report["summary"]["waivers"]["active"] == 1
    (found,) = [f for f in report["files"][0]["findings"] if f["outcome"] == "fail"]
    assert found["waiver"]["status"] == "active"
    assert found["waiver"]["scope"] == "governance.amendments[0]"
    assert found["waiver"]["written_in"]["in_proposal"] is True
    assert report["files"][0]["waivers"] == [found["waiver"]]


def test_sarif_carries_the_waiver_as_an_accepted_suppression(cli: Cli, waived: Path) -> None:
    code, out, _ = validate(cli, waived, "-f", "sarif")
    assert code == 0
    log = json.loads(out)
    assert_valid(log)
    (result,) = log["runs"][0]["results"]
    (suppression,) = result["suppressions"]
    assert (suppression["kind"], suppression["status"]) == ("inSource", "accepted")
    assert "JGB minute 2026/41" in suppression["justification"]


def test_sarif_rejects_an_expired_waiver(cli: Cli, waived: Path) -> None:
    done = cli("validate", str(waived), "--as-of", "2027-04-01", "-f", "sarif")
    log = json.loads(done.stdout)
    assert_valid(log)
    # By then the 2026 payments have also missed the ABPI's end-of-March upload date (info).
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "change-control"]
    assert result["suppressions"][0]["status"] == "rejected"


def test_junit_skips_a_waived_failure(cli: Cli, waived: Path) -> None:
    code, out, _ = validate(cli, waived, "-f", "junit")
    assert code == 0
    suite = assert_valid_junit(out).find("testsuite")
    assert suite is not None and suite.get("failures") == "0"
    case = next(c for c in suite.iter("testcase") if c.get("name", "").startswith("change-control"))
    skipped = case.find("skipped")
    assert skipped is not None and "JGB minute 2026/41" in skipped.get("message", "")


def test_junit_reports_a_refused_waiver_as_an_error(cli: Cli, waived: Path) -> None:
    text = waived.read_text(encoding="utf-8")
    waived.write_text(text.replace("rule: change-control", "rule: open-transparent"), "utf-8")
    code, out, _ = validate(cli, waived, "-f", "junit")
    assert code == 2
    case = next(
        c for c in assert_valid_junit(out).iter("testcase") if "waiver:" in c.get("name", "")
    )
    error = case.find("error")
    assert error is not None and error.get("type") == "waiver-refused"


def test_github_turns_a_waived_failure_into_a_notice(cli: Cli, waived: Path) -> None:
    code, out, _ = validate(cli, waived, "-f", "github")
    assert code == 0
    (annotation,) = [x for x in out.splitlines() if x.startswith("::")]
    assert annotation.startswith("::notice ") and "(waived)" in annotation


def test_markdown_gives_the_board_a_waiver_record(cli: Cli, waived: Path) -> None:
    code, out, _ = validate(cli, waived, "-f", "markdown")
    assert code == 0
    assert "### Waivers" in out
    assert "☑️ In force" in out and "Joint Governance Board" in out
    assert "☑️ Not met, waived" in out
    assert "Actions required\n\nNone" in out
    assert "Ready only by waiver: 1 failure is accepted by waiver" in out


def test_a_waiver_file_named_on_the_command_line(cli: Cli, failing: Path, tmp_path: Path) -> None:
    entry = WAIVER.replace("  - rule:", "  - project: NTH-JW-2026-014\n    rule:")
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waiver_format: 1\nwaivers:\n" + entry, encoding="utf-8")
    code, out, _ = validate(cli, failing, "--waivers", str(waivers), "-f", "json")
    assert code == 0
    (use,) = json.loads(out)["files"][0]["waivers"]
    assert use["written_in"]["file"] == str(waivers) and not use["written_in"]["in_proposal"]
    code, _, _ = validate(cli, failing, "--waivers", str(waivers), "--no-waivers")
    assert code == 1


def test_a_waiver_file_entry_is_not_borrowed_by_a_proposal_with_the_same_reference(
    cli: Cli, failing: Path, tmp_path: Path
) -> None:
    entry = WAIVER.replace("  - rule:", "  - project: NTH-JW-2026-014\n    rule:")
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waiver_format: 1\nwaivers:\n" + entry, encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text(failing.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = validate(cli, tmp_path, "--waivers", str(waivers), "-f", "json")
    assert code == 2
    files = json.loads(out)["files"]
    assert len(files) == 2
    for entry_ in files:
        [problem] = entry_["problems"]
        assert "project.reference 'NTH-JW-2026-014' is also the reference of" in problem["message"]
        assert problem["line"] > 1
        assert entry_["waivers"] == []
        assert not any(f.get("waiver") for f in entry_["findings"])
    names = {Path(f["path"]).name for f in files}
    assert names == {"proposal.yaml", "other.yaml"}


def test_a_bad_waiver_file_is_one_line_and_exit_2(cli: Cli, failing: Path, tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waiver_format: 1\nwaivers:\n" + WAIVER, encoding="utf-8")
    code, out, err = validate(cli, failing, "--waivers", str(waivers), "-f", "json")
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"collabcheck: waiver file error: {waivers}:3:5: waivers[0]: the required field "
        "'project' is missing"
    ]


def test_a_report_never_overwrites_a_waiver_file(cli: Cli, failing: Path, tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waiver_format: 1\n", encoding="utf-8")
    code, _, err = validate(cli, failing, "--waivers", str(waivers), "-f", f"json={waivers}")
    assert code == 2 and "never overwrites" in err
    assert waivers.read_text(encoding="utf-8") == "waiver_format: 1\n"


def test_parallel_runs_apply_waivers_identically(
    cli_process: Cli, waived: Path, tmp_path: Path
) -> None:
    for i in range(3):  # each its own project: one reference, one set of waivers
        text = waived.read_text(encoding="utf-8").replace("NTH-JW-2026-014", f"NTH-JW-2026-10{i}")
        (tmp_path / f"copy{i}.yaml").write_text(text, "utf-8")
    serial = cli_process("validate", str(tmp_path), "--as-of", AS_OF, "-f", "json")
    parallel = cli_process("validate", str(tmp_path), "--as-of", AS_OF, "-f", "json", "--jobs", "2")
    assert serial.returncode == parallel.returncode == 0
    assert serial.stdout == parallel.stdout
    assert json.loads(serial.stdout)["summary"]["waived"] == 4


def test_waiver_text_is_printed_as_data(cli: Cli, failing: Path) -> None:
    hostile = '"[bold red]boom[/] \\x1b[31mred\\u202e ::error::x | <b>"'
    entry = WAIVER.replace(
        "    justification: >-\n"
        "      The Trust's approver signed the change request by letter; it is filed with the "
        "minutes.\n",
        f"    justification: {hostile}\n",
    )
    assert entry != WAIVER
    failing.write_text(failing.read_text(encoding="utf-8") + "\nwaivers:\n" + entry, "utf-8")
    for fmt in ("text", "github", "markdown"):
        code, out, _ = validate(cli, failing, "-f", fmt)
        assert code == 0, (fmt, out)
        assert "\x1b" not in out and "\u202e" not in out, fmt
    _, text, _ = validate(cli, failing)
    assert "[bold red]boom[/] \\x1b[31mred\\u202e" in text
    _, github, _ = validate(cli, failing, "-f", "github")
    assert not any(line.startswith("::error") for line in github.splitlines())
    _, markdown, _ = validate(cli, failing, "-f", "markdown")
    assert "\\[bold red\\]" in markdown and "\\<b\\>" in markdown and "\\|" in markdown


# --- Waivers and configuration --------------------------------------------------------------


def file_waiver(tmp_path: Path, name: str = "waivers.yaml") -> Path:
    entry = WAIVER.replace("  - rule:", "  - project: NTH-JW-2026-014\n    rule:")
    path = tmp_path / name
    path.write_text("waiver_format: 1\nwaivers:\n" + entry, encoding="utf-8")
    return path


def test_the_configuration_names_waiver_files(cli: Cli, failing: Path, tmp_path: Path) -> None:
    (tmp_path / "governance").mkdir()
    file_waiver(tmp_path / "governance")
    (tmp_path / "collabcheck.toml").write_text(
        'fail_on = "warning"\nwaivers = ["governance/waivers.yaml"]\n', encoding="utf-8"
    )
    done = cli("validate", "--as-of", AS_OF, "proposal.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "waivers: 1 in force" in done.stdout
    # --waivers replaces the configured files, and --no-waivers applies none.
    other = file_waiver(tmp_path, "other.yaml")
    other.write_text(other.read_text(encoding="utf-8").replace("NTH-JW", "XX-JW"), "utf-8")
    done = cli("validate", "--as-of", AS_OF, "--waivers", str(other), "proposal.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert (
        cli("validate", "--as-of", AS_OF, "--no-waivers", "proposal.yaml", cwd=tmp_path).returncode
        == 1
    )


def test_a_waiver_for_a_rule_the_configuration_disables_is_stale(
    cli: Cli, waived: Path, tmp_path: Path
) -> None:
    (tmp_path / "collabcheck.toml").write_text(
        '[disabled]\nchange-control = "Change control is run by the programme office"\n',
        encoding="utf-8",
    )
    done = cli("validate", "--as-of", AS_OF, "proposal.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "configuration disables the rule, so there is nothing to waive" in done.stdout


def test_lowering_a_rule_in_configuration_does_not_make_the_law_waivable(
    cli: Cli, waived: Path, tmp_path: Path
) -> None:
    (tmp_path / "collabcheck.toml").write_text(
        '[severity.open-transparent]\nlevel = "warning"\nreason = "Published centrally"\n',
        encoding="utf-8",
    )
    text = waived.read_text(encoding="utf-8")
    waived.write_text(text.replace("rule: change-control", "rule: open-transparent"), "utf-8")
    done = cli("validate", "--as-of", AS_OF, "proposal.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert "open-transparent cannot be waived: it enforces the Code's mandatory text" in done.stdout


def test_config_checks_the_configured_waiver_files(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "collabcheck.toml").write_text('waivers = ["waivers.yaml"]\n', encoding="utf-8")
    done = cli("config", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "collabcheck: waiver file error: waivers.yaml:1:1: no such file\n"
    file_waiver(tmp_path)
    done = cli("config", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "waivers.yaml" in done.stdout
