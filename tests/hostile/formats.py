"""Checks that a machine-readable report is still valid, whatever the proposal held.

Every format is parsed. GitLab Code Quality is validated against the schema written from GitLab's
documentation (tests/schemas). SARIF and JUnit are also validated against the official schemas
when they are present where the output-format tests keep them (../shared/schemas, outside the
project); under CI=true they must be.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import xmlschema
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.gfm import gfm_autolinks
from tests.helpers import official_schema
from tests.hostile.harness import raw_controls


@cache
def _json_schema(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def assert_valid_json_report(text: str) -> dict[str, Any]:
    """Parses, and has the parts these tests read (the full structure is tests/reporters')."""
    report: dict[str, Any] = json.loads(text)
    assert report["format"] == "collabcheck-report"
    for entry in report["files"]:
        assert isinstance(entry["path"], str)
        for item in (*entry["problems"], *entry["findings"]):
            assert isinstance(item["line"], int) and isinstance(item["column"], int), item
    return report


def assert_valid_sarif(text: str) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(text)
    assert log["version"] == "2.1.0"
    schema_file = official_schema("sarif-schema-2.1.0.json", required=False)
    if schema_file is not None:
        validator = jsonschema.Draft4Validator(_json_schema(schema_file))
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
        assert errors == []
    for result in log["runs"][0]["results"]:
        assert raw_controls(result["message"]["text"]) == [], result
    return log


def assert_valid_codeclimate(text: str) -> list[dict[str, Any]]:
    """Valid against the schema written from GitLab's documentation, with no raw control or
    bidi character in the file: they are JSON escapes."""
    from tests.reporters.test_codeclimate import assert_valid

    assert raw_controls(text) == []
    return assert_valid(text)


@cache
def _junit_schema() -> xmlschema.XMLSchema | None:
    path = official_schema("JUnit.xsd", required=False)
    return None if path is None else xmlschema.XMLSchema(str(path))


_JUNIT_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def assert_valid_junit(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    schema = _junit_schema()
    if schema is not None:
        assert [str(e.reason) for e in schema.iter_errors(text)] == []
    for element in root.iter():  # junit.py: control and bidi characters become escapes
        for value in [*element.attrib.values(), element.text or ""]:
            assert _JUNIT_UNSAFE.findall(value) == [], (element.tag, value)
    return root


_COMMAND = re.compile(r"::(error|warning|notice) ([^:\r\n]*)::([^\r\n]*)")


def assert_github_commands(text: str, expected: int) -> list[tuple[str, dict[str, str], str]]:
    """One workflow command per line, then the summary line; nothing a proposal can add to."""
    assert text.endswith("\n")
    lines = text[:-1].split("\n")
    assert lines[-1].startswith("collabcheck: "), lines[-1]
    commands = []
    for line in lines[:-1]:
        match = _COMMAND.fullmatch(line)
        assert match, f"not a workflow command: {line!r}"
        props = dict(p.split("=", 1) for p in match[2].split(","))
        commands.append((match[1], props, match[3]))
    assert len(commands) == expected, f"{len(commands)} commands, expected {expected}"
    assert raw_controls(text) == []
    return commands


MD = MarkdownIt("commonmark").enable("table")


def _walk(tokens: Sequence[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def assert_markdown_is_inert(text: str) -> list[Token]:
    """No HTML, no images, no links but https links to rule sources, and nothing GitHub's
    autolinks would make a link or a mention of."""
    assert gfm_autolinks(text) == []
    tokens = MD.parse(text)
    for token in _walk(tokens):
        assert token.type not in ("html_block", "html_inline", "image"), token
        if token.type == "link_open":
            href = str(token.attrs.get("href", ""))
            assert href.startswith("https://") and "evil" not in href, token
    assert raw_controls(text) == []
    return tokens


def markdown_table(tokens: Sequence[Token], first_header: str) -> list[list[str]]:
    """The body rows (cell texts) of the table whose first header cell is `first_header`."""
    rows: list[list[str]] = []
    current: list[str] | None = None
    in_table = in_body = False
    header: list[str] = []
    for token in tokens:
        if token.type == "table_open":
            in_table, in_body, header, rows = True, False, [], []
        elif token.type == "table_close":
            if header and header[0] == first_header:
                return rows
            in_table = False
        elif in_table and token.type == "tbody_open":
            in_body = True
        elif in_table and token.type == "tr_open":
            current = []
        elif in_table and token.type == "tr_close" and current is not None:
            if in_body:
                rows.append(current)
            else:
                header = current
            current = None
        elif in_table and token.type == "inline" and current is not None:
            parts = [c.content for c in token.children or [] if c.type in ("text", "code_inline")]
            current.append("".join(parts))
    raise AssertionError(f"no table headed {first_header!r}")
