"""What a validate run is asked to do, and the exit codes it answers with.

Kept free of heavy imports, so the command line can parse options without loading the engine.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal, TextIO

FailOn = Literal["error", "warning", "info", "never"]

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_INVALID = 2


@dataclass(frozen=True)
class Output:
    format: str
    path: str | None = None  # None: standard output


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
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
