"""Several rule packs in one run, and configuration's severity overrides and disabled rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from collabcheck.config.settings import PackSelection, RuleSetting
from collabcheck.pipeline import check_file
from collabcheck.results import Finding, Outcome, Severity
from collabcheck.rulepacks.load import load_pack, load_packs
from collabcheck.rulepacks.pack import PackError, builtin_pack_dir
from collabcheck.rulepacks.selection import load_selection
from tests.helpers import MINIMAL

AS_OF = date(2026, 11, 22)

RULE = """\
  - id: {id}
    title: {id} title
    severity: {severity}
    reference:
      edition: Example Organisation SOP 12
      clause: "4.1"
      part: good_practice
      source_url: https://intranet.example/sop-12
      verified: {verified}
    rationale: Why.
    remediation: How.
    message: {id} fails
    implements: [{id}]
    requires: {requires}
    check: {check}
"""
PASSES = "{present: project.title}"
FAILS = "{present: governance}"  # the minimal proposal has no governance section


def rule(
    rule_id: str,
    check: str = PASSES,
    severity: str = "warning",
    requires: str = "[]",
    verified: str = "true",
) -> str:
    return RULE.format(
        id=rule_id, check=check, severity=severity, requires=requires, verified=verified
    )


def make_pack(root: Path, name: str, rules: list[str], gates: str = "[]") -> Path:
    root.mkdir(parents=True)
    (root / "pack.yaml").write_text(
        f"name: {name}\nversion: 0.1.0\ntitle: The {name} rules\ngates: {gates}\n"
    )
    (root / "rules.yaml").write_text("rules:\n" + "".join(rules))
    return root


def refused(directories: list[Path]) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_packs(directories)
    return [str(p) for p in caught.value.problems]


def outcomes(findings: list[Finding]) -> dict[str, tuple[Outcome, str]]:
    return {f.rule_id: (f.outcome, f.reason) for f in findings}


@pytest.fixture
def proposal(tmp_path: Path) -> Path:
    path = tmp_path / "proposal.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


# --- several packs


def test_an_extra_pack_adds_its_rules_after_the_builtin_ones(tmp_path: Path) -> None:
    org = make_pack(tmp_path / "org", "org-sops", [rule("org-title")])
    builtin = load_pack(builtin_pack_dir())
    pack = load_packs([builtin_pack_dir(), org])
    assert [c.rule.id for c in pack.rules] == [c.rule.id for c in builtin.rules] + ["org-title"]
    assert pack.info.rule_count == builtin.info.rule_count + 1
    assert [(p.name, p.version) for p in pack.info.packs] == [
        ("abpi-2024", builtin.info.version),
        ("org-sops", "0.1.0"),
    ]
    assert pack.info.packs[0].sha256 == builtin.info.sha256
    assert pack.info.name == "abpi-2024+org-sops"
    assert pack.info.label() == f"rule packs abpi-2024 {builtin.info.version} + org-sops 0.1.0"
    assert pack.homes["org-title"] == org
    assert pack.homes["benefit-test"] == builtin_pack_dir()


def test_one_pack_is_described_exactly_as_before(tmp_path: Path) -> None:
    alone = load_pack(builtin_pack_dir())
    assert alone.info.packs == ()
    assert alone.info.label() == f"rule pack abpi-2024 {alone.info.version}"
    assert load_selection(PackSelection()).info == alone.info


def test_duplicate_ids_across_packs_name_both_places(tmp_path: Path) -> None:
    one = make_pack(tmp_path / "one", "pack-one", [rule("shared-id")])
    two = make_pack(tmp_path / "two", "pack-two", [rule("other"), rule("shared-id")])
    [problem] = refused([one, two])
    line_in_two = 1 + RULE.count("\n") + 1
    assert problem == (
        f"{two / 'rules.yaml'}:{line_in_two}:9: duplicate rule id 'shared-id': pack pack-two "
        f"defines it here and pack pack-one at {one / 'rules.yaml'}:2:9; rule ids must be unique "
        "across the packs used together, so rename one"
    )


def test_the_same_pack_twice_is_one_clear_problem(tmp_path: Path) -> None:
    one = make_pack(tmp_path / "one", "same-name", [rule("a-rule")])
    two = make_pack(tmp_path / "two", "same-name", [rule("b-rule")])
    [problem] = refused([one, two])
    assert problem.startswith(f"{two / 'pack.yaml'}:1:7: two packs are named 'same-name'")
    assert str(one / "pack.yaml") in problem


def test_a_rule_may_require_a_rule_of_another_pack(tmp_path: Path, proposal: Path) -> None:
    base = make_pack(tmp_path / "base", "base", [rule("base-fails", FAILS)])
    org = make_pack(tmp_path / "org", "org", [rule("org-needs-base", requires="[base-fails]")])
    result = check_file(str(proposal), load_packs([base, org]), AS_OF)
    outcome, reason = outcomes(result.findings)["org-needs-base"]
    assert outcome is Outcome.NOT_APPLICABLE
    assert reason == 'not checked, because "base-fails title" is not met (base-fails)'


def test_requires_naming_no_loaded_rule_is_refused_with_the_packs(tmp_path: Path) -> None:
    base = make_pack(tmp_path / "base", "base", [rule("base-rule")])
    org = make_pack(tmp_path / "org", "org", [rule("org-rule", requires="[base-rulle]")])
    [problem] = refused([base, org])
    assert problem.endswith(
        "rule 'org-rule' requires 'base-rulle', which is not a rule in any pack used (base, org)"
    )
    # On its own, the organisation's pack cannot find the rule it requires either.
    [alone] = refused([org])
    assert alone.endswith("which is not a rule in this pack")


def test_a_packs_gates_govern_its_own_rules_only(tmp_path: Path, proposal: Path) -> None:
    base = make_pack(
        tmp_path / "base", "base", [rule("base-gate", FAILS), rule("base-rule")], "[base-gate]"
    )
    org = make_pack(tmp_path / "org", "org", [rule("org-rule")])
    found = outcomes(check_file(str(proposal), load_packs([base, org]), AS_OF).findings)
    assert found["base-gate"][0] is Outcome.FAIL
    assert found["base-rule"][0] is Outcome.NOT_APPLICABLE
    assert found["org-rule"] == (Outcome.PASS, "")
    # ... and the other way round: an organisation's failing gate leaves the base pack alone.
    found = outcomes(check_file(str(proposal), load_packs([org, base]), AS_OF).findings)
    assert found["org-rule"] == (Outcome.PASS, "")


def test_a_pack_may_be_gated_by_a_rule_of_another_pack(tmp_path: Path, proposal: Path) -> None:
    base = make_pack(tmp_path / "base", "base", [rule("base-gate", FAILS)], "[base-gate]")
    org = make_pack(tmp_path / "org", "org", [rule("org-rule")], "[base-gate]")
    found = outcomes(check_file(str(proposal), load_packs([base, org]), AS_OF).findings)
    assert found["org-rule"] == (
        Outcome.NOT_APPLICABLE,
        'not checked, because "base-gate title" is not met (base-gate)',
    )


def test_a_gate_naming_no_loaded_rule_is_refused(tmp_path: Path) -> None:
    org = make_pack(tmp_path / "org", "org", [rule("org-rule")], "[base-gate]")
    base = make_pack(tmp_path / "base", "base", [rule("base-rule")])
    [problem] = refused([base, org])
    assert problem == (
        f"{org / 'pack.yaml'}:4:9: gate 'base-gate' is not a rule in this pack or another pack "
        "used (base, org)"
    )


def test_a_circle_through_gates_across_packs_is_refused(tmp_path: Path) -> None:
    base = make_pack(
        tmp_path / "base", "base", [rule("base-gate", requires="[org-rule]")], "[base-gate]"
    )
    org = make_pack(tmp_path / "org", "org", [rule("org-rule")], "[base-gate]")
    [problem] = refused([base, org])
    assert "rules require each other in a circle: base-gate -> org-rule -> base-gate" in problem
    assert "(a pack's other rules need its gates)" in problem


def test_problems_in_every_pack_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "empty-one").mkdir()
    (tmp_path / "empty-two").mkdir()
    problems = refused([tmp_path / "empty-one", tmp_path / "empty-two"])
    assert [p.split(":")[0] for p in problems] == [
        str(tmp_path / "empty-one"),
        str(tmp_path / "empty-two"),
    ]


# --- severity overrides and disabled rules


def setting(rule_id: str, severity: str | None, reason: str = "") -> RuleSetting:
    return RuleSetting(rule_id, severity, reason, "collabcheck.toml", 7)


def selection(org: Path, *settings: RuleSetting) -> PackSelection:
    return PackSelection(builtin=False, extra=(org,), settings=settings)


def refused_settings(org: Path, *settings: RuleSetting) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_selection(selection(org, *settings))
    assert caught.value.kind == "configuration error"
    return [str(p) for p in caught.value.problems]


def test_a_raised_severity_shows_in_findings_and_info(tmp_path: Path, proposal: Path) -> None:
    org = make_pack(tmp_path / "org", "org", [rule("org-fails", FAILS, "info")])
    pack = load_selection(selection(org, setting("org-fails", "error")))
    [finding] = check_file(str(proposal), pack, AS_OF).findings
    assert (finding.outcome, finding.severity) == (Outcome.FAIL, Severity.ERROR)
    assert pack.info.rules[0].severity is Severity.ERROR
    [change] = pack.info.changes
    assert (change.original, change.severity, change.reason, change.source) == (
        Severity.INFO,
        Severity.ERROR,
        "",
        "collabcheck.toml:7",
    )


def test_lowering_needs_a_reason(tmp_path: Path) -> None:
    org = make_pack(tmp_path / "org", "org", [rule("org-rule", severity="error")])
    [problem] = refused_settings(org, setting("org-rule", "warning", "   "))
    assert problem.startswith(
        "collabcheck.toml:7: lowering rule 'org-rule' from error to warning needs a reason"
    )
    pack = load_selection(selection(org, setting("org-rule", "warning", "Checked by the PMO")))
    assert pack.info.changes[0].reason == "Checked by the PMO"


def test_an_unverified_rule_is_never_raised_to_error(tmp_path: Path) -> None:
    org = make_pack(tmp_path / "org", "org", [rule("org-rule", verified="false")])
    [problem] = refused_settings(org, setting("org-rule", "error"))
    assert "rule 'org-rule' cannot be raised to error: its reference is unverified" in problem


def test_an_override_of_an_unknown_rule_suggests_the_nearest(tmp_path: Path) -> None:
    org = make_pack(tmp_path / "org", "org", [rule("org-title")])
    [problem] = refused_settings(org, setting("org-titel", None, "why"))
    assert problem == (
        "collabcheck.toml:7: configuration disables 'org-titel', which is not a rule in rule "
        "pack org 0.1.0; did you mean 'org-title'? (collabcheck rules list shows every rule; "
        "if --rules replaced the pack that has it, add --no-config to leave the configuration "
        "out)"
    )


def test_a_disabled_rule_has_no_finding_but_still_settles_others(
    tmp_path: Path, proposal: Path
) -> None:
    org = make_pack(
        tmp_path / "org",
        "org",
        [rule("org-fails", FAILS, "error"), rule("org-needs", requires="[org-fails]")],
    )
    pack = load_selection(selection(org, setting("org-fails", None, "Not our process")))
    found = outcomes(check_file(str(proposal), pack, AS_OF).findings)
    assert "org-fails" not in found
    assert found["org-needs"][0] is Outcome.NOT_APPLICABLE  # as it was before disabling
    assert [r.id for r in pack.info.rules] == ["org-needs"]
    assert pack.info.rule_count == 1
    [change] = pack.info.changes
    assert (change.severity, change.original, change.reason) == (
        None,
        Severity.ERROR,
        "Not our process",
    )
    # Rule cases still run every rule, disabled or not.
    tested = load_selection(selection(org, setting("org-fails", None, "x")), apply_disabled=False)
    assert tested.hidden == frozenset()


def test_disabling_a_failing_error_rule_changes_the_exit_code(tmp_path: Path) -> None:
    from collabcheck.commands.run import exit_code

    org = make_pack(tmp_path / "org", "org", [rule("org-fails", FAILS, "error")])
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    before = check_file(str(path), load_selection(selection(org)), AS_OF)
    after = check_file(
        str(path), load_selection(selection(org, setting("org-fails", None, "why"))), AS_OF
    )
    assert (exit_code([before], "error"), exit_code([after], "error")) == (1, 0)


def test_no_pack_at_all_is_a_clear_problem() -> None:
    with pytest.raises(PackError) as caught:
        load_selection(PackSelection(builtin=False))
    [problem] = caught.value.problems
    assert str(problem).startswith("no rule pack to use: the built-in pack is turned off")


def test_the_same_folder_twice_is_used_once(tmp_path: Path) -> None:
    org = make_pack(tmp_path / "org", "org", [rule("org-rule")])
    chosen = PackSelection(builtin=False, extra=(org, tmp_path / "org" / ".." / "org"))
    assert [c.rule.id for c in load_selection(chosen).rules] == ["org-rule"]
