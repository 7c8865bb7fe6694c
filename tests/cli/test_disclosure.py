"""`collabcheck disclosure`, run as a user runs it: rows on standard output or in a file, findings
on standard error with nothing written, and input problems as one line each with exit code 2."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.helpers import EXAMPLES, ROOT
from tests.publish.proposals import COMPANY, TRUST, as_yaml, entry, proposal, transfer

RUN = ("disclosure", "--year", "2026", "--as-of", "2027-02-01")
GOOD = as_yaml(proposal([transfer(46500, "2026-04-20")], [entry(2026, 46500)]))
MISMATCH = as_yaml(
    proposal([transfer(46500, "2026-04-20")], [entry(2026, 46000)], reference="NTH-JW-2026-099")
)


def test_the_rows_go_to_standard_output(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(GOOD, encoding="utf-8")
    done = cli(*RUN, "p.yaml", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    rows = list(csv.DictReader(io.StringIO(done.stdout, newline="")))
    assert [(r["company"], r["amount_gbp"], r["year"]) for r in rows] == [
        ("Meridian Pharmaceuticals UK Ltd", "46500.00", "2026")
    ]


def test_same_inputs_same_bytes(cli: Cli, tmp_path: Path) -> None:
    for fmt in ("csv", "json"):
        first = cli(*RUN, "--format", fmt, str(EXAMPLES), cwd=ROOT)
        second = cli(*RUN, "--format", fmt, str(EXAMPLES), cwd=ROOT)
        assert first.returncode == 0, first.stderr
        assert first.stdout == second.stdout


def test_a_mismatch_is_reported_and_nothing_is_written(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(MISMATCH, encoding="utf-8")
    done = cli(*RUN, "-o", "out.csv", ".", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    first, last = done.stderr.splitlines()
    assert first.startswith("./bad.yaml:")
    assert (
        "the disclosure plan gives £46,000.00 to 'trust' in 2026, but the transfers of value to it dated in 2026 total £46,500.00"
        in first
    )
    assert (
        last
        == "collabcheck: nothing written: 1 finding(s) keep the transfers of value for 2026 from being disclosed as they stand"
    )
    assert not (tmp_path / "out.csv").exists()


def test_a_file_that_is_not_a_valid_proposal_is_one_line_and_exit_2(
    cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "p.yaml").write_text("format_version: 2\nproject: [\n", encoding="utf-8")
    done = cli(*RUN, "p.yaml", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    problem, last = done.stderr.splitlines()
    assert problem.startswith("p.yaml:3:1: invalid YAML")
    assert last.startswith("collabcheck: nothing written")
    assert "Traceback" not in done.stderr


def test_a_schema_problem_names_its_line(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        GOOD.replace("value_gbp: 46500", "value_gbp: lots"), encoding="utf-8"
    )
    done = cli(*RUN, "p.yaml", cwd=tmp_path)
    assert done.returncode == 2
    line = next(n for n, text in enumerate(GOOD.splitlines(), 1) if "value_gbp" in text)
    assert done.stderr.startswith(f"p.yaml:{line}:")
    assert "transfers_of_value[0].value_gbp" in done.stderr.splitlines()[0]


def test_a_folder_search_skips_other_yaml_and_honours_exclude(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "ci.yaml").write_text("on: push\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "bad.yaml").write_text(MISMATCH, encoding="utf-8")
    done = cli(*RUN, "--exclude", "drafts", ".", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.count("\r\n") == 2


def test_a_year_that_has_not_ended_is_refused(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(GOOD, encoding="utf-8")
    done = cli("disclosure", "--year", "2026", "--as-of", "2026-12-31", "p.yaml", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("collabcheck: 2026 has not ended on 2026-12-31 (--as-of)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--year", "99999", "--as-of", "2027-02-01"), "--year 99999 is not a year to disclose"),
        (("--year", "2026", "--as-of", "2027-02-30"), "--as-of '2027-02-30' is not a date"),
        (("--year", "2026", "--as-of", "2027-02-01", "-f", "xlsx"), "unknown format 'xlsx'"),
    ],
)
def test_a_command_line_that_cannot_be_used_is_exit_2(
    cli: Cli, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    (tmp_path / "p.yaml").write_text(GOOD, encoding="utf-8")
    done = cli("disclosure", *args, "p.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"collabcheck: {message}")


def test_written_to_a_file_and_never_over_an_input(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(GOOD, encoding="utf-8")
    done = cli(*RUN, "-f", "json", "-o", "out.json", "p.yaml", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == "collabcheck: wrote 1 row(s) for 2026 from 1 proposal(s) to out.json\n"
    assert '"amount_gbp": "46500.00"' in (tmp_path / "out.json").read_text(encoding="utf-8")
    refused = cli(*RUN, "-o", "p.yaml", "p.yaml", cwd=tmp_path)
    assert refused.returncode == 2
    assert "is one of the inputs" in refused.stderr
    assert (tmp_path / "p.yaml").read_text(encoding="utf-8") == GOOD


def test_hostile_names_reach_the_spreadsheet_as_text(cli: Cli, tmp_path: Path) -> None:
    trust = {**TRUST, "name": '=HYPERLINK("https://evil.example")', "address": '\t=1+1\r\nRoad "A"'}
    company = {**COMPANY, "name": "-2+3"}
    document = proposal([transfer(5, "2026-03-01")], [entry(2026, 5)], parties=[trust, company])
    (tmp_path / "p.yaml").write_text(as_yaml(document), encoding="utf-8")
    done = cli(*RUN, "p.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    record = next(csv.DictReader(io.StringIO(done.stdout, newline="")))
    assert record["company"] == "'-2+3"
    assert record["recipient"] == '\'=HYPERLINK("https://evil.example")'
    assert record["recipient_address"].startswith("'\t=1+1")


NOT_LOADED = """
import sys
sys.argv = ["collabcheck", "validate", "--as-of", "2026-11-22", "-q", sys.argv[1]]
from collabcheck.cli.{entry} import main
try:
    main()
except SystemExit:
    pass
loaded = [m for m in sys.modules if m.startswith(("collabcheck.publish", "collabcheck.commands.disclosure"))]
print(loaded)
"""


@pytest.mark.parametrize("entry", ["launch", "app"])
def test_validate_never_imports_the_disclosure_command(entry: str) -> None:
    example = str(EXAMPLES / "heart-failure-joint-working.yaml")
    done = subprocess.run(
        [sys.executable, "-c", NOT_LOADED.replace("{entry}", entry), example],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines()[-1] == "[]"


def test_the_readme_example_is_real(cli: Cli) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```\n$ collabcheck disclosure ", 1)[1].split("```", 1)[0]
    command, expected = block.split("\n", 1)
    done = cli("disclosure", *command.split(), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected.replace("\n", "\r\n")


def test_a_folder_without_proposals_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "ci.yaml").write_text("on: push\n", encoding="utf-8")
    done = cli(*RUN, ".", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "collabcheck: no proposals found in .\n"
