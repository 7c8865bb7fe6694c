"""Writing a file whole or not at all."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from typing import TextIO


def _mode(path: str) -> int:
    """A file replaced keeps its permissions; a new one gets the user's umask (a temporary
    file is created 0600)."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomically(path: str, write: Callable[[TextIO], object]) -> None:
    """Write UTF-8 text into a temporary file in the target's folder and rename it over the
    target once it is complete and on disk, so that an interrupted run, a full disk or a second
    writer never leaves a partial file or destroys the previous one. The rename replaces the
    name itself: a symbolic link or hard link at the target is replaced, never written through.
    Text is written as given (no newline translation). Raises OSError."""
    import tempfile  # only runs that write a file pay for it

    folder = os.path.dirname(os.path.abspath(path))
    mode = _mode(path)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder
    )
    try:
        # errors=: a file name that is not valid UTF-8 is written as an escape, not a crash
        with open(handle, "w", encoding="utf-8", errors="backslashreplace", newline="") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
