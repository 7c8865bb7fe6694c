"""Waivers: a governance board's acceptance, on the record, of a rule failing for a proposal.

They are applied after the rules are evaluated and change no outcome: a waived failure stays a
failure in every report, marked with who accepted it and why, and only the exit code ignores it
while the waiver is in force. Waivers come from the proposal's own `waivers:` list and from
waiver files (`--waivers FILE`), whose entries name the project they are for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic_core import SchemaValidator, ValidationError

from collabcheck.common.problems import FileProblem
from collabcheck.common.records import Record
from collabcheck.common.suggest import suggest
from collabcheck.common.yamlpath import YamlPath, format_path, parse_yaml_path
from collabcheck.loading.inputs import ReadError, read_text
from collabcheck.loading.yamlload import Document, YamlError, parse
from collabcheck.proposal.derived_validator import build
from collabcheck.proposal.validate import ProposalData
from collabcheck.results import Finding, Location, Outcome, Places, Waiver, WaiverStatus, WaiverUse
from collabcheck.rulepacks.pack import Pack

if TYPE_CHECKING:
    from collabcheck.loading.schema_errors import SchemaProblem


class WaiverFileError(Exception):
    def __init__(self, found: list[FileProblem]) -> None:
        super().__init__("\n".join(map(str, found)))
        self.problems = found


def not_waivable(pack: Pack) -> dict[str, str]:
    """Rule id -> why no waiver can cover it."""
    required = {needed for compiled in pack.rules for needed in compiled.rule.requires}
    # Judged by the severity the pack gives, not one configuration has changed.
    declared = {change.rule_id: change.original.value for change in pack.info.changes}
    binding = {
        c.rule.id
        for c in pack.rules
        if declared.get(c.rule.id, c.rule.severity) == "error"
        and c.rule.reference.part in ("law", "main_text")
    }
    why: dict[str, str] = {}
    for compiled in pack.rules:
        rule = compiled.rule
        if rule.id in pack.gates:
            why[rule.id] = (
                "it is a gate that decides which rules apply at all; if it fails, the project is "
                "governed by another clause, which no waiver can change"
            )
        elif rule.id in required:
            why[rule.id] = "other rules apply only when it passes, so waiving it would hide them"
        elif rule.waivable is False:
            why[rule.id] = "the rule pack marks it as not waivable"
        elif rule.waivable is None and rule.id in binding:
            source = "the law" if rule.reference.part == "law" else "the Code's mandatory text"
            ref = compiled.reference
            why[rule.id] = (
                f"it enforces {source} ({ref.edition}, {ref.clause}), which a governance board "
                "cannot waive"
            )
    return why


class WaiverBook(Record):
    """Everything waiver checking needs for a run, built once and shared by every file."""

    enabled: bool
    rule_ids: frozenset[str]
    refused: Mapping[str, str]  # rule id -> why it cannot be waived
    by_project: Mapping[str, tuple[Waiver, ...]]

    def for_project(self, reference: str | None) -> tuple[Waiver, ...]:
        return self.by_project.get(reference, ()) if reference else ()


def waiver_book(pack: Pack, files: Iterable[str] = (), enabled: bool = True) -> WaiverBook:
    """Raises WaiverFileError for an unreadable or invalid file, or a waiver no board may give."""
    rule_ids = frozenset(compiled.rule.id for compiled in pack.rules)
    refused = not_waivable(pack)
    by_project: dict[str, list[Waiver]] = {}
    if enabled:
        for name in files:
            for project, waiver in _read_file(name, rule_ids, refused):
                by_project.setdefault(project, []).append(waiver)
    return WaiverBook(
        enabled, rule_ids, refused, {k: tuple(v) for k, v in sorted(by_project.items())}
    )


def _read_file(
    name: str, rule_ids: frozenset[str], refused: Mapping[str, str]
) -> list[tuple[str, Waiver]]:
    try:
        doc = parse(read_text(name))
    except (ReadError, YamlError) as exc:
        raise WaiverFileError([FileProblem(exc.message, name, exc.line, exc.column)]) from None
    written = waiver_file_data(doc)
    if isinstance(written, list):
        raise WaiverFileError(
            [FileProblem(p.message, name, p.mark.line, p.mark.column) for p in written]
        )
    waivers = [
        (w["project"], _record(w, doc, name, ("waivers", i), False))
        for i, w in enumerate(written["waivers"])
    ]
    errors = []
    for i, (_, waiver) in enumerate(waivers):
        why = _refusal(waiver.rule_id, rule_ids, refused)
        if why:
            mark = doc.mark_of(("waivers", i, "rule"))
            errors.append(FileProblem(why, name, mark.line, mark.column))
    if errors:
        raise WaiverFileError(errors)
    return waivers


def waiver_file_data(doc: Document) -> dict[str, Any] | list[SchemaProblem]:
    """A valid waiver file as plain data, checked with the validator derived from its models
    (waivers/derived.py), or its problems, worded with the models."""
    try:
        data: dict[str, Any] = _waiver_file_validator().validate_python(doc.data)
    except ValidationError as exc:
        from collabcheck.loading.schema_errors import problems
        from collabcheck.waivers.file import WaiverFile  # its fields name what is wrong

        return problems(exc, doc, WaiverFile)
    return data


@cache
def _waiver_file_validator() -> SchemaValidator:
    from collabcheck.waivers.derived import WAIVER_FILE, WAIVER_FILE_CHECKS_AT

    return build(WAIVER_FILE, WAIVER_FILE_CHECKS_AT)


def _record(
    written: dict[str, Any], doc: Document, file: str, at: YamlPath, in_proposal: bool
) -> Waiver:
    """A waiver as written (a valid entry, as plain data) -> the waiver the run applies."""
    mark = doc.mark_of(at)
    approver = written["approved_by"]
    return Waiver(
        rule_id=written["rule"],
        path=parse_yaml_path(written["path"]) if written["path"] else None,
        justification=written["justification"],
        approved_by=f"{approver['name']}, {approver['role']}",
        approved_on=written["approved_on"],
        expires_on=written["expires_on"],
        reference=written["reference"],
        location=Location(file, mark.line, mark.column, at),
        in_proposal=in_proposal,
    )


def proposal_waivers(proposal: ProposalData, doc: Document, file: str) -> list[Waiver]:
    return [_record(w, doc, file, ("waivers", i), True) for i, w in enumerate(proposal["waivers"])]


def _refusal(rule_id: str, rule_ids: frozenset[str], refused: Mapping[str, str]) -> str | None:
    if rule_id not in rule_ids:
        return (
            f"the waiver names rule {rule_id!r}, which is not in the rule pack"
            f"{suggest(rule_id, rule_ids)}"
        )
    if rule_id in refused:
        return (
            f"{rule_id} cannot be waived: {refused[rule_id]}. Fix the proposal instead, and "
            "remove the waiver"
        )
    return None


def _inside(path: YamlPath, scope: YamlPath | None) -> bool:
    return scope is None or path[: len(scope)] == scope


def leaves(places: Places) -> Iterator[YamlPath]:
    """Every path a failure names, in every branch of its places."""
    kind, value = places
    if kind == "at":
        yield value
    elif kind in ("all", "any"):
        for part in value:
            yield from leaves(part)


def _uncovered(places: Places, scopes: list[YamlPath | None]) -> Places | None:
    """A part of the failure that no scope covers, or None if they cover it all. Every part of
    an all: must be covered; of an any:, one alternative is enough, since putting that one right
    would make the rule pass."""
    kind, value = places
    if kind == "at":
        return None if any(_inside(value, s) for s in scopes) else places
    if kind == "all":
        return next((p for p in (_uncovered(v, scopes) for v in value) if p), None)
    if kind == "any":
        missed = [_uncovered(v, scopes) for v in value]
        return None if None in missed else missed[0]
    return None if None in scopes else places


def _where(places: Places) -> str:
    kind, value = places
    if kind == "unknown":
        return f"in places that cannot be narrowed to a path ({value})"
    return f"at {format_path(next(leaves(places), ()))}"


_STATES = {
    Outcome.PASS: "passes",
    Outcome.NOT_APPLICABLE: "does not apply",
    Outcome.ERROR: "could not be evaluated",
}


def _stale(waiver: Waiver, finding: Finding, places: Places) -> str:
    ref, rule = waiver.reference, waiver.rule_id
    if finding.outcome is Outcome.ERROR:
        return (
            f"waiver {ref} for {rule} covers nothing: the rule could not be evaluated, so "
            "whether it fails is not known; see the rule's error"
        )
    if finding.outcome is not Outcome.FAIL:
        return (
            f"waiver {ref} for {rule} is stale: the rule {_STATES[finding.outcome]}, so there is "
            "nothing to waive; remove the waiver"
        )
    assert waiver.path is not None
    return (
        f"waiver {ref} for {rule} is stale: it covers {format_path(waiver.path)}, but the rule "
        f"fails {_where(places)}; remove the waiver or correct its path"
    )


def _lapsed(waiver: Waiver, as_of: date) -> tuple[WaiverStatus, str] | None:
    ref = waiver.reference
    if as_of > waiver.expires_on:
        return WaiverStatus.EXPIRED, (
            f"waiver {ref} expired on {waiver.expires_on.isoformat()}, so this fails again; "
            "fix the proposal or have the waiver renewed"
        )
    if as_of < waiver.approved_on:
        return WaiverStatus.NOT_YET_APPROVED, (
            f"waiver {ref} was approved on {waiver.approved_on.isoformat()}, after the date "
            f"checked ({as_of.isoformat()}), so it is not yet in force; check the approval date"
        )
    return None


def _judge_rule(finding: Finding, waivers: list[Waiver], as_of: date) -> list[WaiverUse]:
    """What becomes of each waiver for one rule, in the order given. The failure is waived when
    the waivers in force for it together cover every place it fails."""
    places = finding.places or ("at", finding.path)
    named = list(leaves(places)) or [finding.path]
    failing = finding.outcome is Outcome.FAIL
    here = [
        failing and (places[0] == "unknown" or any(_inside(p, w.path) for p in named))
        for w in waivers
    ]
    in_force = [w.path for w, h in zip(waivers, here, strict=True) if h and not _lapsed(w, as_of)]
    missed = _uncovered(places, in_force)
    uses = []
    for waiver, relevant in zip(waivers, here, strict=True):
        lapsed = _lapsed(waiver, as_of)
        if not relevant:
            status, note = WaiverStatus.STALE, _stale(waiver, finding, places)
        elif lapsed is not None:
            status, note = lapsed
        elif missed is None:
            status, note = WaiverStatus.ACTIVE, _in_force(waiver)
        else:
            status, note = WaiverStatus.PARTIAL, _partial(waiver, missed)
        uses.append(WaiverUse(waiver, status, note))
    return uses


def _partial(waiver: Waiver, missed: Places) -> str:
    scope = format_path(waiver.path) if waiver.path else "the rule"
    fix = (
        "leave out path to waive the rule as a whole"
        if missed[0] == "unknown"
        else "fix that too, or widen the waiver"
    )
    return (
        f"waiver {waiver.reference} covers {scope}, but {waiver.rule_id} also fails "
        f"{_where(missed)}; {fix}"
    )


def _in_force(waiver: Waiver) -> str:
    return (
        f"waived until {waiver.expires_on.isoformat()} by {waiver.approved_by} on "
        f"{waiver.approved_on.isoformat()} ({waiver.reference}): {waiver.justification}"
    )


def apply_waivers(
    findings: list[Finding], waivers: Iterable[Waiver], book: WaiverBook, as_of: date
) -> tuple[list[Finding], list[WaiverUse]]:
    """The findings with each failure's waiver attached, and what became of every waiver, in
    the order the waivers are written."""
    position = {f.rule_id: i for i, f in enumerate(findings)}
    written = list(waivers)
    decided: dict[int, WaiverUse] = {}
    by_rule: dict[str, list[int]] = {}
    for n, waiver in enumerate(written):
        why = _refusal(waiver.rule_id, book.rule_ids, book.refused)
        if why is None:
            by_rule.setdefault(waiver.rule_id, []).append(n)
        else:
            decided[n] = WaiverUse(waiver, WaiverStatus.REFUSED, why)
    out = list(findings)
    for rule_id, numbers in by_rule.items():
        if rule_id not in position:  # disabled by configuration: it has no finding
            for n in numbers:
                note = (
                    f"waiver {written[n].reference} for {rule_id} is stale: the configuration "
                    "disables the rule, so there is nothing to waive; remove the waiver"
                )
                decided[n] = WaiverUse(written[n], WaiverStatus.STALE, note)
            continue
        i = position[rule_id]
        uses = _judge_rule(findings[i], [written[n] for n in numbers], as_of)
        decided.update(zip(numbers, uses, strict=True))
        shown = next((u for u in uses if u.status is WaiverStatus.ACTIVE), None) or next(
            (u for u in uses if u.status is not WaiverStatus.STALE), None
        )
        if shown is not None:
            out[i] = out[i]._replace(waiver=shown)
    return out, [decided[n] for n in range(len(written))]
