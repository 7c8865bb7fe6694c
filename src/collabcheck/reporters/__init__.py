"""Reporters: one module per output format, chosen by name from a plain registry.

Each module is imported only when its format is asked for, so a run never pays for the
libraries of formats it does not write.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TextIO

from collabcheck.results import FileResult, PackInfo

REPORTERS: dict[str, str] = {
    "text": "collabcheck.reporters.text",
    "json": "collabcheck.reporters.json_report",
}


@dataclass(frozen=True)
class Report:
    files: list[FileResult]
    pack: PackInfo
    as_of: date
    version: str
    quiet: bool = False


class _Reporter(Protocol):
    def render(self, report: Report, stream: TextIO) -> None: ...


def render(name: str, report: Report, stream: TextIO) -> None:
    module: _Reporter = importlib.import_module(REPORTERS[name])
    module.render(report, stream)
