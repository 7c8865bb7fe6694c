"""`collabcheck config`: the effective settings, and where each one came from.

The packs are loaded, so a rule id that configuration names but no pack holds, or a weakened
rule without a reason, is reported here as `collabcheck validate` would report it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from collabcheck.common.escape import inert
from collabcheck.config.find import Search, nearby
from collabcheck.config.resolve import Choice, Effective
from collabcheck.config.settings import EXIT_INVALID, EXIT_OK
from collabcheck.reporters.json_report import change_record
from collabcheck.results import PackInfo, RuleChange
from collabcheck.rulepacks.pack import PackError, builtin_pack_dir
from collabcheck.rulepacks.selection import load_selection, pack_infos
from collabcheck.waivers.apply import WaiverFileError, waiver_book


def _pack_sources(chosen: Effective) -> list[tuple[Path, str, bool]]:
    """(folder, where it was chosen, built-in?) for each pack, as the run orders them."""
    builtin = builtin_pack_dir()
    found: list[tuple[Path, str, bool]] = []
    seen: set[Path] = set()
    candidates = [Choice(builtin, chosen.builtin.source)] if chosen.builtin.value else []
    for choice in [*candidates, *chosen.packs]:
        try:
            key = choice.value.resolve()
        except (OSError, RuntimeError):  # a symbolic link loop: loading it says so
            key = choice.value.absolute()
        if key not in seen:
            seen.add(key)
            found.append((choice.value, choice.source, choice.value is builtin))
    return found


def _config_file(chosen: Effective, no_config: bool, explicit: bool) -> str:
    if chosen.config is not None:
        return str(chosen.config.path) + (" (given with --config)" if explicit else "")
    if no_config:
        return "none (--no-config)"
    if chosen.search is None:  # the working folder is gone: nowhere to look
        return "none (the working folder no longer exists)"
    return (
        "none (no collabcheck.toml, or pyproject.toml with [tool.collabcheck], "
        "in the folders searched)"
    )


def _searched(search: Search) -> str:
    """The folders searched: from the working folder up to the repository or filesystem root."""
    start, limit = nearby(search.start), nearby(search.limit)
    return f"{start} ({search.why})" if start == limit else f"{start} up to {limit} ({search.why})"


def _change(change: RuleChange) -> str:
    if change.severity is None:
        return f"disabled (was {change.original})"
    return f"{change.original} -> {change.severity}"


def _record(
    chosen: Effective, infos: tuple[PackInfo, ...], changes: tuple[RuleChange, ...]
) -> dict[str, Any]:
    config, search = chosen.config, chosen.search
    packs = [
        {
            "name": info.name,
            "version": info.version,
            "title": info.title,
            "sha256": info.sha256,
            "rule_count": info.rule_count,
            "path": str(folder),
            "builtin": builtin,
            "source": source,
        }
        for info, (folder, source, builtin) in zip(infos, _pack_sources(chosen), strict=True)
    ]
    return {
        "config_file": str(config.path) if config else None,
        "ignored_config_file": str(config.shadowed) if config and config.shadowed else None,
        "searched": None
        if search is None
        else {
            "from": str(nearby(search.start)),
            "up_to": str(nearby(search.limit)),
            "why": search.why,
        },
        "skipped_config_files": [
            {"path": str(nearby(s.path)), "reason": s.reason} for s in search.skipped
        ]
        if search
        else [],
        "builtin": {"value": chosen.builtin.value, "source": chosen.builtin.source},
        "packs": packs,
        "fail_on": {"value": chosen.fail_on.value, "source": chosen.fail_on.source},
        "format": {"value": list(chosen.formats.value), "source": chosen.formats.source},
        "waivers": {"value": list(chosen.waivers.value), "source": chosen.waivers.source},
        "rule_changes": [change_record(c) for c in changes],
    }


def _rows(
    chosen: Effective, infos: tuple[PackInfo, ...], changes: tuple[RuleChange, ...]
) -> list[tuple[str, str, str]]:
    rows = [("builtin", "true" if chosen.builtin.value else "false", chosen.builtin.source)]
    for i, (info, (folder, source, builtin)) in enumerate(
        zip(infos, _pack_sources(chosen), strict=True)
    ):
        where = "built-in" if builtin else str(folder)
        rows.append(("packs" if i == 0 else "", f"{info.name} {info.version} ({where})", source))
    rows += [
        ("fail_on", chosen.fail_on.value, chosen.fail_on.source),
        ("format", ", ".join(chosen.formats.value), chosen.formats.source),
        ("waivers", ", ".join(chosen.waivers.value) or "(none)", chosen.waivers.source),
    ]
    return rows


def show_config(
    chosen: Effective,
    fmt: str,
    stdout: TextIO,
    stderr: TextIO,
    *,
    no_config: bool = False,
    explicit: bool = False,
) -> int:
    try:
        pack = load_selection(chosen.selection())
    except PackError as exc:
        for found in exc.problems:
            stderr.write(f"collabcheck: {exc.kind}: {inert(str(found))}\n")
        return EXIT_INVALID
    try:  # the waiver files too, so that a mistake in one shows before a run
        waiver_book(pack, chosen.waivers.value)
    except WaiverFileError as exc:
        for found in exc.problems:
            stderr.write(f"collabcheck: waiver file error: {inert(str(found))}\n")
        return EXIT_INVALID
    infos = pack_infos(pack.info)
    changes = pack.info.changes
    if fmt == "json":
        stdout.write(json.dumps(_record(chosen, infos, changes), indent=2, ensure_ascii=False))
        stdout.write("\n")
        return EXIT_OK
    lines = [f"configuration file: {inert(_config_file(chosen, no_config, explicit))}"]
    if chosen.config is not None and chosen.config.shadowed is not None:
        shadowed, used = inert(str(chosen.config.shadowed)), inert(chosen.config.path.name)
        lines.append(
            f"  ({shadowed} also has [tool.collabcheck]; {used} in the same folder is used instead)"
        )
    if chosen.search is not None:
        lines.append(f"searched: {inert(_searched(chosen.search))}")
        for skipped in chosen.search.skipped:
            lines.append(f"  skipped {inert(str(nearby(skipped.path)))}: {inert(skipped.reason)}")
    lines.append("")
    rows = [("setting", "value", "from"), *_rows(chosen, infos, changes)]
    widths = [max(len(inert(row[i])) for row in rows) for i in (0, 1)]
    for name, value, source in rows:
        lines.append(
            f"{inert(name):<{widths[0]}}  {inert(value):<{widths[1]}}  {inert(source)}".rstrip()
        )
    lines += [
        "",
        "rule changes:" if changes else "rule changes: none (severities as the packs say)",
    ]
    for change in changes:
        lines.append(f"  {inert(change.rule_id)}: {_change(change)}  ({inert(change.source)})")
        if change.reason:
            lines.append(f"    reason: {inert(change.reason)}")
    stdout.write("\n".join(lines) + "\n")
    return EXIT_OK
