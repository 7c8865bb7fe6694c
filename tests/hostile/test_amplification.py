"""Inputs within every documented limit that make collabcheck do far more work than their size:
a 1 MiB proposal of unknown keys (one format error each), a short RE2 pattern whose automaton
is too big for RE2's memory budget on a long text, and rules that nest one walk over a list
inside another.

All three are known bugs, so they run side by side and are killed after 6 s rather than 10: the
correct behaviour takes well under that, and the failures cost the suite about 6 s in all.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.hostile.harness import (
    AS_OF,
    FEW_SECONDS,
    VALID,
    Result,
    assert_calm,
    assert_names,
    collabcheck,
    rule_file,
    run_many,
    write_pack,
)

MEGABYTE = 1024 * 1024


@dataclass(frozen=True, repr=False)
class Runs:
    unknown_keys: Result
    slow_pattern: Result
    nested_walks: Result


def _unknown_keys() -> str:
    lines, size, i = ["format_version: 1\n"], len("format_version: 1\n"), 0
    while size + len(f"k{i}: v\n") <= MEGABYTE:
        lines.append(f"k{i}: v\n")
        size += len(lines[-1])
        i += 1
    return "".join(lines)  # about 105,000 unknown keys


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    folder = tmp_path_factory.mktemp("amplification")
    (folder / "unknown-keys.yaml").write_text(_unknown_keys(), encoding="utf-8")
    digits = '"' + "1" * (MEGABYTE - len(VALID) - 10) + '"'
    (folder / "digits.yaml").write_text(
        VALID.replace("Heart failure medicines optimisation", digits), encoding="utf-8"
    )
    write_pack(
        folder / "slow-pattern",
        rule_file('{matches: {path: project.title, pattern: "\\\\pN{1000}x"}}'),
    )
    objectives = VALID + "objectives:\n" + "  - An objective\n" * 20_000
    (folder / "objectives.yaml").write_text(objectives, encoding="utf-8")
    write_pack(
        folder / "nested-walks",
        rule_file(
            "{for_each: {path: objectives, check: {count: {path: objectives, at_least: 1}}}}"
        ),
    )
    # Killed after 6 s of wall-clock time (instead of 10): the three share two cores, and a fixed
    # collabcheck needs well under the FEW_SECONDS of CPU that every run is allowed.
    limits = {"cwd": folder, "time_limit": FEW_SECONDS + 1}
    return Runs(
        *run_many(
            [
                collabcheck("validate", "--as-of", AS_OF, "unknown-keys.yaml", **limits),
                collabcheck(
                    "validate", "--as-of", AS_OF, "--rules", "slow-pattern", "digits.yaml", **limits
                ),
                collabcheck(
                    "validate",
                    "--as-of",
                    AS_OF,
                    "--rules",
                    "nested-walks",
                    "objectives.yaml",
                    **limits,
                ),
            ],
            parallel=3,
        )
    )


def test_a_megabyte_of_unknown_keys(runs: Runs) -> None:
    assert_calm(runs.unknown_keys, exit=2)
    assert_names(runs.unknown_keys, "unknown-keys.yaml", 2, 1)


def test_a_pattern_too_big_for_the_dfa(runs: Runs) -> None:
    result = runs.slow_pattern
    assert_calm(result, exit=(0, 2))  # matched quickly, or refused when the pack loads
    if result.returncode == 2:
        assert "rule file error: slow-pattern/rules.yaml:14:" in result.stderr
    else:
        assert_names(result, "digits.yaml")


def test_rules_that_nest_walks_over_a_long_list(runs: Runs) -> None:
    result = runs.nested_walks
    # Stopped by the per-rule work limit: an error outcome for this proposal and rule, not a hang.
    assert_calm(result, exit=2)
    assert_names(result, "objectives.yaml")
    assert (
        "ERROR " in result.stdout and "looks at more than 1,000,000 list entries" in result.stdout
    )
