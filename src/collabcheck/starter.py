"""`collabcheck init`: a commented starter proposal for one kind of project.

The starter follows the format, so an editor and `collabcheck validate` can read it at once, but
every answer is a placeholder (`TBC`, a value with a `# TBC` comment beside it, or a 2099 date), so
the rules fail until someone fills it in. It has every section the rules look at, so once it is
filled in, nothing more is needed for the rules to pass. Each field carries a comment saying what
to write and which requirement it is evidence for.
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
#   1. Replace every TBC with the real answer, answer every value with a TBC comment beside it
#      (then delete that comment), and replace the placeholder dates (2099). Delete an entry
#      you do not need.
#   2. Leave a value that says "leave it empty until then" empty until the event happens (the
#      agreement is signed, the summary published, a document certified), then give its date.
#   3. Check it with `collabcheck validate` followed by this file's name. Until everything is
#      filled in, it lists the rules that still fail, the clause behind each one and the fix.
# Each comment names the rules (as `collabcheck validate` and `collabcheck rules show` name
# them) that the field is evidence for.
# Lines starting with # are comments, which collabcheck ignores. Keep the indentation as it is.
# Every field is described in docs/proposal-format.md.
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
  # Background: why the project is needed (pid-prepared).
  rationale: TBC
  # The date the project starts (YYYY-MM-DD), when the arrangements are first put in place; on
  # or after 2025-01-01 for the 2024 Code to apply in full (code-edition).
  # 2099-01-01 is a placeholder: replace it.
  start_date: 2099-01-01
  # The date the project ends (YYYY-MM-DD), not before start_date. Placeholder: replace it.
  end_date: 2099-12-31
  # Is the activity really something else, governed by another clause? Answer each question
  # with true or false (classification-answered). A true answer means Clause 20 does not apply:
  # the named rule says which clause does.
  classification:
    # Money, goods or services simply given, with nothing pooled in return: Clause 23
    # (not-a-donation-or-grant).
    is_donation_or_grant:  # TBC: true or false
    # Sponsorship of a meeting or event, or paying for attendance: Clauses 10.10 and 10.11
    # (not-sponsorship).
    is_event_sponsorship:  # TBC: true or false
    # A service the company buys for a fee: Clause 24.6 (not-contracted-service).
    is_contracted_service:  # TBC: true or false
    # Clinical research, which goes through research governance and ethics review instead
    # (not-clinical-research).
    is_clinical_research:  # TBC: true or false
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
#   kind: nhs_trust, integrated_care_board, health_board, hsc_trust, other_nhs_body,
#     pharmaceutical_company, other_healthcare_organisation, patient_organisation or
#     other_organisation.
#   nation: england, scotland, wales or northern_ireland (which NHS conflicts-of-interest
#     rules apply to an NHS body).
#   address: the organisation's postal address (pid-prepared).
#   lead_contact: the person accountable for the project in the organisation, with job title
#     and email address, as given in the PID and the published summary (pid-prepared,
#     summary-contents).
# Evidence for: pooling-all-parties{nhs_rule}.
parties:
  - id: {partner}
    name: TBC
    kind: {partner_kind}
    address: TBC
    lead_contact:
      name: TBC
      job_title: TBC
      email: TBC
  - id: company
    name: TBC
    kind: pharmaceutical_company
    # true if the company is an ABPI member or has agreed to comply with the ABPI Code; false
    # if not, and then the Code does not apply (abpi-code-applies,
    # code-bound-company-identified).
    abpi_code_bound:  # TBC: true or false
    address: TBC
    lead_contact:
      name: TBC
      job_title: TBC
      email: TBC

# The project's aims, one per line. Measurable objectives are easiest to evaluate
# (pid-prepared).
objectives:
  - TBC
"""

_BENEFITS = {
    "joint_working": """
# The expected benefits, stated in advance, for patients, the NHS and the company
# (benefits-three-ways). Evidence for: benefit-test, jw-patient-benefit.
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
  # Who gains most: joint working needs patients (jw-patient-benefit).
  primary_beneficiary: patients
  # The effect on patient care: enhanced, maintained or reduced (no project may reduce it)
  # (benefit-test).
  patient_care_impact: enhanced
  # Why you expect that effect: audits, published evidence, how it will be monitored.
  patient_care_evidence: TBC
  # The judgement that the benefit test is met and that patients are the main beneficiary, in
  # words, with the name and role of the person who makes it (benefit-test, jw-patient-benefit).
  assessment:
    statement: TBC
    by: TBC
""",
    "collaborative_working": """
# The expected benefits, stated in advance, for patients, the NHS and the companies
# (benefits-three-ways). Evidence for: benefit-test, and on the NHS-benefit route
# patient-care-maintained.
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
  # The effect on patient care: enhanced, maintained or reduced (no project may reduce it)
  # (benefit-test, patient-care-maintained).
  patient_care_impact: enhanced
  # Why you expect that effect: audits, published evidence, how it will be monitored
  # (patient-care-maintained).
  patient_care_evidence: TBC
  # The judgement that the benefit test is met, in words, with the name and role of the person
  # who makes it (benefit-test).
  assessment:
    statement: TBC
    by: TBC
""",
}

_CONTRIBUTIONS = """
# What each party puts in: at least one entry for every party (pooling-all-parties), each
# described and stated to be significant (significant-contribution), and valued in pounds
# (contribution-valued). Every company must also bring something other than money
# (not-funding-only).
#   party: the id of a party above (contribution-party-declared).
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
  # The company's contribution other than money: people, expertise, equipment, IT or data
  # (not-funding-only).
  - party: company
    kind: expertise
    description: TBC
    value_gbp:  # TBC
    significance:
      statement: TBC
      by: TBC
  # The company's money, if any (delete this entry if it gives none), described, valued and
  # stated to be significant like the others.
  - party: company
    kind: funding
    description: TBC
    value_gbp:  # TBC
    significance:
      statement: TBC
      by: TBC

# Each payment or benefit in kind a company gives another party (what it must disclose),
# always to a party, never to a person (anti-bribery). Delete this section, and disclosures,
# if there are none. Evidence for: tov-disclosed, no-payment-before-agreement.
transfers_of_value:
  - from_party: company
    to_party: {partner}
    # funding (money) or benefit_in_kind (goods or services instead of money).
    kind: funding
    # What the payment is for.
    description: TBC
    # The amount in pounds, a plain number. 0 is a placeholder: replace it.
    value_gbp: 0  # TBC
    # The agreed milestone the payment depends on (milestone-payments).
    milestone: TBC
    # The date it is due or was paid (YYYY-MM-DD), on or after the date the agreement is
    # signed (no-payment-before-agreement). Leave it empty until it is fixed.
    date:
    # planned or made (only once the agreement is signed).
    status: planned
    # Once it is paid, the recipient's invoice reference (milestone-payments). Leave it empty
    # until then.
    invoice_ref:

# How each company discloses its transfers of value: one entry per company that makes them
# (tov-disclosed).
disclosures:
  - disclosing_party: company
    # Where the disclosure links to the published summary: disclosure_template or
    # methodological_note (disclosure-summary-link).
    summary_link_in:  # TBC: disclosure_template or methodological_note
    # true once the recipients know that, and how, their transfers of value will be disclosed
    # (lawful-disclosure).
    recipients_informed:  # TBC: true or false
    # One entry for each calendar year and each healthcare organisation paid, in the
    # collaborative_working category (tov-disclosed, disclosure-timing).
    #   year: the calendar year of the payments (2099 is a placeholder: replace it).
    #   recipient: the id of the party paid.
    #   amount_gbp: the total paid to it that year, in pounds.
    #   submitted_date: the date the disclosure was submitted, by 30 June of the following
    #     year. Leave it empty until then.
    entries:
      - year: 2099
        recipient: {partner}
        category: collaborative_working
        amount_gbp:  # TBC
        submitted_date:
"""

_GOVERNANCE = """
# The documents and people that govern the project.
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
    # Who signs for each party: one entry per party, each signing on behalf of the
    # organisation, never as an individual (every-party-signs-agreement, agreement-org-level).
    #   name: the signatory's name; role: the role in which they sign for the organisation;
    #   party: the id of the party they sign for.
    signatories:
      - name: TBC
        role: TBC
        party: {partner}
      - name: TBC
        role: TBC
        party: company
    # The topics the agreement deals with. Keep a topic only once the agreement covers it
    # (agreement-core-contents, contingency-dispute-exit, formulary-reference,
    # data-governance-before-start, lawful-disclosure, summary-where; with more than one
    # company, competition-law-safeguards).
    covers:
      - parties_date_and_term
      - expected_benefits
      - financial_arrangements
      - roles_and_responsibilities
      - success_measures
      - publication_of_data_and_outcomes
      - contingency_arrangements
      - dispute_resolution
      - exit_criteria
      - code_breach_clause
      - formulary_basis
      - information_governance
      - disclosure_of_transfers_of_value
      - competition_law_safeguards
      - summary_publication
    # true if the company enters the agreement because its medicine is on the local
    # formulary (then the agreement must say so), false if not (formulary-reference).
    formulary_basis:  # TBC: true or false
  # The project initiation document (PID), and the headings it contains (pid-prepared).
  project_initiation_document:
    # true once the PID is written.
    prepared: false
    covers:
      - title
      - background
      - aims_and_objectives
      - expected_outcomes
      - partners_and_leads
      - start_and_end_dates
      - exit_strategy
      - structure_and_stakeholders
  # Certification of the final PID and the final summary by a nominated signatory, before the
  # summary is published and the project starts (certify-pid-and-summary).
  #   signatory: the name of the nominated signatory who certifies it.
  #   signatory_profession: medical_practitioner or pharmacist (dentist only for dental-only
  #     products) (signatory-qualified).
  #   author: the name of the person who drew it up, never the signatory (signatory-qualified).
  #   date: the date it was certified (YYYY-MM-DD). Leave it empty until then.
  #   final_version: true once the version certified is the final one. Leave it empty until
  #     then.
  certification:
    # The certification of the final PID.
    project_initiation_document:
      signatory: TBC
      signatory_profession: medical_practitioner  # TBC: medical_practitioner or pharmacist
      author: TBC
      date:
      final_version:
    # The certification of the final summary, before it is published.
    summary:
      signatory: TBC
      signatory_profession: medical_practitioner  # TBC: medical_practitioner or pharmacist
      author: TBC
      date:
      final_version:
  # The summary of the agreement, public on the company's website before the project starts
  # (summary-published-before-start, summary-where).
  summary:
    # Its address on the company's website, starting https://.
    published_url: TBC
    # The date it became public (YYYY-MM-DD). Leave it empty until then.
    published_date:
    # The headings the summary gives. Keep a heading only once the summary has it
    # (summary-contents).
    covers:
      - title
      - rationale
      - objectives_and_benefits
      - period
      - financial_arrangements
      - publication_plans
      - contacts
      - roles_and_responsibilities
  # The joint project team or steering group: at least one member from every party
  # (shared-commitment, joint-governance), each with name, role and the id of their party.
  steering_group:
    members:
      - name: TBC
        role: TBC
        party: {partner}
      - name: TBC
        role: TBC
        party: company
    # The group's terms of reference: where they are recorded and what they say.
    terms_of_reference: TBC
  # Who approves the project for each party: one entry per party, with the approver's name
  # and role (signatory-known).
  approvers:
    - party: {partner}
      name: TBC
      role: TBC
    - party: company
      name: TBC
      role: TBC
  # How changes to the project are agreed: who writes them up, who agrees them and how their
  # impact on timelines, logistics and money is assessed (change-control).
  amendment_process: TBC
  # Every change made once the project is under way: date, description, impact and the ids of
  # all the parties that agreed it (agreed_by). None yet.
  amendments: []
"""

_CONFLICTS = """
# Declarations of interest by the NHS staff who run or decide on the project: one entry for
# every NHS steering group member, approver and signatory above, with person spelled exactly
# as there, including nil returns (nhs-coi-declared, nhs-coi-staff-declared).
#   role: their job; party: the id of their organisation; decision_maker: true if they take
#     decisions about the project.
#   interest: financial, non_financial_professional, non_financial_personal, indirect, or none
#     for a nil return. For anything but none, add a line "management:" saying how the
#     conflict is managed.
#   declared_date: the date it was declared (YYYY-MM-DD), by start_date
#     (nhs-coi-declared-in-time). Leave it empty until then. For an interest that arises
#     later, add a line "arose_date:" and declare it within 28 days.
conflicts_of_interest:
  # Where the declarations are recorded: the register of interests and its entries.
  register_ref: TBC
  declarations:
    # The NHS member of the steering group.
    - person: TBC
      role: TBC
      party: {partner}
      decision_maker: true
      interest: none
      declared_date:
    # The NHS approver.
    - person: TBC
      role: TBC
      party: {partner}
      decision_maker: true
      interest: none
      declared_date:
    # The NHS signatory of the agreement.
    - person: TBC
      role: TBC
      party: {partner}
      decision_maker: true
      interest: none
      declared_date:
"""

_SAFEGUARDS = """
# Safeguards against disguised promotion and personal benefit. Answer each with true or false.
safeguards:
  # false once you have confirmed that the project is not linked to prescribing, supplying,
  # recommending, buying or selling any medicine (not-inducement).
  linked_to_prescribing:  # TBC: true or false
  # false if the project does not change patients to the company's medicine (no-switch).
  switching_programme:  # TBC: true or false
  # true if any medicines review is a clinical review open to every appropriate treatment
  # option, not only the company's products (no-switch, clinical-independence).
  medicines_reviews_open_to_all_options:  # TBC: true or false
  # false once you have confirmed that no individual health professional or member of staff
  # benefits personally (benefit-organisational-not-individual, anti-bribery).
  benefits_to_individuals:  # TBC: true or false
  # true if every clinical decision stays with NHS clinicians (clinical-independence).
  clinical_decisions_by_nhs:  # TBC: true or false
  # true once the company's involvement is made clear to the health professionals involved and
  # in all patient materials (company-involvement-declared).
  company_involvement_declared:  # TBC: true or false
  # Company representatives (sales staff) in the project (reps-non-promotional).
  representatives:
    # true if they take any part; false if not (then delete the two lines below).
    involved: true  # TBC: true or false
    # What they do in the project.
    role: TBC
    # How their part is kept separate from promotion (e.g. non-sales staff, no project talk in
    # a promotional call).
    separation_from_promotion: TBC

# The treatments the project deals with, each with the nationally accepted clinical guidance
# it follows, e.g. "NICE NG106" (national-guidance). Delete this section if there are none.
treatments:
  - name: TBC
    guideline_ref: TBC

# Patient data (data-protection, data-governance-before-start, data-controller-nhs).
data_protection:
  # true if the project uses any patient data, even anonymised; false if not.
  patient_data_used: true  # TBC: true or false
  # true if any of the data could identify a patient.
  patient_identifiable_data:  # TBC: true or false
  # The id of the party that is the data controller of identifiable data: preferably the NHS
  # party.
  controller: {partner}
  # What the company sees: none or anonymised_aggregated (never identifiable data).
  company_access:  # TBC: none or anonymised_aggregated
  # The lawful basis under UK GDPR for processing identifiable data (Articles 6 and 9).
  lawful_basis: TBC
  # The data protection impact assessment, completed before the project starts where data can
  # identify a patient.
  dpia:
    # true once it is completed.
    completed: false
    # The date it was completed (YYYY-MM-DD). Leave it empty until then.
    date:
    # Its reference in the information governance records.
    reference: TBC
"""

_OUTCOMES = """
# How success is measured and published (outcomes-measured, not-inducement); for joint
# working, a patient_outcome measure from anonymised, aggregated data.
outcomes:
  measures:
    - name: TBC
      # patient_outcome, patient_experience, service_process or nhs_resource (never
      # sales_or_uptake, which would make it an inducement).
      kind: patient_outcome
      # The value before the project, and where it comes from.
      baseline: TBC
      target: TBC
      data_source: TBC
      # true if the measure is reported only as anonymised, aggregated data.
      anonymised_aggregated: true
      # The result, once the project is completed. Leave it empty until then.
      result:
  # The plan to publish the outcomes (open-transparent, outcomes-publication-planned,
  # outcomes-published).
  publication:
    # The date by which the outcomes will be published (YYYY-MM-DD), no later than six months
    # after end_date.
    due_date:  # TBC
    # The ids of the parties that will publish them: every party.
    by_parties: [{partner}, company]
    # The address of the published outcomes, starting https://. Leave it empty until then.
    published_url:
    # The date they were published (YYYY-MM-DD). Leave it empty until then.
    published_date:

# What happens when the project ends, normally or early (exit-maintains-care).
exit_strategy:
  # The plan for the end of the project, e.g. who decides whether the service continues.
  description: TBC
  # How patient care stays at a high level during and after the project.
  patient_care_continuity: TBC
  # How, and on what timeline, the project can be ended early.
  early_termination_process: TBC

# Only with more than one pharmaceutical company: delete this section otherwise
# (competition-law-safeguards, competition-law-lead-party).
competition_law:
  # The id of the party that contracts on behalf of the others in its sector.
  lead_contracting_party: company
  # The safeguards agreed: no exchange of competitively sensitive information, rules of
  # engagement agreed before the project starts.
  safeguards: TBC

# Only when a patient organisation is a party: one entry for it (patient-org-rules), e.g.
#   - party: the patient organisation's id
#     arrangement: contracted_service, partner or advisory
#     clause_27_statement:
#       statement: how its part complies with Clause 27 of the ABPI Code
#       by: the name and role of the person who says so
patient_organisation_involvement: []

# Only when a governance board has accepted a rule failing, on the record: one entry per
# decision. The failure stays in every report, marked waived, until the waiver expires. The law
# and the Code's mandatory text cannot be waived. e.g.
#   - rule: the rule's id, e.g. outcomes-published
#     justification: why the board accepted it
#     approved_by:
#       name: the person or committee that approved it
#       role: their role
#     approved_on: YYYY-MM-DD
#     expires_on: YYYY-MM-DD (the last day it is in force)
#     reference: where the decision is recorded, e.g. the board minute
waivers: []
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
        _CONFLICTS.format(partner=partner),
        _SAFEGUARDS.format(partner=partner),
        _OUTCOMES.format(partner=partner),
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
