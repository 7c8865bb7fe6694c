"""Running a command once and measuring it, for bench.py and startup.py.

CPU time is what the command's processes spent on the processor (user + sys), from the rusage
`wait4` gives for the process started: that process and every child it waited for, so the
workers of `--jobs 2` are counted. On a machine shared with other work it moves less than the
wall-clock time, which also counts the time spent waiting for a core.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

# Measured as installed software runs: with its bytecode cached. An environment that forbids
# writing .pyc files would make every run compile collabcheck's sources again.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

# Linux counts the memory a process had when it forked into its child's peak RSS, so a child of
# the benchmark (by then large) would report at least the benchmark's own size. GNU time, a
# small process, starts each command itself and reports that command's own peak.
GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def tool(name: str) -> str | None:
    """A command installed beside the running Python (its virtualenv), or else on PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.is_file() else shutil.which(name)


@dataclass(frozen=True)
class Run:
    wall_s: float
    cpu_s: float
    peak_rss_mb: int
    exit_code: int


def _start(command: list[str], cwd: Path, env: dict[str, str] | None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command,
        cwd=cwd,
        env={**ENV, **(env or {})},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run_once(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        wrapped = [GNU_TIME, "-q", "-f", "%M", "-o", rss.name, *command] if GNU_TIME else command
        start = time.perf_counter()
        proc = _start(wrapped, cwd, env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        reported = rss.read().split()
    peak_kb = int(reported[-1]) if GNU_TIME and reported else usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime
    return Run(elapsed, cpu, peak_kb // 1024, os.waitstatus_to_exitcode(status))


def spread(values: list[float]) -> dict[str, float]:
    """Median, least and greatest, in seconds."""
    return {
        "median": round(statistics.median(values), 4),
        "min": round(min(values), 4),
        "max": round(max(values), 4),
    }


def shown(figures: dict[str, float]) -> str:
    """`123 ms [110-140]`."""
    ms = {k: 1000 * v for k, v in figures.items()}
    return f"{ms['median']:.0f} ms [{ms['min']:.0f}-{ms['max']:.0f}]"


def _children() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                # The name, in brackets, may hold spaces: the parent's id follows the last ")".
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        found.setdefault(parent, []).append(int(entry.name))
    return found


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_of_all_processes(
    command: list[str], cwd: Path, env: dict[str, str] | None = None, every: float = 0.005
) -> dict[str, int]:
    """The memory of a command and all its processes together (a parent and its workers), read
    from /proc every `every` seconds while it runs: the greatest sum of their resident sizes
    seen at one moment, and the sum of each process's own peak (VmHWM, its high-water mark, as
    last seen), which is never less than the true peak of the sum however short a spike. Both
    count memory a worker shares with the parent (forked, not yet written) once per process.
    Linux only; zeros elsewhere."""
    proc = _start(command, cwd, env)
    highest: dict[int, int] = {}
    together = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal together
        while not done.is_set():
            tree, pending = [], [proc.pid]
            children = _children()
            while pending:
                pid = pending.pop()
                tree.append(pid)
                pending.extend(children.get(pid, []))
            together = max(together, sum(_status_kb(pid, "VmRSS") for pid in tree))
            for pid in tree:
                highest[pid] = max(highest.get(pid, 0), _status_kb(pid, "VmHWM"))
            time.sleep(every)

    sampler = threading.Thread(target=sample, daemon=True)
    if os.path.isdir("/proc/self"):
        sampler.start()
    proc.wait()
    done.set()
    if sampler.is_alive():
        sampler.join()
    return {
        "processes": len(highest),
        "peak_together_mb": together // 1024,
        "sum_of_peaks_mb": sum(highest.values()) // 1024,
    }
