"""`collabcheck rules list | show | test`: what a rule pack holds, and whether its cases hold.

Every function here takes its streams and returns an exit code, so the command line only parses
options. Text that comes from a rule pack (ids, titles, file names, messages) is passed through
`inert` and printed as rich Text, never as markup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from collabcheck.common.escape import inert
from collabcheck.common.suggest import suggest
from collabcheck.config.settings import EXIT_INVALID, EXIT_OK, PackSelection
from collabcheck.engine.describe import describe
from collabcheck.engine.evaluate import CompiledRule
from collabcheck.engine.rule import Requirement
from collabcheck.loading.yamlload import YamlError, parse
from collabcheck.results import PackInfo, RuleChange
from collabcheck.rulepacks.cases import (
    CaseError,
    CaseResult,
    GapKind,
    PackTest,
    Status,
    case_files,
    cases_dir,
    display,
    exit_code,
    read_header,
    run_pack_tests,
)
from collabcheck.rulepacks.load import Pack, PackError
from collabcheck.rulepacks.selection import load_selection
from collabcheck.waivers.apply import not_waivable

_TYPE_NAMES = {"joint_working": "joint working", "collaborative_working": "collaborative working"}
_SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


@dataclass(frozen=True)
class Streams:
    stdout: TextIO
    stderr: TextIO


def _console(stream: TextIO) -> Console:
    return Console(file=stream, highlight=False, emoji=False, markup=False, soft_wrap=True)


def _error(streams: Streams, message: str) -> None:
    streams.stderr.write(f"collabcheck: {inert(message)}\n")


def load(selection: PackSelection, streams: Streams, *, apply_disabled: bool = True) -> Pack | None:
    """The packs a run would use; None (problems printed) if they will not load."""
    try:
        return load_selection(selection, apply_disabled=apply_disabled)
    except PackError as exc:
        for found in exc.problems:
            _error(streams, f"{exc.kind}: {found}")
        return None


def _pack_line(info: PackInfo, rules: int) -> str:
    count = f"{rules} rule{'s' if rules != 1 else ''}"
    return f"rule pack {info.name} {info.version}: {info.title} · {count}"


def pack_of(pack: Pack, rule_id: str) -> PackInfo:
    """The pack a rule comes from."""
    if not pack.info.packs:
        return pack.info
    return pack.info.packs[pack.directories.index(pack.homes[rule_id])]


def _changes(pack: Pack) -> dict[str, RuleChange]:
    return {c.rule_id: c for c in pack.info.changes}


def _change_record(change: RuleChange | None) -> dict[str, Any] | None:
    from collabcheck.reporters.json_report import change_record

    return None if change is None else change_record(change)


def _change_text(change: RuleChange) -> str:
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


def _requirement_text(requirement_id: str, listed: dict[str, Requirement]) -> str:
    """`id: title (obligation: edition, clause)`, or the bare id where the pack lists none."""
    found = listed.get(requirement_id)
    if found is None:
        return requirement_id
    return f"{found.id}: {found.title} ({found.obligation}: {found.edition}, {found.clause})"


def _implemented_titles(pack: Pack, rule_id: str) -> list[str]:
    """The titles of the requirements a rule implements; ids where the pack lists none."""
    listed = {r.id: r.title for r in pack.implemented_by(rule_id)}
    rule = next(c.rule for c in pack.rules if c.rule.id == rule_id)
    return [listed.get(i, i) for i in rule.implements]


def _requirement_records(pack: Pack, rule_id: str) -> list[dict[str, Any]]:
    return [r.model_dump() for r in pack.implemented_by(rule_id)]


def _listed(pack: Pack, compiled: CompiledRule, not_waivable: str | None) -> dict[str, Any]:
    record = rule_record(compiled, not_waivable)
    record["requirements"] = _requirement_records(pack, compiled.rule.id)
    record["pack"] = pack_of(pack, compiled.rule.id).name
    record["configuration"] = _change_record(_changes(pack).get(compiled.rule.id))
    return record


# ---------------------------------------------------------------------------------------------
# rules list


def list_rules(
    selection: PackSelection, fmt: str, streams: Streams, *, requirements: bool = False
) -> int:
    pack = load(selection, streams)
    if pack is None:
        return EXIT_INVALID
    if fmt == "json":
        refused = not_waivable(pack)
        records = [_listed(pack, c, refused.get(c.rule.id)) for c in pack.rules]
        streams.stdout.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    console = _console(streams.stdout)
    for directory, info in zip(pack.directories, pack.info.packs or (pack.info,), strict=True):
        # Every rule of the pack is listed, disabled ones too, so each is counted.
        count = sum(1 for home in pack.homes.values() if home == directory)
        console.print(Text(inert(_pack_line(info, count)), style="bold"))
    several = bool(pack.info.packs)
    changes = _changes(pack)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    # Ids are copied into commands and waivers, so they are never cut short or wrapped.
    widest = max(len(inert(c.rule.id)) for c in pack.rules)
    table.add_column("Rule id", no_wrap=True, min_width=widest)
    table.add_column("Severity", no_wrap=True)
    if several:
        table.add_column("Pack", no_wrap=True)
    table.add_column("Title")
    table.add_column("Clause")
    if requirements:
        table.add_column("Implements")
    for compiled in pack.rules:
        rule, ref = compiled.rule, compiled.reference
        change = changes.get(rule.id)
        severity = Text(rule.severity, style=_SEVERITY_STYLES[rule.severity])
        if change is not None:
            severity = Text("disabled" if change.severity is None else f"{rule.severity}*")
        cells = [Text(inert(rule.id), style="cyan"), severity]
        if several:
            cells.append(Text(inert(pack_of(pack, rule.id).name)))
        cells += [
            Text(inert(rule.title)),
            Text(inert(ref.clause + ("" if ref.verified else " (UNVERIFIED)"))),
        ]
        if requirements:
            cells.append(Text(inert("; ".join(_implemented_titles(pack, rule.id)))))
        table.add_row(*cells)
    console.print(table)
    if changes:
        console.print(
            Text(
                inert(
                    f"* changed by configuration ({_plural(len(changes), 'rule')}): "
                    "collabcheck rules show RULE-ID says how and why"
                ),
                style="dim",
            )
        )
    console.print(Text("Details of one rule: collabcheck rules show RULE-ID", style="dim"))
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# rules show


@dataclass(frozen=True)
class CaseInfo:
    path: Path
    folder: str  # pass, fail or not_applicable
    expect: str  # "fail at 23:18", or the problem with the header
    description: str
    ok: bool


def rule_cases(pack_dir: Path, rule_id: str) -> list[CaseInfo]:
    root = cases_dir(pack_dir)
    found = []
    for path in case_files(root):
        if path.parent.parent.name != rule_id:
            continue
        try:
            header = read_header(path)
        except CaseError as exc:
            found.append(CaseInfo(path, path.parent.name, exc.message, "", False))
            continue
        found.append(CaseInfo(path, path.parent.name, str(header), header.description, True))
    return found


def _defined_at(compiled: CompiledRule) -> str:
    """`file:line` of the rule's id, or just the file if it cannot be read again."""
    from collabcheck.loading.inputs import ReadError, read_text

    source = Path(compiled.source)
    try:
        doc = parse(read_text(str(source)))
    except (ReadError, YamlError):
        return display(source)
    rules = doc.data.get("rules")
    for i, item in enumerate(rules if isinstance(rules, list) else []):
        if isinstance(item, dict) and item.get("id") == compiled.rule.id:
            mark = doc.mark_of(("rules", i, "id"))
            return f"{display(source)}:{mark.line}:{mark.column}"
    return display(source)


def _find(pack: Pack, rule_id: str, streams: Streams) -> CompiledRule | None:
    for compiled in pack.rules:
        if compiled.rule.id == rule_id:
            return compiled
    ids = [c.rule.id for c in pack.rules]
    _error(
        streams,
        f"no rule {rule_id!r} in {pack.info.label()}"
        f"{suggest(rule_id, ids)} (collabcheck rules list shows every rule)",
    )
    return None


def _field(console: Console, label: str, value: str, style: str = "") -> None:
    line = Text(f"{label + ':':<13}", style="bold")
    line.append(inert(value), style=style)
    console.print(line)


def _words(values: list[str]) -> str:
    names = [_TYPE_NAMES.get(v, v.replace("_", " ")) for v in values]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def show_rule(rule_id: str, selection: PackSelection, fmt: str, streams: Streams) -> int:
    pack = load(selection, streams)
    if pack is None:
        return EXIT_INVALID
    compiled = _find(pack, rule_id, streams)
    if compiled is None:
        return EXIT_INVALID
    pack_dir = pack.homes[rule_id]
    home = pack_of(pack, rule_id)
    change = _changes(pack).get(rule_id)
    cases = rule_cases(pack_dir, rule_id)
    refusal = not_waivable(pack).get(compiled.rule.id)
    record = rule_record(compiled, refusal)
    if fmt == "json":
        record["requirements"] = _requirement_records(pack, rule_id)
        record["pack"] = {"name": home.name, "version": home.version}
        record["configuration"] = _change_record(change)
        record["cases"] = [
            {
                "file": f"{c.folder}/{c.path.name}",
                "expect": c.expect if c.ok else None,
                "description": c.description,
                "problem": None if c.ok else c.expect,
            }
            for c in cases
        ]
        streams.stdout.write(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    rule = compiled.rule
    console = _console(streams.stdout)
    head = Text(inert(rule.id), style="bold cyan")
    head.append(f"  [{rule.severity}]", style=_SEVERITY_STYLES[rule.severity])
    console.print(head)
    console.print(Text(inert(rule.title)))
    console.print()
    ref = compiled.reference
    _field(console, "Reference", str(ref))
    _field(console, "Source", ref.source_url)
    if ref.note:
        _field(console, "Note", ref.note, "yellow" if not ref.verified else "")
    listed = {r.id: r for r in pack.implemented_by(rule_id)}
    for i, requirement_id in enumerate(rule.implements):
        _field(console, "Implements" if i == 0 else "", _requirement_text(requirement_id, listed))
    _field(console, "Pack", f"{home.name} {home.version}, {_defined_at(compiled)}")
    if change is not None:
        _field(console, "Configured", _change_text(change), "yellow")
    console.print()
    _field(console, "Applies to", f"{_words(list(rule.applies_to.project_types))} projects")
    _field(console, "At stages", _words(list(rule.applies_to.stages)))
    if rule.when:
        _field(console, "Only when", describe(rule.when))
    _field(console, "Checks that", describe(rule.check))
    _field(console, "On failure", rule.message)
    _field(console, "Waivable", "yes" if refusal is None else f"no: {refusal}")
    console.print()
    _field(console, "Why", rule.rationale)
    _field(console, "Fix", rule.remediation)
    console.print()
    if not cases:
        console.print(
            Text(
                inert(f"Cases: none (add them under {display(cases_dir(pack_dir) / rule.id)}/)"),
                style="yellow",
            )
        )
        return EXIT_OK
    console.print(Text(f"Cases ({len(cases)}):", style="bold"))
    for case in cases:
        line = Text(f"  {inert(case.folder)}/{inert(case.path.name)}", style="bold")
        if case.ok:
            line.append(f"  expect {inert(case.expect)}")
            line.append(f": {inert(case.description)}", style="dim")
        else:
            line.append(f"  header problem: {inert(case.expect)}", style="red")
        console.print(line)
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# rules test

_CASE_LABELS = {
    Status.PASS: ("PASS", "green"),
    Status.FAIL: ("FAIL", "bold red"),
    Status.ERROR: ("ERROR", "bold magenta"),
}
_GAP_LABELS = {GapKind.MISSING: ("MISSING", "bold red"), GapKind.UNUSED: ("UNUSED", "bold red")}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def summary_line(test: PackTest) -> str:
    info = test.info or test.pack.info
    missing = sum(1 for g in test.gaps if g.kind is GapKind.MISSING)
    unused = sum(1 for g in test.gaps if g.kind is GapKind.UNUSED)
    parts = [
        f"{test.count(Status.PASS)} passed",
        f"{test.count(Status.FAIL)} failed",
        f"{test.count(Status.ERROR)} could not be run",
    ]
    line = f"collabcheck rules test: {', '.join(parts)} in {_plural(len(test.results), 'case')}"
    if missing:
        line += f"; {_plural(missing, 'missing case')}"
    if unused:
        line += f"; {_plural(unused, 'file or folder')} never run"
    return f"{line} · rule pack {info.name} {info.version}"


def _case_lines(result: CaseResult) -> list[Text]:
    label, style = _CASE_LABELS[result.status]
    head = Text(f"{label:<8}", style=style)
    head.append(inert(display(result.path)), style="bold")
    if result.status is Status.ERROR:
        head.append(f"  expected {inert(result.expected)}, could not be run")
    else:
        head.append(f"  expected {inert(result.expected)}, got {inert(result.actual)}")
    if result.status is Status.PASS:
        return [head]
    return [head, Text(f"        {inert(result.message)}")]


def case_report(test: PackTest) -> list[Text]:
    lines: list[Text] = []
    for result in test.results:
        lines.extend(_case_lines(result))
    for gap in test.gaps:
        label, style = _GAP_LABELS[gap.kind]
        line = Text(f"{label:<8}", style=style)
        line.append(inert(gap.where), style="bold")
        line.append(f"  {inert(gap.message)}")
        lines.append(line)
    summary = Text(summary_line(test))
    summary.stylize("bold", 0, len("collabcheck rules test:"))
    lines.append(summary)
    return lines


def run_tests(selection: PackSelection, streams: Streams) -> int:
    """Run the cases of every pack in the selection, each pack with its own summary. Disabled
    rules are tested too: their cases belong to their pack."""
    pack = load(selection, streams, apply_disabled=False)
    if pack is None:
        return EXIT_INVALID
    console = _console(streams.stdout)
    codes = []
    for directory in pack.directories:
        test = run_pack_tests(pack, directory)
        if not test.cases_dir.is_dir():
            _error(
                streams,
                f"no cases folder at {display(test.cases_dir)}: every rule needs a pass and a fail "
                "case there, at cases/<rule-id>/pass/NAME.yaml and cases/<rule-id>/fail/NAME.yaml",
            )
        for line in case_report(test):
            console.print(line)
        codes.append(exit_code(test))
    return EXIT_INVALID if EXIT_INVALID in codes else max(codes)
