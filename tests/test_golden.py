"""Every format's output for every example, byte for byte as checked in under tests/golden/.

The runs are those tools/golden.py records (the same command line, from the top of the checkout),
made here in the test process. Regenerate the files with `python tools/golden.py` after a change
that is meant to change the output, and read the diff before committing it.
"""

from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from collabcheck.reporters import REPORTERS
from tests.conftest import Cli
from tests.helpers import AS_OF, ROOT

REGENERATE = "python tools/golden.py"
SHOWN = 200  # lines of a diff shown in a failure


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("golden", ROOT / "tools" / "golden.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


golden = _tool()
CASES = [(fmt, example) for fmt in REPORTERS for example in golden.examples()]
DISCLOSURE_CASES = [(fmt, example) for fmt in golden.DISCLOSURE for example in golden.examples()]


def unified_diff(expected: str, actual: str, name: str) -> str:
    lines = list(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            f"{name} (checked in)",
            f"{name} (written now)",
        )
    )
    more = f"... and {len(lines) - SHOWN} more lines\n" if len(lines) > SHOWN else ""
    shown = "".join(line if line.endswith("\n") else line + "\n" for line in lines[:SHOWN])
    return shown + more


def test_the_tool_runs_what_this_test_runs() -> None:
    assert golden.snapshot_outputs.AS_OF == AS_OF
    assert golden.snapshot_outputs.arguments("json", "examples/x.yaml") == [
        "validate",
        "--no-config",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "examples/x.yaml",
    ]


def test_there_is_a_golden_file_for_every_format_and_example_and_no_other() -> None:
    present = {p for p in golden.GOLDEN.glob("*/*") if p.is_file()}
    expected = golden.expected_files(list(REPORTERS))
    missing = sorted(str(p.relative_to(ROOT)) for p in expected - present)
    stale = sorted(str(p.relative_to(ROOT)) for p in present - expected)
    assert (missing, stale) == ([], []), f"run `{REGENERATE}`"
    assert len(golden.examples()) > 1


@pytest.mark.parametrize(
    ("fmt", "example"), CASES, ids=[f"{fmt}-{example.stem}" for fmt, example in CASES]
)
def test_output_matches_the_golden_file(cli: Cli, fmt: str, example: Path) -> None:
    relative = example.relative_to(ROOT).as_posix()
    done = cli(*golden.snapshot_outputs.arguments(fmt, relative), cwd=ROOT)
    assert done.returncode in (0, 1), done.stderr
    _matches(golden.golden_path(fmt, example), done.stdout, done.stderr)


@pytest.mark.parametrize(
    ("fmt", "example"),
    DISCLOSURE_CASES,
    ids=[f"{fmt}-{example.stem}" for fmt, example in DISCLOSURE_CASES],
)
def test_disclosure_matches_the_golden_file(cli: Cli, fmt: str, example: Path) -> None:
    relative = example.relative_to(ROOT).as_posix()
    done = cli(*golden.disclosure_arguments(fmt, relative), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    _matches(golden.golden_path(fmt, example), done.stdout, done.stderr)


DOCUMENTS = golden.document_cases()


@pytest.mark.parametrize("case", DOCUMENTS, ids=["-".join(map(str, case)) for case in DOCUMENTS])
def test_document_matches_the_golden_file(cli: Cli, case: tuple[str, str, bool, str]) -> None:
    done = cli(*golden.document_arguments(*case), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    _matches(golden.document_path(*case), done.stdout, done.stderr)


def _matches(path: Path, stdout: str, stderr: str) -> None:
    assert stderr == ""
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `{REGENERATE}`", pytrace=False)
    expected = path.read_bytes()
    actual = stdout.encode("utf-8")
    if actual != expected:
        name = path.relative_to(ROOT).as_posix()
        diff = unified_diff(expected.decode("utf-8", "replace"), stdout, name)
        pytest.fail(
            f"{name} differs from what collabcheck writes now; if the change is meant, run "
            f"`{REGENERATE}` and commit the new file.\n{diff or '(they differ only in bytes)'}",
            pytrace=False,
        )


def test_a_difference_is_shown_as_a_unified_diff() -> None:
    diff = unified_diff("a\nb\nc\n", "a\nB\nc", "x.txt")
    assert diff.splitlines() == [
        "--- x.txt (checked in)",
        "+++ x.txt (written now)",
        "@@ -1,3 +1,3 @@",
        " a",
        "-b",
        "-c",
        "+B",
        "+c",
    ]
