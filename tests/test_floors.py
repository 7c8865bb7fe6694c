"""`.ci/floors.py`: the constraints that pin every direct dependency to its declared lower bound.

CI installs the project with these constraints to check that the lower bounds in pyproject.toml
are true, so the list must come from pyproject.toml alone and cover every direct dependency.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from types import ModuleType

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.helpers import ROOT

SCRIPT = ROOT / ".ci" / "floors.py"


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [
        Requirement(r)
        for r in [*project["dependencies"], *project["optional-dependencies"]["test"]]
    ]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("floors", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_direct_dependency_is_pinned_to_its_lower_bound() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    pins = [Requirement(line) for line in done.stdout.splitlines()]
    declared = _declared()
    assert [canonicalize_name(p.name) for p in pins] == [
        canonicalize_name(r.name) for r in declared
    ]
    for pin, requirement in zip(pins, declared, strict=True):
        (exact,) = pin.specifier
        assert exact.operator == "=="
        lower = [s.version for s in requirement.specifier if s.operator == ">="]
        assert lower == [exact.version], requirement
        # The floor is itself a version the declaration allows.
        assert requirement.specifier.contains(exact.version, prereleases=True), requirement


@pytest.mark.parametrize(
    ("requirement", "pinned"),
    [
        ("typer>=0.28", "typer==0.28"),
        ("pydantic>=2.7,<3", "pydantic==2.7"),
        ("pydantic <3, >= 2.7", "pydantic==2.7"),
        ("types-PyYAML>=6.0.12", "types-PyYAML==6.0.12"),
        ("name[extra]>=1.0; python_version >= '3.11'", "name==1.0"),
    ],
)
def test_a_lower_bound_becomes_a_pin(requirement: str, pinned: str) -> None:
    assert _script().floor(requirement) == pinned


@pytest.mark.parametrize("requirement", ["types-PyYAML", "rich<14", "rich==13.8", "rich>1"])
def test_a_dependency_without_a_lower_bound_is_an_error(requirement: str) -> None:
    with pytest.raises(ValueError, match="lower bound"):
        _script().floor(requirement)
