"""What the rules commands share: loading the packs in use, and a rule as a record.

Every command function takes its streams and returns an exit code, so the command line only
parses options. Text that comes from a rule pack (ids, titles, file names, messages) is passed
through `inert` and printed as rich Text, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from collabcheck.common.escape import inert

# What only some of the commands use (rich for text, the rule machinery for a rule's
# conditions in words) is imported where it is used: `rules list` needs neither for json, nor
# the condition models for text.
if TYPE_CHECKING:
    from rich.console import Console

    from collabcheck.config.settings import PackSelection
    from collabcheck.engine.evaluate import CompiledRule
    from collabcheck.engine.specs import RequirementData
    from collabcheck.results import PackInfo, RuleChange
    from collabcheck.rulepacks.pack import Pack

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


@dataclass(frozen=True)
class Streams:
    stdout: TextIO
    stderr: TextIO


def console_on(stream: TextIO) -> Console:
    from rich.console import Console

    return Console(file=stream, highlight=False, emoji=False, markup=False, soft_wrap=True)


def error(streams: Streams, message: str) -> None:
    streams.stderr.write(f"collabcheck: {inert(message)}\n")


def load(selection: PackSelection, streams: Streams, *, apply_disabled: bool = True) -> Pack | None:
    """The packs a run would use; None (problems printed) if they will not load."""
    from collabcheck.rulepacks.pack import PackError
    from collabcheck.rulepacks.selection import load_selection

    try:
        return load_selection(selection, apply_disabled=apply_disabled)
    except PackError as exc:
        for found in exc.problems:
            error(streams, f"{exc.kind}: {found}")
        return None


def pack_line(info: PackInfo, rules: int) -> str:
    count = f"{rules} rule{'s' if rules != 1 else ''}"
    return f"rule pack {info.name} {info.version}: {info.title} · {count}"


def pack_of(pack: Pack, rule_id: str) -> PackInfo:
    """The pack a rule comes from."""
    if not pack.info.packs:
        return pack.info
    return pack.info.packs[pack.directories.index(pack.homes[rule_id])]


def changes_of(pack: Pack) -> dict[str, RuleChange]:
    return {c.rule_id: c for c in pack.info.changes}


def change_record(change: RuleChange | None) -> dict[str, Any] | None:
    from collabcheck.reporters.json_report import change_record

    return None if change is None else change_record(change)


def change_text(change: RuleChange) -> str:
    reason = f": {change.reason}" if change.reason else ""
    if change.severity is None:
        return f"disabled by {change.source}{reason} (its severity is {change.original})"
    return f"{change.severity}, set by {change.source}{reason} (the pack says {change.original})"


def _reference(compiled: CompiledRule) -> dict[str, Any]:
    from collabcheck.reporters.json_report import reference_record

    return {**reference_record(compiled.reference), "text": str(compiled.reference)}


def rule_record(compiled: CompiledRule, not_waivable: str | None = None) -> dict[str, Any]:
    """Everything a rule file says about one rule, with its conditions in words.
    `not_waivable`: why no waiver can cover the rule, if none can."""
    from collabcheck.engine.describe import describe

    rule = compiled.rule
    return {
        "id": rule.id,
        "title": rule.title,
        "severity": rule.severity,
        "reference": _reference(compiled),
        "implements": list(rule.implements),
        "rationale": rule.rationale,
        "remediation": rule.remediation,
        "message": rule.message,
        "applies_to": {
            "project_types": list(rule.applies_to.project_types),
            "stages": list(rule.applies_to.stages),
        },
        "when": describe(rule.when) if rule.when else None,
        "check": describe(rule.check),
        "waivable": not_waivable is None,
        "not_waivable_because": not_waivable,
        "file": Path(compiled.source).name,
    }


def requirement_text(requirement_id: str, listed: dict[str, RequirementData]) -> str:
    """`id: title (obligation: edition, clause)`, or the bare id where the pack lists none."""
    found = listed.get(requirement_id)
    if found is None:
        return requirement_id
    return f"{found.id}: {found.title} ({found.obligation}: {found.edition}, {found.clause})"


def implemented_titles(pack: Pack, rule_id: str) -> list[str]:
    """The titles of the requirements a rule implements; ids where the pack lists none."""
    listed = {r.id: r.title for r in pack.implemented_by(rule_id)}
    rule = next(c.rule for c in pack.rules if c.rule.id == rule_id)
    return [listed.get(i, i) for i in rule.implements]


def requirement_records(pack: Pack, rule_id: str) -> list[dict[str, Any]]:
    return [r.record() for r in pack.implemented_by(rule_id)]


def listed(pack: Pack, compiled: CompiledRule, not_waivable: str | None) -> dict[str, Any]:
    record = rule_record(compiled, not_waivable)
    record["requirements"] = requirement_records(pack, compiled.rule.id)
    record["pack"] = pack_of(pack, compiled.rule.id).name
    record["configuration"] = change_record(changes_of(pack).get(compiled.rule.id))
    return record


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"
