"""The built-in pack covers its requirements: every requirement in its requirements.yaml is
implemented by a rule or listed, with a reason, as not checkable from a proposal."""

from __future__ import annotations

import re

import pytest

from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import builtin_pack_dir
from tests.helpers import ROOT

# The research catalogue the pack's requirements.yaml was written from. It lives beside the
# project in development, not in a clone, so the cross-check below runs only where it is.
CATALOGUE = ROOT.parent / "shared" / "domain" / "requirements.md"
_ROW = re.compile(r"^\| (\d+) \| `([a-z0-9-]+)`", re.MULTILINE)


def requirement_ids() -> list[str]:
    pack = load_pack(builtin_pack_dir())
    [listed] = pack.requirements.values()
    return list(listed)


def test_the_builtin_pack_lists_its_requirements() -> None:
    ids = requirement_ids()
    assert len(ids) == len(set(ids)) >= 40


def test_every_requirement_is_implemented_or_listed_as_not_checkable() -> None:
    pack = load_pack(builtin_pack_dir())
    implemented = {i for c in pack.rules for i in c.rule.implements}
    listed = {n.requirement for n in pack.not_checkable}
    missing = [i for i in requirement_ids() if i not in implemented | listed]
    assert missing == [], f"not covered: {', '.join(missing)}"


def test_rules_implement_only_listed_requirements() -> None:
    pack = load_pack(builtin_pack_dir())
    ids = set(requirement_ids())
    unknown = sorted({i for c in pack.rules for i in c.rule.implements} - ids)
    assert unknown == []


def test_not_checkable_entries_name_listed_requirements_and_give_reasons() -> None:
    pack = load_pack(builtin_pack_dir())
    ids = set(requirement_ids())
    for entry in pack.not_checkable:
        assert entry.requirement in ids, entry.requirement
        assert len(entry.reason.split()) >= 5, entry.requirement


def test_gates_are_rules_of_the_pack() -> None:
    pack = load_pack(builtin_pack_dir())
    assert pack.gates <= {c.rule.id for c in pack.rules}


def test_every_catalogue_requirement_is_in_the_pack() -> None:
    if not CATALOGUE.is_file():
        pytest.skip(f"the research catalogue is not beside this checkout: {CATALOGUE}")
    catalogue = [m.group(2) for m in _ROW.finditer(CATALOGUE.read_text(encoding="utf-8"))]
    assert len(catalogue) == 46, "the catalogue's section 2 table should have 46 rows"
    missing = sorted(set(catalogue) - set(requirement_ids()))
    assert missing == []
