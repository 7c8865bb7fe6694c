"""Plain YAML values -> a valid proposal as plain data, or plain-English schema errors with
their positions.

A proposal is checked with the validator derived from the models (proposal/derived_validator.py),
and a valid one is the plain data it returns: dicts, lists, text, numbers, booleans and dates,
equal to what the models' `model_dump()` gives, which is what the rules and reports read. Only
the problems of an invalid proposal are worded with the models, which are then imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic_core import ValidationError

from collabcheck.loading.yamlload import Document
from collabcheck.proposal.derived_validator import proposal_validator

if TYPE_CHECKING:
    from collabcheck.loading.schema_errors import SchemaProblem

# A valid proposal: its sections as dicts, with every field of the format present.
ProposalData = dict[str, Any]


def to_proposal(doc: Document) -> ProposalData | list[SchemaProblem]:
    version = doc.data.get("format_version") if isinstance(doc.data, dict) else None
    try:
        data: ProposalData = proposal_validator().validate_python(
            doc.data, context={"format_version": version}
        )
    except ValidationError as exc:
        # Imported only for a proposal with problems: a valid one needs neither.
        from collabcheck.loading.schema_errors import problems
        from collabcheck.proposal.model import Proposal  # its fields name what is wrong

        return problems(exc, doc, Proposal)
    return data
