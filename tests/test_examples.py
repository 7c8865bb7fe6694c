"""The bundled examples do what their names promise, rule by rule."""

from __future__ import annotations

from datetime import date

import pytest

from collabcheck.check import check_file
from collabcheck.packs import builtin_pack_dir, load_pack
from collabcheck.results import Outcome
from tests.helpers import AS_OF, EXAMPLES

EXPECTED_FAILURES = {
    "heart-failure-joint-working.yaml": set(),
    "collaborative-working-nhs-benefit.yaml": set(),
    "failing-retrospective-agreement.yaml": {
        "written-agreement-before-start",
        "summary-published-before-start",
    },
    "failing-funding-only.yaml": {"pooling-all-parties", "significant-contribution"},
    "failing-undeclared-interests.yaml": {"nhs-coi-declared", "tov-disclosed", "outcomes-measured"},
}


def test_every_example_has_an_expectation() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.yaml")) == sorted(EXPECTED_FAILURES)


@pytest.mark.parametrize("name", sorted(EXPECTED_FAILURES))
def test_example(name: str) -> None:
    pack = load_pack(builtin_pack_dir())
    result = check_file(str(EXAMPLES / name), pack, date.fromisoformat(AS_OF))
    assert result.problems == []
    failed = {f.rule_id for f in result.findings if f.outcome is Outcome.FAIL}
    assert failed == EXPECTED_FAILURES[name]
    assert not any(f.outcome is Outcome.ERROR for f in result.findings)
