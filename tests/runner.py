"""Running the collabcheck command line in the test process, as check-jsonschema and yamllint
test theirs: the same entry point as the console script (`collabcheck.cli.launch.main`), with
its own argv, standard streams, environment and working folder, and everything it changes in
the process put back afterwards. About 50 times faster than a subprocess.

A few tests need a real process (the console script itself, `python -m`, signals, `--jobs`,
a terminal): they use the `cli_process` fixture instead.
"""

from __future__ import annotations

import gc
import io
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from collabcheck.cli.launch import main

# What the launcher must never see from the test run's own environment.
_DROPPED = ("FORCE_COLOR", "NO_COLOR", "CLICOLOR_FORCE", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")


def run_in_process(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: bytes = b"",
) -> subprocess.CompletedProcess[str]:
    """`collabcheck ARGS` in this process: exit code, standard output and standard error."""
    saved_environ = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_streams = (sys.stdin, sys.stdout, sys.stderr)
    saved_argv = sys.argv
    saved_pipe = signal.getsignal(signal.SIGPIPE) if hasattr(signal, "SIGPIPE") else None
    saved_hooks = (sys.excepthook, threading.excepthook)  # typer sets sys.excepthook
    collector_on, frozen = gc.isenabled(), gc.get_freeze_count()
    out, err = io.BytesIO(), io.BytesIO()
    for name in _DROPPED:
        os.environ.pop(name, None)
    os.environ.update(env or {})
    sys.argv = ["collabcheck", *args]
    streams = (
        io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"),
        io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True),
        io.TextIOWrapper(err, encoding="utf-8", newline="", write_through=True),
    )
    sys.stdin, sys.stdout, sys.stderr = streams
    code: int | str | None = 0
    try:
        if cwd is not None:
            os.chdir(cwd)
        main()
    except SystemExit as exc:
        code = exc.code
    finally:
        for stream in streams:
            if not stream.closed:
                stream.flush()
                stream.detach()  # a wrapper closes its buffer when it is collected
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        sys.argv = saved_argv
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_environ)
        if saved_pipe is not None:
            signal.signal(signal.SIGPIPE, saved_pipe)
        sys.excepthook, threading.excepthook = saved_hooks
        # The launcher sets aside what start-up built (gc.freeze) for the rest of its run.
        if not frozen:
            gc.unfreeze()
        if collector_on:
            gc.enable()
        else:
            gc.disable()
    returncode = code if isinstance(code, int) else (0 if code is None else 1)
    return subprocess.CompletedProcess(
        ["collabcheck", *args],
        returncode,
        out.getvalue().decode("utf-8", "replace"),
        err.getvalue().decode("utf-8", "replace"),
    )
