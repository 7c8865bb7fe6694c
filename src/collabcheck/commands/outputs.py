"""Where reports go, checked before any proposal is: never over an input, whatever its name,
and never into a rule pack. Reports are then written whole or not at all
(common/atomic.py)."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Iterator
from typing import TextIO

from collabcheck.common.atomic import write_atomically
from collabcheck.common.escape import TEXT, command_free, inert
from collabcheck.config.settings import Output
from collabcheck.loading.inputs import Source

_Identity = tuple[int, int]  # (device, inode)


def _identity(path: str) -> _Identity | None:
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return found.st_dev, found.st_ino


def _files_under(directory: str) -> Iterator[str]:
    for folder, _, names in os.walk(directory):
        for name in names:
            yield os.path.join(folder, name)


def _input_identities(
    sources: list[Source], others: Iterable[str], packs: Iterable[str]
) -> set[_Identity]:
    """Every input by device and inode, so that a hard link or another name for one is known."""
    found = set()
    names = [s.path for s in sources if s.path] + list(others)
    names += [name for directory in packs for name in _files_under(directory)]
    for name in names:
        identity = _identity(name)
        if identity is not None:
            found.add(identity)
    if any(s.path is None for s in sources):  # standard input's proposal, if it is a file
        with contextlib.suppress(OSError):
            held = os.fstat(0)
            if stat.S_ISREG(held.st_mode):
                found.add((held.st_dev, held.st_ino))
    return found


def output_problem(
    outputs: tuple[Output, ...], sources: list[Source], others: Iterable[str], packs: Iterable[str]
) -> str | None:
    """Why the reports cannot be written where they are asked for, before anything is checked:
    an input (by device and inode, whatever its name), two formats to one file, '-' as a file
    name, or a folder that does not exist."""
    to_stdout = [o for o in outputs if o.path is None]
    if len(to_stdout) > 1:
        return "only one format can go to standard output: give the others an --output file"
    files = [o for o in outputs if o.path is not None]
    for output in files:
        assert output.path is not None
        if output.path == "-":
            return (
                f"'-' is not a file name for the {output.format} report: leave out =FILE to "
                "write it to standard output"
            )
    if not files:
        return None
    pack_list = list(packs)
    inputs = _input_identities(sources, others, pack_list)
    folders = [os.path.join(os.path.realpath(d), "") for d in pack_list]
    seen: dict[str, Output] = {}
    for output in files:
        assert output.path is not None
        target = os.path.realpath(output.path)
        if target in seen:
            return (
                f"the {seen[target].format} and {output.format} reports both go to {output.path}: "
                "give each format its own file"
            )
        seen[target] = output
        identity = _identity(output.path)
        inside_a_pack = any(target.startswith(folder) for folder in folders)
        if inside_a_pack or (identity is not None and identity in inputs):
            return (
                f"the output file {output.path} is one of the inputs: collabcheck never "
                "overwrites a proposal, waiver file, configuration file or rule pack"
            )
        folder = os.path.dirname(os.path.abspath(output.path))
        if not os.path.isdir(folder):
            return f"cannot write {output.path}: the folder {folder} does not exist"
        if os.path.isdir(output.path):
            return f"cannot write {output.path}: it is a folder"
    return None


def say(lines: Iterable[str], stderr: TextIO) -> None:
    """Lines about a proposal on standard error: its text inert, and no line (each starts with
    the file's name) able to act as a CI workflow command."""
    for line in lines:
        stderr.write(command_free(f"{inert(line)}\n", TEXT))


def deliver(text: str, output: str | None, stdout: TextIO, stderr: TextIO) -> bool:
    """`text` to standard output, or written whole to `output`; False, with the reason on
    standard error, if it cannot be written."""
    if output is None:
        stdout.write(text)
        return True
    try:
        write_atomically(output, lambda handle: handle.write(text))
    except OSError as exc:
        stderr.write(
            f"collabcheck: cannot write {inert(output)}: {inert(exc.strerror or str(exc))}\n"
        )
        return False
    return True
