"""Finding the configuration: the nearest `collabcheck.toml`, or `pyproject.toml` with a
`[tool.collabcheck]` table, in the working folder or a folder above it, up to the repository
root, from trusted places only.

A configuration decides what a run checks and when it fails, so a file that someone else could
have written is not used: one owned by another user (root excepted), one writable by its group
or by everyone, or one in a folder that is. Such a file is passed over with a warning, and the
search goes on above it.
"""

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from collabcheck.common.records import Record
from collabcheck.config.read import (
    CONFIG_FILE,
    PYPROJECT,
    TOOL_TABLE,
    ConfigError,
    key_lines,
    parse_toml,
    read_text,
)

if TYPE_CHECKING:
    from collabcheck.config.check import Config

REPOSITORY_MARK = ".git"  # a folder (a clone) or a file (a worktree or a submodule)
REPOSITORY_ROOT = "repository root"
NO_REPOSITORY = "no repository found"

OWNED_BY_ANOTHER = "owned by another user"
WRITABLE_BY_OTHERS = "writable by others (chmod go-w it to use it)"
FOLDER_OWNED_BY_ANOTHER = "in a folder owned by another user"
FOLDER_WRITABLE_BY_OTHERS = "in a folder writable by others"
_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH


class Skipped(Record):
    """A configuration file the search passed over, and why (for a warning)."""

    path: Path
    reason: str


class Search(Record):
    """Where the search looked: from `start` up to `limit`, the repository root (`why` is
    REPOSITORY_ROOT) or the filesystem root (NO_REPOSITORY); what it found, and what it
    passed over. Paths are absolute."""

    start: Path
    limit: Path
    why: str
    found: Path | None = None
    shadowed: Path | None = None  # a pyproject.toml beside `found` with an unused table
    skipped: tuple[Skipped, ...] = ()


def untrusted(path: Path, folder: Path) -> str | None:
    """Why a file found in `folder` may have been written by someone else, or None.

    Trusted: owned by this user or by root, not writable by the group or by everyone, in a
    folder of which the same is true. A folder anyone may write to but only owners may delete
    from (the sticky bit, as /tmp has) is trusted only for this user's own files."""
    if os.name != "posix":
        return None  # no owners and modes to judge by
    me = os.geteuid()
    try:
        info = os.stat(path)
        place = os.stat(folder)
    except OSError:
        return None  # gone or unreadable: reading it will say so
    if info.st_uid not in (0, me):
        return OWNED_BY_ANOTHER
    if info.st_mode & _OTHERS_WRITE:
        return WRITABLE_BY_OTHERS
    if place.st_uid not in (0, me):
        return FOLDER_OWNED_BY_ANOTHER
    if place.st_mode & _OTHERS_WRITE and not (place.st_mode & stat.S_ISVTX and info.st_uid == me):
        return FOLDER_WRITABLE_BY_OTHERS
    return None


def _mentions_table(text: str) -> bool:
    """Whether the text seems to write a tool.collabcheck table, in any TOML form."""
    return any(key[:2] == TOOL_TABLE for key in key_lines(text))


def _head(path: Path) -> bytes:
    """The first bytes of a file, one more than a configuration file may hold; b"" when it
    cannot be read."""
    from collabcheck.loading.inputs import MAX_FILE_BYTES

    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        return b""  # an unreadable project file that is not ours is not our business


def _seems_ours(path: Path) -> bool:
    """Whether a pyproject.toml seems to configure collabcheck, judged without parsing it."""
    from collabcheck.loading.inputs import MAX_FILE_BYTES

    head = _head(path)
    return b"collabcheck" in head and _mentions_table(
        head[:MAX_FILE_BYTES].decode("utf-8", "replace")
    )


def _has_table(path: Path, skipped: list[Skipped] | None = None) -> bool:
    """Whether a pyproject.toml has a [tool.collabcheck] table. A pyproject.toml that is not
    valid TOML is an error only when it seems to configure collabcheck. One larger than a
    configuration file may be is passed over (named in `skipped`) unless its readable part
    writes the table, which is then an error: it would be used, and cannot be read whole."""
    from collabcheck.loading.inputs import MAX_FILE_BYTES

    head = _head(path)
    if b"collabcheck" not in head:
        return False  # most pyproject.toml files are not about collabcheck: never judged
    if len(head) > MAX_FILE_BYTES:
        if _mentions_table(head[:MAX_FILE_BYTES].decode("utf-8", "replace")):
            raise ConfigError(
                f"is larger than the limit of {MAX_FILE_BYTES:,} bytes (1 MiB) for a "
                "configuration file: move [tool.collabcheck] to a collabcheck.toml",
                str(nearby(path)),
            )
        if skipped is not None:
            skipped.append(
                Skipped(path, "larger than 1 MiB, with no [tool.collabcheck] in its first MiB")
            )
        return False
    shown = nearby(path)  # errors name it as the user would
    text = read_text(shown)
    if not _mentions_table(text):
        return False
    data = parse_toml(text, shown)
    tool = data.get("tool")
    return isinstance(tool, dict) and "collabcheck" in tool


def repository_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding `.git`, or None."""
    for folder in (start, *start.parents):
        if os.path.lexists(folder / REPOSITORY_MARK):
            return folder
    return None


def _folders(start: Path, limit: Path) -> list[Path]:
    found = []
    for folder in (start, *start.parents):
        found.append(folder)
        if folder == limit:
            break
    return found


def discover(start: Path) -> Search:
    """The nearest trusted configuration file at or above `start` (an absolute path), up to the
    repository root, or the filesystem root when there is no repository; a trusted
    pyproject.toml beside it whose [tool.collabcheck] table it shadows; and the files passed
    over on the way."""
    root = repository_root(start)
    limit = root if root is not None else Path(start.anchor)
    why = REPOSITORY_ROOT if root is not None else NO_REPOSITORY
    skipped: list[Skipped] = []

    def done(found: Path | None = None, shadowed: Path | None = None) -> Search:
        return Search(start, limit, why, found, shadowed, tuple(skipped))

    for folder in _folders(start, limit):
        own = folder / CONFIG_FILE
        project = folder / PYPROJECT
        own_usable = False
        if own.is_file():
            reason = untrusted(own, folder)
            if reason is None:
                own_usable = True
            else:
                skipped.append(Skipped(own, reason))
        project_has_table = False
        if project.is_file():
            reason = untrusted(project, folder)
            if reason is None:
                # Beside a collabcheck.toml, one too large to read needs no warning: unused.
                project_has_table = _has_table(project, None if own_usable else skipped)
            elif not own_usable and _seems_ours(project):
                skipped.append(Skipped(project, reason))
        if own_usable:
            return done(own, project if project_has_table else None)
        if project_has_table:
            return done(project)
    return done()


def nearby(path: Path) -> Path:
    """A path as short as it can be written from the working directory."""
    try:
        relative = Path(os.path.relpath(path))
    except ValueError:  # another drive
        return path
    return relative if len(str(relative)) < len(str(path)) else path


def find_config(start: Path) -> "tuple[Config | None, Search]":
    """The configuration found from `start`, if any, and where the search looked."""
    search = discover(start.absolute())
    if search.found is None:
        return None, search
    from collabcheck.config.check import read_config  # its checks are needed only for a file

    shadowed = nearby(search.shadowed) if search.shadowed else None
    return read_config(nearby(search.found), shadowed), search
