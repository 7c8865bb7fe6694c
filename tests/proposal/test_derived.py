"""The data of the validators derived from the models (proposal/derived.py, waivers/derived.py):
it is fresh, and it names only registered checks."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from collabcheck.proposal.derive import DeriveError, derive
from collabcheck.proposal.derived_validator import DerivedDataError, build
from collabcheck.proposal.types import Section
from tests.helpers import ROOT


def _tool(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


DERIVE = _tool("derive_tool", ROOT / "tools" / "derive.py")


@pytest.mark.parametrize("file", sorted(DERIVE.DERIVED))
def test_the_shipped_derived_data_is_what_the_models_derive_now(file: str) -> None:
    shipped = (ROOT / file).read_text(encoding="utf-8")
    assert shipped == DERIVE.expected_text(file), f"{file} is stale: run python tools/derive.py"


def test_a_check_the_registry_does_not_have_is_refused_not_imported() -> None:
    for name in ("os.system", ["eval", "1"], ["since"] * 0, 7):
        data = {
            "type": "function-before",
            "function": {"type": "no-info", "function": name},
            "schema": {"type": "str"},
        }
        with pytest.raises(DerivedDataError, match="unknown check"):
            build(data)


def test_a_validator_outside_the_registry_cannot_be_derived() -> None:
    from pydantic import field_validator

    class Unregistered(Section):
        name: str

        @field_validator("name")
        @classmethod
        def _shout(cls, value: str) -> str:
            return value.upper()

    with pytest.raises(DeriveError, match=r"is not a check of proposal/checks\.py"):
        derive(Unregistered)


def test_a_field_setting_outside_the_subset_cannot_be_derived() -> None:
    from pydantic import Field

    class Aliased(Section):
        name: str = Field(alias="Name")

    with pytest.raises(DeriveError, match="cannot be derived"):
        derive(Aliased)
