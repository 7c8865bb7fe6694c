"""JSON: every outcome of every rule for every proposal, in the structure of
docs/report.schema.json (format_version 1). Additions keep the version; anything that would
break a reader changes it."""

from __future__ import annotations

import json
from typing import Any, TextIO

from collabcheck.common.escape import JSON
from collabcheck.common.yamlpath import YamlPath, format_path
from collabcheck.reporters import Report, waiver_counts
from collabcheck.results import (
    FileResult,
    Finding,
    Location,
    Outcome,
    PackInfo,
    Reference,
    RuleChange,
    RuleInfo,
    WaiverStatus,
    WaiverUse,
)

FORMAT_VERSION = 1
# Control, bidirectional and other unsafe characters are written as JSON escapes (\u009b), and
# so is the `[` of `##[`: readers get the text exactly, and a log showing the report gets no
# raw control character and no workflow command.
LOG_ESCAPES = JSON

# Compact output uses the C encoder; indent= would fall back to pure Python (about ten times
# slower on a report of thousands of files). One encoder serves the whole report.
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _yaml_path(path: YamlPath) -> str:
    return format_path(path) if path else ""


def _location(location: Location) -> dict[str, Any]:
    return {
        "line": location.line,
        "column": location.column,
        "yaml_path": _yaml_path(location.path),
    }


def reference_record(ref: Reference) -> dict[str, Any]:
    return {
        "edition": ref.edition,
        "clause": ref.clause,
        "part": ref.part,
        "source_url": ref.source_url,
        "verified": ref.verified,
        "note": ref.note,
    }


def waiver_record(use: WaiverUse) -> dict[str, Any]:
    w = use.waiver
    return {
        "rule_id": w.rule_id,
        "scope": format_path(w.path) if w.path else "",
        "justification": w.justification,
        "approved_by": w.approved_by,
        "approved_on": w.approved_on.isoformat(),
        "expires_on": w.expires_on.isoformat(),
        "reference": w.reference,
        "written_in": {
            "file": w.location.file,
            "line": w.location.line,
            "column": w.location.column,
            "in_proposal": w.in_proposal,
        },
        "status": use.status.value,
        "note": use.note,
    }


_OUTCOMES = {o: _dumps(o.value) for o in Outcome}


class _Findings:
    """Findings as JSON text. What a rule says is the same in every file (its id, title,
    severity, reference and remediation), so it is encoded once per rule and run and only
    what varies is encoded for each finding: the same bytes as encoding a finding's record
    whole, in a fraction of the time on a report of thousands of files."""

    def __init__(self) -> None:
        self._rules: dict[str, tuple[RuleInfo, str, str, str]] = {}

    def _parts(self, rule: RuleInfo) -> tuple[RuleInfo, str, str, str]:
        parts = self._rules.get(rule.id)
        if parts is None or parts[0] is not rule:
            parts = self._rules[rule.id] = (
                rule,
                f'{{"rule_id":{_dumps(rule.id)},"title":{_dumps(rule.title)},"outcome":',
                f',"severity":{_dumps(rule.severity.value)},"message":',
                f',"reference":{_dumps(reference_record(rule.reference))},'
                f'"remediation":{_dumps(rule.remediation)},"waiver":',
            )
        return parts

    def encode(self, f: Finding) -> str:
        _, opening, severity, closing = self._parts(f.rule)
        waiver = "null" if f.waiver is None else _dumps(waiver_record(f.waiver))
        return (
            f"{opening}{_OUTCOMES[f.outcome]}{severity}{_dumps(f.message)}"
            f',"reason":{_dumps(f.reason)},'
            f'"needs_confirmation":{"true" if f.needs_confirmation else "false"},'
            f'"line":{f.line},"column":{f.column},'
            f'"yaml_path":{_dumps(_yaml_path(f.path))}'
            f"{closing}{waiver}}}"
        )


def _file(result: FileResult, findings: _Findings) -> str:
    project = result.project
    record = {
        "path": result.display_name,
        "sha256": result.sha256,
        "checked": not result.problems,
        "project": None
        if project is None
        else {
            "title": project.title,
            "reference": project.reference,
            "type": project.project_type,
            "stage": project.stage,
            "start_date": project.start_date.isoformat(),
            "end_date": project.end_date.isoformat(),
            "parties": [{"name": n, "kind": k} for n, k in project.parties],
            "key_dates": [
                {"label": k.label, "date": k.day.isoformat(), "source": k.source}
                for k in project.key_dates
            ],
        },
        "problems": [
            {"stage": p.stage, "message": p.message, **_location(p.location)}
            for p in result.problems
        ],
    }
    waivers = [waiver_record(use) for use in result.waivers]
    return (
        f'{_dumps(record)[:-1]},"findings":[{",".join(map(findings.encode, result.findings))}],'
        f'"waivers":{_dumps(waivers)}}}'
    )


def _pack(pack: PackInfo) -> dict[str, Any]:
    return {
        "name": pack.name,
        "version": pack.version,
        "title": pack.title,
        "sha256": pack.sha256,
        "rule_count": pack.rule_count,
    }


def _packs(report: Report) -> dict[str, Any]:
    """With several packs, each one; with configuration, the rules it changed."""
    found: dict[str, Any] = {}
    if report.pack.packs:
        found["rule_packs"] = [_pack(p) for p in report.pack.packs]
    if report.pack.changes:
        found["rule_changes"] = [change_record(c) for c in report.pack.changes]
    return found


def change_record(change: RuleChange) -> dict[str, Any]:
    """A rule configuration changed, as JSON (reports, `rules list`, `config`)."""
    return {
        "rule_id": change.rule_id,
        "original_severity": change.original.value,
        "severity": None if change.severity is None else change.severity.value,
        "disabled": change.severity is None,
        "reason": change.reason,
        "source": change.source,
    }


def _header(report: Report) -> dict[str, Any]:
    counts = {o.value: sum(r.count(o) for r in report.files) for o in Outcome}
    waivers = waiver_counts(report)
    return {
        "format": "collabcheck-report",
        "format_version": FORMAT_VERSION,
        "collabcheck_version": report.version,
        "as_of": report.as_of.isoformat(),
        "rule_pack": _pack(report.pack),
        **_packs(report),
        "skipped": list(report.skipped),
        "summary": {
            "files": len(report.files),
            "files_not_checked": sum(1 for r in report.files if r.problems),
            "files_skipped": len(report.skipped),
            **counts,
            "waived": sum(r.waived() for r in report.files),
            "waivers": {s.value: waivers.get(s, 0) for s in WaiverStatus},
        },
    }


def render(report: Report, stream: TextIO) -> None:
    """One JSON document, written a file at a time so a large report is never held whole."""
    stream.write(_dumps(_header(report))[:-1] + ',"files":[')
    findings = _Findings()
    for i, result in enumerate(report.files):
        stream.write(("," if i else "") + _file(result, findings))
    stream.write("]}\n")
