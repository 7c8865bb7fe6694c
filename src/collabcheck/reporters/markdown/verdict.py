"""A proposal's verdict for the board: ready, ready subject to confirmations, or not."""

from __future__ import annotations

from collabcheck.reporters.markdown.words import (
    PROBLEM_STAGES,
    plural,
)
from collabcheck.results import (
    FileResult,
    Outcome,
    Severity,
)


def _failed(result: FileResult, severity: Severity) -> int:
    return sum(1 for f in result.findings if f.failing and f.severity is severity)


def to_confirm(result: FileResult) -> int:
    return sum(1 for f in result.findings if f.needs_confirmation)


def verdict(result: FileResult) -> str:
    """The one-line answer for the board; it contains no text from the proposal."""
    if result.problems:
        stage = result.problems[0].stage
        return f"Could not be checked: {PROBLEM_STAGES.get(stage, PROBLEM_STAGES['schema'])}"
    mandatory = _failed(result, Severity.ERROR)
    errors = result.count(Outcome.ERROR)
    others = []
    if warnings := _failed(result, Severity.WARNING):
        others.append(f"{plural(warnings, 'warning')} to address")
    if advisories := _failed(result, Severity.INFO):
        others.append(f"{plural(advisories, 'advisory note')} to consider")
    refused = len(result.refused_waivers())
    confirm = to_confirm(result)
    subject = f"subject to {plural(confirm, 'confirmation')} (see For the board to confirm)"
    if mandatory or errors or refused:
        parts = []
        if mandatory:
            verb = "is" if mandatory == 1 else "are"
            parts.append(f"{plural(mandatory, 'mandatory requirement')} {verb} not met")
        if errors:
            parts.append(f"{plural(errors, 'requirement')} could not be checked")
        if refused:
            parts.append(f"{plural(refused, 'waiver')} cannot be given")
        if confirm:
            others.append(f"{plural(confirm, 'item')} to confirm")
        return "Not ready: " + "; ".join(parts + others)
    if waived := result.waived():
        verb = "is" if waived == 1 else "are"
        accepted = f"{plural(waived, 'failure')} {verb} accepted by waiver (see Waivers)"
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


def verdict_icon(result: FileResult) -> str:
    if result.problems:
        return "❗"
    if _failed(result, Severity.ERROR) or result.count(Outcome.ERROR) or result.refused_waivers():
        return "❌"
    if any(f.outcome is Outcome.FAIL for f in result.findings):
        return "⚠️"
    return "🔍" if to_confirm(result) else "✅"


def counts_line(result: FileResult) -> str:
    confirm = to_confirm(result)
    confirming = f" ({confirm} to confirm)" if confirm else ""
    return (
        f"Requirements met: {result.count(Outcome.PASS)}{confirming} · "
        f"not met: {result.count(Outcome.FAIL)}{_waived_count(result)} · "
        f"not applicable: {result.count(Outcome.NOT_APPLICABLE)} · "
        f"could not be checked: {result.count(Outcome.ERROR)}"
    )


def _waived_count(result: FileResult) -> str:
    waived = result.waived()
    return f" ({waived} waived)" if waived else ""
