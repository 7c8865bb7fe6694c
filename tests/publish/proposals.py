"""Small proposals with transfers of value and a disclosure plan, for the disclosure tests."""

from __future__ import annotations

from typing import Any

import yaml

from collabcheck.loading.yamlload import parse
from collabcheck.publish.load import Loaded, to_model

TRUST = {
    "id": "trust",
    "name": "Northshire Teaching Hospitals NHS Foundation Trust",
    "kind": "nhs_trust",
    "nation": "england",
    "address": "Infirmary Road, Northshire NS1 4AB",
}
COMPANY = {
    "id": "pharma",
    "name": "Meridian Pharmaceuticals UK Ltd",
    "kind": "pharmaceutical_company",
}


def transfer(
    value: float, day: str, status: str = "made", to: str = "trust", **more: Any
) -> dict[str, Any]:
    return {
        "from_party": more.pop("from_party", "pharma"),
        "to_party": to,
        "kind": "funding",
        "description": "Milestone payment",
        "value_gbp": value,
        "date": day,
        "status": status,
        **more,
    }


def entry(year: int, amount: float | None, recipient: str = "trust", **more: Any) -> dict[str, Any]:
    written: dict[str, Any] = {"year": year, "recipient": recipient, **more}
    if amount is not None:
        written["amount_gbp"] = amount
    return written


def proposal(
    transfers: list[dict[str, Any]],
    entries: list[dict[str, Any]],
    parties: list[dict[str, Any]] | None = None,
    reference: str = "NTH-JW-2026-014",
    url: str | None = "https://example.org/summary",
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format_version": 2,
        "project": {
            "title": "Heart failure medicines optimisation",
            "reference": reference,
            "type": "joint_working",
            "stage": "in_progress",
            "start_date": "2026-04-01",
            "end_date": "2027-03-31",
        },
        "parties": parties or [TRUST, COMPANY],
        "transfers_of_value": transfers,
        "disclosures": [{"disclosing_party": "pharma", "entries": entries}],
    }
    if url is not None:
        document["governance"] = {"summary": {"published_url": url}}
    return document


def as_yaml(document: dict[str, Any]) -> str:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def loaded(document: dict[str, Any], name: str = "p.yaml") -> Loaded:
    doc = parse(as_yaml(document))
    return Loaded(name, doc, to_model(doc))
