"""Waivers: matching, expiry on the --as-of date, stale and refused waivers, waiver files."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from collabcheck.common.yamlpath import parse_yaml_path
from collabcheck.engine.rule import Rule
from collabcheck.pipeline import check_file
from collabcheck.results import FileResult, Finding, Outcome, WaiverStatus
from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import Pack, builtin_pack_dir
from collabcheck.waivers.apply import WaiverFileError, not_waivable, waiver_book
from tests.helpers import EXAMPLES, MINIMAL

AS_OF = date(2026, 11, 22)


@cache
def pack() -> Pack:
    return load_pack(builtin_pack_dir())


def waiver(rule: str, path: str | None = None, **fields: str) -> str:
    values = {
        "justification": "Baseline data arrive from the registry in March.",
        "approved_on": "2026-10-01",
        "expires_on": "2027-03-31",
        "reference": "JGB minute 2026/41",
        **fields,
    }
    lines = [f"  - rule: {rule}"]
    if path:
        lines.append(f"    path: {path}")
    lines += [
        f"    justification: {values['justification']}",
        "    approved_by:",
        "      name: Joint Governance Board",
        "      role: committee of the Trust board",
        f"    approved_on: {values['approved_on']}",
        f"    expires_on: {values['expires_on']}",
        f"    reference: {values['reference']}",
    ]
    return "\n".join(lines) + "\n"


def check(tmp_path: Path, *waivers: str, as_of: date = AS_OF, text: str = MINIMAL) -> FileResult:
    path = tmp_path / "proposal.yaml"
    path.write_text(text + ("waivers:\n" + "".join(waivers) if waivers else ""), encoding="utf-8")
    return check_file(str(path), pack(), as_of)


def finding(result: FileResult, rule_id: str) -> Finding:
    return next(f for f in result.findings if f.rule_id == rule_id)


def only_use(result: FileResult) -> tuple[WaiverStatus, str]:
    (use,) = result.waivers
    return use.status, use.note


def test_a_waiver_in_force_marks_the_failure_waived_and_keeps_it(tmp_path: Path) -> None:
    result = check(tmp_path, waiver("change-control"))
    found = finding(result, "change-control")
    assert found.outcome is Outcome.FAIL
    assert found.waived and not found.failing
    assert found.waiver is not None
    assert found.waiver.waiver.approved_by == "Joint Governance Board, committee of the Trust board"
    status, note = only_use(result)
    assert status is WaiverStatus.ACTIVE
    assert "JGB minute 2026/41" in note and "2027-03-31" in note
    assert result.waived() == 1
    # The waiver is located where it is written.
    assert found.waiver.waiver.location.path == ("waivers", 0)
    assert found.waiver.waiver.location.line == MINIMAL.count("\n") + 2


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (date(2026, 10, 1), WaiverStatus.ACTIVE),  # the day it was approved
        (date(2027, 3, 31), WaiverStatus.ACTIVE),  # its last day
        (date(2027, 4, 1), WaiverStatus.EXPIRED),
        (date(2026, 9, 30), WaiverStatus.NOT_YET_APPROVED),
    ],
)
def test_a_waiver_holds_from_approval_to_expiry_on_the_as_of_date(
    tmp_path: Path, as_of: date, status: WaiverStatus
) -> None:
    result = check(tmp_path, waiver("change-control"), as_of=as_of)
    found = finding(result, "change-control")
    assert only_use(result)[0] is status
    assert found.waived is (status is WaiverStatus.ACTIVE)
    assert found.waiver is not None  # a lapsed waiver still says why it does not hold


def test_an_expired_waiver_says_when_it_expired(tmp_path: Path) -> None:
    result = check(tmp_path, waiver("change-control"), as_of=date(2027, 4, 1))
    found = finding(result, "change-control")
    assert found.failing
    assert found.waiver is not None
    assert "expired on 2027-03-31" in found.waiver.note


def test_a_waiver_for_a_rule_that_passes_is_stale(tmp_path: Path) -> None:
    result = check(tmp_path, waiver("code-edition"))
    assert finding(result, "code-edition").outcome is not Outcome.FAIL
    status, note = only_use(result)
    assert status is WaiverStatus.STALE
    assert "nothing to waive" in note
    assert finding(result, "code-edition").waiver is None


def test_a_waiver_limited_to_the_failing_place_holds(tmp_path: Path) -> None:
    result = check(tmp_path, waiver("outcomes-publication-planned", "outcomes.publication"))
    assert only_use(result)[0] is WaiverStatus.ACTIVE
    assert finding(result, "outcomes-publication-planned").waived


def test_a_waiver_limited_to_another_place_is_stale(tmp_path: Path) -> None:
    result = check(tmp_path, waiver("outcomes-publication-planned", "parties[0]"))
    status, note = only_use(result)
    assert status is WaiverStatus.STALE
    assert "fails at outcomes.publication.due_date" in note
    assert finding(result, "outcomes-publication-planned").failing


def test_waivers_that_together_cover_every_failure_hold(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        waiver("outcomes-publication-planned", "outcomes.publication.due_date"),
        waiver("outcomes-publication-planned", "outcomes.publication.by_parties"),
    )
    assert [use.status for use in result.waivers] == [WaiverStatus.ACTIVE] * 2
    assert finding(result, "outcomes-publication-planned").waived


def test_a_waiver_covering_one_alternative_of_a_rule_holds(tmp_path: Path) -> None:
    # milestone-payments: either the payment is still planned, or it was paid against an
    # invoice. With a payment made but its invoice not recorded, waiving the invoice is enough:
    # the payment having been made is not a failure to cover.
    text = (EXAMPLES / "heart-failure-joint-working.yaml").read_text(encoding="utf-8")
    draft = text.replace("    invoice_ref: NTH-INV-260417\n", "")
    assert draft != text
    scope = "transfers_of_value[0]"
    result = check(tmp_path, waiver("milestone-payments", scope), text=draft)
    status, note = only_use(result)
    assert status is WaiverStatus.ACTIVE, note
    too_narrow = check(tmp_path, waiver("milestone-payments", "transfers_of_value[1]"), text=draft)
    assert only_use(too_narrow)[0] is WaiverStatus.STALE


def test_a_waiver_that_covers_only_one_of_several_failures_does_not_hold(tmp_path: Path) -> None:
    # The rule fails at due_date first, and also at by_parties: a later part of the same check.
    result = check(
        tmp_path, waiver("outcomes-publication-planned", "outcomes.publication.due_date")
    )
    status, note = only_use(result)
    assert status is WaiverStatus.PARTIAL
    assert "also fails at outcomes.publication.by_parties" in note
    assert finding(result, "outcomes-publication-planned").failing


@pytest.mark.parametrize(
    ("rule", "why"),
    [
        ("open-transparent", "the Code's mandatory text (ABPI Code of Practice 2024, 20.3)"),
        ("nhs-coi-declared", "enforces the law"),
        ("not-sponsorship", "it is a gate"),
        ("abpi-code-applies", "other rules apply only when it passes"),
        ("outcome-measured", "not in the rule pack; did you mean 'outcomes-measured'?"),
    ],
)
def test_a_waiver_no_board_may_give_is_refused_and_says_why(
    tmp_path: Path, rule: str, why: str
) -> None:
    result = check(tmp_path, waiver(rule))
    status, note = only_use(result)
    assert status is WaiverStatus.REFUSED
    assert why in note
    assert result.refused_waivers()
    if rule in {f.rule_id for f in result.findings}:
        assert finding(result, rule).waiver is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("    expires_on: 2027-03-31\n", "waivers[0]: the required field 'expires_on' is missing"),
        (
            "    reference: JGB minute 2026/41\n",
            "waivers[0]: the required field 'reference' is missing",
        ),
    ],
)
def test_a_waiver_missing_a_field_stops_the_check(
    tmp_path: Path, change: str, message: str
) -> None:
    result = check(tmp_path, waiver("change-control").replace(change, ""))
    assert result.findings == []
    assert any(message in p.message for p in result.problems), result.problems


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"justification": "'  -  '"}, "write it out in words"),
        ({"justification": "TBC"}, "'TBC' is not a record"),
        ({"reference": "N/A"}, "'N/A' is not a record"),
        ({"expires_on": "2026-09-01"}, "expires (2026-09-01) before it was approved (2026-10-01)"),
    ],
)
def test_a_waiver_must_be_a_real_record(
    tmp_path: Path, fields: dict[str, str], message: str
) -> None:
    result = check(tmp_path, waiver("change-control", **fields))
    assert any(message in p.message for p in result.problems), result.problems


def test_a_rule_id_in_the_wrong_form_says_what_ids_look_like(tmp_path: Path) -> None:
    result = check(tmp_path, waiver("change-control").replace("rule: change-control", "rule: CC"))
    (problem,) = result.problems
    assert "'CC' is not a rule id: ids are lower-case words joined by hyphens" in problem.message


def test_two_waivers_for_the_same_rule_and_place_are_an_error(tmp_path: Path) -> None:
    result = check(tmp_path, waiver("change-control"), waiver("change-control"))
    (problem,) = result.problems
    assert "waivers[0] and waivers[1] both waive change-control" in problem.message


def test_a_waiver_path_must_be_a_path(tmp_path: Path) -> None:
    result = check(tmp_path, waiver("change-control", "governance..amendments"))
    (problem,) = result.problems
    assert "is not a YAML path" in problem.message
    assert problem.location.path == ("waivers", 0, "path")


def test_waivable_true_is_refused_on_a_rule_citing_the_law_at_error_level() -> None:
    rule = {
        "id": "some-duty",
        "title": "t",
        "severity": "error",
        "reference": {
            "edition": "Bribery Act 2010",
            "clause": "s.1",
            "part": "law",
            "source_url": "https://www.legislation.gov.uk/ukpga/2010/23",
        },
        "rationale": "r",
        "remediation": "f",
        "message": "m",
        "implements": ["x"],
        "check": {"present": "project.title"},
        "waivable": True,
    }
    with pytest.raises(ValueError, match="cannot waive the law"):
        Rule.model_validate(rule)
    assert not Rule.model_validate({**rule, "severity": "warning"}).binding


def test_only_the_built_in_rules_a_board_may_waive_are_waivable() -> None:
    refused = not_waivable(pack())
    for compiled in pack().rules:
        rule = compiled.rule
        if rule.severity == "error" and rule.reference.part in ("law", "main_text"):
            assert rule.id in refused
    assert "change-control" not in refused  # guidance, at warning level
    assert "outcomes-measured" not in refused


# --- Waiver files -------------------------------------------------------------------------------

REFERENCE = "  reference: NTH-JW-2026-014\n"
WITH_REFERENCE = MINIMAL.replace("  type: joint_working\n", REFERENCE + "  type: joint_working\n")


def waiver_file(tmp_path: Path, body: str, name: str = "waivers.yaml") -> str:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return str(path)


def file_entry(project: str, rule: str = "change-control") -> str:
    return waiver(rule).replace(
        f"  - rule: {rule}\n", f"  - project: {project}\n    rule: {rule}\n"
    )


def test_a_waiver_file_applies_to_the_project_it_names(tmp_path: Path) -> None:
    body = "waiver_format: 1\nwaivers:\n" + file_entry("NTH-JW-2026-014") + file_entry("OTHER-1")
    book = waiver_book(pack(), [waiver_file(tmp_path, body)])
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(WITH_REFERENCE, encoding="utf-8")
    result = check_file(str(proposal), pack(), AS_OF, book)
    (use,) = result.waivers  # the other project's waiver is not this proposal's business
    assert use.status is WaiverStatus.ACTIVE
    assert not use.waiver.in_proposal
    assert use.waiver.location.file.endswith("waivers.yaml")
    assert (use.waiver.location.line, use.waiver.location.column) == (3, 5)
    assert finding(result, "change-control").waived


def test_no_waivers_applies_none(tmp_path: Path) -> None:
    body = "waiver_format: 1\nwaivers:\n" + file_entry("NTH-JW-2026-014")
    book = waiver_book(pack(), [waiver_file(tmp_path, body)], enabled=False)
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(WITH_REFERENCE + "waivers:\n" + waiver("outcomes-measured"), "utf-8")
    result = check_file(str(proposal), pack(), AS_OF, book)
    assert result.waivers == []
    assert not any(f.waived for f in result.findings)


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        ("waivers: []\n", (1, 1), "the required field 'waiver_format' is missing"),
        ("waiver_format: 1\nwaivers:\n" + waiver("change-control"), (3, 5), "'project'"),
        (
            "waiver_format: 1\nwaivers:\n" + file_entry("P-1", "open-transparent"),
            (4, 11),
            "open-transparent cannot be waived",
        ),
        ("waiver_format: 1\nwaivers:\n  - rule: [a\n", (4, 1), "invalid YAML"),
    ],
)
def test_a_bad_waiver_file_is_an_error_at_its_line(
    tmp_path: Path, body: str, where: tuple[int, int], message: str
) -> None:
    name = waiver_file(tmp_path, body)
    with pytest.raises(WaiverFileError) as caught:
        waiver_book(pack(), [name])
    first = caught.value.problems[0]
    assert (first.file, first.line, first.column) == (name, *where), first
    assert message in first.message


def test_a_missing_waiver_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(WaiverFileError) as caught:
        waiver_book(pack(), [str(tmp_path / "nowhere.yaml")])
    assert caught.value.problems[0].file.endswith("nowhere.yaml")


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("parties[0].name", ("parties", 0, "name")),
        ("outcomes", ("outcomes",)),
        ("a[1][2].b_c", ("a", 1, 2, "b_c")),
        ("", None),
        ("a.", None),
        ("a..b", None),
        ("[0]", None),
        ("a.[0]", None),
        ("a[01]", None),
        ("a b", None),
    ],
)
def test_yaml_paths_are_read_as_reports_write_them(
    text: str, path: tuple[str | int, ...] | None
) -> None:
    assert parse_yaml_path(text) == path
