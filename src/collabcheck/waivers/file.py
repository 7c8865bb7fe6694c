"""The waiver file format (`--waivers FILE`): the proposal's waiver entries, each naming the
project it is for. Imported only when a waiver file's problems are worded or its schema is
printed or derived: waiver files are checked with waivers/derived.py."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from collabcheck.proposal.checks import exact_version, one_waiver_each
from collabcheck.proposal.types import Section
from collabcheck.proposal.waiver import Waiver


class FileWaiver(Waiver):
    project: str = Field(description="The project.reference of the proposal it is for.")


class WaiverFile(Section):
    waiver_format: Annotated[
        Literal[1],
        BeforeValidator(exact_version),
        Field(description="The version of the waiver file format: exactly `1` for now."),
    ]
    waivers: Annotated[list[FileWaiver], Field(min_length=1), AfterValidator(one_waiver_each)]
