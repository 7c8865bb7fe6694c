"""`collabcheck rules show RULE-ID`: everything about one rule, and its cases."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.text import Text

from collabcheck.commands.rules.common import (
    SEVERITY_STYLES,
    Streams,
    change_record,
    change_text,
    changes_of,
    console_on,
    error,
    load,
    pack_of,
    requirement_records,
    requirement_text,
    rule_record,
)
from collabcheck.common.escape import inert
from collabcheck.common.suggest import suggest
from collabcheck.config.settings import EXIT_INVALID, EXIT_OK, PackSelection
from collabcheck.engine.describe import describe
from collabcheck.engine.evaluate import CompiledRule
from collabcheck.loading.inputs import ReadError, read_text
from collabcheck.loading.yamlload import YamlError, parse
from collabcheck.proposal.vocabulary import PROJECT_TYPE_WORDS
from collabcheck.rulepacks.cases import CaseError, case_files, cases_dir, display, read_header
from collabcheck.rulepacks.pack import Pack
from collabcheck.waivers.apply import not_waivable


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
    error(
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
    names = [PROJECT_TYPE_WORDS.get(v, v.replace("_", " ")) for v in values]
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
    change = changes_of(pack).get(rule_id)
    cases = rule_cases(pack_dir, rule_id)
    refusal = not_waivable(pack).get(compiled.rule.id)
    record = rule_record(compiled, refusal)
    if fmt == "json":
        record["requirements"] = requirement_records(pack, rule_id)
        record["pack"] = {"name": home.name, "version": home.version}
        record["configuration"] = change_record(change)
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
    console = console_on(streams.stdout)
    head = Text(inert(rule.id), style="bold cyan")
    head.append(f"  [{rule.severity}]", style=SEVERITY_STYLES[rule.severity])
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
        _field(console, "Implements" if i == 0 else "", requirement_text(requirement_id, listed))
    _field(console, "Pack", f"{home.name} {home.version}, {_defined_at(compiled)}")
    if change is not None:
        _field(console, "Configured", change_text(change), "yellow")
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
