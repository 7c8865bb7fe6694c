"""Nothing planted or killed makes a run wait for ever: a FIFO, a device, a directory or a
symbolic link at the name of a rule-pack cache entry (the name is predictable: it is the sha256
of the pack and of the code), and a worker process killed by the system under `--jobs`, as the
out-of-memory killer does, or interrupted.

A planted cache entry is ignored (the pack is loaded from its files, with the same output) and
replaced by a regular file, never followed. A killed worker ends the run with exit code 2 and
one line naming the file it was checking, within seconds, and leaves no worker behind.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.harness import (
    AS_OF,
    FEW_SECONDS,
    VALID,
    VALID_EXIT,
    Result,
    assert_calm,
    children,
    collabcheck,
    run_many,
)

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc")


def _entry(cache_home: Path) -> Path:
    """The one rule-pack cache entry a run of the built-in pack wrote."""
    (entry,) = (cache_home / "collabcheck").glob("pack-*.json")
    return entry


def _plant_fifo(entry: Path, elsewhere: Path) -> None:
    os.mkfifo(entry)


def _plant_link_to_fifo(entry: Path, elsewhere: Path) -> None:
    os.mkfifo(elsewhere / "fifo")
    entry.symlink_to(elsewhere / "fifo")


def _plant_link_to_device(entry: Path, elsewhere: Path) -> None:
    entry.symlink_to("/dev/zero")


def _plant_directory(entry: Path, elsewhere: Path) -> None:
    entry.mkdir()


def _plant_link_to_file(entry: Path, elsewhere: Path) -> None:
    (elsewhere / "keep.txt").write_text("keep me\n", encoding="utf-8")
    entry.symlink_to(elsewhere / "keep.txt")


def _plant_dangling_link(entry: Path, elsewhere: Path) -> None:
    entry.symlink_to(elsewhere / "created-through-the-link")


PLANTED: dict[str, Callable[[Path, Path], None]] = {
    "fifo": _plant_fifo,
    "symlink to a fifo": _plant_link_to_fifo,
    "symlink to a device": _plant_link_to_device,
    "directory": _plant_directory,
    "symlink to a file": _plant_link_to_file,
    "dangling symlink": _plant_dangling_link,
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, Result]]:
    """For each kind of planted entry: its cache home, the folder its link points into, and a
    run with it in place. A clean run first finds the entry's name and gives the output every
    run must repeat ("clean")."""
    top = tmp_path_factory.mktemp("hangs")
    proposal = top / "proposal.yaml"
    proposal.write_text(VALID, encoding="utf-8")
    argv = ("validate", "--as-of", AS_OF, proposal)
    clean = run_many([collabcheck(*argv, env={"XDG_CACHE_HOME": str(top / "clean")})])[0]
    assert_calm(clean, VALID_EXIT)
    name = _entry(top / "clean").name
    found: dict[str, tuple[Path, Path, Result]] = {"clean": (top / "clean", top, clean)}
    jobs = []
    for i, (kind, plant) in enumerate(PLANTED.items()):
        home, elsewhere = top / f"home-{i}", top / f"elsewhere-{i}"
        (home / "collabcheck").mkdir(parents=True)
        elsewhere.mkdir()
        plant(home / "collabcheck" / name, elsewhere)
        found[kind] = (home, elsewhere, clean)
        jobs.append(collabcheck(*argv, env={"XDG_CACHE_HOME": str(home)}))
    for kind, result in zip(PLANTED, run_many(jobs), strict=True):
        home, elsewhere, _ = found[kind]
        found[kind] = (home, elsewhere, result)
    return found


@pytest.mark.parametrize("kind", PLANTED)
def test_a_planted_cache_entry_is_ignored_without_waiting(
    planted: dict[str, tuple[Path, Path, Result]], kind: str
) -> None:
    _, _, result = planted[kind]
    assert_calm(result, VALID_EXIT)
    # the same report as a run with a good cache, and nothing said about the cache
    assert (result.stdout, result.stderr) == (planted["clean"][2].stdout, "")


@pytest.mark.parametrize("kind", [k for k in PLANTED if k != "directory"])
def test_a_planted_cache_entry_is_replaced_by_a_regular_file(
    planted: dict[str, tuple[Path, Path, Result]], kind: str
) -> None:
    home, _, _ = planted[kind]
    entry = _entry(home)
    assert not entry.is_symlink() and entry.is_file()
    assert entry.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("kind", ["symlink to a file", "dangling symlink", "symlink to a fifo"])
def test_writing_the_cache_never_follows_a_planted_link(
    planted: dict[str, tuple[Path, Path, Result]], kind: str
) -> None:
    _, elsewhere, _ = planted[kind]
    if kind == "symlink to a file":
        assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "keep me\n"
    elif kind == "dangling symlink":
        assert not os.path.lexists(elsewhere / "created-through-the-link")
    else:
        assert (elsewhere / "fifo").is_fifo()


# --- worker processes -----------------------------------------------------------------------

COUNT = 400  # proposals: a --jobs 2 run over them lasts about a second, so it is caught midway


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("many") / "proposals"
    tree.mkdir()
    for i in range(COUNT):
        (tree / f"p{i:04d}.yaml").write_text(VALID, encoding="utf-8")
    return tree


def _cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read()
    except OSError:
        return b""


class _Workers:
    """What `meanwhile` saw and did: collabcheck's worker processes (forked from it, so with its
    command line), the signal sent once both were running, and when."""

    def __init__(self, how: Callable[[int, list[int]], None]) -> None:
        self.how = how
        self.pids: list[int] = []
        self.at = 0.0

    def __call__(self, launcher: int) -> bool:
        main = children(launcher)
        if not main:
            return False
        command = _cmdline(main[0])
        workers = [pid for pid in children(main[0]) if _cmdline(pid) == command]
        if len(workers) < 2:
            return False
        self.pids, self.at = workers, time.monotonic()
        self.how(main[0], workers)
        return True

    def assert_gone(self) -> None:
        """Every worker has ended and been reaped by collabcheck (an orphan would be a zombie
        of whichever process adopted it)."""
        assert self.pids, "the run never had two workers"
        for pid in self.pids:
            try:
                stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            state = stat.rsplit(")", 1)[1].split()[0]
            raise AssertionError(f"worker {pid} is still there (state {state})")


def _kill_one_worker(main: int, workers: list[int]) -> None:
    os.kill(workers[0], signal.SIGKILL)


def _interrupt_all(main: int, workers: list[int]) -> None:
    for pid in (main, *workers):  # Ctrl-C at a terminal: the whole foreground group
        os.kill(pid, signal.SIGINT)


def _terminate_main(main: int, workers: list[int]) -> None:
    os.kill(main, signal.SIGTERM)


def test_a_worker_killed_mid_run_ends_the_run_with_exit_2_naming_a_file(many: Path) -> None:
    seen = _Workers(_kill_one_worker)
    job = collabcheck("validate", "--as-of", AS_OF, "--jobs", "2", many, meanwhile=seen)
    (result,) = run_many([job])
    assert_calm(result, 2)
    assert time.monotonic() - seen.at < FEW_SECONDS, f"not ended within seconds{result}"
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"not one line{result}"
    assert lines[0].startswith("collabcheck: a worker process was killed (SIGKILL"), result
    named = re.findall(r"p\d{4}\.yaml", lines[0])
    assert named and str(many / named[0]) in lines[0], f"no file of the run named{result}"
    assert result.stdout == "", f"a report of a run that was stopped{result}"
    seen.assert_gone()


@pytest.mark.parametrize("how", [_interrupt_all, _terminate_main], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_parallel_run_ends_with_its_workers(
    many: Path, how: Callable[[int, list[int]], None]
) -> None:
    seen = _Workers(how)
    job = collabcheck("validate", "--as-of", AS_OF, "--jobs", "2", many, meanwhile=seen)
    (result,) = run_many([job])
    assert_calm(result, 130)
    assert result.stderr == "collabcheck: interrupted\n", result
    seen.assert_gone()
