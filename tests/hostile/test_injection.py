"""Text inside proposals that would restyle a terminal, or break or inject into markdown, HTML,
XML (JUnit), SARIF, JSON or GitHub workflow commands.

Two proposals, one run, all six formats, FORCE_COLOR=1 so colour mode is on:

- fields.yaml follows the format and carries the payloads in its values: the title, reference
  and party names reach the board report and the JSON project facts, and the run's own rule
  pack fails the title and the published summary address, quoting them in its messages;
- keys.yaml does not follow the format: its unknown keys and wrong values are quoted in the
  format errors.

The payloads are written as YAML double-quoted escapes ("\\e[5m", "\\u202e", "\\x9b", "\\0"), so
the files themselves are plain text. collabcheck has no CSV export, so there is no CSV case.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

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
    RULE,
    Result,
    assert_calm,
    assert_names,
    collabcheck,
    files_by_path,
    raw_controls,
    rule_file,
    run_many,
    write_pack,
)

# Each payload as it is written in YAML, as the value it becomes, and as text output shows it.
BLINK = ("\\e[5mBLINKY\\e[0m", "\x1b[5mBLINKY\x1b[0m", "\\x1b[5mBLINKY\\x1b[0m")
OSC8 = (
    "\\e]8;;https://evil.example\\e\\\\CLICK\\e]8;;\\e\\\\",
    "\x1b]8;;https://evil.example\x1b\\CLICK\x1b]8;;\x1b\\",
    "\\x1b]8;;https://evil.example\\x1b\\\\CLICK\\x1b]8;;\\x1b\\\\",
)
RTLO = ("\\u202eRTLO", "\u202eRTLO", "\\u202eRTLO")
C1 = ("\\x9b31mCSI", "\x9b31mCSI", "\\x9b31mCSI")
NUL = ("a\\0b", "a\x00b", "a\\x00b")
MARKUP = (
    "[bold red]MARKUP[/bold red]",
    "[bold red]MARKUP[/bold red]",
    "[bold red]MARKUP[/bold red]",
)
LINK = ("[link=https://evil.example]LINK[/link]",) * 3
HTML = "<script>alert(1)</script><img src=x onerror=alert(1)>"
XML = "]]></failure><injected/><!-- &amp; &#0; <?xml version='1.0'?>"
MARKDOWN = "# H1 | a | b |\\n---\\n[x](javascript:alert(1)) ![i](https://evil.example/i.png) `code` **b** <https://evil.example> www.evil.example"
GITHUB = "%0A::error file=forged.yaml,line=1::forged\\n::warning::forged\\r\\n::add-mask::x"
SARIF = "{0} {{1}} [here](https://evil.example) \\\\"
JSON_BREAK = '\\"}], \\"injected\\": true, \\"x\\": [{\\"'

TITLE = f"{BLINK[0]} {RTLO[0]} {C1[0]} {NUL[0]} {MARKUP[0]} {HTML} {XML} {MARKDOWN} {SARIF}"

FIELDS = f"""\
format_version: 1
project:
  title: "{TITLE}"
  reference: "{OSC8[0]} {LINK[0]} {JSON_BREAK}"
  type: joint_working
  stage: in_progress
  start_date: 2026-04-01
  end_date: 2027-03-31
parties:
  - id: trust
    name: "Evil | Corp\\n# Ltd | <b>x</b> | extra | cells {GITHUB}"
    kind: nhs_trust
  - id: pharma
    name: "Meridian\\u2028Pharma\\u0085Ltd\\u2029 {RTLO[0]}"
    kind: pharmaceutical_company
governance:
  summary:
    published_url: "{BLINK[0]}{RTLO[0]}{MARKUP[0]}"
"""

KEYS = f"""\
format_version: 1
"{BLINK[0]}": 1
"{OSC8[0]}": 1
"{RTLO[0]}": 1
"{C1[0]}": 1
"{NUL[0]}": 1
"{MARKUP[0]}": 1
"{LINK[0]}": 1
"{HTML}": 1
"{GITHUB}": 1
project:
  title: x
  type: "{BLINK[0]} {MARKUP[0]}"
  stage: proposal
  start_date: "{RTLO[0]}"
  end_date: 2027-03-31
parties: []
"""

# The run uses its own rule pack, so that it is certain which values failures quote: a rule
# comparing the title (quoted, cut to 60 characters) and one matching the summary address.
ECHO_RULES = rule_file(
    '{matches: {path: governance.summary.published_url, pattern: "^https://"}}', "url-https"
) + RULE.format(
    id="title-known", title="T", check="{equals: {path: project.title, value: Known}}"
).removeprefix("rules:\n")

PAYLOADS = (BLINK, OSC8, RTLO, C1, NUL, MARKUP, LINK)
FORMATS = tuple(name for name in REPORTERS if name != "text")


@dataclass(frozen=True, repr=False)
class Reports:
    folder: Path
    result: Result

    def read(self, fmt: str) -> str:
        return (self.folder / f"report.{fmt}").read_text(encoding="utf-8")

    def json(self) -> dict[str, dict[str, Any]]:
        return files_by_path(json.loads(self.read("json")))


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Reports:
    folder = tmp_path_factory.mktemp("injection")
    (folder / "fields.yaml").write_text(FIELDS, encoding="utf-8")
    (folder / "keys.yaml").write_text(KEYS, encoding="utf-8")
    write_pack(folder / "echo", ECHO_RULES)
    outputs = [f"--format={f}=report.{f}" for f in FORMATS]
    job = collabcheck(
        "validate",
        "--as-of",
        AS_OF,
        "--rules",
        "echo",
        *outputs,
        "--format",
        "text",
        "fields.yaml",
        "keys.yaml",
        cwd=folder,
        env={"FORCE_COLOR": "1"},
    )
    return Reports(folder, run_many([job])[0])


def test_the_run_is_calm(reports: Reports) -> None:
    assert_calm(reports.result, exit=2)
    assert reports.result.stderr == ""
    files = reports.json()
    assert files["fields.yaml"]["checked"]
    assert not files["keys.yaml"]["checked"]


def test_the_files_and_lines_are_named(reports: Reports) -> None:
    assert_names(reports.result, "fields.yaml", 3, 10)  # the title: a failure quotes it
    assert_names(reports.result, "fields.yaml", 18, 20)  # published_url: a failure quotes it
    for line in range(2, 11):  # each unknown key
        assert_names(reports.result, "keys.yaml", line, 1)
    assert_names(reports.result, "keys.yaml", 13, 9)  # project.type
    assert_names(reports.result, "keys.yaml", 15, 15)  # project.start_date


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: p[2][:12])
def test_terminal_output_shows_payloads_inert(
    reports: Reports, payload: tuple[str, str, str]
) -> None:
    _, value, shown = payload
    out = reports.result.stdout
    assert "\x1b[1m" in out  # colour is on
    if value != shown:
        assert value not in out, f"{value!r} reached the terminal raw"
    assert shown in out, f"{shown!r} is not shown"


def test_terminal_output_has_no_raw_control_characters(reports: Reports) -> None:
    assert raw_controls(reports.result.stdout, allow_colour=True) == []
    assert raw_controls(reports.result.stderr) == []


def test_json_carries_the_text_exactly(reports: Reports) -> None:
    report = assert_valid_json_report(reports.read("json"))
    files = files_by_path(report)
    project = files["fields.yaml"]["project"]
    written = yaml.safe_load(FIELDS)["project"]  # what the YAML says, read by another reader
    assert project["title"] == written["title"]
    assert project["reference"] == written["reference"]
    assert project["title"].startswith(BLINK[1])
    assert project["reference"].startswith(OSC8[1])
    assert "injected" not in report and "injected" not in files["fields.yaml"]
    names = [p["name"] for p in project["parties"]]
    assert names[0].startswith("Evil | Corp\n# Ltd")
    messages = "\n".join(p["message"] for p in files["keys.yaml"]["problems"])
    for _, value, _ in PAYLOADS:
        assert value in messages, f"{value!r} is not in the problems, as data"


def test_sarif_is_valid_and_quotes_the_text_inert(reports: Reports) -> None:
    log = assert_valid_sarif(reports.read("sarif"))
    texts = [r["message"]["text"] for r in log["runs"][0]["results"]]
    assert any("BLINKY" in t and "\\x1b" in t for t in texts)
    for text in texts:
        assert "{0}" not in text.replace("{{", "")  # no unescaped message placeholder


def test_junit_is_valid(reports: Reports) -> None:
    root = assert_valid_junit(reports.read("junit"))
    assert [s.get("name") for s in root.findall("testsuite")] == ["fields.yaml", "keys.yaml"]
    bodies = "\n".join(e.text or "" for e in root.iter() if e.tag in ("failure", "error"))
    assert "\\x1b[5mBLINKY" in bodies and "\x1b" not in bodies


def test_codeclimate_is_valid_and_carries_the_text_exactly(reports: Reports) -> None:
    issues = assert_valid_codeclimate(reports.read("codeclimate"))
    assert {i["location"]["path"] for i in issues} == {"fields.yaml", "keys.yaml"}
    descriptions = "\n".join(i["description"] for i in issues)
    assert BLINK[1] in descriptions  # the value itself, read back from its JSON escapes


def test_github_annotations_cannot_be_forged_by_a_value(reports: Reports) -> None:
    text = reports.read("github")
    files = reports.json()
    expected = sum(
        len(e["problems"]) + sum(f["outcome"] in ("fail", "error") for f in e["findings"])
        for e in files.values()
    )
    commands = assert_github_commands(text, expected)
    assert {props["file"] for _, props, _ in commands} == {"fields.yaml", "keys.yaml"}
    assert "forged.yaml" not in {props["file"] for _, props, _ in commands}


def test_markdown_renders_the_text_as_text(reports: Reports) -> None:
    tokens = assert_markdown_is_inert(reports.read("markdown"))
    parties = markdown_table(tokens, "Organisation taking part")
    assert len(parties) == 2
    assert all(len(row) == 2 for row in parties)
    assert parties[0][0].startswith("Evil | Corp # Ltd | <b>x</b> | extra | cells")
    assert parties[0][1] == "NHS trust"
    assert parties[1][1] == "Pharmaceutical company"
    text = "".join(t.content for t in tokens if t.type == "inline")
    assert "<script>" not in text.replace("\\<script\\>", "")  # escaped in the source
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert not any(h.startswith("H1") for h in headings)  # "# H1" in the title made no heading
