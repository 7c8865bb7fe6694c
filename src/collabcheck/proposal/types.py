"""Field types shared by the proposal format."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

RULE_ID = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _to_date(value: Any) -> Any:
    if isinstance(value, str):
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2025-04-01")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value} is not a real calendar date") from None
    return value


_PLACEHOLDER = re.compile(
    r"(?i)^\W*(tbc|tbd|tba|n\.?/?a\.?|none|nil|todo|to ?do|xxx+|placeholder|lorem ipsum.*"
    r"|to be (confirmed|decided|agreed|added))\W*$"
)


def is_placeholder(text: str) -> bool:
    """Empty, a stock placeholder, or nothing but punctuation and symbols (`—`, `***`, `/`)."""
    stripped = text.strip()
    wordless = not stripped[:1].isalnum() and not any(ch.isalnum() for ch in stripped)
    return wordless or bool(_PLACEHOLDER.match(stripped))


Date = Annotated[date, BeforeValidator(_to_date)]
Money = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class Section(BaseModel):
    """Every part of a proposal: strict types, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Attestation(Section):
    """A judgement a machine cannot make, stated in words and attributed to a person."""

    statement: str
    by: str = Field(description="Name and role of the person who makes the statement.")
    date: Date | None = None
