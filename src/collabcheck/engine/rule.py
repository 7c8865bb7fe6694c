"""Rule format v1: a rule pack's manifest and its rules, as pydantic models."""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from collabcheck.engine.conditions import OPERATORS, Condition
from collabcheck.proposal.checks import RULE_ID
from collabcheck.proposal.vocabulary import CLAUSE_20_TYPES, ProjectType, Stage


class _Strict(BaseModel):
    # A file's models are turned into plain data through JSON (engine/specs.py): a number too
    # large for a float (1e999) is written as Infinity, which reads back the same, not null.
    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, ser_json_inf_nan="constants"
    )


class Reference(_Strict):
    edition: str
    clause: str
    part: Literal["main_text", "supplementary_information", "guidance", "law", "good_practice"]
    source_url: str = Field(pattern=r"^https?://")
    verified: bool = True
    note: str = ""


class AppliesTo(_Strict):
    # Left out: the Clause 20 types, or every type for a rule that binds any company activity.
    project_types: list[ProjectType] = Field(default=list(CLAUSE_20_TYPES), min_length=1)
    stages: list[Stage] = Field(default=list(get_args(Stage)), min_length=1)


class Rule(_Strict):
    id: str = Field(pattern=RULE_ID)
    title: str
    severity: Literal["error", "warning", "info"]
    reference: Reference
    rationale: str
    remediation: str
    message: str
    implements: list[str] = Field(min_length=1)
    applies_to: AppliesTo = AppliesTo()
    when: Condition | None = None
    check: Condition
    judgement: bool = False  # the check finds an attributed statement; a person must confirm it
    # Rules that must pass for this one to apply (e.g. the ABPI Code applying at all): when one
    # fails, this rule is not applicable and names it.
    requires: list[str] = []
    # Whether a governance board may waive a failure of this rule. Left out: yes, unless the rule
    # enforces the law or the Code's main text at error level.
    waivable: bool | None = None
    # The rule binds any company activity, not only collaborative working: it applies to every
    # project type, other_arrangement included, and no gate silences it.
    any_activity: bool = False

    @model_validator(mode="before")
    @classmethod
    def _any_activity_applies_to_every_type(cls, data: Any) -> Any:
        if not (isinstance(data, dict) and data.get("any_activity") is True):
            return data
        given = data.get("applies_to", {})
        if not isinstance(given, dict):
            return data  # not a mapping: the field's own check says so
        every_type = list(get_args(ProjectType))
        # A list of every type says the same as leaving it out, and is what this validator
        # itself fills in: a rule read back from the pack cache carries it.
        types = given.get("project_types", every_type)
        if not (isinstance(types, list) and sorted(map(str, types)) == sorted(every_type)):
            raise ValueError(
                "a rule with any_activity: true applies to every project type: leave out "
                "applies_to.project_types"
            )
        return {**data, "applies_to": {**given, "project_types": every_type}}

    @property
    def binding(self) -> bool:
        """Enforces the law or the Code's mandatory text: no board can waive it."""
        return self.severity == "error" and self.reference.part in ("law", "main_text")

    @model_validator(mode="after")
    def _unverified_is_not_an_error(self) -> Rule:
        if not self.reference.verified and self.severity == "error":
            raise ValueError(
                "a rule whose reference is unverified must be a warning or info, not an error"
            )
        if self.waivable and self.binding:
            raise ValueError(
                f"waivable: true is not allowed on an error-level rule citing the "
                f"{self.reference.part.replace('_', ' ')}: a governance board cannot waive the "
                "law or the Code's mandatory text"
            )
        return self


class RuleFile(_Strict):
    rules: list[Rule] = Field(min_length=1)


class NotCheckable(_Strict):
    requirement: str
    reason: str


class Requirement(_Strict):
    """One requirement of the source a pack implements (its requirements.yaml)."""

    id: str = Field(pattern=RULE_ID)
    title: str
    edition: str  # the document and edition the clause is in
    clause: str
    obligation: Literal["mandatory", "guidance"]
    stages: list[Literal["proposal", "before_start", "during", "completion", "annual"]] = Field(
        min_length=1
    )


class RequirementsFile(_Strict):
    requirements: list[Requirement] = Field(min_length=1)


class PackManifest(_Strict):
    name: str = Field(pattern=RULE_ID)
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    title: str
    description: str = ""
    # Rules checked first: if one fails, the proposal is not what the pack is for, and the
    # other rules are reported as not applicable instead of being half-checked.
    gates: list[str] = []
    # Requirements the pack's source lists that cannot be decided from a proposal, and why.
    not_checkable: list[NotCheckable] = []


_FORMS = {
    "id": "lower-case words joined by hyphens, such as summary-published-before-start",
    "name": "lower-case words joined by hyphens, such as abpi-2024",
    "version": "three numbers such as 1.0.0",
    "source_url": "a web address starting with https:// or http://",
}


def explain_rule_error(error: dict[str, Any]) -> str | None:
    """Wording for rule-file mistakes that pydantic's own messages explain badly."""
    from collabcheck.common.suggest import suggest
    from collabcheck.loading.schema_errors import describe_value, where

    value, at = error.get("input"), where(error)
    if error["type"] == "string_pattern_mismatch" and error["loc"]:
        form = _FORMS.get(str(error["loc"][-1]))
        return f"{at}: {describe_value(value)} must be {form}" if form else None
    if error["type"] != "condition_shape":
        return None
    names = list(OPERATORS)
    if isinstance(value, dict) and len(value) == 1:
        tag = str(next(iter(value)))
        return (
            f"{at}: unknown operator {tag!r}{suggest(tag, names)} (operators: {', '.join(names)})"
        )
    if isinstance(value, dict):
        keys = ", ".join(map(str, value)) or "none"
        return (
            f"{at}: a condition has exactly one operator, but this one has {len(value)} "
            f"({keys}); combine conditions with all: or any:"
        )
    return f"{at}: expected a condition (a mapping with one operator), got {describe_value(value)}"
