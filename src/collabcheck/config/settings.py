"""What a validate run is asked to do, and the exit codes it answers with.

Kept free of heavy imports, so the command line can parse options without loading the engine.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal, TextIO

FailOn = Literal["error", "warning", "info", "never"]
# --color: auto follows the terminal and NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE.
Colour = Literal["auto", "always", "never"]

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_INVALID = 2


@dataclass(frozen=True)
class Output:
    format: str
    path: str | None = None  # None: standard output


@dataclass(frozen=True)
class RuleSetting:
    """A severity override (`severity` set) or a disabled rule (`severity` None)."""

    rule_id: str
    severity: str | None
    reason: str
    file: str  # where it is set, for messages and for `collabcheck config`
    line: int = 0  # 0: not known

    @property
    def source(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class PackSelection:
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


@dataclass(frozen=True)
class Options:
    paths: list[str]
    as_of: date
    rules: Path | None = None
    fail_on: FailOn = "error"
    quiet: bool = False
    outputs: tuple[Output, ...] = (Output("text"),)
    jobs: int = 1
    waiver_files: tuple[str, ...] = ()
    use_waivers: bool = True  # False: the audit view, every failure as if nothing were waived
    settings_files: tuple[str, ...] = ()  # the configuration read, which no report may replace
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    packs: PackSelection | None = None  # None: the pack in `rules`, or the built-in one
    # The launcher turned the cycle collector off for start-up: the run turns it back on, with
    # what start-up built set aside, before the first proposal is read.
    collector_paused: bool = False
    verbose: bool = False  # every outcome of several files, and each file a search skipped
    colour: Colour = "auto"
    stdin_name: str | None = None  # --stdin-filename: standard input's name in reports
    exclude: tuple[str, ...] = ()  # --exclude: globs left out of directory searches
    # Named files too are checked only if they are proposals (top-level format_version), as in
    # a directory search, and a run that finds no proposal passes: for pre-commit, which names
    # every YAML file a commit changes.
    only_proposals: bool = False

    def selection(self) -> PackSelection:
        if self.packs is not None:
            return self.packs
        return PackSelection(False, (self.rules,)) if self.rules else PackSelection()
