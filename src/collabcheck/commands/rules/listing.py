"""`collabcheck rules list`: every rule of the packs in use, as a table or as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from collabcheck.commands.rules.common import (
    SEVERITY_STYLES,
    Streams,
    changes_of,
    console_on,
    implemented_titles,
    listed,
    load,
    pack_line,
    pack_of,
    plural,
)
from collabcheck.commands.usage import UsageError, complain, pack_selection
from collabcheck.common.escape import inert
from collabcheck.config.settings import EXIT_INVALID, EXIT_OK, PackSelection

if TYPE_CHECKING:
    from collabcheck.rulepacks.pack import Pack


def list_command(
    rules: list[Path] | None = None,
    add_rules: list[Path] | None = None,
    fmt: str = "text",
    requirements: bool = False,
    config: Path | None = None,
    no_config: bool = False,
) -> int:
    """`collabcheck rules list` with the options it declares, by their names and defaults."""
    try:
        selection = pack_selection(rules, add_rules, config, no_config)
    except UsageError as exc:
        return complain(str(exc))
    streams = Streams(sys.stdout, sys.stderr)
    return list_rules(selection, fmt, streams, requirements=requirements)


def list_rules(
    selection: PackSelection, fmt: str, streams: Streams, *, requirements: bool = False
) -> int:
    pack = load(selection, streams)
    if pack is None:
        return EXIT_INVALID
    if fmt == "json":
        from collabcheck.waivers.apply import not_waivable

        refused = not_waivable(pack)
        records = [listed(pack, c, refused.get(c.rule.id)) for c in pack.rules]
        streams.stdout.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    _table(pack, streams, requirements=requirements)
    return EXIT_OK


def _table(pack: Pack, streams: Streams, *, requirements: bool) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = console_on(streams.stdout)
    for directory, info in zip(pack.directories, pack.info.packs or (pack.info,), strict=True):
        # Every rule of the pack is listed, disabled ones too, so each is counted.
        count = sum(1 for home in pack.homes.values() if home == directory)
        console.print(Text(inert(pack_line(info, count)), style="bold"))
    several = bool(pack.info.packs)
    changes = changes_of(pack)
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
        severity = Text(rule.severity, style=SEVERITY_STYLES[rule.severity])
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
            cells.append(Text(inert("; ".join(implemented_titles(pack, rule.id)))))
        table.add_row(*cells)
    console.print(table)
    if changes:
        console.print(
            Text(
                inert(
                    f"* changed by configuration ({plural(len(changes), 'rule')}): "
                    "collabcheck rules show RULE-ID says how and why"
                ),
                style="dim",
            )
        )
    console.print(Text("Details of one rule: collabcheck rules show RULE-ID", style="dim"))
