"""The README's "How the code is laid out" names every module of the package, and nothing else."""

from __future__ import annotations

import re

from tests.helpers import ROOT

PACKAGE = ROOT / "src" / "collabcheck"
_MODULE = re.compile(r"\b[a-z_]+\.py\b")


def modules_in_the_readme() -> set[str]:
    """Module paths from the tree: a line whose first word ends in `/` is a package at its
    depth (two spaces a level) and owns the modules named on it; any other line's modules
    belong to the package above it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the code is laid out", 1)[1]
    tree = section.split("```", 2)[1].splitlines()
    start = tree.index("src/collabcheck/")
    packages = {0: ""}
    found: set[str] = set()
    for line in tree[start + 1 :]:
        if line and not line.startswith(" "):
            break  # past the package: rules/, examples/, tests/
        depth = (len(line) - len(line.lstrip(" "))) // 2
        first = line.split()[0]
        owner = packages[depth - 1]
        if first.endswith("/"):
            owner = packages[depth] = owner + first
            found.add(owner)
        found.update(owner + name for name in _MODULE.findall(line))
    return found


def modules_in_the_package() -> set[str]:
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if path.name == "__init__.py":
            if path.parent != PACKAGE:
                found.add(relative.removesuffix("__init__.py"))
        elif relative != "__main__.py":
            found.add(relative)
    return found


def test_the_readme_tree_matches_the_package() -> None:
    listed, present = modules_in_the_readme(), modules_in_the_package()
    assert sorted(present - listed) == [], "in the package but not in the README's tree"
    assert sorted(listed - present) == [], "in the README's tree but not in the package"
