"""What every collabcheck process sets up first, and how it ends when an exception stops it."""

from __future__ import annotations

import io
import os
import sys

# Not `typing.TYPE_CHECKING`: every command starts here, `--version` too (cli/launch.py).
TYPE_CHECKING = False
if TYPE_CHECKING:
    import signal
    from typing import NoReturn
else:
    # The interpreter's own signal functions, which it has loaded already: the `signal` module
    # only wraps them in enums, whose classes take about 0.7 ms to build.
    try:
        import _signal as signal
    except ImportError:  # a Python that does not have them under that name
        import signal


def prepare_process() -> None:
    # collabcheck needs no pydantic plugins; looking for them costs a scan of every installed
    # package's entry points at start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    for stream in (sys.stdout, sys.stderr):
        # A terminal or log that cannot show a character gets an escape, not a lost report.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    if hasattr(signal, "SIGPIPE"):
        # A reader that stops early (`collabcheck validate ... | head`) ends the run quietly, as
        # it does for other Unix tools, instead of click's exit code 1, which means "failures".
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # A termination request ends the run as Ctrl-C does: through the handlers that remove a
    # half-written report's temporary file, never leaving one behind.
    signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def stop(exc: BaseException) -> NoReturn:
    """End a run that an exception interrupted: one line, never a traceback."""
    if isinstance(exc, KeyboardInterrupt):
        sys.stderr.write("collabcheck: interrupted\n")
        sys.exit(130)
    from collabcheck.common.escape import inert

    sys.stderr.write(f"collabcheck: internal error ({type(exc).__name__}): {inert(str(exc))}\n")
    sys.exit(2)
