"""Rule cases: small proposals that show each rule passing, failing and not applying.

A pack keeps its cases beside its rule files, one folder per rule and outcome:
`cases/<rule-id>/{pass,fail,not_applicable}/<name>.yaml`. Each case starts with a header:

    # <one line: what this case shows>
    # expect: pass | fail at LINE:COLUMN | not_applicable
    # as-of: YYYY-MM-DD        (optional; the run date, 2026-11-22 when absent)

`run_pack_tests` checks every case against its rule and lists the rules that lack a pass or a
fail case, so an organisation can test its own rules the way the built-in pack is tested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from collabcheck.config.settings import EXIT_FAILURES, EXIT_INVALID, EXIT_OK
from collabcheck.loading.inputs import PROPOSAL_SUFFIXES, ReadError, read_text
from collabcheck.pipeline import check_file
from collabcheck.results import Finding, Outcome, PackInfo
from collabcheck.rulepacks.load import Pack

CASES = "cases"
DEFAULT_AS_OF = date(2026, 11, 22)
OUTCOME_FOLDERS = {
    "pass": Outcome.PASS,
    "fail": Outcome.FAIL,
    "not_applicable": Outcome.NOT_APPLICABLE,
}
REQUIRED_OUTCOMES = ("pass", "fail")

_EXPECT = re.compile(r"#\s*expect:\s*(?P<outcome>pass|fail|not_applicable)(?:\s+at\s+(?P<at>\S+))?")
_AS_OF = re.compile(r"#\s*as-of:\s*(?P<day>\d{4}-\d{2}-\d{2})")
_AT = re.compile(r"(?P<line>[1-9][0-9]*):(?P<column>[1-9][0-9]*)")
_MODELINE = re.compile(r"#\s*yaml-language-server:")


class CaseError(ValueError):
    """A case whose header is missing or malformed, or that cannot be read."""

    def __init__(self, message: str, file: str, line: int = 1) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.message = message
        self.file = file
        self.line = line


@dataclass(frozen=True)
class Expectation:
    outcome: Outcome
    at: tuple[int, int] | None
    as_of: date
    description: str  # the first comment line: what the case shows

    def __str__(self) -> str:
        return _shown(self.outcome, self.at)


def _shown(outcome: Outcome, at: tuple[int, int] | None) -> str:
    name = "not applicable" if outcome is Outcome.NOT_APPLICABLE else outcome.value
    return f"{name} at {at[0]}:{at[1]}" if at else name


def _is_directive(line: str, name: str) -> bool:
    return line.startswith(f"# {name}") or line.startswith(f"#{name}")


def _as_of(line: str) -> date | None:
    match = _AS_OF.fullmatch(line)
    if match is None:
        return None
    try:
        return date.fromisoformat(match["day"])
    except ValueError:
        return None


def parse_header(text: str, file: str) -> Expectation:
    """Read a case's leading comment block; raise CaseError if it is missing or malformed.

    A `# yaml-language-server: $schema=...` line may come first; it is not the description.
    """
    lines = text.splitlines()
    start = 1 if lines and _MODELINE.match(lines[0].strip()) else 0
    first = lines[start].strip() if len(lines) > start else ""
    if not first.startswith("#") or _is_directive(first, "expect") or _is_directive(first, "as-of"):
        raise CaseError(
            "the first line must be a comment saying what the case shows, such as "
            "'# The agreement was signed after the start date.'",
            file,
            start + 1,
        )
    description = first.lstrip("#").strip()
    outcome: Outcome | None = None
    at: tuple[int, int] | None = None
    as_of = DEFAULT_AS_OF
    for number, raw in enumerate(lines[start:], start=start + 1):
        line = raw.strip()
        if not line.startswith("#"):
            break
        if _is_directive(line, "expect"):
            match = _EXPECT.fullmatch(line)
            if match is None:
                raise CaseError(
                    f"malformed expect line {line!r}: write '# expect: pass', "
                    "'# expect: fail at LINE:COLUMN' or '# expect: not_applicable'",
                    file,
                    number,
                )
            if outcome is not None:
                raise CaseError("more than one '# expect:' line", file, number)
            outcome = Outcome(match["outcome"])
            if match["at"] is not None:
                position = _AT.fullmatch(match["at"])
                if position is None:
                    raise CaseError(
                        f"write the location as LINE:COLUMN, such as 23:18, not {match['at']!r}",
                        file,
                        number,
                    )
                at = (int(position["line"]), int(position["column"]))
        elif _is_directive(line, "as-of"):
            day = _as_of(line)
            if day is None:
                raise CaseError(
                    f"malformed as-of line {line!r}: write '# as-of: YYYY-MM-DD' with a real "
                    "calendar date",
                    file,
                    number,
                )
            as_of = day
    if outcome is None:
        raise CaseError(
            "no '# expect:' line in the header comments at the top of the case", file, start + 1
        )
    if outcome is Outcome.FAIL and at is None:
        raise CaseError(
            "a fail case must say where the rule fails: '# expect: fail at LINE:COLUMN'",
            file,
            start + 1,
        )
    if outcome is not Outcome.FAIL and at is not None:
        raise CaseError("only fail cases give a location: remove 'at LINE:COLUMN'", file, start + 1)
    return Expectation(outcome, at, as_of, description)


def read_header(path: Path) -> Expectation:
    try:
        text = read_text(str(path))
    except ReadError as exc:
        raise CaseError(exc.message, str(path), exc.line) from None
    return parse_header(text, str(path))


def cases_dir(pack_dir: Path) -> Path:
    return pack_dir / CASES


def _visible(path: Path, root: Path) -> bool:
    return not any(part.startswith(".") for part in path.relative_to(root).parts)


def case_files(root: Path) -> list[Path]:
    """Every file at `<rule-id>/<outcome>/<name>.yaml` under the cases folder, sorted."""
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.glob("*/*/*")
        if p.suffix in PROPOSAL_SUFFIXES and p.is_file() and _visible(p, root)
    )


def display(path: Path) -> str:
    """A path as the user can open it: relative to the current folder when it is inside it."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


def case_id(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.parent.name}/{path.stem}"


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


def _finding_for(findings: list[Finding], rule_id: str) -> Finding | None:
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
            path, rule_id, Status.ERROR, _shown(expected_folder, None), message=str(exc)
        )
    if expected.outcome is not expected_folder:
        return CaseResult(
            path,
            rule_id,
            Status.ERROR,
            str(expected),
            message=(
                f"the header expects {_shown(expected.outcome, None)} but the case is in "
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
    actual = _shown(finding.outcome, at if finding.outcome is Outcome.FAIL else None)
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


def _gaps(rule_ids: list[str], root: Path, files: list[Path]) -> list[Gap]:
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
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and _visible(p, root)):
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
        if p.is_file() and _visible(p, root) and p not in running
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
    test.gaps = _gaps(own, root, files)
    return test


def exit_code(test: PackTest) -> int:
    if test.count(Status.ERROR):
        return EXIT_INVALID
    if test.count(Status.FAIL) or test.gaps:
        return EXIT_FAILURES
    return EXIT_OK
