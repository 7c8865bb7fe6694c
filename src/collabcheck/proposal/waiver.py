"""A waiver as a proposal or a waiver file writes it: a governance board's recorded decision to
accept one rule's failure, with its justification, approver and dates."""

from __future__ import annotations

import re
from typing import Annotated, TypeVar

from pydantic import AfterValidator, Field, model_validator

from collabcheck.common.yamlpath import YAML_PATH_PATTERN, parse_yaml_path
from collabcheck.proposal.types import RULE_ID, Date, Section, is_placeholder


def _written(value: str) -> str:
    if is_placeholder(value):
        raise ValueError(
            f"{value.strip()[:40]!r} is not a record: write it out in words, because a waiver is a "
            "decision the board can be held to"
        )
    return value


def _rule_id(value: str) -> str:
    if not re.fullmatch(RULE_ID, value):
        raise ValueError(
            f"{value[:60]!r} is not a rule id: ids are lower-case words joined by hyphens, such "
            "as outcomes-measured (collabcheck rules list shows them all)"
        )
    return value


W = TypeVar("W", bound="Waiver")


def one_waiver_each(waivers: list[W]) -> list[W]:
    """Refuses two waivers for the same decision: the same rule and place (and, in a waiver
    file, the same project)."""
    seen: dict[tuple[str | None, str, str | None], int] = {}
    for i, waiver in enumerate(waivers):
        project = getattr(waiver, "project", None)
        key = (project, waiver.rule, waiver.path)
        if key in seen:
            raise ValueError(
                f"waivers[{seen[key]}] and waivers[{i}] both waive {waiver.rule}"
                + (f" for project {project}" if project else "")
                + (f" at {waiver.path}" if waiver.path else "")
                + ": keep one entry per decision"
            )
        seen[key] = i
    return waivers


Written = Annotated[str, AfterValidator(_written)]


def _yaml_path(value: str) -> str:
    if parse_yaml_path(value) is None:
        raise ValueError(
            f"{value!r} is not a YAML path: write it like outcomes.measures[0].baseline"
        )
    return value


class WaiverApprover(Section):
    name: Written
    role: Written


class Waiver(Section):
    rule: Annotated[str, AfterValidator(_rule_id)]
    path: (
        Annotated[
            str,
            AfterValidator(_yaml_path),
            Field(json_schema_extra={"pattern": YAML_PATH_PATTERN}),
        ]
        | None
    ) = None
    justification: Written
    approved_by: WaiverApprover
    approved_on: Date
    expires_on: Date
    reference: Written

    @model_validator(mode="after")
    def _expires_after_approval(self) -> Waiver:
        if self.expires_on < self.approved_on:
            raise ValueError(
                f"the waiver expires ({self.expires_on}) before it was approved "
                f"({self.approved_on})"
            )
        return self
