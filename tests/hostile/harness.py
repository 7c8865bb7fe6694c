"""Running collabcheck on hostile input under hard limits, and the assertions every case makes.

Every run is a real `python -m collabcheck` subprocess, as CI runs it:

- a small launcher process (_LIMITED) sets RLIMIT_AS (address space) to MEMORY_LIMIT, RLIMIT_CPU
  to the time limit and RLIMIT_CORE to 0 in a child of its own, which then becomes collabcheck,
  so a run that expands a bomb or reads a huge file fails (MemoryError, SIGXCPU) instead of
  taking the machine with it;
- a wall-clock limit: when it is reached the whole process group is killed and the run counts as
  a hang;
- collabcheck's peak resident memory comes from the launcher's wait4(), its wall time is
  measured here. (A process started from this one keeps, in its peak, the memory this test
  process had when it forked, however large; the launcher is small, so its child's peak is
  collabcheck's own.)

Measured on the development machine (2 cores), a normal run (the five examples, all six formats
in one run): 42-44 MiB peak RSS, 48-49 MiB of address space at least (found by lowering
RLIMIT_AS until the output changed), 0.5-0.8 s wall and CPU. The largest legitimate input
measured (a 1 MiB proposal with 170,000 objectives, all six formats) peaked at 89 MiB RSS in
1.6 s. MEMORY_LIMIT is ten times a normal run's address space and several times that worst case.
Every run must use less than FEW_SECONDS of CPU (six to ten times a normal run) and is killed at
TIME_LIMIT of wall-clock time.

Runs are started from this (single-threaded) process only, so a `preexec_fn` (only for runs as
another user) is safe; `run_many` runs several at once by polling them with wait4, not with
threads.
"""

from __future__ import annotations

import ctypes
import errno
import json
import math
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any

from tests.helpers import MINIMAL

MiB = 1024 * 1024
MEMORY_LIMIT = 512 * MiB  # RLIMIT_AS of every run
TIME_LIMIT = 10.0  # wall-clock seconds: a run still going is killed and counts as a hang
FEW_SECONDS = 5.0  # "finishes within a few seconds": the CPU time every run must stay under
# A run that must refuse a huge file without reading it: reading 50 MB into memory (bytes, then
# text) needs more than these; a refusal needs what a normal run needs (about 40 MiB RSS).
SMALL_MEMORY_LIMIT = 128 * MiB
SMALL_RSS = 80 * MiB
AS_OF = "2026-11-22"
# A batch run's arguments: the JSON report to a file for the assertions, text to stdout.
JSON_AND_TEXT = ("validate", "--as-of", AS_OF, "--format", "json=report.json", "--format", "text")
NOBODY = 65534

ENV_DROPPED = ("FORCE_COLOR", "NO_COLOR", "CLICOLOR_FORCE", "COLUMNS", "LINES", "TERM")

# A proposal that follows the format; the built-in rules find failures in it (exit code 1).
VALID = MINIMAL
VALID_EXIT = 1

MANIFEST = "name: hostile\nversion: 1.0.0\ntitle: Hostile test pack\n"
RULE = """\
rules:
  - id: {id}
    title: {title}
    severity: warning
    reference:
      edition: Test edition
      clause: "1"
      part: guidance
      source_url: https://example.org/rules
    rationale: Why.
    remediation: How.
    message: What must hold
    implements: [test]
    check: {check}
"""
RULE_CHECK_LINE = 14  # the line of `check:` in RULE
RULE_CHECK_COLUMN = 12  # the column of the value after `check: `


def rule_file(check: str, rule_id: str = "hostile-rule", title: str = "A title") -> str:
    return RULE.format(id=rule_id, title=title, check=check)


def write_pack(folder: Path, rules: str | bytes | None, manifest: str = MANIFEST) -> Path:
    """A rule pack: pack.yaml and (unless rules is None) rules.yaml. Returns the rules file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(manifest, encoding="utf-8")
    target = folder / "rules.yaml"
    if isinstance(rules, bytes):
        target.write_bytes(rules)
    elif rules is not None:
        target.write_text(rules, encoding="utf-8")
    return target


# --- running --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    argv: tuple[str, ...]
    cwd: Path | None = None
    env: Mapping[str, str] = field(default_factory=dict)
    stdin: Path | None = None
    time_limit: float = TIME_LIMIT
    memory_limit: int = MEMORY_LIMIT
    demote: Callable[[], None] | None = None
    # What a test does to the run from outside while it goes on (kill a worker, say): called
    # with the launcher's pid at every poll until it returns True.
    meanwhile: Callable[[int], bool] | None = None


def collabcheck(*args: str | Path, **options: Any) -> Job:
    """A job running `python -m collabcheck ARGS` with the options of Job."""
    return Job((sys.executable, "-m", "collabcheck", *map(str, args)), **options)


@dataclass(frozen=True, repr=False)
class Result:
    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    elapsed: float  # wall clock
    cpu: float  # user + system seconds
    max_rss: int  # bytes
    timed_out: bool
    time_limit: float
    memory_limit: int
    utf8: bool  # both streams were valid UTF-8

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __repr__(self) -> str:
        return f"Result(exit {self.returncode}, {self.elapsed:.2f} s)"

    def __str__(self) -> str:
        def cut(text: str, n: int = 1500) -> str:
            return text if len(text) <= n else text[:n] + f"... ({len(text):,} characters)"

        return (
            f"\n  argv: {' '.join(self.argv[2:])!r}\n  exit {self.returncode}, "
            f"{self.elapsed:.2f} s ({self.cpu:.2f} s CPU), peak RSS {self.max_rss / MiB:.0f} MiB, "
            f"timed out: {self.timed_out}\n  stderr: {cut(self.stderr)!r}\n"
            f"  stdout: {cut(self.stdout)!r}"
        )


def _environment(extra: Mapping[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ENV_DROPPED}
    env.update(extra)
    return env


def _capped(kind: int, value: int) -> int:
    hard = resource.getrlimit(kind)[1]
    return value if hard == resource.RLIM_INFINITY else min(value, hard)


# argv: memory, cpu, cpu_hard, the report descriptor, then the command. The command's exit
# status is passed on (a signal by dying of it), and its peak RSS (KiB) is written to the report.
_LIMITED = """
import os, resource, signal, sys
memory, cpu, cpu_hard, report = map(int, sys.argv[1:5])
argv = sys.argv[5:]
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
pid = os.fork()
if pid == 0:
    try:
        os.close(report)
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu_hard))
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
os.write(report, str(usage.ru_maxrss).encode())
os.close(report)
if os.WIFSIGNALED(status):
    signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
    os.kill(os.getpid(), os.WTERMSIG(status))
os._exit(os.waitstatus_to_exitcode(status))
"""


def _limited(job: Job, report: int) -> list[str]:
    """The launcher's command line for the job, its peak RSS written to `report`."""
    memory = _capped(resource.RLIMIT_AS, job.memory_limit)
    cpu = _capped(resource.RLIMIT_CPU, math.ceil(job.time_limit))
    cpu_hard = _capped(resource.RLIMIT_CPU, cpu + 1)
    limits = [str(n) for n in (memory, cpu, cpu_hard, report)]
    return [sys.executable, "-c", _LIMITED, *limits, *job.argv]


@dataclass
class _Running:
    index: int
    job: Job
    process: subprocess.Popen[bytes]
    stdout: IO[bytes]
    stderr: IO[bytes]
    stdin: IO[bytes] | None
    started: float
    report: int  # where the launcher writes collabcheck's peak RSS
    killed: bool = False
    acted: bool = False  # job.meanwhile has done what it does


def _start(index: int, job: Job) -> _Running:
    # Files, not pipes: output of any size, and nothing to drain while the run goes on. They
    # stay open until the run is reaped (_finish closes them).
    stdout, stderr = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115
    stdin = job.stdin.open("rb") if job.stdin else None
    report, report_end = os.pipe()
    started = time.monotonic()
    try:
        process = subprocess.Popen(
            _limited(job, report_end),
            stdin=stdin if stdin is not None else subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            cwd=job.cwd,
            env=_environment(job.env),
            preexec_fn=job.demote,
            start_new_session=True,
            pass_fds=(report_end,),
        )
    except BaseException:
        for handle in (stdout, stderr, stdin):
            if handle is not None:
                handle.close()
        os.close(report)
        raise
    finally:
        os.close(report_end)
    return _Running(index, job, process, stdout, stderr, stdin, started, report)


def _decode(raw: bytes) -> tuple[str, bool]:
    try:
        return raw.decode("utf-8"), True
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace"), False


def _finish(run: _Running, status: int, usage: resource.struct_rusage) -> Result:
    elapsed = time.monotonic() - run.started
    code = os.waitstatus_to_exitcode(status)
    run.process.returncode = code  # reaped here with wait4, so Popen must not wait again
    streams = []
    for handle in (run.stdout, run.stderr):
        handle.seek(0)
        streams.append(_decode(handle.read()))
        handle.close()
    if run.stdin is not None:
        run.stdin.close()
    peak = b""
    while chunk := os.read(run.report, 64):
        peak += chunk
    os.close(run.report)
    (out, out_ok), (err, err_ok) = streams
    return Result(
        argv=run.job.argv,
        returncode=code,
        stdout=out,
        stderr=err,
        elapsed=elapsed,
        cpu=usage.ru_utime + usage.ru_stime,
        # Linux reports KiB. Without a report (the group was killed), the launcher's own peak.
        max_rss=int(peak or usage.ru_maxrss) * 1024,
        timed_out=run.killed,
        time_limit=run.job.time_limit,
        memory_limit=run.job.memory_limit,
        utf8=out_ok and err_ok,
    )


def run_many(jobs: Sequence[Job], parallel: int | None = None) -> list[Result]:
    """Run the jobs, at most `parallel` (default: one per CPU) at a time; results in order."""
    width = max(1, parallel or os.cpu_count() or 1)
    waiting = list(enumerate(jobs))[::-1]
    running: dict[int, _Running] = {}
    results: dict[int, Result] = {}
    while waiting or running:
        while waiting and len(running) < width:
            index, job = waiting.pop()
            started = _start(index, job)
            running[started.process.pid] = started
        for pid, job_run in list(running.items()):
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done == 0 and job_run.job.meanwhile is not None and not job_run.acted:
                job_run.acted = job_run.job.meanwhile(pid)
            if done == 0:
                if (
                    not job_run.killed
                    and time.monotonic() - job_run.started > job_run.job.time_limit
                ):
                    with suppress(ProcessLookupError):
                        os.killpg(pid, signal.SIGKILL)
                    job_run.killed = True
                continue
            results[job_run.index] = _finish(job_run, status, usage)
            del running[pid]
        if running:
            time.sleep(0.005)
    return [results[i] for i in range(len(jobs))]


def run(*args: str | Path, **options: Any) -> Result:
    return run_many([collabcheck(*args, **options)])[0]


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`, from /proc (Linux)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return sorted(found)


# --- assertions -------------------------------------------------------------------------------


def assert_within_limits(result: Result) -> None:
    """Finished by itself before the wall-clock limit, within a few seconds of CPU time (which,
    unlike wall time, does not grow when the machine is busy), in bounded memory, and was not
    killed by a signal."""
    assert not result.timed_out, f"still running after {result.time_limit} s (a hang){result}"
    assert result.elapsed < result.time_limit, f"took {result.elapsed:.1f} s{result}"
    budget = min(FEW_SECONDS, result.time_limit)
    assert result.cpu < budget, f"used {result.cpu:.1f} s of CPU, over {budget} s{result}"
    assert result.returncode >= 0, f"killed by signal {-result.returncode}{result}"
    assert result.max_rss < result.memory_limit, f"peak RSS over the limit{result}"


def assert_calm(result: Result, exit: int | Collection[int]) -> None:
    """Within limits, no traceback, no internal error, valid UTF-8 output, the right exit code
    (or one of the right exit codes, where more than one answer is correct)."""
    assert_within_limits(result)
    for name, text in (("stderr", result.stderr), ("stdout", result.stdout)):
        assert "Traceback" not in text, f"a traceback on {name}{result}"
        assert "internal error" not in text, f"an internal error on {name}{result}"
    assert result.utf8, f"output that is not valid UTF-8{result}"
    allowed = {exit} if isinstance(exit, int) else set(exit)
    assert result.returncode in allowed, f"exit code {result.returncode}, expected {exit}{result}"


def assert_names(
    result: Result, name: str, line: int | None = None, column: int | None = None
) -> None:
    """The output names the file and, where given, the line (and column) as FILE:LINE:COLUMN.
    Colour sequences (ESC [ ... m, from FORCE_COLOR) are ignored."""
    where = name
    if line is not None:
        where += f":{line}:" if column is None else f":{line}:{column}"
    assert where in _SGR.sub("", result.output), f"{where!r} is not in the output{result}"


def assert_located(result: Result, name: str) -> None:
    """The output names the file with some line and column, as FILE:LINE:COLUMN."""
    pattern = re.escape(name) + r":\d+:\d+"
    assert re.search(pattern, _SGR.sub("", result.output)), f"no {name}:LINE:COLUMN{result}"


_SGR = re.compile(r"\x1b\[[0-9;]*m")
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


def raw_controls(text: str, allow_colour: bool = False) -> list[str]:
    """Control, bidi and line-separator characters in terminal output (newline excepted). With
    allow_colour, rich's own SGR colour sequences (ESC [ digits m) are removed first."""
    if allow_colour:
        text = _SGR.sub("", text)
    return sorted(set(_CONTROL.findall(text)))


# --- the JSON report ----------------------------------------------------------------------------


def load_report(path: Path, result: Result) -> dict[str, Any]:
    """The JSON report a run wrote to `path`; a run that wrote none fails with its output."""
    assert path.is_file(), f"the run wrote no JSON report{result}"
    report: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return report


def files_by_path(report: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for entry in report["files"]:
        assert entry["path"] not in found, f"{entry['path']!r} is reported twice"
        found[entry["path"]] = entry
    return found


def file_exit(entry: Mapping[str, Any], fail_on: str = "error") -> int:
    """The exit code a run of this file alone gives, as README "Exit codes" defines it."""
    findings = entry["findings"]
    if entry["problems"] or any(f["outcome"] == "error" for f in findings):
        return 2
    ranks = {"error": 3, "warning": 2, "info": 1, "never": 4}
    failed = [f for f in findings if f["outcome"] == "fail"]
    return 1 if any(ranks[f["severity"]] >= ranks[fail_on] for f in failed) else 0


def assert_problem(
    entry: Mapping[str, Any], fragment: str, line: int | None = None, column: int | None = None
) -> None:
    """The file could not be checked, and one of its problems says `fragment` at line:column."""
    assert not entry["checked"], f"{entry['path']!r} was checked: {entry}"
    matching = [
        p
        for p in entry["problems"]
        if fragment in p["message"]
        and (line is None or p["line"] == line)
        and (column is None or p["column"] == column)
    ]
    shown = [(p["line"], p["column"], p["message"]) for p in entry["problems"]]
    assert matching, f"no problem {fragment!r} at {line}:{column} in {entry['path']!r}: {shown}"


# --- running as a user who cannot read a file ------------------------------------------------


@dataclass(frozen=True)
class Demotion:
    """How a run is made subject to file permissions: `how` is 'setuid' (as uid/gid 65534),
    'capabilities' (still uid 0, with CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped from the
    bounding set, used when uid 65534 cannot run this Python, e.g. because it lives under a
    private /root) or 'unprivileged' (the tests already run as an ordinary user)."""

    how: str
    preexec: Callable[[], None] | None


def _setuid_nobody() -> None:
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


@cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _drop_file_capabilities() -> None:
    prctl = _libc().prctl
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


_PROBE = """
import sys, collabcheck
try:
    open(sys.argv[1], "rb").close()
except PermissionError:
    sys.exit(0)
sys.exit(3)
"""


def _probe(folder: Path, secret: Path, preexec: Callable[[], None]) -> bool:
    job = Job((sys.executable, "-c", _PROBE, str(secret)), cwd=folder, demote=preexec)
    try:
        return run_many([job])[0].returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def demotion(folder: Path) -> Demotion | None:
    """A way to run collabcheck so that a mode-000 file in `folder` cannot be read, or None."""
    if os.geteuid() != 0:
        return Demotion("unprivileged", None)
    secret = folder / ".probe-secret"
    secret.write_bytes(b"x")
    secret.chmod(0)
    try:
        for how, preexec in (
            ("setuid", _setuid_nobody),
            ("capabilities", _drop_file_capabilities),
        ):
            if _probe(folder, secret, preexec):
                return Demotion(how, preexec)
        return None
    finally:
        secret.unlink()


@contextmanager
def shared_folder() -> Iterator[Path]:
    """A folder uid 65534 can enter and read (pytest's own tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="collabcheck-hostile-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if not path.is_symlink():
                with suppress(OSError):
                    path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(folder, ignore_errors=True)


# --- deep directory trees -----------------------------------------------------------------------


def make_deep_folders(top: Path, depth: int, name: str = "d") -> Path:
    """top/d/d/.../d (depth levels), made through directory descriptors (os.makedirs recurses).
    Returns the deepest folder's path relative to top."""
    top.mkdir()
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)
    return Path(*([name] * depth))


def write_deep(top: Path, relative: Path, filename: str, text: str) -> None:
    """Write a file at top/relative/filename without a path longer than the system allows."""
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in relative.parts:
            inner = os.open(part, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
        out = os.open(filename, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644, dir_fd=fd)
        with os.fdopen(out, "w", encoding="utf-8") as handle:
            handle.write(text)
    finally:
        os.close(fd)


def remove_deep_folders(top: Path) -> None:
    """Remove a tree of any depth without recursion (shutil.rmtree recurses per level)."""
    stack = [str(top)]
    while stack:
        current = stack[-1]
        try:
            entries = list(os.scandir(current))
        except FileNotFoundError:
            stack.pop()
            continue
        folders = [e.path for e in entries if e.is_dir(follow_symlinks=False)]
        for entry in entries:
            if not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
        if folders:
            stack.extend(folders)
            continue
        try:
            os.rmdir(current)
        except OSError as exc:
            if exc.errno != errno.ENOENT:
                raise
        stack.pop()
