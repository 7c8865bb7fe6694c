"""GitLab Code Quality: the subset of the Code Climate issue format that GitLab reads from an
`artifacts:reports:codequality` file, a JSON array of issues, each with `description`,
`check_name`, `fingerprint`, `severity` and `location` (`path`, `lines.begin`).

- One issue per failed rule, per rule that could not be evaluated, per input problem, and per
  waiver that cannot be given or is stale, in the order of the files, then of the rules.
- check_name and fingerprint are those the SARIF format gives the same result
  (fingerprint.py): a failed rule is under its own id, anything else under a `collabcheck/` id,
  and the fingerprint never depends on a line number, so GitLab follows an issue through edits.
- severity: a failure of an error rule is `major`, of a warning rule `minor`, of an info rule
  `info`. What stops a proposal being checked ranks above any finding, as exit code 2 does
  above 1: a rule that could not be evaluated and a waiver that cannot be given are `critical`,
  a file that could not be checked is `blocker`. A stale waiver is `minor`.
- A failure covered by a waiver in force keeps its place, as in every format, but as `info`,
  its description starting "Waived" and naming the waiver: GitLab has no suppressions, and an
  issue that disappeared would read as a fix.
- location.path is the file's path relative to the repository root, as GitLab expects, when
  the file is in the repository (Report.repository_paths); otherwise its name as given.
- Deterministic bytes: keys in a fixed order, two-space indent, a final newline, no BOM (GitLab
  refuses one). Control and bidirectional characters and the `[` of `##[` are JSON escapes, as
  in the json and sarif formats (common/escape.py).
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from collabcheck.common.escape import JSON
from collabcheck.reporters import Report
from collabcheck.reporters.fingerprint import file_uri, of_finding, of_problem, of_waiver
from collabcheck.results import Finding, Location, Outcome, Severity, WaiverStatus

LOG_ESCAPES = JSON  # as the JSON report: unsafe characters and `##[` as JSON escapes

# GitLab's severities, lowest first: info, minor, major, critical, blocker.
SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
WAIVED = "info"
RULE_ERROR = "critical"
INVALID_INPUT = "blocker"
WAIVER_REFUSED = "critical"
STALE_WAIVER = "minor"

Issue = dict[str, Any]


def _issue(
    identity: tuple[str, str], severity: str, description: str, at: Location, path: str
) -> Issue:
    check_name, fingerprint = identity
    return {
        "description": description,
        "check_name": check_name,
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": path, "lines": {"begin": max(1, at.line)}},
    }


def _finding(f: Finding, uri: str, path: str) -> Issue | None:
    if f.outcome is Outcome.ERROR:
        text = f"{f.rule_id}: {f.message}"
        return _issue(of_finding(f, uri), RULE_ERROR, text, f.location, path)
    if f.outcome is not Outcome.FAIL:
        return None
    text = f"{f.title}: {f.message}. Clause: {f.reference}."
    if f.waiver is not None:
        text += f" Waiver ({f.waiver.waiver.location}): {f.waiver.note}"
    if f.waived:
        return _issue(of_finding(f, uri), WAIVED, f"Waived: {text}", f.location, path)
    return _issue(of_finding(f, uri), SEVERITIES[f.severity], text, f.location, path)


def issues(report: Report) -> list[Issue]:
    paths = report.repository_paths

    def place(name: str) -> tuple[str, str]:  # the URI fingerprints use, and the path shown
        return file_uri(name, paths), paths.get(name, name)

    out: list[Issue] = []
    for result in report.files:
        uri, path = place(result.display_name)
        for p in result.problems:
            text = f"The file could not be checked: {p.message}"
            out.append(_issue(of_problem(p, uri), INVALID_INPUT, text, p.location, path))
        for f in result.findings:
            issue = _finding(f, uri, path)
            if issue is not None:
                out.append(issue)
        for use in result.waivers:
            w = use.waiver
            w_uri, w_path = place(w.location.file)
            if use.status is WaiverStatus.REFUSED:
                text = f"The waiver of {w.rule_id} cannot be given: {use.note}"
                severity = WAIVER_REFUSED
            elif use.status is WaiverStatus.STALE:
                text = f"The waiver of {w.rule_id} is stale: {use.note}"
                severity = STALE_WAIVER
            else:
                continue
            out.append(_issue(of_waiver(use, w_uri), severity, text, w.location, w_path))
    return out


def render(report: Report, stream: TextIO) -> None:
    stream.write(json.dumps(issues(report), indent=2, ensure_ascii=False) + "\n")
