"""Real, published project shapes the Code allows pass without an error, and the matching
non-compliant shapes still fail: each is the compliant example with one thing changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from collabcheck.pipeline import check_file
from collabcheck.results import Finding, Outcome, Severity
from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import builtin_pack_dir
from tests.helpers import AS_OF, EXAMPLES

COMPLIANT = (EXAMPLES / "heart-failure-joint-working.yaml").read_text(encoding="utf-8")
TRUST = """\
  - id: nth
    name: Northshire Teaching Hospitals NHS Foundation Trust
    kind: nhs_trust
"""


def changed(*pairs: tuple[str, str], text: str = COMPLIANT) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    return text


def drop_block(text: str, header: str) -> str:
    """The text without each line `header` and the lines indented deeper under it."""
    indent = len(header) - len(header.lstrip())
    kept: list[str] = []
    dropping = False
    for line in text.splitlines(keepends=True):
        if line == header:
            dropping = True
            continue
        if dropping and (not line.strip() or len(line) - len(line.lstrip()) > indent):
            continue
        dropping = False
        kept.append(line)
    assert len(kept) < len(text.splitlines()), header
    return "".join(kept)


def findings(text: str, tmp_path: Path) -> dict[str, Finding]:
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(text, encoding="utf-8")
    result = check_file(str(proposal), load_pack(builtin_pack_dir()), date.fromisoformat(AS_OF))
    assert result.problems == []
    return {f.rule_id: f for f in result.findings}


def errors(found: dict[str, Finding]) -> set[str]:
    return {
        rule_id
        for rule_id, f in found.items()
        if f.outcome is Outcome.FAIL and f.rule.severity is Severity.ERROR
    }


def test_the_compliant_example_has_no_failure(tmp_path: Path) -> None:
    found = findings(COMPLIANT, tmp_path)
    assert {r for r, f in found.items() if f.outcome is Outcome.FAIL} == set()


# --- nation: NHS England's conflicts-of-interest guidance covers bodies in England only

WELSH = changed((TRUST, TRUST.replace("kind: nhs_trust", "kind: nhs_trust\n    nation: wales")))
NI = changed(
    (TRUST, TRUST.replace("kind: nhs_trust", "kind: hsc_trust\n    nation: northern_ireland"))
)


@pytest.mark.parametrize("text", [WELSH, NI], ids=["welsh-nhs-trust", "ni-hsc-trust"])
def test_a_devolved_nhs_body_is_not_held_to_english_rules(text: str, tmp_path: Path) -> None:
    found = findings(text, tmp_path)
    assert errors(found) == set()
    for rule_id in ("nhs-coi-declared", "nhs-coi-staff-declared", "nhs-coi-declared-in-time"):
        assert found[rule_id].outcome is Outcome.NOT_APPLICABLE, rule_id
    assert found["nhs-coi-declared-devolved"].outcome is Outcome.PASS


@pytest.mark.parametrize("text", [WELSH, NI], ids=["welsh-nhs-trust", "ni-hsc-trust"])
def test_a_devolved_body_without_declarations_is_warned(text: str, tmp_path: Path) -> None:
    found = findings(drop_block(text, "  declarations:\n"), tmp_path)
    devolved = found["nhs-coi-declared-devolved"]
    assert devolved.outcome is Outcome.FAIL
    assert devolved.rule.severity is Severity.WARNING
    assert errors(found) == set()


def test_an_english_trust_without_declarations_still_fails(tmp_path: Path) -> None:
    found = findings(drop_block(COMPLIANT, "  declarations:\n"), tmp_path)
    assert {"nhs-coi-declared", "nhs-coi-staff-declared"} <= errors(found)


# --- data protection: qualified, non-promotional company staff may see identifiable data

QUALIFIED = """\
  company_access: identifiable
  company_staff_with_access:
    - role: Medical statistician, health outcomes team (analyses the register with the Trust)
      qualification: Chartered statistician (Royal Statistical Society)
      promotional_role: false
"""


def test_qualified_company_staff_may_see_identifiable_data(tmp_path: Path) -> None:
    text = changed(("  company_access: anonymised_aggregated\n", QUALIFIED))
    found = findings(text, tmp_path)
    assert found["data-protection"].outcome is Outcome.PASS
    assert errors(found) == set()


@pytest.mark.parametrize(
    "change",
    [
        ("promotional_role: false", "promotional_role: true"),
        ("  controller: nth\n", "  controller: meridian\n"),
    ],
    ids=["promotional-role", "company-is-controller"],
)
def test_identifiable_access_without_those_safeguards_fails(
    change: tuple[str, str], tmp_path: Path
) -> None:
    text = changed(("  company_access: anonymised_aggregated\n", QUALIFIED), change)
    assert "data-protection" in errors(findings(text, tmp_path))


def test_identifiable_access_with_no_staff_listed_fails(tmp_path: Path) -> None:
    text = changed(
        ("  company_access: anonymised_aggregated\n", "  company_access: identifiable\n")
    )
    assert "data-protection" in errors(findings(text, tmp_path))


# --- a money-only company share while the NHS pools staff and runs the service

COMPANY_IN_KIND = COMPLIANT.split("  - party: meridian\n    kind: people\n")[1].split(
    "\ntransfers_of_value:"
)[0]
MONEY_ONLY = COMPLIANT.replace("  - party: meridian\n    kind: people\n" + COMPANY_IN_KIND, "")


def test_a_money_only_company_share_is_for_the_board_to_confirm(tmp_path: Path) -> None:
    assert "  - party: meridian\n    kind: funding\n" in MONEY_ONLY
    assert "  - party: meridian\n    kind: people\n" not in MONEY_ONLY
    found = findings(MONEY_ONLY, tmp_path)
    assert found["not-funding-only"].outcome is Outcome.PASS
    assert found["not-funding-only"].needs_confirmation
    assert errors(found) == set()


def test_money_from_everyone_and_nothing_pooled_still_fails(tmp_path: Path) -> None:
    head, rest = MONEY_ONLY.split("\ncontributions:\n", 1)
    block, tail = rest.split("\ntransfers_of_value:", 1)
    for kind in ("people", "expertise", "premises", "data"):
        block = block.replace(f"    kind: {kind}\n", "    kind: funding\n")
    text = head + "\ncontributions:\n" + block + "\ntransfers_of_value:" + tail
    assert findings(text, tmp_path)["not-funding-only"].outcome is Outcome.FAIL


# --- joint working measured by patient-reported experience and clinic capacity

PATIENT_REPORTED = """\
outcomes:
  measures:
    - name: Patients rating the clinic good or very good (patient-reported experience survey)
      kind: patient_experience
      baseline: None
      target: 85% or more
      data_source: Anonymous post-clinic survey, reported as aggregate percentages
      anonymised_aggregated: true
    - name: Clinic appointments available a month
      kind: service_process
      baseline: "0"
      target: 120 a month
      data_source: Clinic booking system
      anonymised_aggregated: true
  evaluation_owner: nth
"""


def patient_reported(anonymised: str = "true") -> str:
    head, rest = COMPLIANT.split("outcomes:\n  measures:\n", 1)
    tail = rest.split("  evaluation_owner: nth\n", 1)[1]
    text = head + PATIENT_REPORTED + tail
    return text.replace(
        "aggregate percentages\n      anonymised_aggregated: true",
        f"aggregate percentages\n      anonymised_aggregated: {anonymised}",
    )


def test_joint_working_may_be_measured_by_patient_reported_experience(tmp_path: Path) -> None:
    found = findings(patient_reported(), tmp_path)
    assert found["outcomes-measured"].outcome is Outcome.PASS
    assert errors(found) == set()


def test_patient_reported_data_not_anonymised_still_fails(tmp_path: Path) -> None:
    found = findings(patient_reported("false"), tmp_path)
    assert found["outcomes-measured"].outcome is Outcome.FAIL


# --- attributed statements and guidance-level evidence are not breaches of the Code


@pytest.mark.parametrize(
    ("cut", "rule_id"),
    [
        ("  assessment:\n", "benefit-assessment-attributed"),
        ("    significance:\n", "contribution-significance-attributed"),
    ],
)
def test_a_missing_attributed_statement_is_a_warning(
    cut: str, rule_id: str, tmp_path: Path
) -> None:
    found = findings(drop_block(COMPLIANT, cut), tmp_path)
    assert found[rule_id].outcome is Outcome.FAIL
    assert found[rule_id].rule.severity is Severity.WARNING
    assert errors(found) == set()


def test_guidance_parts_of_openness_and_commitment_are_warnings(tmp_path: Path) -> None:
    text = changed(("    due_date: 2028-09-15\n", ""))
    found = findings(text, tmp_path)
    assert found["open-transparent-publication-plan"].outcome is Outcome.FAIL
    assert found["open-transparent"].outcome is Outcome.PASS
    assert "open-transparent-publication-plan" not in errors(found)


# --- main-text requirements fail at error level, so the default --fail-on error stops them


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        (  # no certificate in the governance section or in the materials register
            drop_block(drop_block(COMPLIANT, "  certification:\n"), "    certification:\n"),
            "certify-pid-and-summary",
        ),
        (
            changed(("company_involvement_declared: true", "company_involvement_declared: false")),
            "company-involvement-declared",
        ),
        (
            changed(("switching_programme: false", "switching_programme: true")),
            "no-switch",
        ),
    ],
    ids=["no-certification", "involvement-undeclared", "switch-programme"],
)
def test_a_main_text_requirement_not_met_is_an_error(
    text: str, rule_id: str, tmp_path: Path
) -> None:
    assert rule_id in errors(findings(text, tmp_path))
