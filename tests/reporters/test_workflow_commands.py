"""No format lets text from a proposal or a file name start a GitHub Actions workflow command:
the escaping (common/escape.py) and every reporter as the registry renders it."""

from __future__ import annotations

import io
import json
import random
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from markdown_it import MarkdownIt

from collabcheck.common.escape import (
    GITHUB,
    JSON,
    TEXT,
    XML,
    CommandFree,
    LogEscapes,
    command_free,
    inert,
    json_inert,
)
from collabcheck.reporters import REPORTERS, Report, render
from collabcheck.results import FileResult, InputProblem, Location, Outcome
from tests.reporters.test_markdown import project
from tests.reporters.test_sarif import PACK, finding
from tests.workflow_commands import (
    assert_no_workflow_commands,
    assert_only_own_commands,
    workflow_commands,
)

PAYLOADS = (
    "::error::forged",
    "##[error]Compliance check passed",
    "##[stop-commands]tok",
    "::stop-commands::tok",
    "%0A::error::percent",
    "a\n::error::newline",
    "a\r::warning::carriage return",
    "a\r\n  ::notice::indented",
    "x ##[group]grouped",
    "\u2028::error::line separator",
    "\x85::error::next line",
    "\t::add-mask::secret",
    "###[warning]three",
    "tok::",
)
NAMES = (
    "##[error]Compliance check passed.yaml",
    "::error::x.yaml",
    "##[stop-commands]tok.yaml",
    "%0A::error::y.yaml",
    "a\n::error::newline.yaml",
    "a\r::error::cr.yaml",
)


def hostile_report() -> Report:
    files = []
    for i, name in enumerate(NAMES):
        payload = PAYLOADS[i % len(PAYLOADS)]
        findings = [
            finding("summary-published", Outcome.FAIL, ("governance", "summary"), p, name)
            for p in PAYLOADS
        ]
        findings.append(finding("benefit-test", Outcome.PASS, file=name, message=payload))
        facts = project(
            title=payload,
            reference=PAYLOADS[-1 - i],
            parties=tuple((p, "nhs_trust") for p in PAYLOADS),
        )
        files.append(FileResult(name, findings, sha256="a" * 64, project=facts))
    bad = FileResult("::error::bad.yaml")
    bad.problems.extend(InputProblem("yaml", p, Location(bad.display_name, 2, 1)) for p in PAYLOADS)
    files.append(bad)
    return Report(files, PACK, date(2026, 11, 22), "0.1.0")


def rendered(name: str, report: Report) -> str:
    out = io.StringIO()
    render(name, report, out)
    return out.getvalue()


# --- the helper reads output as the runner does ------------------------------------------------


def test_the_helper_finds_what_the_runner_acts_on() -> None:
    found = workflow_commands(
        "::error file=a.yaml::x\n  ::warning::y\rok ##[group]z\r\n\t::stop-commands::t\n"
        "x ::error::not at the start\n::no second separator\n##[no closing bracket"
    )
    assert [(c.form, c.name) for c in found] == [
        ("::", "error"),
        ("::", "warning"),
        ("##[", "group"),
        ("::", "stop-commands"),
    ]


# --- the escaping -------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("escapes", [TEXT, JSON, XML], ids=["text", "json", "xml"])
def test_no_command_survives(payload: str, escapes: LogEscapes) -> None:
    assert_no_workflow_commands(command_free(payload, escapes))
    assert_no_workflow_commands(command_free(f"prefix {payload}\n{payload}", escapes))


def test_the_github_escapes_leave_line_starts_to_the_format() -> None:
    assert command_free("::error::own ##[error]data\n", GITHUB) == "::error::own ##\\[error]data\n"


def test_each_format_writes_the_characters_its_readers_read_back() -> None:
    assert command_free("  ::x ##[y]", TEXT) == "  \\::x ##\\[y]"
    assert json.loads(command_free('"::x ##[y]"', JSON)) == "::x ##[y]"
    assert command_free("\n::x ##[y]", JSON) == "\n\\u003a:x ##\\u005by]"
    root = ET.fromstring(command_free("<a b='##[y]'>\n::x ##[y]</a>", XML))
    assert (root.get("b"), root.text) == ("##[y]", "\n::x ##[y]")
    tokens = MarkdownIt("commonmark").parseInline(command_free("::x ##[y]", TEXT))
    assert tokens[0].children is not None
    assert "".join(t.content for t in tokens[0].children) == "::x ##[y]"


@pytest.mark.parametrize(
    "escapes", [TEXT, JSON, XML, GITHUB], ids=["text", "json", "xml", "github"]
)
def test_written_in_pieces_is_the_same_as_written_whole(escapes: LogEscapes) -> None:
    text = "\n".join(PAYLOADS) + "  \n :\n#\u009b#[x\r::y\u202e"
    whole = command_free(text, escapes)
    chance = random.Random(20261122)
    for _ in range(300):
        cuts = sorted(chance.sample(range(len(text) + 1), chance.randint(1, 8)))
        out = io.StringIO()
        stream = CommandFree(out, escapes)
        for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True):
            stream.write(text[start:end])
        assert out.getvalue() == whole, cuts


def _escaped_as_the_runner_reads(text: str, escapes: LogEscapes) -> str:
    """The rule written out with look-behinds: every `[` after `##`, and every `:` with only
    white space (no line break) between it and the start of its line."""
    import re

    if escapes.characters is not None:
        text = escapes.characters(text)
    text = re.sub(r"(?<=##)\[", lambda _: escapes.bracket, text)
    colon = escapes.colon
    if colon is None:
        return text
    return re.sub(r"(?:(?<=[\r\n])|\A)([^\S\r\n]*):", lambda m: m.group(1) + colon, text)


@pytest.mark.parametrize(
    "escapes", [TEXT, JSON, XML, GITHUB], ids=["text", "json", "xml", "github"]
)
def test_the_escaping_is_the_runners_rule_on_any_text(escapes: LogEscapes) -> None:
    chance = random.Random(7)
    for _ in range(2000):
        text = "".join(chance.choices("#[: \t\n\ra\u2028", k=chance.randint(0, 24)))
        assert command_free(text, escapes) == _escaped_as_the_runner_reads(text, escapes), text


def test_inert_breaks_the_bracket_form() -> None:
    assert inert("##[error]x ###[warning]y") == "##\\[error]x ###\\[warning]y"
    assert inert("\x1b ##[x]") == "\\x1b ##\\[x]"
    assert inert("# [x] ## [y]") == "# [x] ## [y]"


def test_json_escapes_unsafe_characters_and_reads_back_the_same() -> None:
    value = "a\u009b31m \u202eRTLO \u2066x\u2069 \u200e\u200f \u2028 \x7f \U000e0041 é £ \u2013 ✓"
    text = json_inert(json.dumps(value, ensure_ascii=False))
    assert text == (
        '"a\\u009b31m \\u202eRTLO \\u2066x\\u2069 \\u200e\\u200f \\u2028 \\u007f '
        '\\udb40\\udc41 é £ \u2013 ✓"'
    )
    assert json.loads(text) == value
    assert json_inert('{\n  "a": 1\n}') == '{\n  "a": 1\n}'  # the layout is left alone


# --- every format ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in REPORTERS if n != "github"])
def test_no_format_carries_a_command_from_the_data(name: str) -> None:
    report = hostile_report()
    assert_no_workflow_commands(rendered(name, report), name)
    assert_no_workflow_commands(rendered(name, report._replace(terminal=True)), name)


def test_the_github_format_has_only_its_own_annotations() -> None:
    report = hostile_report()
    lines = assert_only_own_commands(rendered("github", report))
    expected = sum(len(r.problems) + r.count(Outcome.FAIL) for r in report.files)
    assert len(lines) == expected
    assert "##\\[error]Compliance check passed" in "\n".join(lines)


def test_json_reads_back_every_value_exactly() -> None:
    report = hostile_report()
    data = json.loads(rendered("json", report))
    assert [f["path"] for f in data["files"]] == [r.display_name for r in report.files]
    first = data["files"][0]
    assert [f["message"] for f in first["findings"]][: len(PAYLOADS)] == list(PAYLOADS)
    assert [p["name"] for p in first["project"]["parties"]] == list(PAYLOADS)


def test_the_json_formats_carry_no_raw_unsafe_character() -> None:
    message = "\u009b31mCSI \u202eRTLO \u2066iso\u2069 \u200e \x7f \u2028"
    result = FileResult(
        "c1\u009b \u202e.yaml", [finding("summary-published", Outcome.FAIL, message=message)]
    )
    report = Report([result], PACK, date(2026, 11, 22), "0.1.0")
    for name in ("json", "sarif", "codeclimate"):
        text = rendered(name, report)
        assert not any(ch in text for ch in "\u009b\u202e\u2066\u2069\u200e\x7f\u2028"), name
    data = json.loads(rendered("json", report))
    assert data["files"][0]["path"] == "c1\u009b \u202e.yaml"
    assert data["files"][0]["findings"][0]["message"] == message
    assert "\\u009b" in rendered("json", report)
