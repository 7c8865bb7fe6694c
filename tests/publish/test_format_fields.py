"""The fields the published documents read: roles and responsibilities, and what a completed
project reports. Format version 2 only, and optional."""

from __future__ import annotations

import typing
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from collabcheck.loading.yamlload import parse
from collabcheck.proposal.model import Proposal
from tests.helpers import MINIMAL

V2 = MINIMAL.replace("format_version: 1", "format_version: 2")
ADDED = {
    "responsibilities": (
        "    responsibilities: [Runs the clinics]\n",
        "    kind: nhs_trust\n",
    ),
    "made_as_agreed": (
        "contributions:\n  - party: trust\n    kind: people\n    description: Nurses\n"
        "    made_as_agreed: false\n    delivery_note: Two months late\n",
        None,
    ),
    "target_met": (
        "outcomes:\n  measures:\n    - name: Waits\n      kind: service_process\n"
        "      result: 5 weeks\n      target_met: true\n",
        None,
    ),
    "overview": (
        "outcomes:\n  overview: Three hubs opened.\n  conclusions: It worked.\n"
        "  learnings: [Start early]\n",
        None,
    ),
}


def _with(text: str, name: str) -> dict[str, Any]:
    added, after = ADDED[name]
    if after is None:
        return parse(text + added).data
    return parse(text.replace(after, after + added, 1)).data


def _read(data: dict[str, Any]) -> Proposal:
    return Proposal.model_validate(data, context={"format_version": data["format_version"]})


def test_a_version_2_proposal_records_what_the_documents_need() -> None:
    data = _with(V2, "responsibilities")
    proposal = _read(data)
    assert proposal.parties[0].responsibilities == ["Runs the clinics"]
    assert proposal.parties[1].responsibilities == []
    contribution = _read(_with(V2, "made_as_agreed")).contributions[0]
    assert (contribution.made_as_agreed, contribution.delivery_note) == (False, "Two months late")
    outcomes = _read(_with(V2, "target_met")).outcomes
    assert outcomes is not None and outcomes.measures[0].target_met is True
    outcomes = _read(_with(V2, "overview")).outcomes
    assert outcomes is not None
    assert (outcomes.overview, outcomes.conclusions, outcomes.learnings) == (
        "Three hubs opened.",
        "It worked.",
        ["Start early"],
    )


@pytest.mark.parametrize("name", sorted(ADDED))
def test_a_version_1_proposal_cannot_use_them(name: str) -> None:
    with pytest.raises(ValidationError) as raised:
        _read(_with(MINIMAL, name))
    assert f"{name} is a field of format version 2" in str(raised.value)


def field_names(model: type[BaseModel] = Proposal) -> set[str]:
    """Every field name of the format with an underscore in it, at any depth."""
    found: set[str] = set()
    for name, info in model.model_fields.items():
        if "_" in name:
            found.add(name)
        for inner in _models(info.annotation):
            found |= field_names(inner)
    return found


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]
