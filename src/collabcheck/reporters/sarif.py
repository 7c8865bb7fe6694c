"""SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.

- Results are the things to act on: one per failed rule (level error, warning or note, from the
  rule's severity), one per rule that could not be evaluated and one per input problem. Passed
  and not-applicable rules are counted in the run's properties, not reported: a viewer would show
  every result as an alert.
- A rule that could not be evaluated is reported as `collabcheck/rule-error`, not under its own id:
  it says nothing about whether the proposal meets that rule, so it must not open or close the
  rule's alerts (properties.rule names it). A file that could not be checked (unreadable, bad YAML,
  not a proposal) gives `collabcheck/invalid-input` results. Both ids have descriptors, after the
  pack's own rules, so every ruleId has one.
- A failure with a waiver carries it as a suppression: `accepted` while the waiver is in force
  (kind inSource for a waiver in the proposal, external for a waiver file), `rejected` when it has
  expired, is not yet approved or does not cover every failure. A waiver that cannot be given is a
  `collabcheck/waiver-refused` error and a stale one a `collabcheck/stale-waiver` warning.
- partialFingerprints["collabcheck/v1"] is the sha256 of the result's rule id, the rule or problem
  it is about, the file's URI and the YAML path: never a line number, so an alert follows its
  finding through edits elsewhere in the file.
- Columns count Unicode code points (run.columnKind), as the YAML parser does.
- Proposal text in result messages has control and bidi characters made visible and braces
  doubled (3.11.5). Square brackets stay as they are (`parties[0]`) unless the text holds `](`,
  which could read as an embedded link (3.11.6): then every bracket and backslash is escaped.
  Lone surrogates anywhere become visible escapes, so the log can always be written as UTF-8.

What GitHub code scanning reads:

- run.automationDetails.id is `collabcheck/PACK/` (PACK the rule pack's name, `a+b` for several):
  everything before the last `/` is the category, so alerts from one pack are tracked apart
  from another tool's; upload-sarif's `category` input replaces it. No run id follows the last
  `/`, since that would have to change from run to run.
- A file in the repository is named relative to the repository root (Report.repository_paths),
  with uriBaseId %SRCROOT%, whichever folder collabcheck ran from. run.originalUriBaseIds
  describes %SRCROOT% without giving its uri: an absolute path would put the machine's layout
  in the log and make it differ between checkouts. Standard input and a file outside the
  repository keep the name they were given (an absolute one as a file:/// URI).
- partialFingerprints.primaryLocationLineHash is the same YAML-path fingerprint as
  collabcheck/v1, so GitHub does not compute its own from the text of the line and an alert
  survives edits to the line itself.
- A region ends on its start line (endLine); with no endColumn it runs to the end of that line,
  as SARIF defines for a text region, which GitHub shows as the whole line.
- invocations[0].executionSuccessful is false when a file could not be checked or a rule could
  not be evaluated, with a toolExecutionNotification naming each.
- Rule descriptors carry properties.precision (`very-high` for a check a machine decides,
  `medium` for a judgement rule that passes on a statement a person must confirm) and
  properties["problem.severity"] (`error`, `warning`, or `recommendation` for info). They carry
  no `security-severity`: a finding is a compliance gap, not a security vulnerability, and
  GitHub would file it under security alerts with a CVSS-like score it does not have.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TextIO
from urllib.parse import quote

from collabcheck.common.escape import JSON, inert
from collabcheck.common.yamlpath import format_path
from collabcheck.reporters import Report
from collabcheck.reporters.fingerprint import (
    INVALID_INPUT,
    RULE_ERROR,
    STALE_WAIVER,
    WAIVER_REFUSED,
    file_uri,
    of_finding,
    of_problem,
    of_waiver,
)
from collabcheck.results import (
    FileResult,
    Location,
    Outcome,
    Reference,
    RuleInfo,
    Severity,
    WaiverStatus,
    WaiverUse,
)

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LOG_ESCAPES = JSON  # as the JSON report: unsafe characters and `##[` as JSON escapes
FINGERPRINT = "collabcheck/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# GitHub's problem.severity for a rule descriptor.
PROBLEM_SEVERITY = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "recommendation",
}
SRCROOT = "%SRCROOT%"
LINE_HASH = "primaryLocationLineHash"

Json = dict[str, object]

_SYNTHETIC: tuple[tuple[str, str, str, str, str], ...] = (
    (
        RULE_ERROR,
        "RuleError",
        "A rule could not be evaluated",
        "collabcheck could not evaluate this rule against the proposal, so the proposal has not "
        "been checked against it. This is a problem with the rule pack or with collabcheck, not a "
        "finding about the proposal.",
        "Report it with the rule pack version and the message; the proposal needs checking "
        "against this rule by other means until it is fixed.",
    ),
    (
        INVALID_INPUT,
        "InvalidInput",
        "The file could not be checked",
        "The file could not be read, is not valid YAML, or is not a proposal in the expected "
        "format, so no rule was checked against it.",
        "Fix the problem at the location given (the proposal format is described in "
        "docs/proposal-format.md) and run collabcheck again.",
    ),
    (
        WAIVER_REFUSED,
        "WaiverRefused",
        "A waiver that cannot be given",
        "The waiver names a rule that does not exist or that no governance board can waive (the "
        "law, the Code's mandatory text, a gate, or a rule other rules depend on).",
        "Fix the proposal so that the rule passes, and remove the waiver.",
    ),
    (
        STALE_WAIVER,
        "StaleWaiver",
        "A waiver with nothing to waive",
        "The waiver's rule does not fail where the waiver says, so it covers nothing.",
        "Remove the waiver, or correct its rule or path.",
    ),
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINK_CHARS = re.compile(r"([\\\[\]])")
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|~&$@])")
_BLOCK_START = re.compile(r"^(\d*)([-+.)])")  # a list item if it began a line
_SEMVER = re.compile(r"\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?")


def artifact_location(name: str, paths: Mapping[str, str], index: int | None = None) -> Json:
    """Where a file is: relative to %SRCROOT% when it is in the repository, else as given."""
    place: Json
    place = {"uri": file_uri(name, paths)}
    if name in paths:
        place["uriBaseId"] = SRCROOT
    if index is not None:
        place["index"] = index
    return place


def region(location: Location) -> Json:
    line = max(1, location.line)
    return {"startLine": line, "startColumn": max(1, location.column), "endLine": line}


def message_text(text: str) -> str:
    """Proposal text as a SARIF plain-text message that shows exactly what it says."""
    text = _no_surrogates(inert(text))
    if "](" in text:  # could read as an embedded link: escape every bracket and backslash
        text = _LINK_CHARS.sub(r"\\\1", text)
    return text.replace("{", "{{").replace("}", "}}")


def _markdown(text: str) -> str:
    """Rule text as one line of GitHub Markdown that renders as the text itself."""
    return _BLOCK_START.sub(r"\1\\\2", _MARKDOWN.sub(r"\\\1", " ".join(text.split())))


def _help(rule: RuleInfo) -> Json:
    ref = rule.reference
    cited = f"{ref.edition}, {ref.clause} ({ref.part.replace('_', ' ')})"
    unverified = "" if ref.verified else " **UNVERIFIED**: check the source before relying on it"
    text = [rule.remediation, "", f"Reference: {ref}", f"Source: {ref.source_url}"]
    markdown = [
        _markdown(rule.remediation),
        "",
        f"**Reference:** {_markdown(cited)}{unverified}",
        "",
        f"[Source](<{_url(ref.source_url)}>)",
    ]
    if ref.note:
        text.append(f"Note: {ref.note}")
        markdown += ["", f"Note: {_markdown(ref.note)}"]
    return {"text": "\n".join(text), "markdown": "\n".join(markdown)}


def _url(url: str) -> str:
    """Percent-encode what a URI cannot hold (spaces, non-ASCII) and leave the rest alone."""
    return quote(url, safe="!#$%&'()*+,/:;=?@[]~")


def _tags(rule: RuleInfo, pack: str) -> list[str]:
    tags = [pack, rule.reference.part.replace("_", "-"), rule.severity.value]
    if not rule.reference.verified:
        tags.append("unverified-reference")
    return list(dict.fromkeys(tags))


def _reference(ref: Reference) -> Json:
    return {
        "edition": ref.edition,
        "clause": ref.clause,
        "part": ref.part,
        "sourceUrl": ref.source_url,
        "verified": ref.verified,
        "note": ref.note,
    }


def _descriptor(rule: RuleInfo, pack: str) -> Json:
    return {
        "id": rule.id,
        "name": "".join(word.capitalize() for word in re.split(r"[^0-9A-Za-z]+", rule.id)),
        "shortDescription": {"text": rule.title or rule.id},
        "fullDescription": {"text": rule.rationale or rule.title or rule.id},
        "help": _help(rule),
        "helpUri": _url(rule.reference.source_url),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "precision": "medium" if rule.judgement else "very-high",
            "problem.severity": PROBLEM_SEVERITY[rule.severity],
            "tags": _tags(rule, pack),
            "implements": list(rule.implements),
            "severity": rule.severity.value,
            "reference": _reference(rule.reference),
        },
    }


def _synthetic() -> list[Json]:
    return [
        {
            "id": rule_id,
            "name": name,
            "shortDescription": {"text": short},
            "fullDescription": {"text": full},
            "help": {"text": fix, "markdown": _markdown(fix)},
            "defaultConfiguration": {"level": "warning" if rule_id == STALE_WAIVER else "error"},
            "properties": {
                "precision": "very-high",
                "problem.severity": "warning" if rule_id == STALE_WAIVER else "error",
                "tags": ["collabcheck"],
            },
        }
        for rule_id, name, short, full, fix in _SYNTHETIC
    ]


def _descriptors(report: Report) -> list[Json]:
    rules = list(report.pack.rules)
    known = {r.id for r in rules}
    for result in report.files:  # rules a finding names but the pack does not describe
        for f in result.findings:
            if f.outcome is Outcome.FAIL and f.rule_id not in known:
                known.add(f.rule_id)
                rules.append(
                    RuleInfo(f.rule_id, f.title, f.severity, f.reference, "", f.remediation, ())
                )
    return [_descriptor(r, report.pack.name) for r in rules] + _synthetic()


def _result(
    identity: tuple[str, str],
    index: dict[str, int],
    level: str,
    text: str,
    where: tuple[Location, Json],
    props: dict[str, str],
) -> Json:
    """A result under the id and with the fingerprint fingerprint.py gives it."""
    (rule_id, key), (location, place) = identity, where
    return {
        "ruleId": rule_id,
        "ruleIndex": index[rule_id],
        "level": level,
        "message": {"text": message_text(text) or rule_id},
        "locations": [
            {"physicalLocation": {"artifactLocation": place, "region": region(location)}}
        ],
        "partialFingerprints": {FINGERPRINT: key, LINE_HASH: key},
        "properties": {"yamlPath": format_path(location.path), **props},
    }


def _file_results(
    result: FileResult, artifact: int, index: dict[str, int], paths: Mapping[str, str]
) -> list[Json]:
    out = []
    place = artifact_location(result.display_name, paths, artifact)
    uri = str(place["uri"])
    for p in result.problems:
        where = (p.location, place)
        props = {"stage": p.stage}
        out.append(_result(of_problem(p, uri), index, "error", p.message, where, props))
    for f in result.findings:
        where = (f.location, place)
        if f.outcome is Outcome.FAIL:
            found = _result(of_finding(f, uri), index, LEVELS[f.severity], f.message, where, {})
            if f.waiver is not None:
                found["suppressions"] = [_suppression(f.waiver, f.waived, paths)]
            out.append(found)
        elif f.outcome is Outcome.ERROR:
            text = f"{f.rule_id}: {f.message}"
            identity = of_finding(f, uri)
            out.append(_result(identity, index, "error", text, where, {"rule": f.rule_id}))
    for use in result.waivers:
        if use.status not in (WaiverStatus.REFUSED, WaiverStatus.STALE):
            continue
        w = use.waiver
        # A waiver file is not one of the run's artifacts; a proposal is.
        in_proposal = w.location.file == result.display_name
        at = place if in_proposal else artifact_location(w.location.file, paths)
        props = {"rule": w.rule_id, "reference": inert(w.reference)}
        level = "error" if use.status is WaiverStatus.REFUSED else "warning"
        identity = of_waiver(use, str(at["uri"]))
        out.append(_result(identity, index, level, use.note, (w.location, at), props))
    return out


def _suppression(use: WaiverUse, active: bool, paths: Mapping[str, str]) -> Json:
    """A waiver in force is an accepted suppression; one that is not (expired, not yet approved,
    not covering every failure) is a rejected one, so the result still counts."""
    w = use.waiver
    return {
        "kind": "inSource" if w.in_proposal else "external",
        "status": "accepted" if active else "rejected",
        "justification": inert(use.note),
        "location": {
            "physicalLocation": {
                "artifactLocation": artifact_location(w.location.file, paths),
                "region": region(w.location),
            }
        },
        "properties": {
            "rule": w.rule_id,
            "approvedBy": inert(w.approved_by),
            "approvedOn": w.approved_on.isoformat(),
            "expiresOn": w.expires_on.isoformat(),
            "reference": inert(w.reference),
        },
    }


def _artifact(result: FileResult, paths: Mapping[str, str]) -> Json:
    artifact: Json = {"location": artifact_location(result.display_name, paths)}
    if result.sha256:
        artifact["hashes"] = {"sha-256": result.sha256}
    return artifact


def automation_id(pack: str) -> str:
    """The category GitHub tracks alerts by: all before the last `/`, so no run id after it."""
    return f"collabcheck/{pack}/"


def _invocation(report: Report, index: dict[str, int], paths: Mapping[str, str]) -> Json:
    """Whether everything was checked: a notification for each file that could not be and
    each rule that could not be evaluated."""
    notes: list[Json] = []
    for result in report.files:
        place = artifact_location(result.display_name, paths)
        if result.problems:
            first = result.problems[0]
            text = f"{result.display_name} could not be checked: {first.message}"
            notes.append(_notification(INVALID_INPUT, index, text, place, first.location))
        for f in result.findings:
            if f.outcome is Outcome.ERROR:
                text = f"{f.rule_id} could not be evaluated in {result.display_name}: {f.message}"
                notes.append(_notification(f.rule_id, index, text, place, f.location))
    return {"executionSuccessful": not notes, "toolExecutionNotifications": notes}


def _notification(
    rule_id: str, index: dict[str, int], text: str, place: Json, location: Location
) -> Json:
    return {
        "level": "error",
        "message": {"text": message_text(text)},
        "locations": [
            {"physicalLocation": {"artifactLocation": place, "region": region(location)}}
        ],
        "associatedRule": {"id": rule_id, "index": index[rule_id]}
        if rule_id in index
        else {"id": rule_id},
    }


def _counts(report: Report) -> Json:
    def total(outcome: Outcome) -> int:
        return sum(r.count(outcome) for r in report.files)

    return {
        "pass": total(Outcome.PASS),
        "fail": total(Outcome.FAIL),
        "notApplicable": total(Outcome.NOT_APPLICABLE),
        "error": total(Outcome.ERROR),
        "files": len(report.files),
        "invalidFiles": sum(1 for r in report.files if r.problems),
        "waived": sum(r.waived() for r in report.files),
    }


def _no_surrogates(text: str) -> str:
    return _SURROGATE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _visible(value: object) -> object:
    """Every string in the log with lone surrogates shown as escapes such as \\ud800."""
    if isinstance(value, str):
        return _no_surrogates(value)
    if isinstance(value, dict):
        return {k: _visible(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_visible(v) for v in value]
    return value


def sarif_log(report: Report) -> Json:
    rules = _descriptors(report)
    index = {str(rule["id"]): i for i, rule in enumerate(rules)}
    paths = report.repository_paths
    results = [res for i, r in enumerate(report.files) for res in _file_results(r, i, index, paths)]
    pack = report.pack
    driver: Json = {"name": "collabcheck", "version": report.version}
    if _SEMVER.fullmatch(report.version):
        driver["semanticVersion"] = report.version
    driver["rules"] = rules
    properties: Json = {
        "asOf": report.as_of.isoformat(),
        "rulePack": {
            "name": pack.name,
            "version": pack.version,
            "title": pack.title,
            "sha256": pack.sha256,
            "ruleCount": pack.rule_count,
        },
        "counts": _counts(report),
    }
    run: Json = {
        "tool": {"driver": driver},
        "invocations": [_invocation(report, index, paths)],
        "automationDetails": {
            "description": {"text": f"collabcheck with the rule pack {pack.name}"},
            "id": automation_id(pack.name),
        },
        "originalUriBaseIds": {
            SRCROOT: {
                "description": {
                    "text": "The root of the repository holding the proposals (the nearest "
                    "folder holding .git above the folder collabcheck ran in, or that folder)"
                }
            }
        },
        "artifacts": [_artifact(r, paths) for r in report.files],
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": properties,
    }
    if pack.packs:
        properties["rulePacks"] = [
            {"name": p.name, "version": p.version, "title": p.title, "sha256": p.sha256}
            for p in pack.packs
        ]
    if pack.changes:
        properties["ruleChanges"] = [
            {
                "ruleId": c.rule_id,
                "originalSeverity": c.original.value,
                "severity": None if c.severity is None else c.severity.value,
                "reason": inert(c.reason),
                "source": inert(c.source),
            }
            for c in pack.changes
        ]
    log: Json = {"version": "2.1.0", "$schema": SCHEMA_URI, "runs": [run]}
    return log


def render(report: Report, stream: TextIO) -> None:
    log = _visible(sarif_log(report))
    stream.write(json.dumps(log, indent=2, ensure_ascii=False) + "\n")
