"""Checking files in worker processes, with results in the same order as a serial run."""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterator
from datetime import date

from collabcheck.common.yamlpath import YamlPath
from collabcheck.config.settings import PackSelection
from collabcheck.loading.inputs import Source, read_ahead
from collabcheck.pipeline import check_source
from collabcheck.results import FileResult, Finding, Outcome, Places, RuleInfo, WaiverUse
from collabcheck.rulepacks.pack import Pack
from collabcheck.rulepacks.selection import load_selection
from collabcheck.waivers.apply import WaiverBook

# A finding as sent back from a worker: only what varies between files. The rule's title,
# reference and remediation are the parent's own RuleInfo, found by the rule's index.
_Sent = tuple[
    int, Outcome, str | None, int, int, YamlPath, str, bool, WaiverUse | None, Places | None
]

_pack: Pack | None = None
_waivers: WaiverBook | None = None
_as_of: date | None = None
_index: dict[str, int] = {}  # rule id -> position in the pack, so findings travel as numbers


def _start_worker(
    selection: PackSelection, waivers: WaiverBook, as_of: date, pack: Pack | None
) -> None:
    """`pack` is the parent's own, when workers are forked from it; a spawned worker loads it."""
    global _pack, _waivers, _as_of, _index
    # The pool ends its workers with SIGTERM; only the parent turns it into an interruption.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _pack = pack if pack is not None else load_selection(selection)
    _waivers = waivers
    _as_of = as_of
    _index = {compiled.rule.id: i for i, compiled in enumerate(_pack.rules)}


def _check(source: Source) -> tuple[FileResult, list[_Sent]] | None:
    assert _pack is not None and _as_of is not None
    result = check_source(source, _pack, _as_of, _waivers)
    if result is None:
        return None
    sent = [
        (
            _index[f.rule_id],
            f.outcome,
            None if f.message == f.title else f.message,
            f.line,
            f.column,
            f.path,
            f.reason,
            f.needs_confirmation,
            f.waiver,
            f.places,
        )
        for f in result.findings
    ]
    result.findings = []
    return result, sent


def _rebuild(
    received: tuple[FileResult, list[_Sent]] | None, rules: list[RuleInfo]
) -> FileResult | None:
    if received is None:
        return None
    result, sent = received
    name = result.display_name
    for i, outcome, message, line, column, path, reason, confirm, waiver, places in sent:
        rule = rules[i]
        result.findings.append(
            Finding(
                rule,
                outcome,
                rule.title if message is None else message,
                name,
                line,
                column,
                path,
                reason,
                confirm,
                waiver,
                places,
            )
        )
    return result


def check_in_workers(
    sources: list[Source],
    pack: Pack,
    waivers: WaiverBook,
    selection: PackSelection,
    as_of: date,
    jobs: int,
) -> Iterator[FileResult | None]:
    sources = [read_ahead(s) for s in sources]
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    jobs = min(jobs, len(sources))  # a worker with no file to check is only start-up cost
    chunk = max(1, min(64, len(sources) // (jobs * 8)))
    # Forked workers share the parent's compiled pack as it is in memory (nothing is pickled),
    # with what each rule waits for worked out once, here; spawned ones load the pack themselves.
    if fork:
        pack.needs  # noqa: B018 (a cached property, worked out before the workers fork)
    initargs = (selection, waivers, as_of, pack if fork else None)
    rules = [compiled.info for compiled in pack.rules]
    with context.Pool(jobs, initializer=_start_worker, initargs=initargs) as pool:
        for received in pool.imap(_check, sources, chunksize=chunk):
            yield _rebuild(received, rules)
