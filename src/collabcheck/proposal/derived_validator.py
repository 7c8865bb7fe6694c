"""Derived data -> a pydantic-core validator, its checks looked up by name.

A validate run checks proposals (and waiver files) with validators built from data derived from
the models (proposal/derive.py), so that it defines no model class: defining the proposal
format's models costs about a third of a one-proposal run, validating with them a few percent.
The data is a generated module shipped in the package (proposal/derived.py,
waivers/derived.py), not an entry in the per-user cache keyed by a hash of the models' source
and the pydantic-core version. Both were measured (CPU, fresh processes taking turns, medians of
21): loading the module and building the validator costs about 4.5 ms; hashing the sources,
reading a JSON entry and building, about 20 ms (json and hashlib partly account for it, which a
run may import anyway). The module also needs no cache folder and no first run that builds the
models, cannot be stale or foreign at run time in an installed package, and its diff shows what
a change to a model changed. It is kept fresh by tests/proposal/test_derived.py, which derives
it again (the locked and the lowest supported pydantic derive the same data) and fails when the
shipped module differs.

The data is plain values; a check is the name of a function in proposal/checks.py's closed
registry (CHECKS, or CHECK_MAKERS with its arguments), and a name not there is an error, never
an import. Nothing is evaluated or unpickled.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic_core import SchemaValidator

from collabcheck.proposal.checks import CHECK_MAKERS, CHECKS

FUNCTION_TYPES = ("function-after", "function-before")


class DerivedDataError(ValueError):
    """Derived data that names a check the registry does not have."""


def _check(name: Any) -> Any:
    if isinstance(name, str) and name in CHECKS:
        return CHECKS[name]
    if isinstance(name, list) and name and isinstance(name[0], str) and name[0] in CHECK_MAKERS:
        return CHECK_MAKERS[name[0]](*name[1:])
    raise DerivedDataError(f"the derived validator names an unknown check: {name!r}")


def _resolved(node: Any) -> Any:
    """A copy of `node` with every check's name replaced by the function it names."""
    if isinstance(node, list):
        return [_resolved(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _resolved(value) for key, value in node.items()}
    if node.get("type") in FUNCTION_TYPES:
        function = node["function"]
        out["function"] = {**function, "function": _check(function["function"])}
    return out


def build(data: dict[str, Any]) -> SchemaValidator:
    return SchemaValidator(_resolved(data))


@cache
def proposal_validator() -> SchemaValidator:
    """The proposal format's validator, built once per process."""
    from collabcheck.proposal.derived import PROPOSAL

    return build(PROPOSAL)
