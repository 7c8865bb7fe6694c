"""`collabcheck summary` and `collabcheck outcomes` on the command line: exit codes, where the
document goes, what a refusal says, and what a run imports."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.cli.test_launch import LOADED
from tests.conftest import Cli
from tests.helpers import AS_OF, EXAMPLES, ROOT

COMPLIANT = str(EXAMPLES / "heart-failure-joint-working.yaml")
COMPLETED = str(EXAMPLES / "collaborative-working-nhs-benefit.yaml")
FUNDING_ONLY = str(EXAMPLES / "failing-funding-only.yaml")
OPTIONS = ("--no-config", "--as-of", AS_OF)


@pytest.mark.parametrize("fmt", ["markdown", "html"])
@pytest.mark.parametrize(("command", "path"), [("summary", COMPLIANT), ("outcomes", COMPLETED)])
def test_two_runs_write_the_same_bytes(cli: Cli, command: str, path: str, fmt: str) -> None:
    first = cli(command, *OPTIONS, "-f", fmt, path)
    second = cli(command, *OPTIONS, "-f", fmt, path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert first.stderr == second.stderr == ""


def test_without_as_of_the_date_printed_is_today(cli: Cli) -> None:
    done = cli("summary", "--no-config", COMPLIANT)
    assert done.returncode == 0, done.stderr
    assert f"- **Generated on:** {date.today().isoformat()}\n" in done.stdout


def test_the_footer_identifies_the_proposal_version(cli: Cli) -> None:
    import hashlib

    done = cli("summary", *OPTIONS, COMPLIANT)
    sha = hashlib.sha256(Path(COMPLIANT).read_bytes()).hexdigest()
    assert done.stdout.endswith(
        "---\n\n"
        "- **Proposal reference:** NTH-JW-2026-014\n"
        f"- **SHA-256 of the proposal file:** {sha}\n"
        f"- **Generated on:** {AS_OF}\n"
        "- **Written by:** collabcheck 0.1.0, checked with the rule pack abpi-2024 3.0.0\n"
    )


def test_a_summary_the_proposal_is_not_ready_for_is_refused_with_the_findings(cli: Cli) -> None:
    done = cli("summary", *OPTIONS, FUNDING_ONLY)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines[0] == (
        f"collabcheck: the executive summary of {FUNDING_ONLY} is not written: the proposal is "
        "not ready for it (--draft writes it anyway, marked DRAFT):"
    )
    assert lines[1].startswith(f"{FUNDING_ONLY}:26:9  pooling-all-parties  Every party must")
    assert lines[2] == "    Clause: ABPI Code of Practice 2024, 20.2 (main text)"
    assert lines[3].startswith("    Fix: ")
    refused = {line.split()[1] for line in lines[1:] if line.startswith(FUNDING_ONLY)}
    # Its one error-level failure; the warnings (benefits-three-ways and others) do not stop it.
    assert refused == {"pooling-all-parties"}


def test_draft_writes_anyway_and_marks_the_top_and_the_footer(cli: Cli) -> None:
    done = cli("summary", *OPTIONS, "--draft", FUNDING_ONLY)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[2].startswith("> **DRAFT: not for publication.** Written with --draft. The ")
    assert lines[2].endswith("The proposal fails 1 rule that this document depends on.")
    assert "\n---\n\n**DRAFT**\n\n- **Proposal reference:**" in done.stdout
    page = cli("summary", *OPTIONS, "--draft", "-f", "html", FUNDING_ONLY).stdout
    assert '<div class="watermark" aria-hidden="true">DRAFT</div>' in page
    assert '<p class="draft">DRAFT: not for publication. Written with --draft.' in page
    assert "<title>DRAFT: Executive summary: " in page


def test_a_compliant_proposal_can_be_written_as_a_draft_too(cli: Cli) -> None:
    done = cli("summary", *OPTIONS, "--draft", COMPLIANT)
    assert done.returncode == 0
    assert "> **DRAFT: not for publication.** Written with --draft.\n" in done.stdout


def test_an_unfinished_project_gets_no_outcomes_report(cli: Cli) -> None:
    done = cli("outcomes", *OPTIONS, COMPLIANT)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines()[1:] == [
        f"{COMPLIANT}:12:10: the project is not completed (its stage is in progress)",
        f'{COMPLIANT}:465:7: the measure "Share of patients with HFrEF on all four NICE NG106 medicine classes at optimised dose" has no result',
        f'{COMPLIANT}:471:7: the measure "Heart failure readmissions within 90 days of discharge" has no result',
        f'{COMPLIANT}:477:7: the measure "Patient-reported quality of life (Kansas City Cardiomyopathy Questionnaire)" has no result',
        f'{COMPLIANT}:483:7: the measure "Days from discharge to first specialist review" has no result',
        f'{COMPLIANT}:489:7: the measure "Heart failure bed days per year" has no result',
    ]


def test_output_goes_to_a_file_written_whole(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "summary.html"
    done = cli("summary", *OPTIONS, "-f", "html", "-o", str(target), COMPLIANT)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr == f"collabcheck: wrote executive summary to {target}\n"
    expected = cli("summary", *OPTIONS, "-f", "html", COMPLIANT).stdout
    assert target.read_text(encoding="utf-8") == expected
    assert [p.name for p in tmp_path.iterdir()] == ["summary.html"]  # no temporary file left


def test_never_over_the_proposal_or_a_rule_pack(cli: Cli, tmp_path: Path) -> None:
    proposal = tmp_path / "p.yaml"
    proposal.write_bytes(Path(COMPLIANT).read_bytes())
    done = cli("summary", *OPTIONS, "-o", str(proposal), str(proposal))
    assert done.returncode == 2
    assert "is one of the inputs: collabcheck never overwrites a proposal" in done.stderr
    assert proposal.read_bytes() == Path(COMPLIANT).read_bytes()
    pack = ROOT / "rules" / "abpi-2024"
    done = cli("summary", *OPTIONS, "--rules", str(pack), "-o", str(pack / "x.md"), COMPLIANT)
    assert done.returncode == 2
    assert not (pack / "x.md").exists()


@pytest.mark.parametrize("command", ["summary", "outcomes"])
def test_a_file_that_is_not_a_proposal_is_one_line_and_exit_2(
    cli: Cli, tmp_path: Path, command: str
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format_version: 2\nproject:\n  title: x\n", encoding="utf-8")
    done = cli(command, *OPTIONS, str(bad))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines == [
        f"collabcheck: {bad}:1:1: the top level: the required field 'parties' is missing",
        f"collabcheck: {bad}:2:1: project: the required field 'type' is missing",
        f"collabcheck: {bad}:2:1: project: the required field 'stage' is missing",
        f"collabcheck: {bad}:2:1: project: the required field 'start_date' is missing",
        f"collabcheck: {bad}:2:1: project: the required field 'end_date' is missing",
    ]
    assert "Traceback" not in done.stderr
    missing = cli(command, *OPTIONS, str(tmp_path / "none.yaml"))
    assert missing.returncode == 2
    assert missing.stderr.count("\n") == 1
    assert missing.stderr.startswith(f"collabcheck: {tmp_path / 'none.yaml'}:")


def test_a_bad_date_is_a_usage_error(cli: Cli) -> None:
    done = cli("outcomes", "--no-config", "--as-of", "2026-02-30", COMPLETED)
    assert done.returncode == 2
    assert done.stderr == "collabcheck: --as-of '2026-02-30' is not a date: use YYYY-MM-DD\n"


@pytest.mark.slow
def test_the_proposal_can_come_from_standard_input(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "collabcheck", "summary", *OPTIONS, "-"],
        input=Path(COMPLIANT).read_bytes(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"# Executive summary: HF-Optimise")


def _loaded(args: list[str], tmp_path: Path) -> list[str]:
    record = tmp_path / "modules.txt"
    done = subprocess.run(
        [sys.executable, "-c", LOADED, *args, str(record)], capture_output=True, check=False
    )
    assert done.returncode in (0, 1), done.stderr
    return [
        m
        for m in record.read_text(encoding="utf-8").split()
        if m.startswith(("collabcheck.publish", "collabcheck.commands.documents"))
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--no-config", "--as-of", AS_OF, COMPLIANT],
        # an option given twice: typer reads this command line, with every command declared
        ["validate", "-q", "-q", "--no-config", "--as-of", AS_OF, COMPLIANT],
    ],
)
def test_validate_imports_nothing_of_the_documents(args: list[str], tmp_path: Path) -> None:
    assert _loaded(args, tmp_path) == []


@pytest.mark.slow
def test_summary_does_import_them(tmp_path: Path) -> None:
    assert "collabcheck.publish.summary" in _loaded(["summary", *OPTIONS, COMPLIANT], tmp_path)


def _readme_samples() -> list[tuple[list[str], list[str]]]:
    """Each README sample of a document command: its arguments, and the runs of lines between
    the `...` that stand for what is left out."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Documents to publish\n", 1)[1].split("\n### Disclosure UK", 1)[0]
    samples = []
    for block in section.split("```\n$ collabcheck ")[1:]:
        command, shown = block.split("```", 1)[0].split("\n", 1)
        parts = [part.strip("\n") for part in shown.split("...\n")]
        samples.append((command.split(), [part for part in parts if part]))
    return samples


def test_the_readme_samples_are_real(cli: Cli) -> None:
    samples = _readme_samples()
    assert [args[0] for args, _ in samples] == ["summary", "outcomes"]
    for args, parts in samples:
        done = cli(*args, "--no-config", cwd=ROOT)
        assert done.returncode == 0, done.stderr
        for part in parts:
            assert part in done.stdout, part


def test_a_switch_programme_gets_no_summary_though_it_fails_outside_the_summarys_fields(
    cli: Cli,
) -> None:
    done = cli(
        "summary",
        "--no-config",
        "--as-of",
        "2026-11-22",
        "examples/failing-switch-programme.yaml",
        cwd=ROOT,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert "no-switch" in done.stderr


def test_no_line_of_a_refusal_can_act_as_a_ci_workflow_command(cli: Cli, tmp_path: Path) -> None:
    # Each line of a refusal starts with the file's name; a name cannot make it a command.
    hostile = tmp_path / "::error::pwned.yaml"
    hostile.write_bytes(Path(FUNDING_ONLY).read_bytes())
    done = cli("summary", *OPTIONS, hostile.name, cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert any("pwned.yaml" in line for line in lines)
    assert not [line for line in lines if line.lstrip().startswith("::")]
