"""`collabcheck init`: a commented starter proposal for one kind of project.

The starter follows the format, so an editor and `collabcheck validate` can read it at once, but
every answer is a placeholder (`TBC`, a value with a `# TBC` comment beside it, or a 2099 date), so
the rules fail until someone fills it in. It has every section the rules look at, so once it is
filled in, nothing more is needed for the rules to pass. Each field carries a comment saying what
to write and which requirement it is evidence for.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from typing import TextIO

from collabcheck.common.escape import inert
from collabcheck.config.settings import EXIT_INVALID, EXIT_OK

DEFAULT_PATH = "proposal.yaml"
DEFAULT_SCHEMA = "proposal.schema.json"
PLACEHOLDER = "TBC"
STDOUT = "-"

_TEMPLATE = "starter.yaml"
_MARKER = re.compile(r"@(@|[a-z_]+(?:,[a-z_]+)*)(?: |$)")
# The partner organisation each kind of project starts with: its id and its kind.
_PARTNERS = {
    "joint_working": ("nhs", "nhs_trust"),
    "collaborative_working": ("partner", "integrated_care_board"),
    "other_arrangement": ("nhs", "nhs_trust"),
}


def starter_text(project_type: str, schema: str = DEFAULT_SCHEMA) -> str:
    """The starter proposal (format version 2) for `project_type` (joint_working,
    collaborative_working or other_arrangement), from the template shipped in the package
    (templates/starter.yaml)."""
    template = resources.files("collabcheck.templates").joinpath(_TEMPLATE)
    kept = []
    for line in template.read_text(encoding="utf-8").splitlines(keepends=True):
        marker = _MARKER.match(line)
        if marker is None:
            kept.append(line)
        elif project_type in marker.group(1).split(","):
            kept.append(line[marker.end() :] or "\n")
    partner, partner_kind = _PARTNERS[project_type]
    return "".join(kept).format(
        schema=schema,
        kind=project_type,
        kind_upper=project_type.replace("_", " ").upper(),
        partner=partner,
        partner_kind=partner_kind,
    )


def _schema_problem(schema: str) -> str | None:
    if not schema.strip():
        return "--schema needs a file path or web address"
    if not schema.isprintable() or inert(schema) != schema:
        return "--schema must be a single line of visible characters"
    return None


def _open_new(path: str) -> int:
    # O_EXCL refuses any existing name, including a symbolic link (even a dangling one), so an
    # existing file is never overwritten and a link is never followed.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    return os.open(path, flags, 0o644)


def _refusal(path: str, exc: OSError, project_type: str) -> str:
    shown = inert(path)
    if isinstance(exc, FileExistsError):
        return (
            f"{shown} already exists, and collabcheck init never overwrites a file: give a new "
            f"name, e.g. collabcheck init new-proposal.yaml --type {project_type}"
        )
    if isinstance(exc, FileNotFoundError):
        folder = os.path.dirname(path) or "."
        return f"cannot write {shown}: the folder {inert(folder)} does not exist"
    if isinstance(exc, PermissionError):
        return f"cannot write {shown}: permission denied"
    return f"cannot write {shown}: {inert(exc.strerror or str(exc))}"


def write_starter(path: str, project_type: str, schema: str, stdout: TextIO, stderr: TextIO) -> int:
    """Write the starter to `path` (or standard output for `-`); returns the exit code."""
    problem = _schema_problem(schema)
    if problem:
        stderr.write(f"collabcheck: {problem}\n")
        return EXIT_INVALID
    text = starter_text(project_type, schema)
    if path == STDOUT:
        stdout.write(text)
        return EXIT_OK
    try:
        fd = _open_new(path)
    except OSError as exc:
        stderr.write(f"collabcheck: {_refusal(path, exc, project_type)}\n")
        return EXIT_INVALID
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        stderr.write(
            f"collabcheck: cannot write {inert(path)}: {inert(exc.strerror or str(exc))}\n"
        )
        return EXIT_INVALID
    kind = project_type.replace("_", " ")
    shown = inert(path)
    stdout.write(
        f"Wrote a starter {kind} proposal to {shown}.\n"
        f"Replace every TBC and placeholder in it, then check it with: "
        f"collabcheck validate {shown}\n"
    )
    folder = os.path.dirname(path)
    if "://" not in schema and not os.path.isabs(schema):
        target = os.path.join(folder, schema)
        if not os.path.exists(target):
            stdout.write(
                "For completion and checking as you type in editors that use "
                "yaml-language-server (such as VS Code with the YAML extension), save the schema "
                f"next to it: collabcheck schema -o {inert(target)}\n"
            )
    return EXIT_OK
