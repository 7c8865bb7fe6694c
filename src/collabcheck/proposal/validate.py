"""Plain YAML values -> a Proposal, or plain-English schema errors with their positions."""

from __future__ import annotations

from pydantic import ValidationError

from collabcheck.loading.schema_errors import SchemaProblem, problems
from collabcheck.loading.yamlload import Document
from collabcheck.proposal.model import Proposal


def to_proposal(doc: Document) -> Proposal | list[SchemaProblem]:
    try:
        version = doc.data.get("format_version") if isinstance(doc.data, dict) else None
        return Proposal.model_validate(doc.data, context={"format_version": version})
    except ValidationError as exc:
        return problems(exc, doc, Proposal)
