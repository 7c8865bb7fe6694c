"""What identifies a result from one run to the next, for the formats that track results over
time (SARIF code scanning alerts, GitLab Code Quality issues): where its file is, the id it is
reported under and a fingerprint.

- A file in the repository is named by its path relative to the repository root
  (Report.repository_paths), so a result is the same wherever the repository is checked out;
  any other file (standard input, a file outside the repository) by its name as given.
- A failed rule is reported under its own id. A rule that could not be evaluated is reported as
  `collabcheck/rule-error`, not under its own id: it says nothing about whether the proposal
  meets that rule. A file that could not be checked gives `collabcheck/invalid-input`, a waiver
  that cannot be given `collabcheck/waiver-refused` and a stale one `collabcheck/stale-waiver`.
- The fingerprint is the sha256 of that id, the rule or problem it is about, the file's URI and
  the YAML path: never a line number, so a result follows its finding through edits elsewhere
  in the file. Both formats compute it here, so they name a result alike.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import PurePath
from urllib.parse import quote_from_bytes

from collabcheck.results import Finding, InputProblem, Location, Outcome, WaiverStatus, WaiverUse

RULE_ERROR = "collabcheck/rule-error"
INVALID_INPUT = "collabcheck/invalid-input"
WAIVER_REFUSED = "collabcheck/waiver-refused"
STALE_WAIVER = "collabcheck/stale-waiver"


def _quoted(path: str) -> str:
    try:
        raw = os.fsencode(path)  # a POSIX name's undecodable bytes come back as given
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "backslashreplace")
    return quote_from_bytes(raw, safe="/")


def artifact_uri(name: str) -> str:
    """A file name as an RFC 3986 URI reference: relative with forward slashes, or file:///."""
    path = PurePath(name)
    return path.as_uri() if path.is_absolute() else _quoted(path.as_posix())


def repository_uri(path: str) -> str:
    """A path relative to the repository root (forward slashes) as a URI reference."""
    return _quoted(path)


def file_uri(name: str, paths: Mapping[str, str]) -> str:
    """The URI a report gives a file: relative to the repository root when it is in it."""
    return repository_uri(paths[name]) if name in paths else artifact_uri(name)


def fingerprint(rule_id: str, about: list[str], uri: str, location: Location) -> str:
    key = json.dumps([rule_id, about, uri, list(location.path)], ensure_ascii=True)
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def of_problem(problem: InputProblem, uri: str) -> tuple[str, str]:
    """The id and fingerprint of a problem that stopped a file from being checked."""
    about = [problem.stage, problem.message]
    return INVALID_INPUT, fingerprint(INVALID_INPUT, about, uri, problem.location)


def of_finding(finding: Finding, uri: str) -> tuple[str, str]:
    """The id and fingerprint of a failed rule, or of a rule that could not be evaluated."""
    if finding.outcome is Outcome.ERROR:
        return RULE_ERROR, fingerprint(RULE_ERROR, [finding.rule_id], uri, finding.location)
    return finding.rule_id, fingerprint(finding.rule_id, [], uri, finding.location)


def of_waiver(use: WaiverUse, uri: str) -> tuple[str, str]:
    """The id and fingerprint of a waiver that cannot be given or that has nothing to waive."""
    rule_id = WAIVER_REFUSED if use.status is WaiverStatus.REFUSED else STALE_WAIVER
    w = use.waiver
    return rule_id, fingerprint(rule_id, [w.rule_id, w.reference], uri, w.location)
