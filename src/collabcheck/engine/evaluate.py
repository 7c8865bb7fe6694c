"""Compiled rules x one proposal -> one Finding per rule."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from typing import Any, get_args

from collabcheck.common.yamlpath import YamlPath
from collabcheck.engine.compile import (
    EVALUATION_ERRORS,
    Checked,
    Compiled,
    Context,
    RuleError,
    Scope,
)
from collabcheck.engine.operators import compile_pair
from collabcheck.engine.specs import RuleData, plain
from collabcheck.loading.yamlload import Document, Mark
from collabcheck.proposal.validate import ProposalData
from collabcheck.proposal.vocabulary import PROJECT_TYPE_WORDS, ProjectType, Stage
from collabcheck.results import Finding, Outcome, Places, Reference, RuleInfo, Severity


class CompiledRule:
    """A rule and its compiled conditions, with what reports and evaluation need of it worked
    out once per run rather than once per proposal. Immutable: `_replace` makes a changed copy.
    A plain class with slots rather than a dataclass, which is slower to define at import."""

    __slots__ = (
        "_only_when",
        "check",
        "info",
        "other_stages",
        "other_types",
        "reference",
        "rule",
        "severity",
        "source",
        "when",
    )

    rule: RuleData
    when: Compiled | None
    check: Compiled
    reference: Reference
    source: str  # the rule file, for messages about the rule itself
    severity: Severity
    info: RuleInfo  # the rule as reports describe it, shared by all its findings
    # The reasons a rule does not apply are the same words in every proposal: kept once, not
    # once per proposal, since every finding is kept until the report is written.
    other_types: dict[str, str]  # why it does not apply, for each project type it does not cover
    other_stages: dict[str, str]  # and for each stage it does not cover
    _only_when: str | None

    def __init__(
        self,
        rule: RuleData,
        when: Compiled | None,
        check: Compiled,
        reference: Reference,
        source: str,
    ) -> None:
        severity = Severity(rule.severity)
        info = RuleInfo(
            rule.id,
            rule.title,
            severity,
            reference,
            rule.rationale,
            rule.remediation,
            tuple(rule.implements),
            rule.judgement,
        )
        types, stages = _outside(rule.applies_to.project_types, rule.applies_to.stages)
        fields = (
            ("rule", rule),
            ("when", when),
            ("check", check),
            ("reference", reference),
            ("source", source),
            ("severity", severity),
            ("info", info),
            ("other_types", types),
            ("other_stages", stages),
            ("_only_when", None),
        )
        for name, value in fields:
            object.__setattr__(self, name, value)

    def _fields(self) -> tuple[RuleData, Compiled | None, Compiled, Reference, str]:
        return self.rule, self.when, self.check, self.reference, self.source

    def _replace(self, **changes: Any) -> CompiledRule:
        rule, when, check, reference, source = self._fields()
        fields = {"rule": rule, "when": when, "check": check, "reference": reference}
        return CompiledRule(**{**fields, "source": source, **changes})

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, CompiledRule)
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # as its rule: a rule's conditions are dicts

    def __repr__(self) -> str:
        rule, when, check, reference, source = self._fields()
        return f"CompiledRule({rule=!r}, {when=!r}, {check=!r}, {reference=!r}, {source=!r})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    @property
    def only_when(self) -> str:
        if self._only_when is None:
            said = ""
            if self.rule.when:
                from collabcheck.engine.describe import describe  # only when a rule does not apply

                said = f"applies only when {describe(self.rule.when)}"
            object.__setattr__(self, "_only_when", said)
            return said
        return self._only_when

    @property
    def not_met(self) -> str:
        """Why a rule that needs this one is not checked when this one fails."""
        return f'not checked, because "{self.rule.title}" is not met ({self.rule.id})'


@functools.lru_cache(maxsize=64)
def _outside(
    types: tuple[str, ...], stages: tuple[str, ...]
) -> tuple[dict[str, str], dict[str, str]]:
    """Why a rule covering these project types and stages does not apply, for each type and
    each stage it does not cover; rules that cover the same share them."""
    kinds = " or ".join(PROJECT_TYPE_WORDS[t] for t in types)
    listed = ", ".join(s.replace("_", " ") for s in stages)
    other_types = {
        t: f"applies to {kinds} only; this project is {PROJECT_TYPE_WORDS[t]}"
        for t in get_args(ProjectType)
        if t not in types
    }
    other_stages = {
        s: f"applies at these stages only: {listed}; this project is at the "
        f"{s.replace('_', ' ')} stage"
        for s in get_args(Stage)
        if s not in stages
    }
    return other_types, other_stages


def compile_rule(
    rule: RuleData | Any, where: YamlPath, source: str, *, checked: bool = True
) -> CompiledRule:
    """The rule (plain data, or a validated model turned into it) compiled, its paths, values
    and patterns checked against the proposal format; with `checked` False, as a rule that
    passed those checks before (from the pack cache). Raises RuleError with the position path
    of the offending part of the rule."""
    if not isinstance(rule, RuleData):
        rule = RuleData.of(plain(rule))
    scope: Checked = Scope() if checked else None
    when = compile_pair(rule.when, scope, (*where, "when")) if rule.when else None
    check = compile_pair(rule.check, scope, (*where, "check"))
    return CompiledRule(rule, when, check, rule.reference, source)


def _not_applicable(compiled: CompiledRule, ctx: Context, quick: bool) -> str | None:
    project = ctx.data["project"]
    outside = compiled.other_types.get(project["type"]) or compiled.other_stages.get(
        project["stage"]
    )
    if outside is not None:
        return outside
    when = compiled.when
    if when:
        holds = when.test(ctx, None) if quick else when.check(ctx, None).ok
        if not holds:
            return compiled.only_when
    return None


_Settled = tuple[Outcome, str, YamlPath, str, Places | None]


def _outcome(compiled: CompiledRule, ctx: Context) -> _Settled:
    """(outcome, message, position path, not-applicable reason, where a failure fails).
    Decided first without verdicts; a failure is decided again with them, from the start, for
    its words and places."""
    return _quick(compiled, ctx) or _decide(compiled, ctx)


def _quick(compiled: CompiledRule, ctx: Context) -> _Settled | None:
    """The outcome without verdicts: None for a failure and for a judgement's pass, which are
    decided again with their words."""
    ctx.visits[0] = ctx.visits[1] = 0
    try:
        project = ctx.data["project"]  # _not_applicable, written out: it runs for every rule
        reason = compiled.other_types.get(project["type"]) or compiled.other_stages.get(
            project["stage"]
        )
        if reason is None and compiled.when is not None and not compiled.when.test(ctx, None):
            reason = compiled.only_when
        if reason is not None:
            return Outcome.NOT_APPLICABLE, "", (), reason, None
        # A judgement's pass is told with the statement it rests on, from its full verdict;
        # its check (which raises what the quick one would) is made only there.
        if compiled.rule.judgement:
            return None
        at = compiled.check.fast(ctx, None)
        return None if at is None else (Outcome.PASS, compiled.rule.title, at, "", None)
    except EVALUATION_ERRORS as exc:
        return Outcome.ERROR, f"the rule could not be evaluated: {exc}", (), "", None


def _decide(compiled: CompiledRule, ctx: Context) -> _Settled:
    """The outcome, from the rule's verdicts."""
    rule = compiled.rule
    ctx.visits[0] = ctx.visits[1] = 0
    try:
        reason = _not_applicable(compiled, ctx, False)
        if reason is not None:
            return Outcome.NOT_APPLICABLE, "", (), reason, None
        verdict = compiled.check.check(ctx, None)
        if verdict.ok:
            said = verdict.said if rule.judgement else None
            message = f"{rule.title} ({said})" if said else rule.title
            return Outcome.PASS, message, verdict.path, "", None
        # The words of a verdict are worked out when read, so reading them is part of the try.
        message = f"{rule.message} ({verdict.detail})"
        return Outcome.FAIL, message, verdict.path, "", verdict.places
    except EVALUATION_ERRORS as exc:
        return Outcome.ERROR, f"the rule could not be evaluated: {exc}", (), "", None


_Needed = tuple[CompiledRule, ...]


Needs = dict[str, _Needed]


def waits_for(
    rules: list[CompiledRule],
    gates: frozenset[str] = frozenset(),
    gated_by: Mapping[str, tuple[str, ...]] | None = None,
) -> Needs:
    """Each rule id -> the rules to settle before it: its gates, then the rules it requires.
    Rules that wait for the same rules share one tuple. A run works this out once (Pack)."""
    by_id = {c.rule.id: c for c in rules}
    if gated_by is None:
        ordered = tuple(c.rule.id for c in rules if c.rule.id in gates)
        gated_by = {
            c.rule.id: () if c.rule.id in gates or c.rule.any_activity else ordered for c in rules
        }
    shared: dict[tuple[str, ...], _Needed] = {}
    needs = {}
    for c in rules:
        ids = tuple(r for r in (*gated_by.get(c.rule.id, ()), *c.rule.requires) if r in by_id)
        needs[c.rule.id] = shared.setdefault(ids, tuple(by_id[r] for r in ids))
    return needs


def evaluate(
    rules: list[CompiledRule],
    proposal: ProposalData,
    doc: Document,
    file: str,
    as_of: date,
    needs: Needs | None = None,
    hidden: frozenset[str] = frozenset(),
) -> list[Finding]:
    """One finding per rule, in pack order. `needs` says which rules each rule waits for
    (`waits_for`; by default none): a rule whose gate or required rule fails is not
    applicable, with that rule as the reason. Rules in `hidden` are evaluated only when
    another rule needs them, and get no finding."""
    ctx = Context(proposal, as_of)
    needs = waits_for(rules) if needs is None else needs
    outcomes: dict[str, _Settled] = {}
    failed_first: dict[int, CompiledRule | None] = {}  # by the id of a shared tuple of needs

    def settle(compiled: CompiledRule) -> _Settled:
        """The rule's outcome, its gates and `requires` settled first (packs refuse cycles)."""
        rule_id = compiled.rule.id
        settled = outcomes.get(rule_id)
        if settled is None:
            needed = needs[rule_id]
            if id(needed) not in failed_first:
                failed_first[id(needed)] = next(
                    (n for n in needed if settle(n)[0] is Outcome.FAIL), None
                )
            failed = failed_first[id(needed)]
            settled = outcomes[rule_id] = (
                (Outcome.NOT_APPLICABLE, "", (), failed.not_met, None)
                if failed is not None
                else _outcome(compiled, ctx)
            )
        return settled

    findings = []
    marks: dict[YamlPath, Mark] = {}  # rules that pass often pass at the same field
    for compiled in rules:
        rule = compiled.rule
        if rule.id in hidden:
            continue
        outcome, message, path, reason, places = settle(compiled)
        mark = marks.get(path)
        if mark is None:
            mark = marks[path] = doc.mark_of(path)
        # In the fields' order, not by name: one is made per rule and proposal.
        confirm = rule.judgement and outcome is Outcome.PASS
        findings.append(
            Finding(
                compiled.info, outcome, message, file, mark.line, mark.column, path, reason,
                confirm, None, places,
            )
        )  # fmt: skip
    return findings


__all__ = ["CompiledRule", "Needs", "RuleError", "compile_rule", "evaluate", "waits_for"]
