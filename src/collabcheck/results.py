"""The one result model that every reporter reads."""

from array import array
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from enum import StrEnum
from itertools import islice, repeat
from typing import Any, overload

from collabcheck.common.records import Record
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


class Location(Record):
    file: str
    line: int
    column: int
    path: YamlPath = ()

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class Reference(Record):
    edition: str
    clause: str
    part: str
    source_url: str
    verified: bool = True
    note: str = ""

    def __str__(self) -> str:
        text = f"{self.edition}, {self.clause} ({self.part.replace('_', ' ')})"
        return text if self.verified else f"{text}; UNVERIFIED"


class RuleInfo(Record):
    """A rule as reports describe it (SARIF rule descriptors, checklists, rule listings)."""

    id: str
    title: str
    severity: Severity
    reference: Reference
    rationale: str
    remediation: str
    implements: tuple[str, ...]
    judgement: bool = False  # passes on an attributed statement a person must confirm


class Waiver(Record):
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


class WaiverUse(Record):
    """What became of one waiver in one proposal, and why."""

    waiver: Waiver
    status: WaiverStatus
    note: str


class Finding(Record):
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


class InputProblem(Record):
    """Something that stopped a file from being checked: unreadable, bad YAML, or off-format."""

    stage: str  # "read", "yaml" or "schema"
    message: str
    location: Location


class KeyDate(Record):
    label: str
    day: date
    source: str  # the proposal field it comes from, or how it was worked out


class ProjectFacts(Record):
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


class FileResult:
    """One input's result: its findings, or the problems that stopped it from being checked."""

    __slots__ = ("_findings", "display_name", "problems", "project", "sha256", "waivers")

    def __init__(
        self,
        display_name: str,
        findings: Iterable[Finding] = (),
        problems: list[InputProblem] | None = None,
        sha256: str = "",
        project: ProjectFacts | None = None,
        waivers: list[WaiverUse] | None = None,  # every waiver for this proposal
    ) -> None:
        self.display_name = display_name
        self.set_findings(findings)
        self.problems: list[InputProblem] = [] if problems is None else problems
        self.sha256 = sha256
        self.project = project
        self.waivers: list[WaiverUse] = [] if waivers is None else waivers

    @property
    def findings(self) -> "Findings":
        return self._findings

    def set_findings(self, findings: Iterable[Finding]) -> None:
        """Replace the findings, packed into columns (a Findings is kept as it is)."""
        self._findings = findings if isinstance(findings, Findings) else Findings(findings)

    def _fields(self) -> tuple[Any, ...]:
        return (
            self.display_name, self._findings, self.problems, self.sha256, self.project,
            self.waivers,
        )  # fmt: skip

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FileResult):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return "FileResult({})".format(", ".join(map(repr, self._fields())))

    def count(self, outcome: Outcome) -> int:
        return self._findings.count_outcome(outcome)

    def waived(self) -> int:
        return self._findings.waived()

    def refused_waivers(self) -> list[WaiverUse]:
        return [w for w in self.waivers if w.status is WaiverStatus.REFUSED]


_OUTCOMES: tuple[Outcome, ...] = tuple(Outcome)
_CODES = {outcome: i for i, outcome in enumerate(_OUTCOMES)}
# Each sequence of rules the findings of a file are for, by the identities of its rules: every
# file of a run shares one tuple (its values keep those identities from being reused).
_RULES: dict[tuple[int, ...], tuple[RuleInfo, ...]] = {}


class Findings(Sequence[Finding]):
    """A file's findings, kept compactly until the report is written (a run over 10,000
    proposals keeps one finding per rule per proposal): in columns, each finding made again as
    it is read. Immutable: to change a file's findings, use FileResult.set_findings."""

    __slots__ = (
        "_columns",
        "_confirms",
        "_extras",
        "_file",
        "_lines",
        "_outcomes",
        "_rules",
    )

    def __init__(self, findings: Iterable[Finding] = ()) -> None:
        found = list(findings)
        n = len(found)
        transposed: list[tuple[Any, ...]] = list(zip(*found, strict=True))
        (rules, outcomes, messages, files, lines, columns, paths, reasons, confirms, waivers,
         places) = transposed or [()] * len(Finding._fields)  # fmt: skip
        self._rules = _RULES.setdefault(tuple(map(id, rules)), rules)
        self._file: str | tuple[str, ...] = files[0] if n and files.count(files[0]) == n else files
        self._outcomes = bytes(map(_CODES.__getitem__, outcomes))
        self._confirms = bytes(map(bool, confirms))
        numbers = (*lines, *columns)
        try:
            self._lines: Sequence[int] = array("I", numbers)  # every line, then every column
        except OverflowError:  # a line or column that does not fit 32 bits
            self._lines = numbers
        self._columns = (messages, paths, reasons)
        self._extras = (
            None if waivers.count(None) == n and places.count(None) == n else (waivers, places)
        )

    def _make(self, i: int) -> Finding:
        messages, paths, reasons = self._columns
        file = self._file if isinstance(self._file, str) else self._file[i]
        waiver, places = (
            (None, None) if self._extras is None else (self._extras[0][i], self._extras[1][i])
        )
        return Finding(
            self._rules[i], _OUTCOMES[self._outcomes[i]], messages[i], file, self._lines[i],
            self._lines[len(self) + i], paths[i], reasons[i], bool(self._confirms[i]), waiver,
            places,
        )  # fmt: skip

    def __len__(self) -> int:
        return len(self._outcomes)

    @overload
    def __getitem__(self, index: int) -> Finding: ...

    @overload
    def __getitem__(self, index: slice) -> list[Finding]: ...

    def __getitem__(self, index: int | slice) -> Finding | list[Finding]:
        if isinstance(index, slice):
            return [self._make(i) for i in range(len(self))[index]]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("finding index out of range")
        return self._make(index)

    def __iter__(self) -> Iterator[Finding]:
        n = len(self)
        waivers, places = (
            (repeat(None, n), repeat(None, n)) if self._extras is None else self._extras
        )
        return map(
            Finding,
            self._rules,
            map(_OUTCOMES.__getitem__, self._outcomes),
            self._columns[0],
            repeat(self._file, n) if isinstance(self._file, str) else self._file,
            islice(self._lines, n),
            islice(self._lines, n, None),
            self._columns[1],
            self._columns[2],
            map(bool, self._confirms),
            waivers,
            places,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Findings({list(self)!r})"

    def count_outcome(self, outcome: Outcome) -> int:
        return self._outcomes.count(_CODES[outcome])

    def waived(self) -> int:
        if self._extras is None:
            return 0
        return sum(1 for w in self._extras[0] if w is not None and w.status is WaiverStatus.ACTIVE)


class RuleChange(Record):
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


class PackInfo(Record):
    name: str
    version: str
    sha256: str
    rule_count: int
    title: str = ""
    rules: tuple[RuleInfo, ...] = ()
    packs: tuple["PackInfo", ...] = ()  # the packs combined, when a run uses more than one
    changes: tuple[RuleChange, ...] = ()  # severity overrides and disabled rules

    def label(self) -> str:
        """`rule pack abpi-2024 1.0.0`, or `rule packs abpi-2024 1.0.0 + acme 0.1.0`."""
        if not self.packs:
            return f"rule pack {self.name} {self.version}"
        return "rule packs " + " + ".join(f"{p.name} {p.version}" for p in self.packs)
