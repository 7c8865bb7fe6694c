"""The sections of the board report, one function each, in the order they appear."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from collabcheck.common.yamlpath import format_path
from collabcheck.reporters import Report
from collabcheck.reporters.markdown.markup import (
    escape,
    mermaid_label,
    or_else,
    strong,
    table_lines,
)
from collabcheck.reporters.markdown.verdict import (
    counts_line,
    to_confirm,
    verdict,
    verdict_icon,
)
from collabcheck.reporters.markdown.words import (
    PARTY_KINDS,
    PROJECT_TYPES,
    SEVERITY_WORDS,
    STAGES,
    clause_in_full,
    clause_text,
    day_text,
    in_words,
    place_of,
    plural,
    sentence,
)
from collabcheck.results import (
    FileResult,
    Finding,
    Outcome,
    PackInfo,
    ProjectFacts,
    RuleInfo,
    Severity,
    WaiverStatus,
)


def _introduction(report: Report) -> list[str]:
    packs = report.pack.packs or (report.pack,)
    files = plural(len(report.files), "proposal")
    named = " and ".join(
        f"{strong(p.title or p.name)} ({escape(p.name)} version {escape(p.version)})" for p in packs
    )
    return [
        "# Collaborative working proposals: compliance check",
        "",
        f"{files} checked against the rule pack{'s' if len(packs) > 1 else ''} {named} "
        f"as of {day_text(report.as_of)}.",
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
    title = or_else(result.project.title, "—") if result.project else "—"
    if result.problems:
        counts = ["—"] * 5
    else:
        counts = [str(result.count(o)) for o in _COUNTED]
        counts.insert(1, str(to_confirm(result)))
    verdict_cell = f"{verdict_icon(result)} {verdict(result)}"
    return (str(n), title, escape(result.display_name), verdict_cell, *counts)


def _overview(report: Report) -> list[str]:
    rows = [_overview_row(n, result) for n, result in enumerate(report.files, 1)]
    return ["## Summary of all proposals", "", *table_lines(_OVERVIEW_HEADER, rows)]


def _project(project: ProjectFacts) -> list[str]:
    parties = [(or_else(name), in_words(kind, PARTY_KINDS)) for name, kind in project.parties]
    return [
        "### The project",
        "",
        f"- **Title:** {or_else(project.title)}",
        f"- **Reference:** {or_else(project.reference)}",
        f"- **Type:** {in_words(project.project_type, PROJECT_TYPES)}",
        f"- **Stage:** {in_words(project.stage, STAGES)}",
        f"- **Runs:** from {day_text(project.start_date)} to {day_text(project.end_date)}",
        "",
        *table_lines(("Organisation taking part", "Kind of organisation"), parties),
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
    kind = SEVERITY_WORDS[f.severity]
    if f.outcome is Outcome.ERROR:
        kind += ", could not be checked"
    lines = [
        f"{marker}{strong(f.title)} ({kind}; {escape(f.rule_id)})",
        f"{pad}- **What is wrong:** {or_else(f.message)}",
        f"{pad}- **Where:** {place_of(f.location)}",
        f"{pad}- **Clause:** {clause_in_full(f.reference)}",
        f"{pad}- **What to do:** {or_else(f.remediation)}",
    ]
    if f.waiver is not None:
        lines.append(
            f"{pad}- **Waiver:** {or_else(f.waiver.note)} ({place_of(f.waiver.waiver.location)})"
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
        # A pass on a statement is told as "title (what the proposal says)".
        said = f.message.removeprefix(f"{f.title} (").removesuffix(")")
        states = "the proposal states this" + (f" ({escape(said)})" if said != f.message else "")
        lines.append(
            f"- {strong(f.title)} ({escape(f.rule_id)}): {states}; the board should confirm "
            f"it. Where: {place_of(f.location)}. Clause: {sentence(clause_in_full(f.reference))}"
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
        title = strong(rule.title) if rule else "**(no such rule)**"
        scope = f", at {escape(format_path(w.path))}" if w.path else ""
        lines += [
            f"- {_WAIVER_STATUS[use.status]}: {title} ({escape(w.rule_id)}{scope})",
            f"  - **Approved by:** {or_else(w.approved_by)} on {day_text(w.approved_on)}; "
            f"in force until {day_text(w.expires_on)}; recorded in {or_else(w.reference)}",
            f"  - **Justification:** {or_else(w.justification)}",
            f"  - **Status:** {or_else(use.note)}",
            f"  - **Written at:** {place_of(w.location)}",
        ]
    return [*lines, ""]


def _not_applicable(result: FileResult) -> list[str]:
    found = [f for f in result.findings if f.outcome is Outcome.NOT_APPLICABLE]
    lines = ["### Not applicable to this project", ""]
    if not found:
        return [*lines, "None.", ""]
    for f in sorted(found, key=lambda f: f.rule_id):
        lines.append(f"- {strong(f.title)} ({escape(f.rule_id)}): {or_else(f.reason)}")
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
    return f"⚠️ Not met ({SEVERITY_WORDS[f.severity]})"


def _checklist(result: FileResult, pack: PackInfo) -> list[str]:
    by_rule = {f.rule_id: f for f in result.findings}
    rows = [
        (_status(by_rule.get(r.id)), or_else(r.title), escape(r.id), clause_text(r.reference))
        for r in pack.rules
    ]
    # Findings for rules the pack description does not list still belong in the record.
    listed = {r.id for r in pack.rules}
    rows += [
        (_status(f), or_else(f.title), escape(f.rule_id), clause_text(f.reference))
        for f in result.findings
        if f.rule_id not in listed
    ]
    return [
        "### Checklist of every requirement",
        "",
        *table_lines(("Status", "Requirement", "Id", "Clause"), rows),
    ]


def _timeline_table(project: ProjectFacts, as_of: date) -> list[str]:
    # The check date sorts after any key date on the same day.
    entries = [(k.day, 0, or_else(k.label), or_else(k.source)) for k in project.key_dates]
    entries.append((as_of, 1, "**Date of this check (as of)**", escape("the --as-of option")))
    rows = [(day_text(day), event, source) for day, _, event, source in sorted(entries)]
    return table_lines(("Date", "Event", "Where the date comes from"), rows)


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
        f"    {mermaid_label(k.label)} :milestone, {k.day.isoformat()}, 0d"
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
        lines.append(f"- {place_of(problem.location)}: {or_else(problem.message)}")
    return [*lines, ""]


def _proposal(result: FileResult, heading: str, report: Report) -> list[str]:
    lines = [f"## {heading}", "", f"**Verdict:** {verdict_icon(result)} {verdict(result)}.", ""]
    if result.problems or result.project is None:
        return [*lines, *_problems(result)]
    rules = {r.id: r for r in report.pack.rules}
    return [
        *lines,
        counts_line(result),
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
    name = or_else(result.project.title if result.project else "", escape(result.display_name))
    return f"Proposal {n} of {total}: {name}" if total > 1 else f"Proposal: {name}"


def _provenance(report: Report) -> list[str]:
    run = [("collabcheck version", escape(report.version))]
    for pack in report.pack.packs or (report.pack,):
        run += [
            ("Rule pack", escape(pack.name)),
            ("Rule pack version", escape(pack.version)),
            ("Rule pack SHA-256", or_else(pack.sha256)),
        ]
    run.append(("Checked as of", report.as_of.isoformat()))
    files = [(escape(r.display_name), or_else(r.sha256, "not read")) for r in report.files]
    changes = [
        (
            escape(c.rule_id),
            f"disabled (was {c.original})"
            if c.severity is None
            else f"{c.original} to {c.severity}",
            or_else(c.reason, "none given (raised)"),
            escape(c.source),
        )
        for c in report.pack.changes
    ]
    changed = [
        "Configuration changed these rules for this run:",
        "",
        *table_lines(("Rule", "Change", "Reason", "Set in"), changes),
    ]
    packs = "rule packs" if report.pack.packs else "rule pack"
    also = ", configuration" if changes else ""
    return [
        "## Provenance",
        "",
        f"The same proposal files, {packs}{also}, collabcheck version and as-of date always give "
        "this report, byte for byte.",
        "",
        *table_lines(("Item", "Value"), run),
        *(changed if changes else []),
        *table_lines(("Proposal file", "SHA-256"), files),
    ]


def sections(report: Report) -> Iterator[list[str]]:
    total = len(report.files)
    lines = _introduction(report)
    if total > 1:
        lines += _overview(report)
    yield lines
    for n, result in enumerate(report.files, 1):
        yield _proposal(result, _heading(n, total, result), report)
    yield _provenance(report)
