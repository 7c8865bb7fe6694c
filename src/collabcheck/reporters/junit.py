"""JUnit XML for GitLab, Jenkins and other CI test reports, valid against the strict Ant schema
(windyroad JUnit.xsd).

- One <testsuite> per proposal file and one <testcase> per rule. The report is a gate, as the exit
  code is: a failed rule at or above --fail-on is a <failure> (type names its severity), and one
  below it passes, the finding written to the suite's <system-out> under the test's name (GitLab
  and Jenkins have no warning state, and the strict schema allows <system-out> only on the suite).
  A rule that does not apply is <skipped>, a rule that could not be evaluated is an <error>. A
  file that could not be checked has one testcase, collabcheck.invalid-input, whose <error> lists
  the problems.
- A failure covered by a waiver in force is <skipped>, its message naming the waiver, so it no
  longer fails the build but stays in the report. A waiver that cannot be given is an <error> and a
  stale one is <skipped>, each in a testcase of its own named "waiver: rule-id (reference) at
  file:line:column".
- classname is the file and name is "rule-id: title": GitLab shows classname as the suite and
  keys tests on classname and name together, so each test is unique within a run. The strict
  schema allows no `file` attribute on a testcase (nor on a suite), so the proposal's file is the
  suite's name, every testcase's classname and the suite's `file` property; `fail-on` records
  the threshold.
- Nothing depends on the clock or the machine: timestamp is the --as-of date at midnight,
  hostname is "collabcheck" and every time is 0, so the same inputs give the same bytes.
- ElementTree escapes all text. First, characters XML 1.0 cannot hold, and control and bidi
  characters, are replaced with visible escapes such as \\x1b (tab and newline stay in bodies).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from collabcheck.common.escape import XML
from collabcheck.common.yamlpath import format_path
from collabcheck.reporters import Report
from collabcheck.results import FileResult, Finding, Outcome, WaiverStatus, WaiverUse

LOG_ESCAPES = XML  # `##[` and a line's leading `:` as character references (&#91;, &#58;)
INVALID_INPUT = "collabcheck.invalid-input"
HOSTNAME = "collabcheck"

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)


def clean(text: str) -> str:
    """Text XML 1.0 can hold and a reader sees as it is; tab and newline are kept."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def token(text: str) -> str:
    """An xs:token value: one line, single spaces, never empty."""
    return re.sub(r"[ \t\n]+", " ", clean(text)).strip(" ") or "-"


def _body(f: Finding) -> str:
    lines = [
        f.message,
        f"Location: {f.location} ({format_path(f.location.path)})",
        f"Severity: {f.severity.value}",
        f"Clause: {f.reference}",
        f"Source: {f.reference.source_url}",
    ]
    if f.outcome is Outcome.FAIL:
        lines.append(f"Fix: {f.remediation}")
    if f.waiver is not None:
        lines.append(f"Waiver ({f.waiver.waiver.location}): {f.waiver.note}")
    return clean("\n".join(lines))


def _case(suite: ET.Element, classname: str, name: str) -> ET.Element:
    attrs = {"name": token(name), "classname": token(classname), "time": "0"}
    return ET.SubElement(suite, "testcase", attrs)


def _finding(suite: ET.Element, classname: str, f: Finding, report: Report) -> str | None:
    """The finding's testcase; for a failure below --fail-on, which passes, what the suite's
    <system-out> says of it."""
    name = f"{f.rule_id}: {f.title}"
    case = _case(suite, classname, name)
    if f.waived:
        assert f.waiver is not None
        ET.SubElement(case, "skipped", {"message": clean(f.waiver.note)}).text = _body(f)
    elif f.outcome is Outcome.FAIL and report.fails(f):
        attrs = {"message": clean(f.message), "type": f.severity.value}
        ET.SubElement(case, "failure", attrs).text = _body(f)
    elif f.outcome is Outcome.FAIL:
        if report.fail_on is None:
            why = f"failed ({f.severity.value}); with --fail-on never, reported as passed"
        else:
            why = f"failed ({f.severity.value}), below --fail-on {report.fail_on.value}: passed"
        return f"{token(name)}: {why}\n{_body(f)}"
    elif f.outcome is Outcome.ERROR:
        attrs = {"message": clean(f.message), "type": "rule-error"}
        ET.SubElement(case, "error", attrs).text = _body(f)
    elif f.outcome is Outcome.NOT_APPLICABLE:
        ET.SubElement(case, "skipped", {"message": clean(f.reason)})
    return None


def _invalid(suite: ET.Element, result: FileResult) -> None:
    problems = result.problems
    case = _case(suite, result.display_name, INVALID_INPUT)
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    message = f"the file could not be checked: {problems[0].message}{more}"
    lines = [f"{p.location}: {p.stage}: {p.message}" for p in problems]
    attrs = {"message": clean(message), "type": "invalid-input"}
    ET.SubElement(case, "error", attrs).text = clean("\n".join(lines))


def _unused_waivers(suite: ET.Element, classname: str, uses: list[WaiverUse]) -> None:
    for use in uses:
        w = use.waiver
        # The waiver's place keeps the name unique when two waivers share a rule and reference.
        case = _case(suite, classname, f"waiver: {w.rule_id} ({w.reference}) at {w.location}")
        if use.status is WaiverStatus.REFUSED:
            attrs = {"message": clean(use.note), "type": "waiver-refused"}
            ET.SubElement(case, "error", attrs).text = clean(f"{w.location}: {use.note}")
        else:
            ET.SubElement(case, "skipped", {"message": clean(f"{w.location}: {use.note}")})


def _suite(parent: ET.Element, i: int, result: FileResult, report: Report) -> None:
    counts = {o: result.count(o) for o in Outcome}
    unused = [w for w in result.waivers if w.status in (WaiverStatus.STALE, WaiverStatus.REFUSED)]
    refused = sum(1 for w in unused if w.status is WaiverStatus.REFUSED)
    waived = result.waived()
    attrs = {
        "name": token(result.display_name),
        "package": token(report.pack.name),
        "id": str(i),
        "timestamp": f"{report.as_of.isoformat()}T00:00:00",
        "hostname": HOSTNAME,
        "tests": str(len(result.findings) + (1 if result.problems else 0) + len(unused)),
        "failures": str(sum(1 for f in result.findings if report.fails(f))),
        "errors": str(counts[Outcome.ERROR] + (1 if result.problems else 0) + refused),
        "skipped": str(counts[Outcome.NOT_APPLICABLE] + waived + len(unused) - refused),
        "time": "0",
    }
    suite = ET.SubElement(parent, "testsuite", attrs)
    properties = ET.SubElement(suite, "properties")
    values = [
        ("collabcheck.version", report.version),
        ("as-of", report.as_of.isoformat()),
        ("rule-pack", report.pack.name),
        ("rule-pack.version", report.pack.version),
        ("rule-pack.sha256", report.pack.sha256),
        *(
            (f"rule-pack.{i}{key}", value)
            for i, p in enumerate(report.pack.packs, 1)
            for key, value in (("", p.name), (".version", p.version), (".sha256", p.sha256))
        ),
        *((f"rule-change.{c.rule_id}", str(c)) for c in report.pack.changes),
        ("fail-on", "never" if report.fail_on is None else report.fail_on.value),
        ("file", result.display_name),
        ("file.sha256", result.sha256),
    ]
    for name, value in values:
        if value:
            ET.SubElement(properties, "property", {"name": name, "value": clean(value)})
    if result.problems:
        _invalid(suite, result)
    passed = [_finding(suite, result.display_name, f, report) for f in result.findings]
    _unused_waivers(suite, result.display_name, unused)
    ET.SubElement(suite, "system-out").text = "\n\n".join(t for t in passed if t) or None
    ET.SubElement(suite, "system-err")


def render(report: Report, stream: TextIO) -> None:
    root = ET.Element("testsuites")
    for i, result in enumerate(report.files):
        _suite(root, i, result, report)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode") + "\n")
