"""A file's findings kept in columns read back as the findings that went in."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from collabcheck.results import (
    FileResult,
    Finding,
    Findings,
    Location,
    Outcome,
    Reference,
    RuleInfo,
    Severity,
    Waiver,
    WaiverStatus,
    WaiverUse,
)

REF = Reference("2024", "Clause 20", "main_text", "https://example.org")


def info(rule_id: str) -> RuleInfo:
    return RuleInfo(rule_id, f"Title of {rule_id}", Severity.ERROR, REF, "why", "fix", (rule_id,))


def waiver_use(status: WaiverStatus) -> WaiverUse:
    day = date(2026, 1, 1)
    waiver = Waiver("r", None, "ok", "Board", day, day, "M1", Location("p.yaml", 1, 1))
    return WaiverUse(waiver, status, "note")


def findings() -> list[Finding]:
    a, b, c = info("a"), info("b"), info("c")
    return [
        Finding(a, Outcome.PASS, "Title of a", "p.yaml", 1, 1, (), "", True),
        Finding(b, Outcome.FAIL, "broken", "p.yaml", 70_000, 3, ("parties", 0), ""),
        Finding(c, Outcome.NOT_APPLICABLE, "", "p.yaml", 2, 9, (), "applies to joint working"),
        Finding(a, Outcome.ERROR, "boom", "other.yaml", 4, 1),
        Finding(b, Outcome.FAIL, "waived", "p.yaml", 5, 2, ("x",), "", False,
                waiver_use(WaiverStatus.ACTIVE), ("any", (("at", ("x",)), ("at", ("y",))))),
        Finding(c, Outcome.FAIL, "expired", "p.yaml", 6, 2, (), "", False,
                waiver_use(WaiverStatus.EXPIRED)),
    ]  # fmt: skip


@pytest.mark.parametrize("count", range(7))
def test_every_field_of_every_finding_comes_back(count: int) -> None:
    given = findings()[:count]
    kept = Findings(given)
    assert list(kept) == given
    assert [kept[i] for i in range(count)] == given
    assert [kept[i] for i in range(-count, 0)] == given
    assert kept[1:] == given[1:]
    assert len(kept) == count
    assert kept == given and kept == tuple(given) and kept == Findings(given)
    for outcome in Outcome:
        assert kept.count_outcome(outcome) == sum(1 for f in given if f.outcome is outcome)
    assert kept.waived() == sum(1 for f in given if f.waived)
    with pytest.raises(IndexError):
        kept[count]


def test_a_line_beyond_32_bits_is_kept() -> None:
    far = Finding(info("a"), Outcome.FAIL, "m", "p.yaml", 2**40, 2**33)
    assert list(Findings([far])) == [far]


def test_the_files_of_a_run_share_one_tuple_of_rules() -> None:
    rules = [info("a"), info("b")]
    one, two = (
        Findings(Finding(r, Outcome.PASS, r.title, name, 1, 1) for r in rules)
        for name in ("one.yaml", "two.yaml")
    )
    assert one._rules is two._rules


def test_a_file_result_counts_from_its_columns_and_is_set_whole() -> None:
    result = FileResult("p.yaml", findings())
    assert result.count(Outcome.FAIL) == 3
    assert result.waived() == 1
    assert isinstance(result.findings, Findings)
    with pytest.raises(AttributeError):
        result.findings.append(findings()[0])  # type: ignore[attr-defined]
    result.set_findings(findings()[:1])
    assert list(result.findings) == findings()[:1]
    assert result == FileResult("p.yaml", findings()[:1])
    assert result != FileResult("p.yaml", findings()[:2])


def test_a_result_survives_the_trip_to_a_worker_and_back() -> None:
    result = FileResult("p.yaml", findings(), sha256="a" * 64)
    assert pickle.loads(pickle.dumps(result)) == result
