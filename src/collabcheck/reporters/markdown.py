"""The board report: a markdown document for an NHS governance board, as GitHub renders it.

It answers the board's questions in order: is each proposal ready, what must change, what must a
person confirm, how was every requirement assessed, what happens when, and what exactly was
checked. Every piece of text that comes from a proposal or a rule pack goes through `_escape`, so
it is shown as text and never read as markdown or HTML; text in the Mermaid chart goes through
`_mermaid_label` instead. The output depends only on the report (no clock, host or environment),
so the same inputs give the same bytes.

`report.quiet` is ignored: a board report is a complete record, not a console view.
"""

from __future__ import annotations

import functools
import io
import re
import urllib.parse
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TextIO

from collabcheck.common.escape import inert
from collabcheck.common.yamlpath import format_path
from collabcheck.reporters import Report
from collabcheck.results import (
    FileResult,
    Finding,
    Location,
    Outcome,
    PackInfo,
    ProjectFacts,
    Reference,
    RuleInfo,
    Severity,
    WaiverStatus,
)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_PROJECT_TYPES = {
    "joint_working": "Joint working",
    "collaborative_working": "Collaborative working",
}
_STAGES = {
    "proposal": "Proposal (being prepared; nothing is agreed yet)",
    "agreed": "Agreed (the agreement is signed; the project has not started)",
    "in_progress": "In progress",
    "completed": "Completed",
}
_PARTY_KINDS = {
    "nhs_trust": "NHS trust",
    "integrated_care_board": "Integrated care board",
    "health_board": "NHS health board",
    "hsc_trust": "Health and Social Care trust (Northern Ireland)",
    "other_nhs_body": "Other NHS body",
    "pharmaceutical_company": "Pharmaceutical company",
    "other_healthcare_organisation": "Other healthcare organisation",
    "patient_organisation": "Patient organisation",
    "other_organisation": "Other organisation",
}
_SEVERITY_WORDS = {
    Severity.ERROR: "mandatory",
    Severity.WARNING: "warning",
    Severity.INFO: "advisory",
}
_PROBLEM_STAGES = {
    "read": "the file could not be read",
    "yaml": "the file is not valid YAML",
    "schema": "the file is not a valid proposal",
}

# --- Escaping ----------------------------------------------------------------------------------

_BLANK = re.compile(r"\s+")
# Characters that CommonMark or GitHub give a meaning anywhere in a line: escapes, code, emphasis,
# links and images, HTML and entities, tables, strikethrough, headings, email links and maths.
_MARKUP = re.compile(r"[\\`*_\[\]<>&!|~#@$]")
# GitHub turns bare web addresses into links; escaping the ":" of "://" and the "." of "www."
# stops that.
_AUTOLINK = re.compile(r"(?i):(?=//)|(?<=\bwww)\.")
# At the start of a line these would begin a list item, a thematic break or a heading underline.
_LINE_START = re.compile(r"^(?:[-+]|\d{1,9}[.)])(?= |$)|^[-=](?=[-= ]*$)")


def _escape(text: str) -> str:
    """Untrusted text as inline markdown that renders exactly as written, on one line."""
    # A board report escapes each rule's title, clause and remediation once per proposal; the
    # cache makes that once per run. Long texts are not kept, so it stays small.
    return _escape_short(text) if len(text) <= 2000 else _escape_text(text)


@functools.lru_cache(maxsize=4096)
def _escape_short(text: str) -> str:
    return _escape_text(text)


def _escape_text(text: str) -> str:
    text = _BLANK.sub(" ", text).strip()
    text = _MARKUP.sub(lambda m: "\\" + m.group(), text)
    text = _AUTOLINK.sub(lambda m: "\\" + m.group(), text)
    text = _LINE_START.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], text)
    # After the markdown escapes, so its own backslash sequences (\x1b, \u202e) stay literal.
    return inert(text)


def _strong(text: str, empty: str = "(not given)") -> str:
    escaped = _escape(text)
    return f"**{escaped}**" if escaped else empty


def _or(text: str, empty: str = "not given") -> str:
    return _escape(text) or empty


def _row(*cells: str) -> str:
    """A table row; each cell must already be escaped."""
    return "| " + " | ".join(cells) + " |"


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    return [_row(*header), _row(*("---" for _ in header)), *(_row(*row) for row in rows), ""]


def _link(label: str, url: str) -> str:
    """A link to a published source: https addresses only, with everything unusual encoded."""
    if not url.startswith("https://"):
        return ""
    target = urllib.parse.quote(url, safe="/:?=&#%-._~+,;@!$'()*")
    return f"[{_escape(label)}](<{target}>)"


# Mermaid keywords that would turn a task line into a directive.
_MERMAID_KEYWORDS = frozenset(
    {
        "gantt",
        "title",
        "section",
        "dateformat",
        "axisformat",
        "tickinterval",
        "todaymarker",
        "includes",
        "excludes",
        "inclusiveenddates",
        "topaxis",
        "weekday",
        "weekend",
        "acctitle",
        "accdescr",
        "click",
    }
)
_MERMAID_UNSAFE = re.compile(r"[^\w .,()/'+-]")


def _mermaid_label(text: str) -> str:
    """Keep only characters that Mermaid reads as plain text (no `:`, `;`, `#`, `%`, quotes)."""
    label = _BLANK.sub(" ", _MERMAID_UNSAFE.sub(" ", text)).strip()[:80].strip() or "Event"
    if label.split(" ", 1)[0].lower() in _MERMAID_KEYWORDS:
        label = f"({label})"
    return label


# --- Words -------------------------------------------------------------------------------------


def _day(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _words(code: str, names: dict[str, str]) -> str:
    return names.get(code) or _escape(code.replace("_", " ").capitalize())


def _clause(reference: Reference) -> str:
    text = _escape(f"{reference.edition}, {reference.clause} ({reference.part.replace('_', ' ')})")
    return text if reference.verified else f"{text} **UNVERIFIED**"


def _clause_in_full(reference: Reference) -> str:
    text = _clause(reference)
    if source := _link("source", reference.source_url):
        text += f" ({source})"
    return f"{text}. Note: {_escape(reference.note)}" if reference.note else text


def _sentence(text: str) -> str:
    """The text ending in one full stop, however it ended before."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _where(location: Location) -> str:
    text = _escape(str(location))
    return f"{text} (field {_escape(format_path(location.path))})" if location.path else text


# --- Verdict -----------------------------------------------------------------------------------


def _failed(result: FileResult, severity: Severity) -> int:
    return sum(1 for f in result.findings if f.failing and f.severity is severity)


def _to_confirm(result: FileResult) -> int:
    return sum(1 for f in result.findings if f.needs_confirmation)


def verdict(result: FileResult) -> str:
    """The one-line answer for the board; it contains no text from the proposal."""
    if result.problems:
        stage = result.problems[0].stage
        return f"Could not be checked: {_PROBLEM_STAGES.get(stage, _PROBLEM_STAGES['schema'])}"
    mandatory = _failed(result, Severity.ERROR)
    errors = result.count(Outcome.ERROR)
    others = []
    if warnings := _failed(result, Severity.WARNING):
        others.append(f"{_plural(warnings, 'warning')} to address")
    if advisories := _failed(result, Severity.INFO):
        others.append(f"{_plural(advisories, 'advisory note')} to consider")
    refused = len(result.refused_waivers())
    confirm = _to_confirm(result)
    subject = f"subject to {_plural(confirm, 'confirmation')} (see For the board to confirm)"
    if mandatory or errors or refused:
        parts = []
        if mandatory:
            verb = "is" if mandatory == 1 else "are"
            parts.append(f"{_plural(mandatory, 'mandatory requirement')} {verb} not met")
        if errors:
            parts.append(f"{_plural(errors, 'requirement')} could not be checked")
        if refused:
            parts.append(f"{_plural(refused, 'waiver')} cannot be given")
        if confirm:
            others.append(f"{_plural(confirm, 'item')} to confirm")
        return "Not ready: " + "; ".join(parts + others)
    if waived := result.waived():
        verb = "is" if waived == 1 else "are"
        accepted = f"{_plural(waived, 'failure')} {verb} accepted by waiver (see Waivers)"
        if confirm:
            accepted += f", {subject}"
        return "Ready only by waiver: " + "; ".join([accepted, *others])
    if others:
        met = "Meets every mandatory requirement" + (f", {subject}" if confirm else "")
        return f"{met}; " + "; ".join(others)
    if not result.findings:
        return "No requirements were checked"
    if confirm:
        return f"Ready, {subject}"
    return "Meets every checked requirement"


def _verdict_icon(result: FileResult) -> str:
    if result.problems:
        return "❗"
    if _failed(result, Severity.ERROR) or result.count(Outcome.ERROR) or result.refused_waivers():
        return "❌"
    if any(f.outcome is Outcome.FAIL for f in result.findings):
        return "⚠️"
    return "🔍" if _to_confirm(result) else "✅"


def _counts(result: FileResult) -> str:
    confirm = _to_confirm(result)
    to_confirm = f" ({confirm} to confirm)" if confirm else ""
    return (
        f"Requirements met: {result.count(Outcome.PASS)}{to_confirm} · "
        f"not met: {result.count(Outcome.FAIL)}{_waived_count(result)} · "
        f"not applicable: {result.count(Outcome.NOT_APPLICABLE)} · "
        f"could not be checked: {result.count(Outcome.ERROR)}"
    )


def _waived_count(result: FileResult) -> str:
    waived = result.waived()
    return f" ({waived} waived)" if waived else ""


# --- Sections ----------------------------------------------------------------------------------


def _introduction(report: Report) -> list[str]:
    packs = report.pack.packs or (report.pack,)
    files = _plural(len(report.files), "proposal")
    named = " and ".join(
        f"{_strong(p.title or p.name)} ({_escape(p.name)} version {_escape(p.version)})"
        for p in packs
    )
    return [
        "# Collaborative working proposals: compliance check",
        "",
        f"{files} checked against the rule pack{'s' if len(packs) > 1 else ''} {named} "
        f"as of {_day(report.as_of)}.",
        "",
        "collabcheck checks what each proposal file says against the requirements in the rule "
        "pack. It does not check that the statements in the file are true, and some requirements "
        "of the Code cannot be decided from a file at all: those remain for the board and its "
        "advisers to check.",
        "",
    ]


_OVERVIEW_HEADER = (
    "#",
    "Project",
    "File",
    "Verdict",
    "Met",
    "To confirm",
    "Not met",
    "Not applicable",
    "Could not be checked",
)
_COUNTED = (Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE, Outcome.ERROR)


def _overview_row(n: int, result: FileResult) -> tuple[str, ...]:
    title = _or(result.project.title, "—") if result.project else "—"
    if result.problems:
        counts = ["—"] * 5
    else:
        counts = [str(result.count(o)) for o in _COUNTED]
        counts.insert(1, str(_to_confirm(result)))
    verdict_cell = f"{_verdict_icon(result)} {verdict(result)}"
    return (str(n), title, _escape(result.display_name), verdict_cell, *counts)


def _overview(report: Report) -> list[str]:
    rows = [_overview_row(n, result) for n, result in enumerate(report.files, 1)]
    return ["## Summary of all proposals", "", *_table(_OVERVIEW_HEADER, rows)]


def _project(project: ProjectFacts) -> list[str]:
    parties = [(_or(name), _words(kind, _PARTY_KINDS)) for name, kind in project.parties]
    return [
        "### The project",
        "",
        f"- **Title:** {_or(project.title)}",
        f"- **Reference:** {_or(project.reference)}",
        f"- **Type:** {_words(project.project_type, _PROJECT_TYPES)}",
        f"- **Stage:** {_words(project.stage, _STAGES)}",
        f"- **Runs:** from {_day(project.start_date)} to {_day(project.end_date)}",
        "",
        *_table(("Organisation taking part", "Kind of organisation"), parties),
    ]


def _action_key(f: Finding) -> tuple[int, str, int, int, str]:
    return (-f.severity.rank, f.file, f.line, f.column, f.rule_id)


def actions(result: FileResult) -> list[Finding]:
    """What must change, most serious first, then in the order it appears in the file."""
    wanted = (Outcome.FAIL, Outcome.ERROR)
    found = (f for f in result.findings if f.outcome in wanted and not f.waived)
    return sorted(found, key=_action_key)


def _action(n: int, f: Finding) -> list[str]:
    marker = f"{n}. "
    pad = " " * len(marker)
    kind = _SEVERITY_WORDS[f.severity]
    if f.outcome is Outcome.ERROR:
        kind += ", could not be checked"
    lines = [
        f"{marker}{_strong(f.title)} ({kind}; {_escape(f.rule_id)})",
        f"{pad}- **What is wrong:** {_or(f.message)}",
        f"{pad}- **Where:** {_where(f.location)}",
        f"{pad}- **Clause:** {_clause_in_full(f.reference)}",
        f"{pad}- **What to do:** {_or(f.remediation)}",
    ]
    if f.waiver is not None:
        lines.append(
            f"{pad}- **Waiver:** {_or(f.waiver.note)} ({_where(f.waiver.waiver.location)})"
        )
    return lines


def _actions(result: FileResult) -> list[str]:
    found = actions(result)
    if not found:
        return ["### Actions required", "", "None: every applicable requirement is met.", ""]
    lines = ["### Actions required", "", "Most serious first.", ""]
    for n, f in enumerate(found, 1):
        lines.extend(_action(n, f))
    return [*lines, ""]


def _confirmations(result: FileResult, rules: dict[str, RuleInfo]) -> list[str]:
    found = [f for f in sorted(result.findings, key=_action_key) if f.needs_confirmation]
    lines = ["### For the board to confirm", ""]
    if not found:
        return [*lines, "None.", ""]
    lines += [
        "These requirements are met on the strength of statements in the proposal, such as that "
        "a contribution is significant or that patient care is at least maintained. collabcheck "
        "checks that the statements are there, not that they are true.",
        "",
    ]
    for f in found:
        lines.append(
            f"- {_strong(f.title)} ({_escape(f.rule_id)}): the proposal states this; the board "
            f"should confirm it. Where: {_where(f.location)}. "
            f"Clause: {_sentence(_clause_in_full(f.reference))}"
        )
    return [*lines, ""]


_WAIVER_STATUS = {
    WaiverStatus.ACTIVE: "☑️ In force",
    WaiverStatus.EXPIRED: "❌ Expired",
    WaiverStatus.NOT_YET_APPROVED: "❌ Not yet approved",
    WaiverStatus.PARTIAL: "❌ Does not cover every failure",
    WaiverStatus.STALE: "⚠️ Stale",
    WaiverStatus.REFUSED: "❗ Cannot be given",
}


def _waivers(result: FileResult, rules: dict[str, RuleInfo]) -> list[str]:
    """The board's record of accepted deviations; only when the proposal has waivers."""
    if not result.waivers:
        return []
    lines = [
        "### Waivers",
        "",
        "Deviations accepted on the record. A waiver in force stops its failure counting "
        "towards the result, but the failure stays in this report.",
        "",
    ]
    for use in result.waivers:
        w = use.waiver
        rule = rules.get(w.rule_id)
        title = _strong(rule.title) if rule else "**(no such rule)**"
        scope = f", at {_escape(format_path(w.path))}" if w.path else ""
        lines += [
            f"- {_WAIVER_STATUS[use.status]}: {title} ({_escape(w.rule_id)}{scope})",
            f"  - **Approved by:** {_or(w.approved_by)} on {_day(w.approved_on)}; "
            f"in force until {_day(w.expires_on)}; recorded in {_or(w.reference)}",
            f"  - **Justification:** {_or(w.justification)}",
            f"  - **Status:** {_or(use.note)}",
            f"  - **Written at:** {_where(w.location)}",
        ]
    return [*lines, ""]


def _not_applicable(result: FileResult) -> list[str]:
    found = [f for f in result.findings if f.outcome is Outcome.NOT_APPLICABLE]
    lines = ["### Not applicable to this project", ""]
    if not found:
        return [*lines, "None.", ""]
    for f in sorted(found, key=lambda f: f.rule_id):
        lines.append(f"- {_strong(f.title)} ({_escape(f.rule_id)}): {_or(f.reason)}")
    return [*lines, ""]


def _status(f: Finding | None) -> str:
    if f is None:
        return "— Not checked"
    if f.outcome is Outcome.PASS:
        return "🔍 Met, for the board to confirm" if f.needs_confirmation else "✅ Met"
    if f.outcome is Outcome.NOT_APPLICABLE:
        return "\N{HEAVY MINUS SIGN} Not applicable"
    if f.outcome is Outcome.ERROR:
        return "❗ Could not be checked"
    if f.waived:
        return "☑️ Not met, waived"
    if f.severity is Severity.ERROR:
        return "❌ Not met"
    return f"⚠️ Not met ({_SEVERITY_WORDS[f.severity]})"


def _checklist(result: FileResult, pack: PackInfo) -> list[str]:
    by_rule = {f.rule_id: f for f in result.findings}
    rows = [
        (_status(by_rule.get(r.id)), _or(r.title), _escape(r.id), _clause(r.reference))
        for r in pack.rules
    ]
    # Findings for rules the pack description does not list still belong in the record.
    listed = {r.id for r in pack.rules}
    rows += [
        (_status(f), _or(f.title), _escape(f.rule_id), _clause(f.reference))
        for f in result.findings
        if f.rule_id not in listed
    ]
    return [
        "### Checklist of every requirement",
        "",
        *_table(("Status", "Requirement", "Id", "Clause"), rows),
    ]


def _timeline_table(project: ProjectFacts, as_of: date) -> list[str]:
    # The check date sorts after any key date on the same day.
    entries = [(k.day, 0, _or(k.label), _or(k.source)) for k in project.key_dates]
    entries.append((as_of, 1, "**Date of this check (as of)**", _escape("the --as-of option")))
    rows = [(_day(day), event, source) for day, _, event, source in sorted(entries)]
    return _table(("Date", "Event", "Where the date comes from"), rows)


def _gantt(project: ProjectFacts, as_of: date) -> list[str]:
    lines = [
        "```mermaid",
        "gantt",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %b %Y",
        "    todayMarker off",
    ]
    if project.start_date <= project.end_date:
        lines += [
            "    section Project",
            f"    Project period :{project.start_date.isoformat()}, {project.end_date.isoformat()}",
        ]
    lines.append("    section Key dates")
    lines += [
        f"    {_mermaid_label(k.label)} :milestone, {k.day.isoformat()}, 0d"
        for k in project.key_dates
    ]
    lines += [
        "    section This check",
        f"    As of (date of this check) :crit, milestone, {as_of.isoformat()}, 0d",
        "```",
        "",
    ]
    return lines


def _timeline(project: ProjectFacts, as_of: date) -> list[str]:
    return ["### Key dates", "", *_timeline_table(project, as_of), *_gantt(project, as_of)]


def _problems(result: FileResult) -> list[str]:
    lines = [
        "### Problems that stopped the check",
        "",
        "No requirement was assessed. Correct these problems and run the check again.",
        "",
    ]
    for problem in result.problems:
        lines.append(f"- {_where(problem.location)}: {_or(problem.message)}")
    return [*lines, ""]


def _proposal(result: FileResult, heading: str, report: Report) -> list[str]:
    lines = [f"## {heading}", "", f"**Verdict:** {_verdict_icon(result)} {verdict(result)}.", ""]
    if result.problems or result.project is None:
        return [*lines, *_problems(result)]
    rules = {r.id: r for r in report.pack.rules}
    return [
        *lines,
        _counts(result),
        "",
        *_project(result.project),
        *_actions(result),
        *_confirmations(result, rules),
        *_waivers(result, rules),
        *_not_applicable(result),
        *_checklist(result, report.pack),
        *_timeline(result.project, report.as_of),
    ]


def _heading(n: int, total: int, result: FileResult) -> str:
    name = _or(result.project.title if result.project else "", _escape(result.display_name))
    return f"Proposal {n} of {total}: {name}" if total > 1 else f"Proposal: {name}"


def _provenance(report: Report) -> list[str]:
    run = [("collabcheck version", _escape(report.version))]
    for pack in report.pack.packs or (report.pack,):
        run += [
            ("Rule pack", _escape(pack.name)),
            ("Rule pack version", _escape(pack.version)),
            ("Rule pack SHA-256", _or(pack.sha256)),
        ]
    run.append(("Checked as of", report.as_of.isoformat()))
    files = [(_escape(r.display_name), _or(r.sha256, "not read")) for r in report.files]
    changes = [
        (
            _escape(c.rule_id),
            f"disabled (was {c.original})"
            if c.severity is None
            else f"{c.original} to {c.severity}",
            _or(c.reason, "none given (raised)"),
            _escape(c.source),
        )
        for c in report.pack.changes
    ]
    changed = [
        "Configuration changed these rules for this run:",
        "",
        *_table(("Rule", "Change", "Reason", "Set in"), changes),
    ]
    packs = "rule packs" if report.pack.packs else "rule pack"
    also = ", configuration" if changes else ""
    return [
        "## Provenance",
        "",
        f"The same proposal files, {packs}{also}, collabcheck version and as-of date always give "
        "this report, byte for byte.",
        "",
        *_table(("Item", "Value"), run),
        *(changed if changes else []),
        *_table(("Proposal file", "SHA-256"), files),
    ]


def _sections(report: Report) -> Iterator[list[str]]:
    total = len(report.files)
    lines = _introduction(report)
    if total > 1:
        lines += _overview(report)
    yield lines
    for n, result in enumerate(report.files, 1):
        yield _proposal(result, _heading(n, total, result), report)
    yield _provenance(report)


def markdown(report: Report) -> str:
    out = io.StringIO()
    render(report, out)
    return out.getvalue()


def render(report: Report, stream: TextIO) -> None:
    """The report a proposal at a time, so that a board report on thousands of proposals is
    never held whole: the lines joined by newlines, ending in exactly one."""
    written = False
    held: list[str] = []
    for section in _sections(report):
        if not section:
            continue
        if held:
            stream.write(("\n" if written else "") + "\n".join(held))
            written = True
        held = section
    stream.write(("\n" if written else "") + "\n".join(held).rstrip("\n") + "\n")
