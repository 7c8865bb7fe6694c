"""Constants shared by the tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
AS_OF = "2026-11-22"

MINIMAL = """\
format_version: 1
project:
  title: Heart failure medicines optimisation
  type: joint_working
  stage: proposal
  start_date: 2026-04-01
  end_date: 2027-03-31
parties:
  - id: trust
    name: Northshire Teaching Hospitals NHS Foundation Trust
    kind: nhs_trust
  - id: pharma
    name: Meridian Pharmaceuticals UK Ltd
    kind: pharmaceutical_company
"""

# A waiver entry as a governance board would write it, for a failure of change-control.
WAIVER = """\
  - rule: change-control
    path: governance.amendments[0]
    justification: >-
      The Trust's approver signed the change request by letter; it is filed with the minutes.
    approved_by:
      name: Joint Governance Board
      role: committee of the Trust board
    approved_on: 2026-10-01
    expires_on: 2027-03-31
    reference: JGB minute 2026/41
"""

# The official SARIF 2.1.0 schema and a strict JUnit XSD are kept beside the project in
# development and in CI (see SOURCES.md in that folder), not in the repository.
SCHEMAS = ROOT.parent / "shared" / "schemas"


def official_schema(name: str, *, required: bool = True) -> Path | None:
    """The path of an official schema. Where it is missing, a test that needs it is skipped
    with a reason naming the file (`required`), or goes on without it; under CI=true a missing
    schema fails the test instead, so CI always validates."""
    import os

    import pytest

    path = SCHEMAS / name
    if path.is_file():
        return path
    why = (
        f"{path} is missing: the output-format tests validate against the official schemas "
        "kept there, outside the project (see SOURCES.md in that folder)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(why, pytrace=False)
    if required:
        pytest.skip(why)
    return None
