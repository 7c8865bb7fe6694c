"""Files, directories and standard input in one run; several output formats at once."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Cli
from tests.helpers import AS_OF, EXAMPLES, MINIMAL


def tree(tmp_path: Path) -> Path:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.yaml").write_text(MINIMAL)
    (tmp_path / "a" / "two.yml").write_text(MINIMAL.replace("trust", "trust2"))
    (tmp_path / "a" / "workflow.yaml").write_text("on: push\njobs: {}\n")
    (tmp_path / "a" / "notes.txt").write_text(MINIMAL)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "three.yaml").write_text(MINIMAL)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "broken.yaml").write_text("format_version: 1\nproject: [\n")
    return tmp_path


def paths_in(output: str) -> list[str]:
    return [f["path"] for f in json.loads(output)["files"]]


def test_directories_are_searched_for_proposals_only(cli: Cli, tmp_path: Path) -> None:
    root = tree(tmp_path)
    done = cli("validate", "--as-of", AS_OF, "-f", "json", str(root))
    assert paths_in(done.stdout) == [
        str(root / "a" / "one.yaml"),
        str(root / "a" / "two.yml"),
        str(root / "b" / "broken.yaml"),
    ]
    assert done.returncode == 2


def test_a_named_file_is_checked_whatever_it_holds(cli: Cli, tmp_path: Path) -> None:
    root = tree(tmp_path)
    done = cli("validate", "--as-of", AS_OF, str(root / "a" / "workflow.yaml"))
    assert done.returncode == 2
    assert "the required field 'format_version' is missing" in done.stdout


def test_only_proposals_skips_and_counts_named_files_that_are_not(cli: Cli, tmp_path: Path) -> None:
    root = tree(tmp_path)
    (root / "a" / "broken-other.yaml").write_text("on: [\n")  # not YAML, and not a proposal
    named = [
        str(root / "a" / "workflow.yaml"),
        str(root / "a" / "one.yaml"),
        str(root / "a" / "broken-other.yaml"),
        str(root / "b" / "broken.yaml"),  # mentions format_version: a broken proposal
    ]
    done = cli("validate", "--only-proposals", "--as-of", AS_OF, "-f", "json", *named)
    report = json.loads(done.stdout)
    assert paths_in(done.stdout) == [named[1], named[3]]
    assert report["skipped"] == [named[0], named[2]]
    assert report["summary"]["files_skipped"] == 2
    assert done.returncode == 2  # the broken proposal
    text = cli("validate", "--only-proposals", "-v", "--as-of", AS_OF, named[0], named[1])
    assert "(1 other YAML file skipped: not proposals)" in text.stdout.splitlines()[0]
    assert f"SKIP  {named[0]}  not a proposal" in text.stdout
    assert text.returncode == 1  # the minimal proposal fails rules: it was checked


def test_only_proposals_passes_a_run_with_no_proposal(cli: Cli, tmp_path: Path) -> None:
    root = tree(tmp_path)
    done = cli("validate", "--only-proposals", str(root / "a" / "workflow.yaml"))
    assert (done.returncode, done.stdout) == (0, "")
    expected = (
        "collabcheck: no proposals to check (1 YAML file without a top-level format_version)\n"
    )
    assert done.stderr == expected
    empty = tmp_path / "empty"
    empty.mkdir()
    done = cli("validate", "--only-proposals", str(empty))
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "",
        "collabcheck: no proposals to check\n",
    )
    # A usage mistake is still one.
    done = cli("validate", "--only-proposals", "-f", "yaml", str(empty))
    assert done.returncode == 2 and "unknown format 'yaml'" in done.stderr
    # A file that is not there is still a file that cannot be read.
    done = cli("validate", "--only-proposals", str(tmp_path / "missing.yaml"))
    assert done.returncode == 2


def test_the_same_file_twice_is_checked_once(cli: Cli) -> None:
    example = str(EXAMPLES / "heart-failure-joint-working.yaml")
    done = cli("validate", "--as-of", AS_OF, "-f", "json", example, str(EXAMPLES), example)
    assert paths_in(done.stdout)[0] == example
    assert len(paths_in(done.stdout)) == len(list(EXAMPLES.glob("*.yaml")))


def test_standard_input(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "collabcheck", "validate", "--as-of", AS_OF, "-f", "json", "-"],
        input=MINIMAL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert paths_in(done.stdout) == ["<stdin>"]
    assert json.loads(done.stdout)["files"][0]["checked"] is True


def test_empty_directory_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    done = cli("validate", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr == f"collabcheck: no proposals found in {tmp_path}\n"


def test_several_formats_in_one_run(cli: Cli, tmp_path: Path) -> None:
    example = str(EXAMPLES / "failing-funding-only.yaml")
    report = tmp_path / "report.json"
    done = cli("validate", "--as-of", AS_OF, "-f", "text", "-f", f"json={report}", example)
    assert done.returncode == 1
    assert done.stdout.startswith("collabcheck: ")
    alone = cli("validate", "--as-of", AS_OF, "-f", "json", example).stdout
    assert report.read_text(encoding="utf-8") == alone
    single = tmp_path / "single.json"
    cli("validate", "--as-of", AS_OF, "-f", "json", "-o", str(single), example)
    assert single.read_text(encoding="utf-8") == alone
    both = (tmp_path / "1.json", tmp_path / "2.txt")
    cli(
        "validate",
        "--as-of",
        AS_OF,
        "-f",
        "json",
        "-o",
        str(both[0]),
        "-f",
        "text",
        "-o",
        str(both[1]),
        example,
    )
    assert both[0].read_text(encoding="utf-8") == alone
    assert both[1].read_text(encoding="utf-8").startswith("collabcheck: ")
    shorthand = tmp_path / "short.json"
    cli("validate", "--as-of", AS_OF, "-f", f"json={shorthand}", example)
    assert shorthand.read_text(encoding="utf-8") == alone


def test_a_run_that_writes_only_files_says_what_it_did(cli: Cli, tmp_path: Path) -> None:
    """The README's example writes every report to a file: standard error still gets one line
    with the counts, the verdict and where each report went; standard output stays empty."""
    (tmp_path / "proposals").mkdir()
    for name in ("failing-retrospective-agreement.yaml", "heart-failure-joint-working.yaml"):
        (tmp_path / "proposals" / name).write_bytes((EXAMPLES / name).read_bytes())
    args = ("--format", "markdown=board.md", "--format", "sarif=collabcheck.sarif", "proposals/")
    done = cli("validate", "--as-of", AS_OF, *args, cwd=tmp_path)
    summary = cli("validate", "--as-of", AS_OF, "proposals/", cwd=tmp_path).stdout.split("\n")[0]
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"{summary} · failed: 3 failures at or above --fail-on error"
        " · markdown \u2192 board.md, sarif \u2192 collabcheck.sarif\n"
    )
    assert (tmp_path / "board.md").is_file() and (tmp_path / "collabcheck.sarif").is_file()

    passing = ("-f", "json=r.json", "proposals/heart-failure-joint-working.yaml")
    done = cli("validate", "--as-of", AS_OF, *passing, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr.endswith(
        f" · as of {AS_OF} · rule pack abpi-2024 3.0.0 · passed · json \u2192 r.json\n"
    )
    never = cli("validate", "--as-of", AS_OF, "--fail-on", "never", "-q", *args, cwd=tmp_path)
    assert (never.returncode, never.stdout) == (0, "")
    assert " · passed (--fail-on never) · markdown " in never.stderr

    (tmp_path / "proposals" / "broken.yaml").write_text("format_version: 2\nproject: [\n")
    done = cli("validate", "--as-of", AS_OF, "-f", "junit=r.xml", "proposals/", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert (
        " · incomplete: 1 file could not be checked, 3 failures at or above --fail-on error"
        " · junit \u2192 r.xml\n"
    ) in done.stderr
    assert done.stderr.count("\n") == 1

    # A report on standard output says it all: nothing more on standard error.
    done = cli(
        "validate",
        "--as-of",
        AS_OF,
        "-f",
        "text",
        "-f",
        "json=r.json",
        "proposals/heart-failure-joint-working.yaml",
        cwd=tmp_path,
    )
    assert done.stdout.startswith("collabcheck: ")
    assert done.stderr == ""


def test_machine_format_on_stdout_is_only_that_format(cli: Cli) -> None:
    done = cli("validate", "--as-of", AS_OF, "-f", "json", str(EXAMPLES))
    json.loads(done.stdout)
    assert done.stderr == ""


def test_output_mistakes_are_usage_errors(
    cli: Cli, write: Callable[..., Path], tmp_path: Path
) -> None:
    proposal = write(MINIMAL)
    original = proposal.read_bytes()
    cases = [
        (["-f", "json", "-f", "text"], "only one format can go to standard output"),
        (["-f", "yaml"], "unknown format 'yaml'"),
        (["-f", "json", "-f", "text", "-o", str(tmp_path / "x")], "give one --output per --format"),
        (["-f", f"json={tmp_path / 'y'}", "-o", str(tmp_path / "x")], "not both"),
        (
            ["-f", "json", "-o", str(proposal)],
            "is one of the inputs: collabcheck never overwrites a proposal",
        ),
        (["-f", f"json={tmp_path / 'no' / 'dir' / 'x.json'}"], "cannot write"),
    ]
    for args, words in cases:
        done = cli("validate", *args, str(proposal))
        assert done.returncode == 2, args
        assert words in done.stderr, (args, done.stderr)
    assert proposal.read_bytes() == original


def test_parallel_output_is_identical_to_serial(cli_process: Cli) -> None:
    serial = cli_process("validate", "--as-of", AS_OF, "-f", "json", str(EXAMPLES))
    parallel = cli_process("validate", "--as-of", AS_OF, "-f", "json", "--jobs", "2", str(EXAMPLES))
    every_cpu = cli_process(
        "validate", "--as-of", AS_OF, "-f", "markdown", "-j", "0", str(EXAMPLES)
    )
    assert serial.returncode == parallel.returncode == 1
    assert parallel.stdout == serial.stdout
    assert (
        every_cpu.stdout
        == cli_process("validate", "--as-of", AS_OF, "-f", "markdown", str(EXAMPLES)).stdout
    )


def test_parallel_run_reads_standard_input_once() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "collabcheck",
            "validate",
            "--as-of",
            AS_OF,
            "-f",
            "json",
            "-j",
            "2",
            "-",
            str(EXAMPLES / "failing-funding-only.yaml"),
        ],
        input=MINIMAL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert paths_in(done.stdout) == ["<stdin>", str(EXAMPLES / "failing-funding-only.yaml")]
    assert json.loads(done.stdout)["files"][0]["checked"] is True
