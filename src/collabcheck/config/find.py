"""Finding the configuration: the nearest `collabcheck.toml`, or `pyproject.toml` with a
`[tool.collabcheck]` table, in the working folder or a folder above it."""

from __future__ import annotations

import os
from pathlib import Path

from collabcheck.config.check import Config, read_config
from collabcheck.config.read import (
    CONFIG_FILE,
    PYPROJECT,
    TOOL_TABLE,
    key_lines,
    parse_toml,
    read_text,
)


def _mentions_table(text: str) -> bool:
    """Whether the text seems to write a tool.collabcheck table, in any TOML form."""
    return any(key[:2] == TOOL_TABLE for key in key_lines(text))


def _has_table(path: Path) -> bool:
    """Whether a pyproject.toml has a [tool.collabcheck] table. A pyproject.toml that is not
    valid TOML is an error only when it seems to configure collabcheck."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(2 * 1024 * 1024)
    except OSError:
        return False  # an unreadable project file that is not ours is not our business
    if b"collabcheck" not in head:
        return False  # most pyproject.toml files are not about collabcheck: never judged
    text = read_text(path)
    if not _mentions_table(text):
        return False
    data = parse_toml(text, path)
    tool = data.get("tool")
    return isinstance(tool, dict) and "collabcheck" in tool


def discover(start: Path) -> tuple[Path | None, Path | None]:
    """The nearest configuration file at or above `start`, and a pyproject.toml beside it whose
    [tool.collabcheck] table it shadows (or None)."""
    for folder in (start, *start.parents):
        own = folder / CONFIG_FILE
        project = folder / PYPROJECT
        if own.is_file():
            return own, project if project.is_file() and _has_table(project) else None
        if project.is_file() and _has_table(project):
            return project, None
    return None, None


def nearby(path: Path) -> Path:
    """A path as short as it can be written from the working directory."""
    try:
        relative = Path(os.path.relpath(path))
    except ValueError:  # another drive
        return path
    return relative if len(str(relative)) < len(str(path)) else path


def find_config(start: Path) -> Config | None:
    path, shadowed = discover(start.absolute())
    if path is None:
        return None
    return read_config(nearby(path), nearby(shadowed) if shadowed else None)
