"""`collabcheck validate`, `rules list` and `--version` read without typer: the same values,
messages and exit codes, and none of typer's or the other commands' modules imported."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

from collabcheck.cli.launch import _quick_list, _quick_validate, _version, read_arguments
from collabcheck.cli.options import ARGUMENTS, OPTIONS
from tests.helpers import AS_OF, EXAMPLES

COMPLIANT = str(EXAMPLES / "heart-failure-joint-working.yaml")
FAILING = str(EXAMPLES / "failing-funding-only.yaml")
EXAMPLES_DIR = str(EXAMPLES)


def _read(*args: str) -> dict[str, object] | None:
    return read_arguments(list(args), OPTIONS, ARGUMENTS)


def test_ordinary_command_lines_are_read_as_typer_reads_them() -> None:
    assert _read("--as-of", AS_OF, "-f", "json", "a.yaml", "b.yaml") == {
        "paths": ["a.yaml", "b.yaml"],
        "as_of": AS_OF,
        "formats": ["json"],
    }
    assert _read("a.yaml", "--format=sarif=out.sarif", "-f", "text", "-q", "--jobs=0") == {
        "paths": ["a.yaml"],
        "formats": ["sarif=out.sarif", "text"],
        "quiet": True,
        "jobs": 0,
    }
    assert _read("--fail-on", "warning", "--rules", "pack", "-", "--", "-odd.yaml") == {
        "paths": ["-", "-odd.yaml"],
        "fail_on": "warning",
        "rules": [Path("pack")],
    }
    assert _read("-o", "a.json", "--output", "b.md", "x.yaml") == {
        "paths": ["x.yaml"],
        "files": ["a.json", "b.md"],
    }
    assert _read(
        "--color",
        "never",
        "--exclude",
        "drafts",
        "--exclude=*.old.yaml",
        "-v",
        "--stdin-filename",
        "p/a.yaml",
        "-",
    ) == {
        "paths": ["-"],
        "color": "never",
        "exclude": ["drafts", "*.old.yaml"],
        "verbose": True,
        "stdin_filename": "p/a.yaml",
    }


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("a.yaml", "--help"),
        ("-h",),
        ("a.yaml", "-h"),
        ("--unknown", "a.yaml"),
        ("--as-of",),
        ("a.yaml", "--as-of"),
        ("--as-of=", "a.yaml"),
        ("--as-of", "--quiet", "a.yaml"),
        ("--quiet=1", "a.yaml"),
        ("-q", "--quiet", "a.yaml"),
        ("--as-of", AS_OF, "--as-of", AS_OF, "a.yaml"),
        ("-qf", "json", "a.yaml"),
        ("-j2", "a.yaml"),
        ("--jobs", "-1", "a.yaml"),
        ("--jobs", "2x", "a.yaml"),
        ("--jobs", " 2", "a.yaml"),
        ("--jobs", "99999999999", "a.yaml"),
        ("--fail-on", "ERROR", "a.yaml"),
        ("--color", "yes", "a.yaml"),
        ("--color", "a.yaml"),
        ("--stdin-filename", "a.yaml", "--stdin-filename", "b.yaml", "-"),
        ("-f", "json"),
        (),
        ("-x", "a.yaml"),
    ],
)
def test_anything_unusual_is_left_to_typer(args: tuple[str, ...]) -> None:
    assert _read(*args) is None


def test_only_validate_is_read_here() -> None:
    assert _quick_validate(["validate", COMPLIANT]) is not None
    for args in (["--version"], ["rules", "list"], ["schema"], [], ["validate", "--help"]):
        assert _quick_validate(args) is None


def test_only_a_plain_rules_list_is_read_here() -> None:
    for args in (
        ["rules", "list"],
        ["rules", "list", "-f", "json", "--requirements"],
        ["rules", "list", "--format=text", "--rules", "a", "--rules", "b", "--add-rules", "c"],
        ["rules", "list", "--config", "c.toml"],
        ["rules", "list", "--no-config"],
    ):
        assert _quick_list(args) is not None, args
    for args in (
        ["rules", "list", "--help"],
        ["rules", "list", "-h"],
        ["rules", "list", "extra"],
        ["rules", "list", "--", "extra"],
        ["rules", "list", "-f", "xml"],
        ["rules", "list", "-f", "json", "-f", "text"],
        ["rules", "list", "--requirements=yes"],
        ["rules", "list", "--as-of", "2026-01-01"],
        ["rules", "show", "benefit-test"],
        ["rules"],
        ["list"],
    ):
        assert _quick_list(args) is None, args


def test_only_the_version_option_alone_is_answered_here() -> None:
    assert _version(["--version"]) is not None
    for args in (["--version", "validate"], ["-V"], ["--help"], ["validate", "--version"]):
        assert _version(args) is None


def _run(
    code: str, args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    return done.returncode, done.stdout, done.stderr


QUICK = "import sys; sys.argv[0] = 'collabcheck'; from collabcheck.cli.launch import main; main()"
TYPER = "import sys; sys.argv[0] = 'collabcheck'; from collabcheck.cli.app import main; main()"


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--as-of", AS_OF, COMPLIANT],
        ["validate", "--as-of", AS_OF, "-f", "json", FAILING, COMPLIANT],
        ["validate", "--as-of", AS_OF, "--fail-on", "never", "-q", FAILING],
        ["validate", "--as-of", "2026-02-30", COMPLIANT],
        ["validate", "--as-of", AS_OF, "--rules", "no-such-pack", COMPLIANT],
        ["validate", "--as-of", AS_OF, "-f", "json", "-f", "text", COMPLIANT],
        ["validate", "--as-of", AS_OF, "-o", "x.json", COMPLIANT],
        ["validate", "--as-of", AS_OF, "-j", "2", "-f", "junit", FAILING, COMPLIANT],
        ["validate", "--as-of", AS_OF, "no-such-file.yaml"],
        ["validate", "--as-of", AS_OF, FAILING, COMPLIANT],
        ["validate", "--as-of", AS_OF, "-v", FAILING, COMPLIANT],
        ["validate", "--as-of", AS_OF, "--color", "always", FAILING],
        ["validate", "--as-of", AS_OF, "--color=never", "-f", "text=out.txt", FAILING],
        ["validate", "--as-of", AS_OF, "--stdin-filename", "p/named.yaml", "-f", "json", "-"],
        ["validate", "--as-of", AS_OF, "--stdin-filename", "p/named.yaml", COMPLIANT],
        [
            "validate",
            "--as-of",
            AS_OF,
            "--exclude",
            "failing-*",
            "--exclude",
            "*.json",
            EXAMPLES_DIR,
        ],
    ],
)
def test_same_output_and_exit_code_as_typer(args: list[str], tmp_path: Path) -> None:
    assert _quick_validate(args) is not None
    _same_as_typer(args, tmp_path)


def _same_as_typer(args: list[str], tmp_path: Path) -> None:
    quick = tmp_path / "quick"
    full = tmp_path / "typer"
    quick.mkdir()
    full.mkdir()
    assert _run(QUICK, args, quick) == _run(TYPER, args, full)
    assert sorted(p.name for p in quick.iterdir()) == sorted(p.name for p in full.iterdir())
    for written in quick.iterdir():
        assert written.read_bytes() == (full / written.name).read_bytes()


@pytest.mark.parametrize(
    "args",
    [
        ["rules", "list", "--no-config"],
        ["rules", "list", "--no-config", "-f", "json"],
        ["rules", "list", "--no-config", "--format=json", "--requirements"],
        ["rules", "list", "--no-config", "--requirements"],
        ["rules", "list", "--rules", "no-such-pack"],
        ["rules", "list", "--config", "no-such.toml"],
        ["rules", "list", "--config", "no-such.toml", "--no-config"],
        ["rules", "list"],
    ],
)
def test_rules_list_gives_the_same_output_and_exit_code_as_typer(
    args: list[str], tmp_path: Path
) -> None:
    assert _quick_list(args) is not None
    _same_as_typer(args, tmp_path)


@pytest.mark.parametrize("args", [["--version"], ["--version", "validate"]])
def test_the_version_is_the_installed_distributions(args: list[str], tmp_path: Path) -> None:
    installed = importlib.metadata.version("collabcheck")
    answer = (0, f"collabcheck {installed}\n", "")
    assert _run(QUICK, args, tmp_path) == answer
    assert _run(TYPER, args, tmp_path) == answer


LOADED = """
import sys
record = sys.argv.pop()
sys.argv[0] = "collabcheck"
from collabcheck.cli.launch import main
try:
    main()
finally:
    with open(record, "w", encoding="utf-8") as handle:
        handle.write("\\n".join(sorted(sys.modules)))
"""


def _typer_modules(args: list[str], tmp_path: Path) -> list[str]:
    """The modules of typer, click and the typer application that a run imports."""
    record = tmp_path / "modules.txt"
    code, _, err = _run(LOADED, [*args, str(record)], tmp_path)
    assert code in (0, 2), err
    loaded = record.read_text(encoding="utf-8").split()
    return [
        m for m in loaded if m.split(".")[0] in ("typer", "click") or m == "collabcheck.cli.app"
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--as-of", AS_OF, COMPLIANT],
        ["validate", "--as-of", AS_OF, "-f", "json", "-q", "--fail-on", "never", FAILING],
        ["validate", "--as-of", "2026-02-30", COMPLIANT],
    ],
)
def test_an_ordinary_validate_run_never_imports_typer(args: list[str], tmp_path: Path) -> None:
    assert _typer_modules(args, tmp_path) == []


def _loaded(args: list[str], tmp_path: Path, env: dict[str, str] | None = None) -> list[str]:
    record = tmp_path / "modules.txt"
    code, _, err = _run(LOADED, [*args, str(record)], tmp_path, env)
    assert code in (0, 2), err
    return record.read_text(encoding="utf-8").split()


def test_the_version_imports_nothing_but_the_launcher(tmp_path: Path) -> None:
    ours = [m for m in _loaded(["--version"], tmp_path) if m.startswith("collabcheck")]
    assert sorted(ours) == [
        "collabcheck",
        "collabcheck.cli",
        "collabcheck.cli.launch",
        "collabcheck.cli.process",
    ]


# Modules a run that checks one valid, printable proposal, its rule pack from the cache, has no
# need of, each a cost at start-up: hashes come without OpenSSL, month lengths without calendar
# and locale, signal handlers without the signal module's enums, Unicode data only for text
# that is not printable ASCII, the cache finds pydantic without importlib.util, and schema
# problems are worded only for a file that has them.
NOT_NEEDED = (
    "hashlib",
    "_hashlib",
    "calendar",
    "locale",
    "signal",
    "unicodedata",
    "importlib.util",
    "collabcheck.loading.schema_errors",
)


def test_a_one_proposal_run_imports_nothing_it_does_not_need(tmp_path: Path) -> None:
    # As installed: modules read from their bytecode (compiling a source with non-ASCII text
    # imports unicodedata), kept out of the source tree.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "bytecode")
    args = ["validate", "--as-of", AS_OF, COMPLIANT]
    _loaded(args, tmp_path, env)  # the first run writes the bytecode and the rule-pack cache
    loaded = _loaded(args, tmp_path, env)
    assert "collabcheck.rulepacks.cache" in loaded
    assert [m for m in NOT_NEEDED if m in loaded] == []


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_rules_list_never_imports_typer(fmt: str, tmp_path: Path) -> None:
    loaded = _loaded(["rules", "list", "--no-config", "-f", fmt], tmp_path)
    assert [m for m in loaded if m.split(".")[0] in ("typer", "click")] == []
    assert ("rich" in loaded) == (fmt == "text")


def test_an_unusual_command_line_is_read_by_typer(tmp_path: Path) -> None:
    assert "typer" in _typer_modules(["validate", "--help"], tmp_path)


COLLECTOR = """
import gc, sys
record = sys.argv.pop()
sys.argv[0] = "collabcheck"
import collabcheck.pipeline
checked = collabcheck.pipeline.check_source


def spy(*args, **kwargs):
    with open(record, "a", encoding="utf-8") as handle:
        handle.write(f"{gc.isenabled()} {gc.get_freeze_count() > 0}\\n")
    return checked(*args, **kwargs)


collabcheck.pipeline.check_source = spy
from collabcheck.cli.launch import main
main()
"""


def test_proposals_are_checked_with_the_collector_on_and_start_up_set_aside(
    tmp_path: Path,
) -> None:
    record = tmp_path / "collector.txt"
    args = ["validate", "--as-of", AS_OF, "-f", "json", FAILING, COMPLIANT, str(record)]
    code, _, err = _run(COLLECTOR, args, tmp_path)
    assert code == 1, err
    assert record.read_text(encoding="utf-8").splitlines() == ["True True", "True True"]
