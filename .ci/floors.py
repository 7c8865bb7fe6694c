"""Print a pip constraints file that pins every direct dependency to its lower bound.

The dependencies are read from pyproject.toml: [project] dependencies and the `test` extra. Each
must say `NAME>=X` (other clauses such as `<3` may follow); the line printed for it is
`NAME==X`. A dependency without a lower bound is an error, since its floor could not be tested.

    python .ci/floors.py > floors.txt && pip install -c floors.txt '.[test]'

Standard library only, so it runs before anything is installed.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
EXTRA = "test"

# NAME, optional [extras], then the version clauses up to any `;` environment marker.
_REQUIREMENT = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*"
    r"(?:\[[^\]]*\])?\s*(?P<clauses>[^;]*)(?:;.*)?$"
)
_LOWER = re.compile(r"^>=\s*(?P<version>[0-9][0-9A-Za-z.+!-]*)$")


def requirements(pyproject: dict[str, object]) -> list[str]:
    project = pyproject["project"]
    assert isinstance(project, dict)
    extras = project.get("optional-dependencies", {})
    return [*project.get("dependencies", []), *extras.get(EXTRA, [])]


def floor(requirement: str) -> str:
    """`NAME==X` for `NAME>=X...`; ValueError for a requirement without a lower bound."""
    match = _REQUIREMENT.match(requirement)
    if match is None:
        raise ValueError(f"cannot read the requirement {requirement!r}")
    lower = [
        found["version"]
        for clause in match["clauses"].split(",")
        if (found := _LOWER.match(clause.strip()))
    ]
    if len(lower) != 1:
        raise ValueError(f"{requirement!r} needs exactly one lower bound (>=X) to pin")
    return f"{match['name']}=={lower[0]}"


def main() -> int:
    with PYPROJECT.open("rb") as handle:
        pyproject = tomllib.load(handle)
    lines = []
    for requirement in requirements(pyproject):
        try:
            lines.append(floor(requirement))
        except ValueError as exc:
            sys.stderr.write(f"floors.py: {PYPROJECT.name}: {exc}\n")
            return 1
    sys.stdout.write("".join(f"{line}\n" for line in lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
