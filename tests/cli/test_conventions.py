"""What the neighbouring linters (ruff, yamllint, check-jsonschema) have taught their users to
expect of `validate`: --color with NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE, --stdin-filename,
--exclude, and a terse text report of many files with --verbose for every outcome."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.helpers import AS_OF, EXAMPLES

COMPLIANT = EXAMPLES / "heart-failure-joint-working.yaml"
FAILING = EXAMPLES / "failing-funding-only.yaml"

# --- --color ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ((), {}, False),
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"FORCE_COLOR": "0"}, False),
        ((), {"CLICOLOR_FORCE": "1"}, True),
        ((), {"CLICOLOR_FORCE": "0"}, False),
        ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ((), {"FORCE_COLOR": "1", "NO_COLOR": ""}, True),
        (("--color", "always"), {}, True),
        (("--color", "always"), {"NO_COLOR": "1"}, True),
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
        (("--color", "never"), {"CLICOLOR_FORCE": "1"}, False),
        (("--color", "auto"), {"FORCE_COLOR": "1"}, True),
        (("--color=auto",), {"NO_COLOR": "1", "CLICOLOR_FORCE": "1"}, False),
    ],
)
def test_color_follows_the_option_then_the_environment(
    cli: Cli, args: tuple[str, ...], env: dict[str, str], coloured: bool
) -> None:
    done = cli("validate", "--as-of", AS_OF, *args, str(COMPLIANT), env=env)
    assert done.returncode == 0, done.stderr
    assert ("\x1b[" in done.stdout) is coloured
    if not coloured:
        assert done.stdout == cli("validate", "--as-of", AS_OF, str(COMPLIANT)).stdout


def test_color_always_never_colours_a_report_file(cli: Cli, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    done = cli(
        "validate",
        "--as-of",
        AS_OF,
        "--color",
        "always",
        "-f",
        f"text={report}",
        "-f",
        "text",
        str(COMPLIANT),
    )
    assert "\x1b[1m" in done.stdout
    assert "\x1b" not in report.read_text(encoding="utf-8")


def test_the_shell_completes_the_new_options(cli: Cli) -> None:
    words = "collabcheck validate --color "
    env = {"_COLLABCHECK_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": "3"}
    assert cli(env=env).stdout.split() == ["auto", "always", "never"]
    env.update(COMP_WORDS="collabcheck validate --std", COMP_CWORD="2")
    assert cli(env=env).stdout.split() == ["--stdin-filename"]


def test_color_takes_only_its_three_values(cli: Cli) -> None:
    done = cli("validate", "--color", "yes", str(COMPLIANT))
    assert done.returncode == 2
    assert "'yes' is not one of 'auto', 'always', 'never'" in done.stderr


# --- --stdin-filename ------------------------------------------------------------------------


def _stdin(*args: str, data: bytes, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    from tests.runner import run_in_process

    return run_in_process(*args, stdin=data, cwd=cwd)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github", "markdown"])
def test_standard_input_is_reported_under_the_name_given(fmt: str) -> None:
    name = "proposals/funding-only.yaml"
    args = ("validate", "--as-of", AS_OF, "-f", fmt)
    named = _stdin(*args, "--stdin-filename", name, "-", data=FAILING.read_bytes())
    plain = _stdin(*args, "-", data=FAILING.read_bytes())
    assert named.returncode == plain.returncode == 1, named.stderr
    assert name in named.stdout
    assert "stdin" not in named.stdout
    # The name is all that changes, however each format writes `<stdin>`.
    expected = plain.stdout
    for written in ("&lt;stdin&gt;", "\\<stdin\\>", "%3Cstdin%3E", "<stdin>"):
        expected = expected.replace(written, name)
    if fmt == "sarif":
        # Under a name, the proposal is a file of the repository like any other: its URI is
        # relative to the repository root, and its fingerprints are made from that name.
        [run] = json.loads(named.stdout)["runs"]
        places = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
        assert places and all(
            p == {"uri": name, "uriBaseId": "%SRCROOT%", "index": 0} for p in places
        )
    else:
        assert named.stdout == expected


def test_a_location_names_the_file_given_to_standard_input() -> None:
    done = _stdin(
        "validate", "--as-of", AS_OF, "--stdin-filename", "a/b.yaml", "-", data=FAILING.read_bytes()
    )
    assert "FAIL  a/b.yaml:26:9  pooling-all-parties  [error]" in done.stdout
    record = json.loads(
        _stdin(
            "validate",
            "-f",
            "json",
            "--as-of",
            AS_OF,
            "--stdin-filename",
            "a/b.yaml",
            "-",
            data=b"a: [\n",
        ).stdout
    )
    assert [f["path"] for f in record["files"]] == ["a/b.yaml"]


def test_the_name_given_to_standard_input_is_never_written(tmp_path: Path) -> None:
    real = tmp_path / "proposal.yaml"
    real.write_bytes(COMPLIANT.read_bytes())
    before = real.read_bytes()
    done = _stdin(
        "validate",
        "--as-of",
        AS_OF,
        "--stdin-filename",
        str(real),
        "-f",
        f"json={real}",
        "-",
        data=FAILING.read_bytes(),
    )
    assert done.returncode == 2
    assert f"the output file {real} is one of the inputs" in done.stderr
    assert real.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--stdin-filename", "a.yaml", str(COMPLIANT)),
            "collabcheck: --stdin-filename names standard input: give - among the proposals to read it\n",
        ),
        (
            ("--stdin-filename", " ", "-"),
            "collabcheck: --stdin-filename needs a name, such as proposals/heart-failure.yaml\n",
        ),
    ],
)
def test_stdin_filename_without_standard_input_is_a_usage_error(
    args: tuple[str, ...], message: str
) -> None:
    done = _stdin("validate", "--as-of", AS_OF, *args, data=b"")
    assert done.returncode == 2
    assert done.stderr == message
    assert done.stdout == ""


# --- --exclude -------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder of proposals: top.yaml, drafts/d.yaml, archive/2023/old.yaml, archive/keep.yaml,
    team/archive/deep.yaml and team/x.draft.yaml."""
    for name in (
        "top.yaml",
        "drafts/d.yaml",
        "archive/2023/old.yaml",
        "archive/keep.yaml",
        "team/archive/deep.yaml",
        "team/x.draft.yaml",
    ):
        path = tmp_path / "root" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        reference = name.replace("/", "-").replace(".", "-").upper()
        path.write_text(
            COMPLIANT.read_text(encoding="utf-8").replace(
                "reference: NTH-JW-2026-014", f"reference: {reference}", 1
            ),
            encoding="utf-8",
        )
    return tmp_path / "root"


def _checked(cli: Cli, root: Path, *exclude: str) -> list[str]:
    args = [a for pattern in exclude for a in ("--exclude", pattern)]
    done = cli("validate", "--as-of", AS_OF, "-f", "json", *args, str(root))
    assert done.returncode == 0, done.stderr
    return [os.path.relpath(f["path"], root) for f in json.loads(done.stdout)["files"]]


ALL = [
    "archive/2023/old.yaml",
    "archive/keep.yaml",
    "drafts/d.yaml",
    "team/archive/deep.yaml",
    "team/x.draft.yaml",
    "top.yaml",
]


@pytest.mark.parametrize(
    ("exclude", "left_out"),
    [
        ((), []),
        # a name: any file or folder of that name, at any depth, with all below it
        (("archive",), ["archive/2023/old.yaml", "archive/keep.yaml", "team/archive/deep.yaml"]),
        (("*.draft.yaml",), ["team/x.draft.yaml"]),
        (("d.yaml",), ["drafts/d.yaml"]),
        # a path below the folder searched: only there
        (("archive/2023",), ["archive/2023/old.yaml"]),
        (("./archive/2023/",), ["archive/2023/old.yaml"]),
        (("archive/*.yaml",), ["archive/2023/old.yaml", "archive/keep.yaml"]),
        # `*` matches / as well
        (("team/*",), ["team/archive/deep.yaml", "team/x.draft.yaml"]),
        (("*/archive",), ["team/archive/deep.yaml"]),
        (("drafts", "2023"), ["archive/2023/old.yaml", "drafts/d.yaml"]),
        # matched with letter case, on every system
        (("ARCHIVE",), []),
    ],
)
def test_exclude_leaves_matching_files_and_folders_out_of_a_directory_search(
    cli: Cli, tree: Path, exclude: tuple[str, ...], left_out: list[str]
) -> None:
    assert sorted(_checked(cli, tree, *exclude)) == [p for p in ALL if p not in left_out]


def test_a_file_named_on_the_command_line_is_checked_whatever_exclude_says(
    cli: Cli, tree: Path
) -> None:
    done = cli("validate", "--as-of", AS_OF, "--exclude", "*.yaml", str(tree / "top.yaml"))
    assert done.returncode == 0
    assert " in 1 file " in done.stdout


def test_excluding_everything_finds_nothing(cli: Cli, tree: Path) -> None:
    done = cli("validate", "--as-of", AS_OF, "--exclude", "*", str(tree))
    assert done.returncode == 2
    assert done.stderr == f"collabcheck: no proposals found in {tree}\n"


# --- a terse report of many files ------------------------------------------------------------


@pytest.fixture
def many(tmp_path: Path, write: Callable[..., Path]) -> Path:
    text = COMPLIANT.read_text(encoding="utf-8")
    for n in range(5):
        write(text.replace("reference: NTH-JW-2026-014", f"reference: COPY-{n}", 1), f"p{n}.yaml")
    return tmp_path


def test_of_several_files_only_failures_errors_and_items_to_confirm_are_listed(
    cli: Cli, many: Path
) -> None:
    done = cli("validate", "--as-of", AS_OF, str(many), str(FAILING))
    labels = {line.split()[0] for line in done.stdout.splitlines()[1:] if not line.startswith(" ")}
    assert labels == {"FAIL", "CONFIRM"}
    verbose = cli("validate", "--as-of", AS_OF, "--verbose", str(many), str(FAILING))
    labels = {
        line.split()[0] for line in verbose.stdout.splitlines()[1:] if not line.startswith(" ")
    }
    assert labels == {"FAIL", "CONFIRM", "PASS", "N/A"}
    assert done.stdout.splitlines()[0] == verbose.stdout.splitlines()[0]  # the same summary
    assert set(done.stdout.splitlines()) <= set(verbose.stdout.splitlines())
    # --quiet is quieter still: failures and errors only.
    quiet = cli("validate", "--as-of", AS_OF, "-q", str(many), str(FAILING))
    labels = {line.split()[0] for line in quiet.stdout.splitlines()[1:] if not line.startswith(" ")}
    assert labels == {"FAIL"}


def test_one_file_is_reported_in_full_as_before(cli: Cli) -> None:
    done = cli("validate", "--as-of", AS_OF, str(COMPLIANT))
    assert done.stdout == cli("validate", "--as-of", AS_OF, "-v", str(COMPLIANT)).stdout
    assert "PASS  " in done.stdout and "N/A   " in done.stdout


def test_the_terse_report_is_a_tenth_of_the_full_one_for_many_compliant_files(
    cli: Cli, many: Path
) -> None:
    terse = cli("validate", "--as-of", AS_OF, str(many)).stdout.splitlines()
    full = cli("validate", "--as-of", AS_OF, "-v", str(many)).stdout.splitlines()
    # Each compliant copy: 8 items to confirm, against 87 outcomes in full.
    assert (len(terse), len(full)) == (1 + 5 * 8, 1 + 5 * 87)


def test_other_formats_keep_every_outcome_of_several_files(cli: Cli, many: Path) -> None:
    done = cli("validate", "--as-of", AS_OF, "-f", "json", str(many))
    outcomes = {r["outcome"] for f in json.loads(done.stdout)["files"] for r in f["findings"]}
    assert {"pass", "not_applicable"} <= outcomes
