"""The one result model that every reporter reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from collabcheck.common.yamlpath import YamlPath


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    ERROR = "error"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}

# Where a failing check fails, as a small tree: ("at", path); ("all", places), every one of which
# must be put right; ("any", places), alternatives of which putting one right would do; or
# ("unknown", why), when the check cannot say.
Places = tuple[str, Any]


@dataclass(frozen=True, slots=True)
class Location:
    file: str
    line: int
    column: int
    path: YamlPath = ()

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Reference:
    edition: str
    clause: str
    part: str
    source_url: str
    verified: bool = True
    note: str = ""

    def __str__(self) -> str:
        text = f"{self.edition}, {self.clause} ({self.part.replace('_', ' ')})"
        return text if self.verified else f"{text}; UNVERIFIED"


@dataclass(frozen=True, slots=True)
class Waiver:
    """A governance board's acceptance, on the record, of one rule failing for one proposal."""

    rule_id: str
    path: YamlPath | None  # None: the whole rule; else only failures at or inside this path
    justification: str
    approved_by: str  # name and role, or the committee
    approved_on: date
    expires_on: date  # the last day it is in force
    reference: str  # e.g. the board minute
    location: Location  # where the waiver is written: the proposal or a waiver file
    in_proposal: bool = True


class WaiverStatus(StrEnum):
    ACTIVE = "active"  # its finding is waived
    EXPIRED = "expired"  # its finding fails again
    NOT_YET_APPROVED = "not_yet_approved"  # approved after the --as-of date
    PARTIAL = "partial"  # the rule also fails outside the waiver's path
    STALE = "stale"  # the rule does not fail, so there is nothing to waive
    REFUSED = "refused"  # the rule cannot be waived, or does not exist

    @property
    def label(self) -> str:
        return _WAIVER_LABELS[self]


_WAIVER_LABELS = {
    WaiverStatus.ACTIVE: "in force",
    WaiverStatus.EXPIRED: "expired",
    WaiverStatus.NOT_YET_APPROVED: "not yet approved",
    WaiverStatus.PARTIAL: "not covering every failure",
    WaiverStatus.STALE: "stale",
    WaiverStatus.REFUSED: "refused",
}


@dataclass(frozen=True, slots=True)
class WaiverUse:
    """What became of one waiver in one proposal, and why."""

    waiver: Waiver
    status: WaiverStatus
    note: str


@dataclass(frozen=True, slots=True)
class Finding:
    """The outcome of one rule evaluated against one proposal. What the rule itself says (its
    id, title, severity, clause and fix) is the rule's RuleInfo, shared by all its findings:
    a run over thousands of proposals keeps one finding per rule per proposal."""

    rule: RuleInfo
    outcome: Outcome
    message: str
    # Where: the parts of a Location, kept as fields because one is kept per rule and proposal.
    file: str
    line: int
    column: int
    path: YamlPath = ()
    reason: str = ""  # why the rule was not applicable
    needs_confirmation: bool = False  # passed on an attributed statement a person must confirm
    waiver: WaiverUse | None = None  # the waiver written for this failure, and whether it holds
    places: Places | None = None  # where a failure fails, when that is more than `location`

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column, self.path)

    @property
    def rule_id(self) -> str:
        return self.rule.id

    @property
    def title(self) -> str:
        return self.rule.title

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def reference(self) -> Reference:
        return self.rule.reference

    @property
    def remediation(self) -> str:
        return self.rule.remediation

    @property
    def waived(self) -> bool:
        return self.waiver is not None and self.waiver.status is WaiverStatus.ACTIVE

    @property
    def failing(self) -> bool:
        """A failure that counts: failed, and not waived."""
        return self.outcome is Outcome.FAIL and not self.waived

    def fails_at(self, threshold: Severity | None) -> bool:
        """A failure that counts and is at or above the threshold (--fail-on; None: never)."""
        return self.failing and threshold is not None and self.severity.rank >= threshold.rank


@dataclass(frozen=True, slots=True)
class InputProblem:
    """Something that stopped a file from being checked: unreadable, bad YAML, or off-format."""

    stage: str  # "read", "yaml" or "schema"
    message: str
    location: Location


@dataclass(frozen=True, slots=True)
class KeyDate:
    label: str
    day: date
    source: str  # the proposal field it comes from, or how it was worked out


@dataclass(frozen=True, slots=True)
class ProjectFacts:
    """What a report says about the project itself, taken from the proposal once."""

    title: str
    reference: str
    project_type: str
    stage: str
    start_date: date
    end_date: date
    parties: tuple[tuple[str, str], ...]  # (name, kind)
    key_dates: tuple[KeyDate, ...]
    reference_at: tuple[int, int] = (1, 1)  # line and column of project.reference


@dataclass(slots=True)
class FileResult:
    display_name: str
    findings: list[Finding] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    sha256: str = ""
    project: ProjectFacts | None = None
    waivers: list[WaiverUse] = field(default_factory=list)  # every waiver for this proposal

    def count(self, outcome: Outcome) -> int:
        return sum(1 for f in self.findings if f.outcome is outcome)

    def waived(self) -> int:
        return sum(1 for f in self.findings if f.waived)

    def refused_waivers(self) -> list[WaiverUse]:
        return [w for w in self.waivers if w.status is WaiverStatus.REFUSED]


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A rule as reports describe it (SARIF rule descriptors, checklists, rule listings)."""

    id: str
    title: str
    severity: Severity
    reference: Reference
    rationale: str
    remediation: str
    implements: tuple[str, ...]
    judgement: bool = False  # passes on an attributed statement a person must confirm


@dataclass(frozen=True, slots=True)
class RuleChange:
    """A rule whose severity configuration changes, or that configuration disables."""

    rule_id: str
    original: Severity
    severity: Severity | None  # None: disabled
    reason: str
    source: str  # where the change is made, such as collabcheck.toml:12

    def __str__(self) -> str:
        if self.severity is None:
            return f"{self.rule_id} disabled (was {self.original})"
        return f"{self.rule_id} {self.original} -> {self.severity}"


@dataclass(frozen=True, slots=True)
class PackInfo:
    name: str
    version: str
    sha256: str
    rule_count: int
    title: str = ""
    rules: tuple[RuleInfo, ...] = ()
    packs: tuple[PackInfo, ...] = ()  # the packs combined, when a run uses more than one
    changes: tuple[RuleChange, ...] = ()  # severity overrides and disabled rules

    def label(self) -> str:
        """`rule pack abpi-2024 1.0.0`, or `rule packs abpi-2024 1.0.0 + acme 0.1.0`."""
        if not self.packs:
            return f"rule pack {self.name} {self.version}"
        return "rule packs " + " + ".join(f"{p.name} {p.version}" for p in self.packs)
