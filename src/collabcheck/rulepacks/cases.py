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
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from collabcheck.loading.inputs import PROPOSAL_SUFFIXES, ReadError, read_text
from collabcheck.results import Outcome

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
        return shown_outcome(self.outcome, self.at)


def shown_outcome(outcome: Outcome, at: tuple[int, int] | None) -> str:
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


def visible(path: Path, root: Path) -> bool:
    return not any(part.startswith(".") for part in path.relative_to(root).parts)


def case_files(root: Path) -> list[Path]:
    """Every file at `<rule-id>/<outcome>/<name>.yaml` under the cases folder, sorted."""
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.glob("*/*/*")
        if p.suffix in PROPOSAL_SUFFIXES and p.is_file() and visible(p, root)
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
