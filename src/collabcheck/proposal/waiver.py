"""A waiver as a proposal or a waiver file writes it: a governance board's recorded decision to
accept one rule's failure, with its justification, approver and dates."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from collabcheck.common.yamlpath import YAML_PATH_PATTERN
from collabcheck.proposal.checks import rule_id, waiver_dates_in_order, written, yaml_path
from collabcheck.proposal.types import Date, Section

Written = Annotated[str, AfterValidator(written)]


class WaiverApprover(Section):
    name: Written
    role: Written


class Waiver(Section):
    rule: Annotated[str, AfterValidator(rule_id)]
    path: (
        Annotated[
            str,
            AfterValidator(yaml_path),
            Field(json_schema_extra={"pattern": YAML_PATH_PATTERN}),
        ]
        | None
    ) = None
    justification: Written
    approved_by: WaiverApprover
    approved_on: Date
    expires_on: Date
    reference: Written

    _dates_in_order = model_validator(mode="after")(waiver_dates_in_order)
