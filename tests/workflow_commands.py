"""What the GitHub Actions runner would act on in a step's output: a test helper that follows
the runner's own parsing (actions/runner, ActionCommand.TryParseV2 and TryParse), made stricter
where that makes the tests stronger.

- The output is split into lines at LF, CR or CRLF, as the runner reads them.
- `::NAME ...::DATA`: a line that starts, after leading white space, with `::` and holds a
  second `::`. The runner trims .NET white space; str.lstrip trims a little more (\\x1c-\\x1f),
  so this finds every command the runner would.
- `##[NAME ...]DATA`: `##[` anywhere in a line, with a `]` after it. The runner looks at the
  first `##[` of a line only; every one is reported here.

Any name counts, registered or not: `::stop-commands::TOKEN` makes TOKEN a command name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINES = re.compile(r"\r\n|\r|\n")
_SQUARE = re.compile(r"##\[([^\]]*)\]")


@dataclass(frozen=True)
class Command:
    form: str  # "::" or "##["
    name: str
    line: str

    def __repr__(self) -> str:
        return f"{self.form}{self.name} in {self.line!r}"


def workflow_commands(output: str) -> list[Command]:
    """Every workflow command the runner could act on in `output`, in order."""
    found: list[Command] = []
    for line in _LINES.split(output):
        trimmed = line.lstrip()
        if trimmed.startswith("::"):
            end = trimmed.find("::", 2)
            if end >= 0:
                found.append(Command("::", trimmed[2:end].split(" ", 1)[0], line))
        found.extend(Command("##[", m[1].split(" ", 1)[0], line) for m in _SQUARE.finditer(line))
    return found


OWN = re.compile(r"::(error|warning|notice) file=[^:,]*,line=\d+,col=\d+,title=[^:,]*::[^\r\n]*")


def assert_no_workflow_commands(output: str, what: str = "output") -> None:
    """No line of `output` is, or holds, a workflow command."""
    assert workflow_commands(output) == [], f"workflow commands in the {what}"


def assert_only_own_commands(output: str) -> list[str]:
    """The github format: its own annotations, one a line, and no other command at all; the
    annotation lines are returned."""
    commands = workflow_commands(output)
    assert all(c.form == "::" for c in commands), [c for c in commands if c.form != "::"]
    for command in commands:
        assert OWN.fullmatch(command.line), f"not one of collabcheck's annotations: {command}"
    return [c.line for c in commands]
