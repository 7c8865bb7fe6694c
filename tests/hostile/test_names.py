"""File names that carry rich markup, ANSI escapes, control characters, newlines, bidirectional
overrides, workflow commands, markdown, HTML and XML: one run writes all six formats (text on
standard output, in colour), and each must show the names inert (text) or stay valid and carry
them as data (json, sarif, junit, github, markdown)."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest

from collabcheck.reporters import REPORTERS
from tests.hostile.formats import (
    assert_github_commands,
    assert_markdown_is_inert,
    assert_valid_codeclimate,
    assert_valid_json_report,
    assert_valid_junit,
    assert_valid_sarif,
    markdown_table,
)
from tests.hostile.harness import (
    AS_OF,
    VALID,
    VALID_EXIT,
    Result,
    assert_calm,
    assert_located,
    assert_names,
    collabcheck,
    files_by_path,
    raw_controls,
    run_many,
)

NAMES = [
    "[bold red]rich[link=https:evil.example]markup[/link].yaml".replace("/", "\u2215"),
    "\x1b[5mBLINK\x1b[0m ansi.yaml",
    "\x1b]8;;https:evil.example\x07osc8 link\x1b]8;;\x07.yaml",
    "ctrl\x01\x07\x08\x7f.yaml",
    "c1\x9b31m csi.yaml",
    "new\nline.yaml",
    "carriage\rreturn.yaml",
    "tab\there.yaml",
    "bidi \u202eyaml.exe",
    "isolate \u2066x\u2069 zero\u200bwidth.yaml",
    "line\u2028separator.yaml",
    "::error file=x,line=1::injected.yaml",
    "%0A%0D%25 percent.yaml",
    "<img src=x onerror=alert(1)> &amp; ]]> <!-- .yaml",
    "md [x](javascript:alert(1)) | pipe # heading `code` *em*.yaml",
    "{0} braces {{1}}.yaml",
    "quote \"'.yaml",
    "- list item.yaml",
]
BROKEN = "project: [\n"  # every other file is invalid YAML, so names appear in problems too
FORMATS = tuple(name for name in REPORTERS if name != "text")
_UNSAFE = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def shown(name: str) -> str:
    """How README promises the text report shows a name: unsafe characters as escapes."""

    def one(ch: str) -> str:
        if unicodedata.category(ch) not in _UNSAFE:
            return ch
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return "".join(map(one, name))


@dataclass(frozen=True, repr=False)
class Reports:
    folder: Path
    result: Result

    def read(self, fmt: str) -> str:
        return (self.folder / f"report.{fmt}").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Reports:
    folder = tmp_path_factory.mktemp("names")
    for i, name in enumerate(NAMES):
        (folder / name).write_text(VALID if i % 2 == 0 else BROKEN, encoding="utf-8")
    outputs = [f"--format={f}=report.{f}" for f in FORMATS]
    job = collabcheck(
        "validate",
        "--as-of",
        AS_OF,
        *outputs,
        "--format",
        "text",
        "--",
        *NAMES,
        cwd=folder,
        env={"FORCE_COLOR": "1"},
    )
    return Reports(folder, run_many([job])[0])


def test_the_run_is_calm(reports: Reports) -> None:
    assert_calm(reports.result, exit=2)
    assert reports.result.stderr == ""


def test_text_shows_every_name_inert(reports: Reports) -> None:
    out = reports.result.stdout
    assert "\x1b[1m" in out  # FORCE_COLOR=1 did turn colour on
    for i, name in enumerate(NAMES):
        if i % 2:  # invalid YAML: "INVALID NAME:2:1  invalid YAML: ..."
            assert_names(reports.result, f"INVALID {shown(name)}", 2, 1)
        else:  # checked: its failures are listed at "NAME:LINE:COLUMN"
            assert_located(reports.result, f"FAIL  {shown(name)}")
        if shown(name) != name:
            assert name not in out, f"{name!r} printed raw"
    assert raw_controls(out, allow_colour=True) == []
    assert "[bold red]rich[link=https:evil.example]markup" in out  # markup shown, not obeyed


def test_json_carries_every_name_as_data(reports: Reports) -> None:
    report = assert_valid_json_report(reports.read("json"))
    files = files_by_path(report)
    assert sorted(files) == sorted(NAMES)
    for i, name in enumerate(NAMES):
        assert files[name]["checked"] is (i % 2 == 0)


def test_sarif_is_valid_and_points_at_every_file(reports: Reports) -> None:
    log = assert_valid_sarif(reports.read("sarif"))
    run = log["runs"][0]
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert sorted(unquote(u) for u in uris) == sorted(NAMES)
    for uri in uris:
        assert re.fullmatch(r"[A-Za-z0-9%._~!$&'()*+,;=:@/-]+", uri), uri  # a valid URI reference
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uri"] == uris[location["index"]]


def test_junit_is_valid_with_one_suite_per_file(reports: Reports) -> None:
    root = assert_valid_junit(reports.read("junit"))
    suites = root.findall("testsuite")
    assert len(suites) == len(NAMES)
    assert len({s.get("name") for s in suites}) == len(NAMES)  # still one distinct suite each


def test_codeclimate_is_valid_and_names_every_file_as_given(reports: Reports) -> None:
    issues = assert_valid_codeclimate(reports.read("codeclimate"))
    assert sorted({i["location"]["path"] for i in issues}) == sorted(NAMES)


def test_github_annotations_cannot_be_forged_by_a_name(reports: Reports) -> None:
    text = reports.read("github")
    files = files_by_path(json.loads(reports.read("json")))
    expected = sum(
        len(e["problems"]) + sum(f["outcome"] in ("fail", "error") for f in e["findings"])
        for e in files.values()
    )
    commands = assert_github_commands(text, expected)
    for _level, props, _message in commands:
        assert set(props) == {"file", "line", "col", "title"}
        assert raw_controls(props["file"]) == []
    assert not any(line.startswith("::error file=x,") for line in text.splitlines())


def test_markdown_is_inert_and_lists_every_file(reports: Reports) -> None:
    tokens = assert_markdown_is_inert(reports.read("markdown"))
    rows = markdown_table(tokens, "Proposal file")
    assert len(rows) == len(NAMES)
    for row in rows:
        assert len(row) == 2
        assert re.fullmatch(r"[0-9a-f]{64}", row[1]), row  # the cell after the name is its hash


# --- a name that is not valid UTF-8 ------------------------------------------------------------

UNDECODABLE = os.fsdecode(b"caf\xe9 \xff.yaml")  # possible on Linux, e.g. from an old archive
OTHERS = tuple(name for name in REPORTERS if name not in ("text", "json"))


@dataclass(frozen=True, repr=False)
class Undecodable:
    folder: Path
    others: Result  # text on standard output, the other formats except json to files
    json_stdout: Result
    json_file: Result

    def read(self, fmt: str) -> str:
        return (self.folder / f"report.{fmt}").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def undecodable(tmp_path_factory: pytest.TempPathFactory) -> Undecodable:
    folder = tmp_path_factory.mktemp("undecodable")
    (folder / UNDECODABLE).write_text(VALID, encoding="utf-8")
    base = ("validate", "--as-of", AS_OF)
    files = [f"--format={f}=report.{f}" for f in OTHERS]
    jobs = [
        collabcheck(*base, *files, "--format", "text", UNDECODABLE, cwd=folder),
        collabcheck(*base, "--format", "json", UNDECODABLE, cwd=folder),
        collabcheck(*base, "--format", "json=report.json", UNDECODABLE, cwd=folder),
    ]
    return Undecodable(folder, *run_many(jobs))


def test_an_undecodable_name_in_text_and_files(undecodable: Undecodable) -> None:
    result = undecodable.others
    assert_calm(result, exit=VALID_EXIT)
    assert_located(result, "FAIL  caf\\udce9 \\udcff.yaml")
    assert raw_controls(result.stdout) == []
    assert_valid_sarif(undecodable.read("sarif"))
    assert_valid_junit(undecodable.read("junit"))
    github = undecodable.read("github")
    assert_github_commands(github, len(github.splitlines()) - 1)
    assert_markdown_is_inert(undecodable.read("markdown"))


def test_an_undecodable_name_in_json_on_standard_output(undecodable: Undecodable) -> None:
    assert_calm(undecodable.json_stdout, exit=VALID_EXIT)
    report = assert_valid_json_report(undecodable.json_stdout.stdout)
    assert list(files_by_path(report)) == [UNDECODABLE]  # the name, as data


def test_an_undecodable_name_in_a_json_file(undecodable: Undecodable) -> None:
    assert_calm(undecodable.json_file, exit=VALID_EXIT)
    report = assert_valid_json_report(undecodable.read("json"))
    assert list(files_by_path(report)) == [UNDECODABLE]
