"""Field types shared by the proposal format."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from collabcheck.proposal.checks import to_date

Date = Annotated[date, BeforeValidator(to_date)]
Money = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class Section(BaseModel):
    """Every part of a proposal: strict types, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Attestation(Section):
    """A judgement a machine cannot make, stated in words and attributed to a person."""

    statement: str
    by: str = Field(description="Name and role of the person who makes the statement.")
    date: Date | None = None
