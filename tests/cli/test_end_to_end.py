"""The installed collabcheck, run as a user or CI job runs it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from collabcheck import __version__
from tests.conftest import Cli
from tests.helpers import AS_OF, EXAMPLES, MINIMAL

COMPLIANT = EXAMPLES / "heart-failure-joint-working.yaml"


def assert_calm(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert "internal error" not in stderr


def test_version(cli: Cli) -> None:
    done = cli("--version")
    assert (done.returncode, done.stdout) == (0, f"collabcheck {__version__}\n")


@pytest.mark.parametrize(
    "args",
    [
        ("rules", "list", "--no-config"),
        ("rules", "show", "benefit-test", "--no-config"),
        ("rules", "test", "--no-config"),
        ("schema",),
        ("config", "--no-config"),
        ("init", "--type", "joint_working", "-"),
    ],
    ids=" ".join,
)
def test_every_command_works_in_a_fresh_process(
    cli_process: Cli, args: tuple[str, ...], tmp_path: Path
) -> None:
    """What an in-process run cannot show: that a command works with nothing imported before
    it (registries filled, package data found)."""
    done = cli_process(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    assert "Traceback" not in done.stderr


def test_console_script_is_installed(cli: Cli) -> None:
    import shutil
    import subprocess
    import sys

    script = Path(sys.executable).parent / "collabcheck"
    assert script.exists() or shutil.which("collabcheck")
    done = subprocess.run(
        [str(script) if script.exists() else "collabcheck", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == f"collabcheck {__version__}"


def test_compliant_example_passes_from_any_directory(cli: Cli, tmp_path: Path) -> None:
    done = cli("validate", "--as-of", AS_OF, str(COMPLIANT), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("collabcheck: ")
    assert " 0 failed, " in done.stdout.splitlines()[0]
    assert f"as of {AS_OF} · rule pack abpi-2024 " in done.stdout
    assert_calm(done.stderr)


def test_default_as_of_is_today_and_printed(cli: Cli) -> None:
    import datetime

    done = cli("validate", str(COMPLIANT))
    assert f"as of {datetime.date.today().isoformat()}" in done.stdout.splitlines()[0]


def test_failing_proposal_exits_1_with_rule_location_clause_and_fix(
    cli: Cli, write: Callable[..., Path]
) -> None:
    path = write(MINIMAL.replace("stage: proposal", "stage: in_progress"))
    done = cli("validate", "--as-of", AS_OF, str(path))
    assert done.returncode == 1
    assert f"FAIL  {path}:1:1  written-agreement-before-start  [error]" in done.stdout
    assert "Clause: ABPI Code of Practice 2024, 20.3 (main text)" in done.stdout
    assert "Fix: Sign the written agreement before project.start_date" in done.stdout


def test_fail_on_never_and_warning(cli: Cli, write: Callable[..., Path]) -> None:
    path = write(MINIMAL.replace("stage: proposal", "stage: in_progress"))
    assert cli("validate", "--as-of", AS_OF, "--fail-on", "never", str(path)).returncode == 0
    assert cli("validate", "--as-of", AS_OF, "--fail-on", "warning", str(path)).returncode == 1


def test_schema_error_exits_2_with_position(cli: Cli, write: Callable[..., Path]) -> None:
    path = write(MINIMAL.replace("kind: nhs_trust", "kind: nhs_trsut"))
    done = cli("validate", "--as-of", AS_OF, str(path))
    assert done.returncode == 2
    assert f"INVALID {path}:11:11  parties[0].kind: 'nhs_trsut' is not one of:" in done.stdout
    assert "did you mean 'nhs_trust'?" in done.stdout
    assert_calm(done.stderr)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"a: 1\na: 2\n", "duplicate key 'a'"),
        (b"\xff\xfe" + "a: 1\n".encode("utf-16-le"), "encoded as UTF-16"),
        (b"", "holds no YAML content"),
        (b"a: !!python/object/apply:os.system ['echo hi']\n", "is not allowed"),
        (b"[" * 200_000, "nested more than 50 levels deep"),
    ],
    # Named, not shown: the content as a test id would be 200,000 characters, and pytest puts
    # the id in the environment (PYTEST_CURRENT_TEST) that the collabcheck subprocess inherits.
    ids=["duplicate-key", "utf-16", "empty", "python-tag", "deep-nesting"],
)
def test_broken_input_exits_2_in_one_line_without_a_traceback(
    cli: Cli, write: Callable[..., Path], content: bytes, words: str
) -> None:
    done = cli("validate", "--as-of", AS_OF, str(write(content)), timeout=20)
    assert done.returncode == 2
    assert words in done.stdout
    assert_calm(done.stderr)


def test_missing_file_and_fifo(cli: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    done = cli("validate", "--as-of", AS_OF, str(tmp_path / "nope.yaml"), str(fifo), timeout=20)
    assert done.returncode == 2
    assert f"INVALID {tmp_path / 'nope.yaml'}:1:1  no such file" in done.stdout
    assert "not a regular file" in done.stdout


def test_one_bad_file_does_not_stop_the_others(cli: Cli, write: Callable[..., Path]) -> None:
    bad = write("a: [\n", name="bad.yaml")
    done = cli("validate", "--as-of", AS_OF, "--verbose", str(bad), str(COMPLIANT))
    assert done.returncode == 2
    assert "in 2 files (1 could not be checked)" in done.stdout
    assert "PASS  " in done.stdout


def test_bad_as_of_is_a_usage_error(cli: Cli) -> None:
    done = cli("validate", "--as-of", "22/11/2026", str(COMPLIANT))
    assert done.returncode == 2
    assert "--as-of '22/11/2026' is not a date: use YYYY-MM-DD" in done.stderr


def test_unknown_option_is_a_usage_error(cli: Cli) -> None:
    done = cli("validate", "--fial-on", "error", str(COMPLIANT))
    assert done.returncode == 2
    assert_calm(done.stderr)


def test_bad_rule_pack_exits_2_naming_the_rule_file(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text("name: custom\nversion: 1.0.0\ntitle: T\n")
    (tmp_path / "r.yaml").write_text("rules:\n  - id: Bad Id\n")
    done = cli("validate", "--rules", str(tmp_path), str(COMPLIANT))
    assert done.returncode == 2
    assert (
        f"collabcheck: rule file error: {tmp_path / 'r.yaml'}:2:9: rules[0].id: 'Bad Id' must be "
        "lower-case words joined by hyphens, such as summary-published-before-start"
    ) in done.stderr
    assert done.stdout == ""


def test_no_color_and_non_terminal_output_is_plain(cli: Cli) -> None:
    done = cli("validate", "--as-of", AS_OF, str(COMPLIANT))
    assert "\x1b[" not in done.stdout
    forced = cli(
        "validate", "--as-of", AS_OF, str(COMPLIANT), env={"FORCE_COLOR": "1", "NO_COLOR": "1"}
    )
    assert "\x1b[3" not in forced.stdout


@pytest.mark.parametrize("force", [{"FORCE_COLOR": "1"}, {"CLICOLOR_FORCE": "1"}])
def test_colour_goes_to_standard_output_only_never_into_a_file(
    cli: Cli, tmp_path: Path, force: dict[str, str]
) -> None:
    report = tmp_path / "report.txt"
    done = cli(
        "validate",
        "--as-of",
        AS_OF,
        "-f",
        f"text={report}",
        "-f",
        "text",
        str(COMPLIANT),
        env=force,
    )
    assert "\x1b[1m" in done.stdout  # standard output is the terminal stream: colour is forced
    written = report.read_text(encoding="utf-8")
    assert "\x1b" not in written
    plain = cli("validate", "--as-of", AS_OF, str(COMPLIANT)).stdout
    assert written == plain  # byte for byte what an uncoloured run prints


def test_output_is_deterministic(cli: Cli) -> None:
    runs = {cli("validate", "--as-of", AS_OF, str(p)).stdout for p in [COMPLIANT, COMPLIANT]}
    assert len(runs) == 1


def test_hostile_text_is_printed_inert(cli: Cli, write: Callable[..., Path]) -> None:
    key = "[bold red]pwned[/] \x1b[31mred \u202egnp \u200bz"
    path = write(
        MINIMAL
        + f'"{key}": 1\n'.replace("\x1b", "\\e")
        .replace("\u202e", "\\u202e")
        .replace("\u200b", "\\u200b")
    )
    done = cli("validate", "--as-of", AS_OF, str(path), env={"FORCE_COLOR": "1"})
    assert done.returncode == 2
    assert "[bold red]pwned[/] \\x1b[31mred \\u202egnp \\u200bz" in done.stdout
    for raw in ("\x1b[31mred", "\u202e", "\u200b"):
        assert raw not in done.stdout


def test_quiet_prints_failures_and_nothing_else(cli: Cli, write: Callable[..., Path]) -> None:
    done = cli("validate", "-q", "--as-of", AS_OF, str(write(MINIMAL)))
    heads = [line.split()[0] for line in done.stdout.splitlines()[1:] if not line.startswith(" ")]
    assert heads and set(heads) == {"FAIL"}


def test_python_dash_m_matches_the_console_script(cli: Cli) -> None:
    import subprocess
    import sys

    script = Path(sys.executable).parent / "collabcheck"
    args = ["validate", "--as-of", AS_OF, str(COMPLIANT)]
    direct = subprocess.run([str(script), *args], capture_output=True, text=True, timeout=60)
    assert direct.stdout == cli(*args).stdout != ""


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ([], "Missing argument 'PROPOSAL'."),
        (["--fail-on", "bogus", "x.yaml"], "Invalid value for '--fail-on'"),
        (["--version", "x.yaml"], "No such option: --version"),
        (["--as-of", "2026-W47-1", "x.yaml"], "--as-of '2026-W47-1' is not a date: use YYYY-MM-DD"),
        (["--as-of", "2026-02-30", "x.yaml"], "--as-of '2026-02-30' is not a date"),
        (["--rules", "a" * 5000, "x.yaml"], "rule file error"),
    ],
)
def test_usage_errors_are_one_line(cli: Cli, args: list[str], words: str) -> None:
    done = cli("validate", *args)
    assert done.returncode == 2
    assert words in done.stderr
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("collabcheck: ")


def test_hostile_option_name_is_escaped(cli: Cli) -> None:
    done = cli("validate", "--zz\x1b[31m\u202e", "x.yaml")
    assert done.returncode == 2
    assert "\x1b" not in done.stderr and "\u202e" not in done.stderr
    assert "--zz\\x1b[31m\\u202e" in done.stderr


def test_a_terminal_that_cannot_show_unicode_still_gets_the_report(cli_process: Cli) -> None:
    done = cli_process(
        "validate", "--as-of", AS_OF, str(COMPLIANT), env={"PYTHONIOENCODING": "ascii"}
    )
    assert done.returncode == 0
    assert done.stdout.startswith("collabcheck: ") and " 0 failed, " in done.stdout
    assert "\\xb7 as of" in done.stdout


def test_a_reader_that_stops_early_is_not_reported_as_failures(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    for i in range(80):
        (tmp_path / f"p{i:02}.yaml").write_bytes(COMPLIANT.read_bytes())
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "collabcheck",
            "validate",
            "--as-of",
            AS_OF,
            "-f",
            "json",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(5)
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == -signal.SIGPIPE
    assert stderr == ""
