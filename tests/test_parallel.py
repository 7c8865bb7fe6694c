"""Worker processes: forked ones check with the parent's own compiled pack, results come back in
the serial order, and a worker that dies stops the run naming the file it was checking."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from collabcheck import parallel
from collabcheck.config.settings import PackSelection
from collabcheck.loading.inputs import Source
from collabcheck.parallel import check_in_workers
from collabcheck.pipeline import RunStopped, check_source
from collabcheck.results import FileResult
from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import builtin_pack_dir
from collabcheck.waivers.apply import waiver_book
from tests.helpers import AS_OF, EXAMPLES, MINIMAL

_DAY = date.fromisoformat(AS_OF)
fork_only = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform"
)


@fork_only
def test_forked_workers_use_the_parents_pack_without_loading_it(tmp_path: Path) -> None:
    pack = load_pack(builtin_pack_dir())
    day = date.fromisoformat(AS_OF)
    sources = [Source(str(p), str(p)) for p in sorted(EXAMPLES.glob("*.yaml"))]
    # A rules folder that cannot be loaded: a worker that loaded the pack itself would fail.
    missing = PackSelection(False, (tmp_path / "no-such-pack",))
    parallel = list(check_in_workers(sources, pack, waiver_book(pack), missing, day, jobs=2))
    serial = [check_source(s, pack, day) for s in sources]
    assert parallel == serial
    assert all(r is not None and r.findings for r in parallel)


def test_more_jobs_than_files_still_checks_each_file_once() -> None:
    pack = load_pack(builtin_pack_dir())
    day = date.fromisoformat(AS_OF)
    sources = [Source(str(p), str(p)) for p in sorted(EXAMPLES.glob("*.yaml"))[:2]]
    chosen = PackSelection()
    results = list(check_in_workers(sources, pack, waiver_book(pack), chosen, day, jobs=16))
    assert [r.display_name for r in results if r] == [s.display for s in sources]


def _many(tmp_path: Path, count: int) -> list[Source]:
    """`count` proposals, more than the chunks a run sends ahead, so results come back out of
    order and must be put back in it."""
    folder = tmp_path / "many"
    folder.mkdir()
    sources = []
    for i in range(count):
        path = folder / f"p{i:03d}.yaml"
        path.write_text(MINIMAL if i % 3 else MINIMAL.replace("joint_working", "nonsense"))
        sources.append(Source(str(path), str(path)))
    return sources


@fork_only
def test_results_come_back_in_the_serial_order(tmp_path: Path) -> None:
    pack = load_pack(builtin_pack_dir())
    day = date.fromisoformat(AS_OF)
    sources = _many(tmp_path, 300)
    chosen = PackSelection()
    parallel = list(check_in_workers(sources, pack, waiver_book(pack), chosen, day, jobs=3))
    assert parallel == [check_source(s, pack, day) for s in sources]


def _dies_on(name: str) -> Callable[..., FileResult | None]:
    """check_source, except that the worker checking `name` is killed, as the system's
    out-of-memory killer would (forked workers inherit the patched module)."""

    def check(source: Source, *args: Any) -> FileResult | None:
        if source.display.endswith(name):
            os.kill(os.getpid(), signal.SIGKILL)
        return check_source(source, *args)

    return check


@fork_only
@pytest.mark.parametrize("victim", ["p000.yaml", "p137.yaml", "p299.yaml"])
def test_a_killed_worker_stops_the_run_naming_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, victim: str
) -> None:
    monkeypatch.setattr(parallel, "check_source", _dies_on(victim))
    pack = load_pack(builtin_pack_dir())
    sources = _many(tmp_path, 300)
    started = time.monotonic()
    with pytest.raises(RunStopped) as stopped:
        list(check_in_workers(sources, pack, waiver_book(pack), PackSelection(), _DAY, jobs=2))
    assert time.monotonic() - started < 30
    message = str(stopped.value)
    assert message.startswith("a worker process was killed (SIGKILL"), message
    assert f"while checking {tmp_path / 'many' / victim}:" in message
    assert multiprocessing.active_children() == []


@fork_only
def test_an_error_in_a_worker_is_raised_in_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(source: Source, *args: Any) -> FileResult | None:
        if source.display.endswith("p007.yaml"):
            raise RuntimeError("a bug")
        return check_source(source, *args)

    monkeypatch.setattr(parallel, "check_source", broken)
    pack = load_pack(builtin_pack_dir())
    sources = _many(tmp_path, 40)
    with pytest.raises(RuntimeError, match="a bug"):
        list(check_in_workers(sources, pack, waiver_book(pack), PackSelection(), _DAY, jobs=2))
    assert multiprocessing.active_children() == []


@fork_only
def test_a_run_stopped_early_ends_its_workers(tmp_path: Path) -> None:
    pack = load_pack(builtin_pack_dir())
    sources = _many(tmp_path, 200)
    results = check_in_workers(sources, pack, waiver_book(pack), PackSelection(), _DAY, jobs=2)
    assert next(results) is not None
    results.close()  # as when the reader goes away
    assert multiprocessing.active_children() == []
