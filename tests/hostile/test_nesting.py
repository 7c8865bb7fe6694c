"""Nesting tens of thousands of levels deep, generated, all checked in one run.

libyaml's composer (and any recursive builder) crashes the process on these; collabcheck builds
values from the event stream with an explicit stack and refuses the 51st level (the top level
counts as one), at its line and column. Two of them are also read from standard input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.hostile.harness import (
    AS_OF,
    JSON_AND_TEXT,
    MiB,
    Result,
    assert_calm,
    assert_names,
    assert_problem,
    assert_within_limits,
    collabcheck,
    files_by_path,
    load_report,
    run_many,
)

LEVELS = 50_000
LIMIT = 50
MESSAGE = f"nested more than {LIMIT} levels deep"


@dataclass(frozen=True)
class Deep:
    text: str
    line: int  # where the 51st level starts
    column: int


def _opener(text: str, line: int, openers: str, nth: int) -> Deep:
    """The position of the nth opening character on `line` (1-based): for flow collections the
    value of `x:` is level 2, so the 50th opener on its line is level 51."""
    content = text.split("\n")[line - 1]
    seen = 0
    for index, char in enumerate(content):
        if char in openers:
            seen += 1
            if seen == nth:
                return Deep(text, line, index + 1)
    raise AssertionError("the generated text is not as deep as intended")


def flow_sequences() -> Deep:
    return _opener("format_version: 1\nx: " + "[" * LEVELS + "]" * LEVELS + "\n", 2, "[", LIMIT)


def flow_sequences_unclosed() -> Deep:
    return _opener("format_version: 1\nx: " + "[" * LEVELS + "\n", 2, "[", LIMIT)


def flow_mappings() -> Deep:
    text = "format_version: 1\nx: " + "{a: " * LEVELS + "1" + "}" * LEVELS + "\n"
    return _opener(text, 2, "{", LIMIT)


def flow_mixed() -> Deep:
    text = "format_version: 1\nx: " + "[{a: " * (LEVELS // 2) + "1" + "}]" * (LEVELS // 2) + "\n"
    return _opener(text, 2, "[{", LIMIT)


def block_sequences() -> Deep:
    # Compact nested block sequences: "- - - - ... 1" on one line.
    return _opener("format_version: 1\nx:\n  " + "- " * LEVELS + "1\n", 3, "-", LIMIT)


def block_mappings() -> Deep:
    # 1,000 levels of indentation (about 500 kB). The mapping indented by i spaces starts on
    # line i + 2 and is level i + 1, so level 51 starts on line 52, column 51.
    depth = 1000
    text = "format_version: 1\n" + "".join(" " * i + "a:\n" for i in range(depth))
    text += " " * depth + "a: 1\n"
    return Deep(text, LIMIT + 2, LIMIT + 1)


def megabyte_of_brackets() -> Deep:
    # Exactly 1 MiB, the largest file collabcheck reads: every byte opens a level.
    return _opener("[" * MiB, 1, "[", LIMIT + 1)


SHAPES: dict[str, Callable[[], Deep]] = {
    "flow-sequences.yaml": flow_sequences,
    "flow-sequences-unclosed.yaml": flow_sequences_unclosed,
    "flow-mappings.yaml": flow_mappings,
    "flow-mixed.yaml": flow_mixed,
    "block-sequences.yaml": block_sequences,
    "block-mappings.yaml": block_mappings,
    "megabyte-of-brackets.yaml": megabyte_of_brackets,
}


STDIN = ("flow-mappings.yaml", "megabyte-of-brackets.yaml")  # also read from standard input


@dataclass(frozen=True, repr=False)
class Runs:
    files: Result
    stdin: dict[str, Result]
    report: dict[str, dict[str, Any]]
    shapes: dict[str, Deep]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    folder = tmp_path_factory.mktemp("deep")
    shapes = {name: make() for name, make in SHAPES.items()}
    for name, deep in shapes.items():
        (folder / name).write_text(deep.text, encoding="utf-8")
    names = sorted(shapes)
    jobs = [
        collabcheck(
            *JSON_AND_TEXT,
            *names,
            cwd=folder,
        ),
        *(collabcheck("validate", "--as-of", AS_OF, "-", stdin=folder / n) for n in STDIN),
    ]
    results = run_many(jobs)
    assert_within_limits(results[0])
    report = files_by_path(load_report(folder / "report.json", results[0]))
    return Runs(results[0], dict(zip(STDIN, results[1:], strict=True)), report, shapes)


def test_the_run_is_calm(runs: Runs) -> None:
    assert_calm(runs.files, exit=2)
    assert sorted(runs.report) == sorted(SHAPES)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_refused_at_the_51st_level(runs: Runs, name: str) -> None:
    deep = runs.shapes[name]
    assert_calm(runs.files, exit=2)
    assert_problem(runs.report[name], MESSAGE, deep.line, deep.column)
    assert_names(runs.files, name, deep.line, deep.column)


@pytest.mark.parametrize("name", STDIN)
def test_refused_from_standard_input(runs: Runs, name: str) -> None:
    deep = runs.shapes[name]
    result = runs.stdin[name]
    assert_calm(result, exit=2)
    assert_names(result, "<stdin>", deep.line, deep.column)
    assert MESSAGE in result.stdout
