"""What a validate run is asked to do, and the exit codes it answers with.

Kept free of heavy imports, so the command line can parse options without loading the engine.
"""

import os
import sys
from datetime import date
from pathlib import Path
from typing import Final, Literal, TextIO

from collabcheck.common.records import Record

FailOn = Literal["error", "warning", "info", "never"]
# --color: auto follows the terminal and NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE.
Colour = Literal["auto", "always", "never"]

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_INVALID = 2


# Records are NamedTuples, and Options a plain class: a frozen dataclass costs about 0.7 ms to
# create at import, ten times as much, and every run imports these.


class Output(Record):
    format: str
    path: str | None = None  # None: standard output


class RuleSetting(Record):
    """A severity override (`severity` set) or a disabled rule (`severity` None)."""

    rule_id: str
    severity: str | None
    reason: str
    file: str  # where it is set, for messages and for `collabcheck config`
    line: int = 0  # 0: not known

    @property
    def source(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


class PackSelection(Record):
    """Which rule packs a run uses, and what configuration changes in their rules."""

    builtin: bool = True
    extra: tuple[Path, ...] = ()  # other pack folders, after the built-in one
    settings: tuple[RuleSetting, ...] = ()  # severity overrides and disabled rules

    def directories(self, builtin_dir: Path) -> list[Path]:
        """The pack folders in order, each once."""
        found: list[Path] = []
        seen: set[Path] = set()
        for directory in ([builtin_dir] if self.builtin else []) + list(self.extra):
            try:
                key = directory.resolve()
            except (OSError, RuntimeError):  # a symbolic link loop: loading it will say so
                key = Path(os.path.abspath(directory))
            if key not in seen:
                seen.add(key)
                found.append(directory)
        return found


class Options:
    """What one validate run is asked to do (read-only once made)."""

    __slots__ = (
        "as_of",
        "collector_paused",
        "colour",
        "exclude",
        "fail_on",
        "jobs",
        "only_proposals",
        "outputs",
        "packs",
        "paths",
        "quiet",
        "rules",
        "settings_files",
        "stderr",
        "stdin_name",
        "stdout",
        "use_waivers",
        "verbose",
        "waiver_files",
    )

    def __init__(
        self,
        paths: list[str],
        as_of: date,
        rules: Path | None = None,
        fail_on: FailOn = "error",
        quiet: bool = False,
        outputs: tuple[Output, ...] = (Output("text"),),
        jobs: int = 1,
        waiver_files: tuple[str, ...] = (),
        use_waivers: bool = True,
        settings_files: tuple[str, ...] = (),
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        packs: PackSelection | None = None,
        collector_paused: bool = False,
        verbose: bool = False,
        colour: Colour = "auto",
        stdin_name: str | None = None,
        exclude: tuple[str, ...] = (),
        only_proposals: bool = False,
    ) -> None:
        self.paths: Final = paths
        self.as_of: Final = as_of
        self.rules: Final = rules
        self.fail_on: Final = fail_on
        self.quiet: Final = quiet
        self.outputs: Final = outputs
        self.jobs: Final = jobs
        self.waiver_files: Final = waiver_files
        # False: the audit view, every failure as if nothing were waived.
        self.use_waivers: Final = use_waivers
        # The configuration read, which no report may replace.
        self.settings_files: Final = settings_files
        # The streams as they are when the run is made (a test may have replaced them).
        self.stdout: Final = sys.stdout if stdout is None else stdout
        self.stderr: Final = sys.stderr if stderr is None else stderr
        self.packs: Final = packs  # None: the pack in `rules`, or the built-in one
        # The launcher turned the cycle collector off for start-up: the run turns it back on,
        # with what start-up built set aside, before the first proposal is read.
        self.collector_paused: Final = collector_paused
        # Every outcome of several files, and each file a search skipped.
        self.verbose: Final = verbose
        self.colour: Final = colour
        self.stdin_name: Final = stdin_name  # --stdin-filename: standard input's name in reports
        self.exclude: Final = exclude  # --exclude: globs left out of directory searches
        # Named files too are checked only if they are proposals (top-level format_version), as
        # in a directory search, and a run that finds no proposal passes: for pre-commit, which
        # names every YAML file a commit changes.
        self.only_proposals: Final = only_proposals

    def selection(self) -> PackSelection:
        if self.packs is not None:
            return self.packs
        return PackSelection(False, (self.rules,)) if self.rules else PackSelection()
