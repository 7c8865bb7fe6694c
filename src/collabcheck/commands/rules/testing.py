"""`collabcheck rules test`: run every rule case against its rule, and list the rules that lack a
pass or a fail case, so an organisation can test its own rules the way the built-in pack is
tested. The cases and their headers are read by rulepacks/cases.py."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from rich.text import Text

from collabcheck.commands.rules.common import Streams, console_on, error, load, plural
from collabcheck.common.escape import inert
from collabcheck.config.settings import EXIT_FAILURES, EXIT_INVALID, EXIT_OK, PackSelection
from collabcheck.pipeline import check_file
from collabcheck.results import Finding, Outcome, PackInfo
from collabcheck.rulepacks.cases import (
    OUTCOME_FOLDERS,
    REQUIRED_OUTCOMES,
    CaseError,
    case_files,
    cases_dir,
    display,
    read_header,
    shown_outcome,
    visible,
)
from collabcheck.rulepacks.pack import Pack


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"  # the case could not be run


@dataclass(frozen=True)
class CaseResult:
    path: Path
    rule_id: str
    status: Status
    expected: str  # e.g. "fail at 23:18"
    actual: str = ""  # e.g. "pass"; empty when the case could not be run
    message: str = ""  # the finding's message or reason, or why the case could not be run


class GapKind(StrEnum):
    MISSING = "missing"  # a rule without a pass or a fail case
    UNUSED = "unused"  # a file or folder under cases/ that is never run


@dataclass(frozen=True)
class Gap:
    kind: GapKind
    where: str
    message: str


@dataclass
class PackTest:
    pack: Pack
    cases_dir: Path
    results: list[CaseResult] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    info: PackInfo | None = None  # the pack tested, when it is one of several in `pack`

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status is status)


def _finding_for(findings: Iterable[Finding], rule_id: str) -> Finding | None:
    matching = [f for f in findings if f.rule_id == rule_id]
    return matching[0] if len(matching) == 1 else None


def run_case(path: Path, rule_id: str, pack: Pack) -> CaseResult:
    """Check one case against its rule: outcome, and for a failure the exact line:column."""
    folder = path.parent.name
    expected_folder = OUTCOME_FOLDERS.get(folder)
    if expected_folder is None:
        return CaseResult(
            path,
            rule_id,
            Status.ERROR,
            "?",
            message=f"cases go in pass/, fail/ or not_applicable/, not {folder}/",
        )
    try:
        expected = read_header(path)
    except CaseError as exc:
        return CaseResult(
            path, rule_id, Status.ERROR, shown_outcome(expected_folder, None), message=str(exc)
        )
    if expected.outcome is not expected_folder:
        return CaseResult(
            path,
            rule_id,
            Status.ERROR,
            str(expected),
            message=(
                f"the header expects {shown_outcome(expected.outcome, None)} but the case is in "
                f"{folder}/: move the file or correct its '# expect:' line"
            ),
        )
    result = check_file(str(path), pack, expected.as_of)
    if result.problems:
        shown = "; ".join(f"{p.location}: {p.message}" for p in result.problems[:3])
        more = len(result.problems) - 3
        return CaseResult(
            path,
            rule_id,
            Status.ERROR,
            str(expected),
            message=f"not a valid proposal: {shown}" + (f" (and {more} more)" if more > 0 else ""),
        )
    finding = _finding_for(result.findings, rule_id)
    if finding is None:
        return CaseResult(
            path, rule_id, Status.ERROR, str(expected), message=f"no rule {rule_id!r} in the pack"
        )
    if finding.outcome is Outcome.ERROR:
        return CaseResult(path, rule_id, Status.ERROR, str(expected), message=finding.message)
    at = (finding.line, finding.column)
    actual = shown_outcome(finding.outcome, at if finding.outcome is Outcome.FAIL else None)
    message = finding.reason if finding.outcome is Outcome.NOT_APPLICABLE else finding.message
    ok = finding.outcome is expected.outcome and (expected.at is None or at == expected.at)
    if ok and finding.outcome is Outcome.NOT_APPLICABLE and not finding.reason.strip():
        return CaseResult(
            path,
            rule_id,
            Status.FAIL,
            str(expected),
            actual,
            "the rule is not applicable but gives no reason",
        )
    return CaseResult(
        path, rule_id, Status.PASS if ok else Status.FAIL, str(expected), actual, message
    )


def case_gaps(rule_ids: list[str], root: Path, files: list[Path]) -> list[Gap]:
    """The rules without a pass or a fail case, and the files and folders never run."""
    gaps: list[Gap] = []
    for rule_id in rule_ids:
        for outcome in REQUIRED_OUTCOMES:
            if not any(p.parent == root / rule_id / outcome for p in files):
                gaps.append(
                    Gap(
                        GapKind.MISSING,
                        rule_id,
                        f"the rule has no {outcome} case: add one at "
                        f"{display(root / rule_id / outcome / 'NAME.yaml')}",
                    )
                )
    if not root.is_dir():
        return gaps
    known = set(rule_ids)
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and visible(p, root)):
        if folder.name not in known:
            count = sum(1 for p in files if p.parent.parent == folder)
            gaps.append(
                Gap(
                    GapKind.UNUSED,
                    f"{display(folder)}/",
                    f"names no rule in the pack (renamed or removed?), so its {count} "
                    f"case{'s' if count != 1 else ''} {'are' if count != 1 else 'is'} never run",
                )
            )
    running = set(files)
    gaps.extend(
        Gap(
            GapKind.UNUSED, display(p), "not at <rule-id>/<outcome>/<name>.yaml, so it is never run"
        )
        for p in sorted(root.rglob("*"))
        if p.is_file() and visible(p, root) and p not in running
    )
    return gaps


def run_pack_tests(pack: Pack, pack_dir: Path) -> PackTest:
    """Run every case of the pack in `pack_dir`/cases against the loaded pack."""
    root = cases_dir(pack_dir)
    files = case_files(root)
    # With several packs, the rules of this one (cases of another pack's rules are not run).
    own = [c.rule.id for c in pack.rules if pack.homes.get(c.rule.id, pack_dir) == pack_dir]
    known = set(own)
    infos = pack.info.packs
    info = infos[pack.directories.index(pack_dir)] if infos else None
    test = PackTest(pack, root, info=info)
    test.results = [
        run_case(path, path.parent.parent.name, pack)
        for path in files
        if path.parent.parent.name in known
    ]
    test.gaps = case_gaps(own, root, files)
    return test


def exit_code(test: PackTest) -> int:
    if test.count(Status.ERROR):
        return EXIT_INVALID
    if test.count(Status.FAIL) or test.gaps:
        return EXIT_FAILURES
    return EXIT_OK


_CASE_LABELS = {
    Status.PASS: ("PASS", "green"),
    Status.FAIL: ("FAIL", "bold red"),
    Status.ERROR: ("ERROR", "bold magenta"),
}
_GAP_LABELS = {GapKind.MISSING: ("MISSING", "bold red"), GapKind.UNUSED: ("UNUSED", "bold red")}


def summary_line(test: PackTest) -> str:
    info = test.info or test.pack.info
    missing = sum(1 for g in test.gaps if g.kind is GapKind.MISSING)
    unused = sum(1 for g in test.gaps if g.kind is GapKind.UNUSED)
    parts = [
        f"{test.count(Status.PASS)} passed",
        f"{test.count(Status.FAIL)} failed",
        f"{test.count(Status.ERROR)} could not be run",
    ]
    line = f"collabcheck rules test: {', '.join(parts)} in {plural(len(test.results), 'case')}"
    if missing:
        line += f"; {plural(missing, 'missing case')}"
    if unused:
        line += f"; {plural(unused, 'file or folder')} never run"
    return f"{line} · rule pack {info.name} {info.version}"


def _case_lines(result: CaseResult) -> list[Text]:
    label, style = _CASE_LABELS[result.status]
    head = Text(f"{label:<8}", style=style)
    head.append(inert(display(result.path)), style="bold")
    if result.status is Status.ERROR:
        head.append(f"  expected {inert(result.expected)}, could not be run")
    else:
        head.append(f"  expected {inert(result.expected)}, got {inert(result.actual)}")
    if result.status is Status.PASS:
        return [head]
    return [head, Text(f"        {inert(result.message)}")]


def case_report(test: PackTest) -> list[Text]:
    lines: list[Text] = []
    for result in test.results:
        lines.extend(_case_lines(result))
    for gap in test.gaps:
        label, style = _GAP_LABELS[gap.kind]
        line = Text(f"{label:<8}", style=style)
        line.append(inert(gap.where), style="bold")
        line.append(f"  {inert(gap.message)}")
        lines.append(line)
    summary = Text(summary_line(test))
    summary.stylize("bold", 0, len("collabcheck rules test:"))
    lines.append(summary)
    return lines


def run_tests(selection: PackSelection, streams: Streams) -> int:
    """Run the cases of every pack in the selection, each pack with its own summary. Disabled
    rules are tested too: their cases belong to their pack."""
    pack = load(selection, streams, apply_disabled=False)
    if pack is None:
        return EXIT_INVALID
    console = console_on(streams.stdout)
    codes = []
    for directory in pack.directories:
        test = run_pack_tests(pack, directory)
        if not test.cases_dir.is_dir():
            error(
                streams,
                f"no cases folder at {display(test.cases_dir)}: every rule needs a pass and a fail "
                "case there, at cases/<rule-id>/pass/NAME.yaml and cases/<rule-id>/fail/NAME.yaml",
            )
        for line in case_report(test):
            console.print(line)
        codes.append(exit_code(test))
    return EXIT_INVALID if EXIT_INVALID in codes else max(codes)
