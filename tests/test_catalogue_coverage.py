"""The built-in pack covers the requirements catalogue: every requirement is implemented by a
rule or listed, with a reason, as not checkable from a proposal."""

from __future__ import annotations

import re

from collabcheck.packs import builtin_pack_dir, load_pack
from tests.helpers import ROOT

CATALOGUE = ROOT.parent / "shared" / "domain" / "requirements.md"
_ROW = re.compile(r"^\| (\d+) \| `([a-z0-9-]+)`", re.MULTILINE)


def catalogue_ids() -> list[str]:
    assert CATALOGUE.is_file(), f"the requirements catalogue is missing: {CATALOGUE}"
    ids = [m.group(2) for m in _ROW.finditer(CATALOGUE.read_text(encoding="utf-8"))]
    assert len(ids) == 46, "the catalogue's section 2 table should have 46 rows"
    return ids


def test_every_catalogue_requirement_is_implemented_or_listed_as_not_checkable() -> None:
    pack = load_pack(builtin_pack_dir())
    implemented = {i for c in pack.rules for i in c.rule.implements}
    listed = {n.requirement for n in pack.not_checkable}
    missing = [i for i in catalogue_ids() if i not in implemented | listed]
    assert missing == [], f"not covered: {', '.join(missing)}"


def test_not_checkable_entries_name_catalogue_requirements_and_give_reasons() -> None:
    pack = load_pack(builtin_pack_dir())
    ids = set(catalogue_ids())
    for entry in pack.not_checkable:
        assert entry.requirement in ids, entry.requirement
        assert len(entry.reason.split()) >= 5, entry.requirement


def test_gates_are_rules_of_the_pack() -> None:
    pack = load_pack(builtin_pack_dir())
    assert pack.gates <= {c.rule.id for c in pack.rules}
