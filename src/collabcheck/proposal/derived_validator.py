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

The data is plain values; a check is the name (under "check") of a function in proposal/checks.py's
closed registry (CHECKS, or CHECK_MAKERS with its arguments), and a name not there is an error,
never an import. Nothing is evaluated or unpickled. Each generated module also lists where its
checks are (PROPOSAL_CHECKS_AT), so that a build copies only the way to them rather than the
schema.
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


# Where a derived schema holds a check: the keys and indexes down to each function node.
Place = list[str | int]


def check_places(node: Any, here: tuple[str | int, ...] = ()) -> list[Place]:
    """Where `node` holds a check, in the order a walk meets them. The generated modules list
    them (CHECKS_AT), so that a run does not walk the whole schema to find 35 checks in it."""
    found: list[Place] = []
    if isinstance(node, dict):
        if node.get("type") in FUNCTION_TYPES:
            found.append(list(here))
        for key, value in node.items():
            if isinstance(value, dict | list):
                found += check_places(value, (*here, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            if isinstance(item, dict | list):
                found += check_places(item, (*here, index))
    return found


def _resolved(data: dict[str, Any], places: list[Place]) -> dict[str, Any]:
    """`data` with the check at each place put in as the function its name names: the
    containers on the way to a check are copied, the rest shared with `data`, which is left as
    it was. A check is written under "check", where pydantic-core wants "function", so one
    left out of `places` stops the build instead of failing on the first proposal to reach it."""
    root = dict(data)
    copies: dict[tuple[str | int, ...], Any] = {(): root}
    try:
        for place in places:
            node: Any = root
            for depth in range(1, len(place) + 1):
                way = tuple(place[:depth])
                copy = copies.get(way)
                if copy is None:
                    child = node[place[depth - 1]]
                    copy = copies[way] = dict(child) if isinstance(child, dict) else list(child)
                    node[place[depth - 1]] = copy
                node = copy
            if node.get("type") not in FUNCTION_TYPES or "check" not in node["function"]:
                raise DerivedDataError(f"the derived validator holds no check at {list(place)}")
            named = {**node["function"]}
            named["function"] = _check(named.pop("check"))
            node["function"] = named
    except (LookupError, TypeError, AttributeError):
        raise DerivedDataError(f"the derived validator holds no check at {list(place)}") from None
    return root


def build(data: dict[str, Any], places: list[Place] | None = None) -> SchemaValidator:
    """The validator of derived `data`, whose checks are at `places` (found when not given)."""
    return SchemaValidator(_resolved(data, check_places(data) if places is None else places))


@cache
def proposal_validator() -> SchemaValidator:
    """The proposal format's validator, built once per process."""
    from collabcheck.proposal.derived import PROPOSAL, PROPOSAL_CHECKS_AT

    return build(PROPOSAL, PROPOSAL_CHECKS_AT)
