"""Checking files in worker processes, with results in the same order as a serial run.

Each worker has a connection of its own to the parent: it is sent the numbers of the files to
check (it has the list of files from the start) and sends back their results. A worker that
dies, killed by the system as the out-of-memory killer does, closes its connection, even in the
middle of a message, so the parent notices at once and ends the run with one line naming the
file the worker was checking (each worker notes it in a table shared with the parent). With a
pool whose workers share one queue (multiprocessing.Pool, or concurrent.futures, when a worker
dies while sending its result) the run would wait for ever.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Iterator
from datetime import date
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from collabcheck.common.yamlpath import YamlPath
from collabcheck.config.settings import PackSelection
from collabcheck.loading.inputs import Source, read_ahead
from collabcheck.pipeline import RunStopped, check_source
from collabcheck.results import FileResult, Finding, Outcome, Places, RuleInfo, WaiverUse
from collabcheck.rulepacks.pack import Pack
from collabcheck.rulepacks.selection import load_selection
from collabcheck.waivers.apply import WaiverBook

# A finding as sent back from a worker: only what varies between files. The rule's title,
# reference and remediation are the parent's own RuleInfo, found by the rule's index.
_Sent = tuple[
    int, Outcome, str | None, int, int, YamlPath, str, bool, WaiverUse | None, Places | None
]

_Received = tuple[FileResult, list[_Sent]] | None

PER_WORKER = 2  # chunks sent to a worker at a time: one to check, the next waiting for it
AHEAD = 4  # chunks per worker that may be sent beyond the next one to report: bounded memory

_pack: Pack | None = None
_waivers: WaiverBook | None = None
_as_of: date | None = None
_index: dict[str, int] = {}  # rule id -> position in the pack, so findings travel as numbers


def _work(
    connection: Connection,
    sources: list[Source],
    selection: PackSelection,
    waivers: WaiverBook,
    as_of: date,
    pack: Pack | None,
    table: Any,
    slot: int,
    inherited: list[Connection],
) -> None:
    """A worker: checks the chunks of files it is sent until its connection closes, noting in
    table[slot] 1 + the number of the file it is checking (0 between files). `pack` is the
    parent's own when workers are forked from it (nothing is pickled); a spawned one loads it.
    `inherited`: the parent's ends of the connections, which a forked worker closes, so that
    each worker's connection ends when the parent closes it or is gone."""
    global _pack, _waivers, _as_of, _index
    for other in inherited:
        other.close()
    # The parent ends its workers with SIGTERM; only the parent turns it into an interruption.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # Ctrl-C at a terminal reaches every process of the group: the parent alone handles it,
    # and ends its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGPIPE"):  # the parent ignores it while it has workers; a worker
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # whose parent is gone just ends
    if hasattr(signal, "pthread_sigmask"):  # held by the parent while it started the workers
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _INTERRUPTS)
    _pack = pack if pack is not None else load_selection(selection)
    _waivers, _as_of = waivers, as_of
    _index = {compiled.rule.id: i for i, compiled in enumerate(_pack.rules)}
    while True:
        try:
            first, count = connection.recv()
        except EOFError:  # the parent has no more work, or is gone
            return
        received: list[_Received] = []
        reply: tuple[bool, Any]
        try:
            for number in range(first, first + count):
                table[slot] = number + 1
                received.append(_check(sources[number]))
                table[slot] = 0
            reply = (True, received)
        except Exception as exc:  # a bug: the parent ends the run with it, as a serial run would
            reply = (False, exc)
        connection.send(reply)


def _check(source: Source) -> _Received:
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
    result.set_findings(())
    return result, sent


def _rebuild(
    received: _Received, rules: list[RuleInfo], shared: dict[Any, Any]
) -> FileResult | None:
    """The parent's result for a file. `shared`: the texts and paths received so far, so that
    what is the same for many files (a rule's reason for not applying, a field's path) is kept
    once, as it is in a serial run, not once per file as it arrives."""
    if received is None:
        return None
    result, sent = received
    name = result.display_name
    findings = []
    for i, outcome, message, line, column, path, reason, confirm, waiver, places in sent:
        rule = rules[i]
        findings.append(
            Finding(
                rule,
                outcome,
                rule.title if message is None else shared.setdefault(message, message),
                name,
                line,
                column,
                shared.setdefault(path, path),
                shared.setdefault(reason, reason),
                confirm,
                waiver,
                places,
            )
        )
    result.set_findings(findings)
    return result


def _how(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if exitcode == -signal.SIGKILL:
            return f"was killed ({name}, as the system's out-of-memory killer does)"
        return f"was killed ({name})"
    return f"ended abruptly (exit code {exitcode})"


class _Workers:
    """The worker processes, each with its own connection, and the chunks each has been sent."""

    def __init__(
        self, context: Any, jobs: int, args: tuple[Any, ...], table: Any, fork: bool
    ) -> None:
        self.processes: list[BaseProcess] = []
        self.connections: list[Connection] = []
        self.sent: list[deque[int]] = []
        try:
            for slot in range(jobs):
                ours, theirs = context.Pipe()
                inherited = [*self.connections, ours] if fork else []
                process = context.Process(
                    target=_work, args=(theirs, *args, table, slot, inherited), daemon=True
                )
                process.start()
                # Only the worker holds its end: when it dies, ours reads the end of the file.
                theirs.close()
                self.processes.append(process)
                self.connections.append(ours)
                self.sent.append(deque())
        except BaseException:  # a fork that failed: end those started
            self.end(wait_for_them=False)
            raise

    def end(self, *, wait_for_them: bool) -> None:
        """Close every connection (a waiting worker then returns) and reap every worker; those
        not waited for are ended with SIGTERM first."""
        if not wait_for_them:
            for process in self.processes:
                if process.is_alive():
                    process.terminate()
        for connection in self.connections:
            connection.close()
        for process in self.processes:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join()


def check_in_workers(
    sources: list[Source],
    pack: Pack,
    waivers: WaiverBook,
    selection: PackSelection,
    as_of: date,
    jobs: int,
) -> Iterator[FileResult | None]:
    """The result of each source, in order. Raises RunStopped when a worker dies."""
    sources = [read_ahead(s) for s in sources]
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    jobs = min(jobs, len(sources))  # a worker with no file to check is only start-up cost
    size = max(1, min(64, len(sources) // (jobs * 8)))
    chunks = [(first, min(size, len(sources) - first)) for first in range(0, len(sources), size)]
    # Forked workers share the parent's compiled pack as it is in memory (nothing is pickled),
    # with what each rule waits for worked out once, here; spawned ones load the pack themselves.
    if fork:
        pack.needs  # noqa: B018 (a cached property, worked out before the workers fork)
    table = context.RawArray("q", jobs)
    rules = [compiled.info for compiled in pack.rules]
    # A chunk sent to a worker that has just died must not end the parent with SIGPIPE: the
    # send fails instead, and the worker's end is noticed.
    main = threading.current_thread() is threading.main_thread()
    pipe = signal.getsignal(signal.SIGPIPE) if main and hasattr(signal, "SIGPIPE") else None
    if pipe is not None:
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    # Ctrl-C or SIGTERM while the workers start waits until each can take it: a new worker
    # ignores the one and dies of the other, and the parent ends every worker it started.
    mask = _block(_INTERRUPTS)
    workers: _Workers | None = None
    done: dict[int, list[_Received]] = {}
    to_send = to_report = 0  # chunk numbers

    def lost(workers: _Workers, slot: int) -> RunStopped:
        """The run stops: worker `slot` died, with what it was checking."""
        workers.end(wait_for_them=False)
        how = _how(workers.processes[slot].exitcode)
        number = table[slot] - 1
        if number >= 0:
            return RunStopped(
                f"a worker process {how} while checking {sources[number].display}: "
                "the run is stopped"
            )
        first = chunks[workers.sent[slot][0]][0] if workers.sent[slot] else chunks[to_report][0]
        left = len(sources) - first
        files = (
            f"{sources[first].display} was"
            if left == 1
            else (f"{sources[first].display} and the {left - 1} files after it were")
        )
        return RunStopped(f"a worker process {how}: {files} not checked, the run is stopped")

    finished = False
    shared: dict[Any, Any] = {}
    try:
        args = (sources, selection, waivers, as_of, pack if fork else None)
        workers = _Workers(context, jobs, args, table, fork)
        _unblock(mask)  # a signal that came meanwhile is taken here
        while to_report < len(chunks):
            # Send chunks, in order, to the workers with room, never too far ahead.
            while to_send < len(chunks) and to_send < to_report + AHEAD * jobs:
                slot = min(range(jobs), key=lambda s: len(workers.sent[s]))
                if len(workers.sent[slot]) >= PER_WORKER:
                    break
                try:
                    workers.connections[slot].send(chunks[to_send])
                except OSError:
                    raise lost(workers, slot) from None
                workers.sent[slot].append(to_send)
                to_send += 1
            while to_report in done:
                for one in done.pop(to_report):
                    yield _rebuild(one, rules, shared)
                to_report += 1
            if to_report >= len(chunks) or to_report >= to_send:
                continue
            busy = [workers.connections[s] for s in range(jobs) if workers.sent[s]]
            for ready in wait(busy):
                assert isinstance(ready, Connection)
                slot = workers.connections.index(ready)
                try:
                    ok, reply = ready.recv()
                except (EOFError, OSError):
                    raise lost(workers, slot) from None
                if not ok:
                    raise reply
                done[workers.sent[slot].popleft()] = reply
        finished = True
    finally:
        if workers is not None:
            workers.end(wait_for_them=finished)
        _unblock(mask)
        if pipe is not None:
            signal.signal(signal.SIGPIPE, pipe)


_INTERRUPTS = {signal.SIGINT, signal.SIGTERM}


def _block(signals: set[signal.Signals]) -> set[int | signal.Signals] | None:
    """Hold these signals until _unblock; the mask to restore (None where there is none)."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, signals)


def _unblock(mask: set[int | signal.Signals] | None) -> None:
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
