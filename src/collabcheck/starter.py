"""`collabcheck init`: a commented starter proposal for one kind of project.

The starter follows the format, so an editor and `collabcheck validate` can read it at once, but
every answer is a placeholder (`TBC`, or an empty value where a number or date belongs), so the
rules fail until someone fills it in. Each field carries a comment saying what to write and which
requirement it is evidence for.
"""

from __future__ import annotations

import os
from typing import TextIO

from collabcheck.reporters.escape import inert
from collabcheck.settings import EXIT_INVALID, EXIT_OK

PROJECT_TYPES = ("joint_working", "collaborative_working")
DEFAULT_PATH = "proposal.yaml"
DEFAULT_SCHEMA = "proposal.schema.json"
PLACEHOLDER = "TBC"
STDOUT = "-"

_HEADER = """\
# yaml-language-server: $schema={schema}
# A starter {kind_upper} proposal, written by `collabcheck init`.
#
# How to fill it in:
#   1. Replace every TBC with the real answer, fill in every empty value marked TBC, and
#      replace the placeholder dates (2099). Delete an entry you do not need.
#   2. Check it with `collabcheck validate` followed by this file's name. Until everything is
#      filled in, it lists the rules that still fail, the clause behind each one and the fix.
# Lines starting with # are comments, which collabcheck ignores. Keep the indentation as it is.
# Every field is described in docs/proposal-format.md; more sections (project initiation
# document, certification, safeguards, data protection, exit strategy) are listed there.
format_version: 1
"""

_PROJECT = """
# What the project is, what kind it is, and when it runs.
project:
  # The project's title, as used in the agreement and the published summary.
  title: TBC
  # Your own reference number for the project (quote it if it is only digits: "2026014").
  reference: TBC
{type_comment}
  type: {kind}
  # How far the project has got: proposal, agreed (agreement signed, not started),
  # in_progress or completed. Some rules apply only from a given stage.
  stage: proposal
  # Background: why the project is needed.
  rationale: TBC
  # The date the project starts (YYYY-MM-DD), when the arrangements are first put in place.
  # 2099-01-01 is a placeholder: replace it.
  start_date: 2099-01-01
  # The date the project ends (YYYY-MM-DD), not before start_date. Placeholder: replace it.
  end_date: 2099-12-31
"""

_TYPE_COMMENTS = {
    "joint_working": """\
  # joint_working: the NHS and one or more companies pool resources for a patient-centred
  # project whose main benefit is to patients (ABPI Code Clause 20.4).""",
    "collaborative_working": """\
  # collaborative_working: companies and other organisations (not only the NHS) pool resources
  # for a project that enhances patient care, benefits patients, or benefits the NHS while at
  # least maintaining patient care (ABPI Code Clauses 20.1 to 20.3).""",
}

_PARTIES = """
# Every organisation taking part: at least two, never individual people.
#   id: a short name you choose (lower-case letters, digits and _), used below to refer to it.
#   kind: nhs_trust, integrated_care_board, health_board, other_nhs_body,
#     pharmaceutical_company, other_healthcare_organisation, patient_organisation or
#     other_organisation.
# Evidence for: pooling-all-parties{nhs_rule}.
parties:
  - id: {partner}
    name: TBC
    kind: {partner_kind}
  - id: company
    name: TBC
    kind: pharmaceutical_company

# The project's aims, one per line. Measurable objectives are easiest to evaluate.
objectives:
  - TBC
"""

_BENEFITS = {
    "joint_working": """
# The expected benefits, stated in advance. Evidence for: benefit-test.
benefits:
  # Expected benefits for patients, one per line. Joint working must benefit patients, and
  # patient benefit must be the main benefit.
  patients:
    - TBC
  # Expected benefits for the NHS, one per line.
  nhs:
    - TBC
  # Expected benefits for the company, one per line.
  industry:
    - TBC
  # Who gains most: joint working needs patients.
  primary_beneficiary: patients
  # The effect on patient care: enhanced, maintained or reduced (no project may reduce it).
  patient_care_impact: enhanced
  # Why you expect that effect: audits, published evidence, how it will be monitored.
  patient_care_evidence: TBC
""",
    "collaborative_working": """
# The expected benefits, stated in advance. Evidence for: benefit-test, and on the NHS-benefit
# route patient-care-maintained.
benefits:
  # Expected benefits for patients, one per line.
  patients:
    - TBC
  # Expected benefits for the NHS, one per line.
  nhs:
    - TBC
  # Expected benefits for the companies, one per line.
  industry:
    - TBC
  # Who gains most: patients, or nhs (then patient care must at least be maintained, and the
  # two fields below must show how).
  primary_beneficiary: patients
  # The effect on patient care: enhanced, maintained or reduced (no project may reduce it).
  patient_care_impact: enhanced
  # Why you expect that effect: audits, published evidence, how it will be monitored.
  patient_care_evidence: TBC
""",
}

_CONTRIBUTIONS = """
# What each party puts in: at least one entry for every party (pooling-all-parties), each
# described, valued and stated to be significant (significant-contribution).
#   party: the id of a party above.
#   kind: people, expertise, equipment, communication_channels, information_technology, data,
#     premises, funding or other.
#   value_gbp: the estimated value in pounds, a plain number without £ or commas (46500).
#   significance: why the contribution is significant, not token, and who says so.
contributions:
  - party: {partner}
    kind: people
    # What exactly is contributed, with amounts of time (e.g. "0.8 WTE specialist nurse").
    description: TBC
    value_gbp:  # TBC
    significance:
      statement: TBC
      # Name and role of the person who makes the judgement.
      by: TBC
  - party: company
    kind: funding
    description: TBC
    value_gbp:  # TBC
    significance:
      statement: TBC
      by: TBC

# Each payment or benefit in kind a company gives another party (what it must disclose).
# Delete this section if there are none. Evidence for: tov-disclosed.
transfers_of_value:
  - from_party: company
    to_party: {partner}
    # funding (money) or benefit_in_kind (goods or services instead of money).
    kind: funding
    # What the payment is for, and the milestone it depends on.
    description: TBC
    # The amount in pounds. 0 is a placeholder: replace it.
    value_gbp: 0
    # planned or made.
    status: planned

# How each company discloses its transfers of value: one entry per company that makes them
# (tov-disclosed).
disclosures:
  - disclosing_party: company
    # true if the recipients know their transfers of value will be disclosed.
    recipients_informed: false
"""

_GOVERNANCE = """
# The documents that govern the project.
governance:
  # The written agreement. From the agreed stage on, it must be signed on or before start_date
  # and kept on record (written-agreement-before-start).
  agreement:
    # not_started, draft or signed.
    status: not_started
    # The date the last party signed (YYYY-MM-DD). Leave it empty until then.
    signed_date:
    # Where the signed agreement is kept on record, e.g. a contracts register entry.
    record_location: TBC
  # The summary of the agreement, public on the company's website before the project starts
  # (summary-published-before-start).
  summary:
    # Its address, starting https://.
    published_url: TBC
    # The date it became public (YYYY-MM-DD). Leave it empty until then.
    published_date:

# Declarations of interest by the NHS staff who decide on or run the project
# (nhs-coi-declared).
conflicts_of_interest:
  # Where the declarations are recorded: the register of interests and its entries.
  register_ref: TBC
  # One entry per person, including nil returns.
  declarations:
    - person: TBC
      role: TBC
      party: {partner}
      # true if they take decisions about the project.
      decision_maker: true
      # financial, non_financial_professional, non_financial_personal, indirect, or none for a
      # nil return. For anything but none, add a line "management:" saying how the conflict is
      # managed.
      interest: none

# How success is measured: at least one measure (outcomes-measured); for joint working, a
# patient_outcome measure from anonymised, aggregated data.
outcomes:
  measures:
    - name: TBC
      # patient_outcome, patient_experience, service_process, nhs_resource or sales_or_uptake.
      kind: patient_outcome
      baseline: TBC
      target: TBC
      data_source: TBC
      anonymised_aggregated: true
"""


def starter_text(project_type: str, schema: str = DEFAULT_SCHEMA) -> str:
    """The starter proposal for `project_type` (joint_working or collaborative_working)."""
    joint = project_type == "joint_working"
    partner = "nhs" if joint else "partner"
    parts = [
        _HEADER.format(schema=schema, kind_upper=project_type.replace("_", " ").upper()),
        _PROJECT.format(type_comment=_TYPE_COMMENTS[project_type], kind=project_type),
        _PARTIES.format(
            partner=partner,
            partner_kind="nhs_trust" if joint else "integrated_care_board",
            nhs_rule=", jw-nhs-party (joint working needs an NHS organisation)" if joint else "",
        ),
        _BENEFITS[project_type],
        _CONTRIBUTIONS.format(partner=partner),
        _GOVERNANCE.format(partner=partner),
    ]
    return "".join(parts)


def _schema_problem(schema: str) -> str | None:
    if not schema.strip():
        return "--schema needs a file path or web address"
    if not schema.isprintable() or inert(schema) != schema:
        return "--schema must be a single line of visible characters"
    return None


def _open_new(path: str) -> int:
    # O_EXCL refuses any existing name, including a symbolic link (even a dangling one), so an
    # existing file is never overwritten and a link is never followed.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    return os.open(path, flags, 0o644)


def _refusal(path: str, exc: OSError, project_type: str) -> str:
    shown = inert(path)
    if isinstance(exc, FileExistsError):
        return (
            f"{shown} already exists, and collabcheck init never overwrites a file: give a new "
            f"name, e.g. collabcheck init new-proposal.yaml --type {project_type}"
        )
    if isinstance(exc, FileNotFoundError):
        folder = os.path.dirname(path) or "."
        return f"cannot write {shown}: the folder {inert(folder)} does not exist"
    if isinstance(exc, PermissionError):
        return f"cannot write {shown}: permission denied"
    return f"cannot write {shown}: {inert(exc.strerror or str(exc))}"


def write_starter(path: str, project_type: str, schema: str, stdout: TextIO, stderr: TextIO) -> int:
    """Write the starter to `path` (or standard output for `-`); returns the exit code."""
    problem = _schema_problem(schema)
    if problem:
        stderr.write(f"collabcheck: {problem}\n")
        return EXIT_INVALID
    text = starter_text(project_type, schema)
    if path == STDOUT:
        stdout.write(text)
        return EXIT_OK
    try:
        fd = _open_new(path)
    except OSError as exc:
        stderr.write(f"collabcheck: {_refusal(path, exc, project_type)}\n")
        return EXIT_INVALID
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        stderr.write(
            f"collabcheck: cannot write {inert(path)}: {inert(exc.strerror or str(exc))}\n"
        )
        return EXIT_INVALID
    kind = project_type.replace("_", " ")
    shown = inert(path)
    stdout.write(
        f"Wrote a starter {kind} proposal to {shown}.\n"
        f"Replace every TBC and placeholder in it, then check it with: "
        f"collabcheck validate {shown}\n"
    )
    folder = os.path.dirname(path)
    if "://" not in schema and not os.path.isabs(schema):
        target = os.path.join(folder, schema)
        if not os.path.exists(target):
            stdout.write(
                "For completion and checking as you type in editors that use "
                "yaml-language-server (such as VS Code with the YAML extension), save the schema "
                f"next to it: collabcheck schema -o {inert(target)}\n"
            )
    return EXIT_OK
