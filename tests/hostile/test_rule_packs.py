"""Hostile rule packs (`--rules DIR`): code where a condition belongs, unknown operators, wrong
types, fields the format does not have, duplicate ids, regular expressions that are invalid,
too long or too large for RE2, YAML bombs and odd files.

Every broken pack must end the run with exit code 2, nothing on standard output, and one line
per problem on standard error, `collabcheck: rule file error: FILE:LINE:COLUMN: message`, naming
the rule file and the place in it. Mistakes found while validating a rule file are all reported
together, as are mistakes found while compiling the rules, so each of those two families is one
pack (one run) with one broken rule per case; anything that stops the reading of a file gets a
pack of its own. Payloads that would run a command create MARKER-* files: none may appear.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile.harness import (
    AS_OF,
    MANIFEST,
    RULE,
    VALID,
    Job,
    Result,
    assert_calm,
    assert_names,
    collabcheck,
    raw_controls,
    rule_file,
    run_many,
    write_pack,
)

PREFIX = "collabcheck: rule file error: "


@dataclass(frozen=True)
class Broken:
    """One broken rule, among others in a shared rules file: its check, what the message must
    say, and where: the column where `anchor` starts on the rule's `check:` line or, when the
    case replaces text in the rule, on the first line of the first replacement."""

    check: str
    fragment: str
    anchor: str
    replace: tuple[tuple[str, str], ...] = ()


def _rules(cases: dict[str, Broken]) -> tuple[str, dict[str, tuple[int, int]]]:
    """One rules file holding every case as a rule with its id, and where each case's problem
    is expected (line, column)."""
    text, where = "rules:\n", {}
    for rule_id, case in cases.items():
        block = RULE.format(id=rule_id, title="A title", check=case.check).removeprefix("rules:\n")
        for old, new in case.replace:
            assert old in block, old
            block = block.replace(old, new)
        lines = block.splitlines()
        marker = case.replace[0][1].strip().splitlines()[0] if case.replace else "    check: "
        index = next(i for i, line in enumerate(lines) if marker in line)
        first = text.count("\n") + 1
        where[rule_id] = (first + index, lines[index].index(case.anchor) + 1)
        text += block
    return text, where


LONG = "a" * 1001
SCHEMA_CASES: dict[str, Broken] = {
    "code-as-a-string": Broken(
        "\"__import__('os').system('touch MARKER-string')\"", "expected a condition", '"__import__'
    ),
    "code-under-eval": Broken(
        "{eval: \"__import__('os').system('touch MARKER-eval')\"}",
        "unknown operator 'eval'",
        "eval",
    ),
    "code-under-exec": Broken('{exec: "import os"}', "unknown operator 'exec'", "exec"),
    "code-under-python": Broken('{python: {code: "1"}}', "unknown operator 'python'", "python"),
    "unknown-operator": Broken(
        "{equal: {path: project.type, value: joint_working}}", "did you mean 'equals'?", "equal"
    ),
    "two-operators": Broken(
        "{present: project.title, meaningful: project.title}", "exactly one operator", "present"
    ),
    "a-list-not-a-condition": Broken("[present: project.title]", "expected a condition", "check"),
    "a-number-not-a-path": Broken("{present: 5}", "expected text, got 5", "5"),
    "nan-as-a-bound": Broken(
        "{length: {path: project.title, at_least: .nan}}", "expected a number", ".nan"
    ),
    "regex-over-1000-characters": Broken(
        f'{{matches: {{path: project.title, pattern: "{LONG}"}}}}', "at most 1000 characters", '"a'
    ),
    "unknown-severity": Broken(
        "{present: project.title}",
        "'critical' is not one of: error, warning, info",
        "critical",
        (("severity: warning", "severity: critical"),),
    ),
    "unknown-rule-field": Broken(
        "{present: project.title}",
        "unknown field 'script'",
        "script",
        (("    rationale: Why.\n", "    script: rm -rf /\n    rationale: Why.\n"),),
    ),
    "id-with-escapes": Broken(
        "{present: project.title}",
        "must be lower-case words joined by hyphens",
        '"\\e',
        (("id: id-with-escapes", 'id: "\\e[31mred\\u202e"'),),
    ),
}

COMPILE_CASES: dict[str, Broken] = {
    "path-misspelt": Broken("{present: project.titel}", "did you mean 'title'?", "project.titel"),
    "path-into-python": Broken(
        "{present: __class__.__init__.__globals__}", "no field '__class__'", "__class__"
    ),
    "path-is-code": Broken(
        "{present: \"__import__('os').system('touch MARKER-path')\"}", "rule 'path-is-code'", '"__'
    ),
    "path-through-a-list": Broken("{present: parties.kind}", "use for_each or count", "parties"),
    "at-outside-a-list": Broken("{present: '@.kind'}", "only works inside", "'@"),
    "value-never-possible": Broken(
        "{equals: {path: project.type, value: jointworking}}", "is never a value of", "jointworking"
    ),
    "number-test-on-text": Broken(
        "{compare: {path: project.title, at_least: 1}}", "is not a number field", "project.title"
    ),
    "date-test-on-text": Broken(
        "{date: {path: project.title, before: {as_of: true}}}",
        "is not a date field",
        "project.title",
    ),
    "found-in-missing-key": Broken(
        "{found_in: {value: project.title, collection: parties, key: nope}}",
        "no field 'nope'",
        "nope",
    ),
    "regex-backreference": Broken(
        '{matches: {path: project.title, pattern: "(a)\\\\1"}}', "invalid pattern", '"('
    ),
    "regex-lookahead": Broken(
        '{matches: {path: project.title, pattern: "(?=a)b"}}', "invalid pattern", '"('
    ),
    "regex-unbalanced": Broken(
        '{matches: {path: project.title, pattern: "(a"}}', "invalid pattern", '"('
    ),
    "regex-program-too-large": Broken(
        '{matches: {path: project.title, pattern: "\\\\pL{1000}"}}', "pattern too large", '"\\'
    ),
    "regex-repeat-over-1000": Broken(
        '{matches: {path: project.title, pattern: "a{1001}"}}', "invalid pattern", '"a'
    ),
    "duplicate-id": Broken(
        "{present: project.title}",
        "duplicate rule id 'path-misspelt'",
        "path",
        (("id: duplicate-id", "id: path-misspelt"),),
    ),
}


@dataclass(frozen=True)
class Pack:
    """A broken pack: the file its one problem is in (relative to the pack folder; "" for the
    folder itself), where, and what the message says. `bug`: a known bug (strict xfail)."""

    build: Callable[[Path], object]
    file: str
    line: int
    column: int
    fragment: str
    bug: str | None = None


@dataclass(frozen=True)
class Loads:
    """A pack that loads, however hostile: the exit code, and text the report must show."""

    build: Callable[[Path], object]
    exit: int
    shows: tuple[str, ...]
    title: str | None = None  # the proposal's project.title, if not the usual one


def _rules_text(text: str) -> Callable[[Path], object]:
    return lambda folder: write_pack(folder, text)


def _rules_bytes(data: bytes) -> Callable[[Path], object]:
    return lambda folder: write_pack(folder, data)


def _fifo(folder: Path) -> None:
    write_pack(folder, None)
    os.mkfifo(folder / "rules.yaml")


def _no_manifest(folder: Path) -> None:
    folder.mkdir()
    (folder / "rules.yaml").write_text(rule_file("{present: project.title}"), encoding="utf-8")


def _manifest(text: str) -> Callable[[Path], object]:
    return lambda folder: write_pack(folder, rule_file("{present: project.title}"), text)


def _hostile_name(folder: Path) -> None:
    write_pack(folder, None)
    (folder / "evil\x1b[31m\u202e.yaml").write_text(rule_file("{eval: x}"), encoding="utf-8")


LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)
DEEP_NOT = "{not: " * 60 + "{present: project.title}" + "}" * 60
# The column where a rule's check value starts ("    check: "). That value is level 4 (the top
# mapping, the rules list, the rule, the check), so the 48th opening bracket in it is level 51.
C = 12

PACKS: dict[str, Pack] = {
    "billion-laughs": Pack(_rules_text(LAUGHS), "rules.yaml", 1, 4, "anchors (&a) are not allowed"),
    "merge-key": Pack(
        _rules_text(rule_file("{present: project.title}") + "    <<: {title: x}\n"),
        "rules.yaml",
        15,
        5,
        "merge keys (<<) are not allowed",
    ),
    "nested-60-nots": Pack(
        _rules_text(rule_file(DEEP_NOT)), "rules.yaml", 14, C + 6 * 47, "nested more than 50 levels"
    ),
    "nested-50000-lists": Pack(
        _rules_text(rule_file("[" * 50_000 + "]" * 50_000)),
        "rules.yaml",
        14,
        C + 47,
        "nested more than 50 levels",
    ),
    "duplicate-key": Pack(
        _rules_text(rule_file("{present: project.title}") + "    check: {present: x}\n"),
        "rules.yaml",
        15,
        5,
        "duplicate key 'check': it is already defined at line 14, column 5",
    ),
    "python-tag": Pack(
        _rules_text(rule_file("!!python/object/apply:os.system [touch MARKER-tag]")),
        "rules.yaml",
        14,
        C,
        "python/object/apply:os.system' is not allowed",
    ),
    "two-megabytes": Pack(
        _rules_bytes(rule_file("{present: project.title}").encode() + b"#" * (2 * 1024 * 1024)),
        "rules.yaml",
        1,
        1,
        "the limit is 1,048,576 bytes",
    ),
    "rules-file-is-a-fifo": Pack(_fifo, "rules.yaml", 1, 1, "is not a regular file"),
    "no-manifest": Pack(_no_manifest, "", 1, 1, "a rule pack needs a pack.yaml file"),
    "manifest-bomb": Pack(_manifest(MANIFEST + LAUGHS), "pack.yaml", 4, 4, "anchors (&a)"),
    "manifest-bad-version": Pack(
        _manifest(MANIFEST.replace("1.0.0", "'1.0; rm -rf /'")),
        "pack.yaml",
        2,
        10,
        "must be three numbers such as 1.0.0",
    ),
    "hostile-rule-file-name": Pack(
        _hostile_name, "evil\\x1b[31m\\u202e.yaml", 14, 13, "unknown operator 'eval'"
    ),
    "a-list-where-a-value-belongs": Pack(
        _rules_text(rule_file("{equals: {path: project.title, value: [1]}}")),
        "rules.yaml",
        14,
        50,
        "check.equals.value",
    ),
}

PATTERNS = ["(a+)+$", "(a|aa)*$", "(a|a)*b", "^(a+)+b", "(x+x+)+y", "(a*)*$"]
TITLE_PAYLOAD = '"\\e[5mBLINKY [bold]B[/bold] \\u202eRTLO \\x9bC1"'
LOADS: dict[str, Loads] = {
    # Catastrophic backtracking for a backtracking engine, linear for RE2: on a 1 MiB title.
    "catastrophic-regexes": Loads(
        _rules_text(
            "rules:\n"
            + "".join(
                RULE.format(
                    id=f"redos-{i}",
                    title="T",
                    check=f'{{matches: {{path: project.title, pattern: "{p}"}}}}',
                ).removeprefix("rules:\n")
                for i, p in enumerate(PATTERNS)
            )
        ),
        0,
        tuple(f"redos-{i}" for i in range(len(PATTERNS))),
        title="a" * (1024 * 1024 - 400) + "!",
    ),
    # Rule text is shown as data too: escapes, markup and bidi characters stay inert.
    "escapes-in-rule-text": Loads(
        _rules_text(
            rule_file("{present: project.title}", "shown-pass", TITLE_PAYLOAD)
            + RULE.format(
                id="shown-fail", title=TITLE_PAYLOAD, check="{present: governance.agreement.status}"
            )
            .removeprefix("rules:\n")
            .replace("message: What must hold", f"message: {TITLE_PAYLOAD}")
            .replace("remediation: How.", f"remediation: {TITLE_PAYLOAD}")
        ),
        0,
        ("\\x1b[5mBLINKY [bold]B[/bold] \\u202eRTLO \\x9bC1",),
    ),
}


@dataclass(frozen=True, repr=False)
class Runs:
    folder: Path
    schema: Result
    schema_where: dict[str, tuple[int, int]]
    compiled: Result
    compile_where: dict[str, tuple[int, int]]
    packs: dict[str, Result]


def _proposal(folder: Path, name: str, title: str | None) -> str:
    text = VALID if title is None else VALID.replace("Heart failure medicines optimisation", title)
    (folder / name).write_text(text, encoding="utf-8")
    return name


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    folder = tmp_path_factory.mktemp("packs")
    proposal = _proposal(folder, "proposal.yaml", None)

    def job(pack: str, name: str = proposal) -> Job:
        return collabcheck(
            "validate",
            "--as-of",
            AS_OF,
            "--rules",
            pack,
            name,
            cwd=folder,
            env={"FORCE_COLOR": "1"},
        )

    schema_text, schema_where = _rules(SCHEMA_CASES)
    write_pack(folder / "schema", schema_text)
    compile_text, compile_where = _rules(COMPILE_CASES)
    write_pack(folder / "compile", compile_text)
    jobs = [job("schema"), job("compile")]
    for name, pack in PACKS.items():
        pack.build(folder / name)
        jobs.append(job(name))
    for name, loads in LOADS.items():
        loads.build(folder / name)
        title = loads.title
        jobs.append(job(name, _proposal(folder, f"{name}.yaml", title) if title else proposal))
    results = run_many(jobs)
    packs = dict(zip([*PACKS, *LOADS], results[2:], strict=True))
    return Runs(folder, results[0], schema_where, results[1], compile_where, packs)


def _assert_rule_file_errors(result: Result) -> list[str]:
    """Exit 2, no report, and every line on standard error is one rule file error."""
    assert_calm(result, exit=2)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines, result
    for line in lines:
        assert line.startswith(PREFIX), line
        assert raw_controls(line) == [], line
    return lines


def _assert_reported(result: Result, file: str, line: int, column: int, fragment: str) -> None:
    lines = _assert_rule_file_errors(result)
    where = f"{PREFIX}{file}:{line}:{column}: "
    found = [x for x in lines if x.startswith(where)]
    assert found, f"no line starting {where!r} in {lines}"
    assert any(fragment in x for x in found), f"{fragment!r} not in {found}"
    assert_names(result, file, line, column)


def test_nothing_was_executed(runs: Runs) -> None:
    assert [p.name for p in runs.folder.rglob("MARKER*")] == []


@pytest.mark.parametrize("rule_id", list(SCHEMA_CASES))
def test_rule_file_validation_errors(runs: Runs, rule_id: str) -> None:
    line, column = runs.schema_where[rule_id]
    _assert_reported(runs.schema, "schema/rules.yaml", line, column, SCHEMA_CASES[rule_id].fragment)


def test_every_validation_error_is_reported_once(runs: Runs) -> None:
    assert len(_assert_rule_file_errors(runs.schema)) == len(SCHEMA_CASES)


@pytest.mark.parametrize("rule_id", list(COMPILE_CASES))
def test_rule_compile_errors(runs: Runs, rule_id: str) -> None:
    line, column = runs.compile_where[rule_id]
    _assert_reported(
        runs.compiled, "compile/rules.yaml", line, column, COMPILE_CASES[rule_id].fragment
    )


def test_every_compile_error_is_reported_once(runs: Runs) -> None:
    assert len(_assert_rule_file_errors(runs.compiled)) == len(COMPILE_CASES)
    duplicate = next(x for x in runs.compiled.stderr.splitlines() if "duplicate rule id" in x)
    line = runs.compile_where["path-misspelt"][0] - 12
    assert duplicate.endswith(f"already defined at compile/rules.yaml:{line}"), duplicate


def _packs() -> list[object]:
    return [
        pytest.param(n, marks=[pytest.mark.xfail(strict=True, reason=p.bug)] if p.bug else [])
        for n, p in PACKS.items()
    ]


@pytest.mark.parametrize("name", _packs())
def test_broken_packs(runs: Runs, name: str) -> None:
    pack = PACKS[name]
    result = runs.packs[name]
    file = f"{name}/{pack.file}" if pack.file else name
    _assert_reported(result, file, pack.line, pack.column, pack.fragment)
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("name", list(LOADS))
def test_packs_that_load(runs: Runs, name: str) -> None:
    loads = LOADS[name]
    result = runs.packs[name]
    assert_calm(result, exit=loads.exit)
    assert result.stderr == ""
    for text in loads.shows:
        assert_names(result, text)
    assert raw_controls(result.stdout, allow_colour=True) == []
    assert "\x1b[5mBLINKY" not in result.stdout
    assert re.search(r"rule pack hostile 1\.0\.0", result.stdout)
