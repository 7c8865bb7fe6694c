"""Plain-English meanings of the proposal fields, for the JSON Schema that editors show.

Taken from the "Meaning" column of docs/proposal-format.md, without its "See ..." and "(see
below)" pointers; tests/proposal/test_schema.py checks that the two agree, so edit both
together. Keys are the documentation's field paths: a dot between a section and its field, `[]`
after a list.
"""

from __future__ import annotations

FIELDS: dict[str, str] = {
    "format_version": (
        'The version of this format the file follows: exactly `1` for now (`1.0`, `"1"` or `true` '
        "are refused)."
    ),
    "project": "What the project is, when it runs and how it is classified.",
    "parties": "Every organisation taking part, each with its own `id`.",
    "objectives": "The project's aims.",
    "benefits": "Expected benefits and who gains.",
    "contributions": "What each party puts in.",
    "transfers_of_value": "Money and benefits in kind given by a company to another party.",
    "disclosures": "How each company discloses its transfers of value.",
    "governance": (
        "Agreement, project initiation document, certification, published summary, steering group "
        "and approvals."
    ),
    "conflicts_of_interest": "Declarations of interest by NHS staff.",
    "safeguards": "Statements that the project is not promotional.",
    "treatments": "Medicines or treatments the project touches, with the guidance they follow.",
    "data_protection": "Use of patient data.",
    "outcomes": "How results are measured and published.",
    "exit_strategy": "How the project ends, normally or early.",
    "competition_law": "Safeguards when more than one company takes part.",
    "patient_organisation_involvement": "The part played by any patient organisation.",
    "waivers": "Deviations a governance board has accepted on the record.",
    "project.title": "The project's title, as used in the agreement and the published summary.",
    "project.reference": (
        'Your own reference number for the project. Quote it if it is only digits (`"2026014"`).'
    ),
    "project.type": "Which kind of Clause 20 project this is. Decides which rules apply.",
    "project.stage": "How far the project has got. Some rules only apply from a given stage.",
    "project.rationale": "Background: why the project is needed.",
    "project.therapy_area": 'The clinical area, e.g. "Cardiology (heart failure)".',
    "project.start_date": (
        "The date the project starts, that is when the arrangements are first implemented."
    ),
    "project.end_date": "The date the project ends; not before `project.start_date`.",
    "project.classification": (
        'Answers to "is this really something else?" (see "project.classification").'
    ),
    "project.classification.is_clinical_research": (
        "`true` if the activity is commercial or non-commercial clinical research, which follows "
        "research governance instead."
    ),
    "project.classification.is_event_sponsorship": (
        "`true` if the activity is sponsorship of a meeting or event, or support to attend one."
    ),
    "project.classification.is_contracted_service": (
        "`true` if the activity is a service bought by the company for a fee."
    ),
    "project.classification.is_donation_or_grant": (
        "`true` if the company simply gives money or goods with nothing asked in return (a donation"
        " or grant, Clause 23)."
    ),
    "parties[]": "The organisations taking part: at least two, and no two with the same `id`.",
    "parties[].id": (
        "A short name you choose for the party, used elsewhere in the file to refer to it (e.g. "
        "`nth`, `meridian`). Use lower-case letters, digits and `_`."
    ),
    "parties[].name": "The organisation's full legal name.",
    "parties[].kind": "What sort of organisation it is.",
    "parties[].nation": (
        "The UK nation the organisation is in (`england`, `scotland`, `wales` or "
        "`northern_ireland`): it decides which NHS conflicts-of-interest rules apply to an NHS "
        "body."
    ),
    "parties[].abpi_code_bound": (
        "`true` if the organisation is bound by the ABPI Code: an ABPI member, or a non-member that"
        " has agreed to comply."
    ),
    "parties[].address": "The organisation's address.",
    "parties[].website": (
        "The organisation's own website address (https://...), so that a published summary can be "
        "checked to be on the company's own site."
    ),
    "parties[].lead_contact": "The accountable lead for the project in this organisation.",
    "parties[].lead_contact.name": "The lead's name.",
    "parties[].lead_contact.job_title": "The lead's job title.",
    "parties[].lead_contact.email": "The lead's email address.",
    "benefits.patients": "Expected benefits for patients.",
    "benefits.nhs": "Expected benefits for the NHS.",
    "benefits.industry": "Expected benefits for the company or companies.",
    "benefits.primary_beneficiary": (
        "Who gains most: `patients` (the main benefit is to patients) or `nhs` (the main benefit is"
        " to the NHS, with patient care at least maintained). Joint working needs `patients`."
    ),
    "benefits.patient_care_impact": (
        "The effect on patient care: `enhanced` (made better), `maintained` (kept at least as good "
        "as now), `reduced` (made worse, which no Clause 20 project may do)."
    ),
    "benefits.patient_care_evidence": (
        "Why you expect that effect on patient care: audits, published evidence, how it will be "
        "monitored."
    ),
    "benefits.return_on_investment": "Any estimate of return on investment.",
    "benefits.assessment": (
        "A named person's judgement that the benefit test is met and that benefits go to "
        "organisations, not individuals."
    ),
    "benefits.assessment.statement": "The judgement, in words.",
    "benefits.assessment.by": "Name and role of the person who makes it.",
    "benefits.assessment.date": "When the judgement was made.",
    "contributions[]": "What the parties pool.",
    "contributions[].party": "The party making this contribution.",
    "contributions[].kind": "What sort of contribution it is.",
    "contributions[].description": (
        'What exactly is contributed, with amounts of time where relevant (e.g. "0.8 WTE specialist'
        ' nurse time").'
    ),
    "contributions[].value_gbp": "The estimated value of the contribution in pounds.",
    "contributions[].significance": (
        "A named person's judgement that this contribution is significant, not token."
    ),
    "contributions[].significance.statement": "Why the contribution is significant.",
    "contributions[].significance.by": "Name and role of the person who makes the judgement.",
    "contributions[].significance.date": "When the judgement was made.",
    "transfers_of_value[]": "The company's transfers of value.",
    "transfers_of_value[].from_party": "The party giving the value (normally the company).",
    "transfers_of_value[].to_party": (
        "The party receiving it. Always an organisation, never a person."
    ),
    "transfers_of_value[].kind": (
        "`funding`: money; `benefit_in_kind`: goods or services given instead of money."
    ),
    "transfers_of_value[].description": "What the payment or benefit is for.",
    "transfers_of_value[].value_gbp": "The amount or value in pounds.",
    "transfers_of_value[].date": "When it was, or is planned to be, made.",
    "transfers_of_value[].status": (
        "`planned`: not yet made; `made`: already made. If left out: `planned`."
    ),
    "transfers_of_value[].milestone": "The agreed milestone the payment depends on.",
    "transfers_of_value[].invoice_ref": (
        "The recipient's invoice the payment was made against. Quote it if it is only digits."
    ),
    "disclosures[].disclosing_party": "The company that discloses.",
    "disclosures[].summary_link_in": (
        "Where the disclosure links to the project's published summary: `disclosure_template` (in "
        "the Disclosure UK template) or `methodological_note` (in the company's methodological "
        "note)."
    ),
    "disclosures[].recipients_informed": (
        "`true` if the recipients know their transfers of value will be disclosed, and how."
    ),
    "disclosures[].entries[]": "One entry per recipient per calendar year.",
    "disclosures[].entries[].year": (
        "The calendar year the transfers of value were made, e.g. `2026`."
    ),
    "disclosures[].entries[].recipient": "The organisation named in the disclosure.",
    "disclosures[].entries[].category": (
        "The disclosure category: `collaborative_working` (collaborative working, including joint "
        "working), `patient_organisation` (a payment to a patient organisation, disclosed under "
        "Clause 27, such as a contracted service) or `other` (any other category). If left out: "
        "`collaborative_working`."
    ),
    "disclosures[].entries[].amount_gbp": (
        "The total disclosed for that recipient, category and year."
    ),
    "disclosures[].entries[].submitted_date": (
        "When the disclosure was submitted. Leave out until it has been."
    ),
    "governance.agreement": "The written agreement.",
    "governance.project_initiation_document": "The project initiation document (PID).",
    "governance.certification": "Certification of the PID and of the summary.",
    "governance.summary": "The published summary of the agreement.",
    "governance.steering_group": "The joint steering group or project team.",
    "governance.approvers[]": "Who approves the project in each party.",
    "governance.nhs_approval": "Approval by an NHS committee.",
    "governance.amendment_process": "How changes to the project are proposed, assessed and agreed.",
    "governance.amendments[]": "Changes made so far.",
    "governance.agreement.status": (
        "`not_started`: no agreement drafted yet; `draft`: being drafted or negotiated; `signed`: "
        "signed by every party."
    ),
    "governance.agreement.signed_date": "The date the last party signed.",
    "governance.agreement.record_location": (
        "Where the signed agreement is kept on record (e.g. a contracts register entry)."
    ),
    "governance.agreement.signatories[]": "Who signed, on behalf of which organisation.",
    "governance.agreement.signatories[].name": "The signatory's name.",
    "governance.agreement.signatories[].role": (
        "The signatory's role in the organisation, e.g. \"Chief Medical Officer, on behalf of the "
        'Trust".'
    ),
    "governance.agreement.signatories[].party": "The organisation the signatory signs for.",
    "governance.agreement.covers": (
        "The topics the agreement deals with. List each topic it covers."
    ),
    "governance.agreement.formulary_basis": (
        "`true` if the company entered the agreement on the basis that its medicine is already on "
        "the local formulary. If so, the agreement must say so (list `formulary_basis` in "
        "`covers`)."
    ),
    "governance.project_initiation_document.prepared": "`true` if a PID has been written.",
    "governance.project_initiation_document.version": (
        'The PID\'s version. Quote it: `"2.1"` (an unquoted `2.1` is a number, not text).'
    ),
    "governance.project_initiation_document.covers": "The headings the PID contains.",
    "governance.certification.project_initiation_document": "Certification of the PID.",
    "governance.certification.project_initiation_document.signatory": (
        "Name of the signatory who certified the PID."
    ),
    "governance.certification.project_initiation_document.signatory_profession": (
        "The signatory's profession."
    ),
    "governance.certification.project_initiation_document.author": (
        "Name of the person who drew up the PID. Must not be the signatory."
    ),
    "governance.certification.project_initiation_document.date": "The date of certification.",
    "governance.certification.project_initiation_document.final_version": (
        "`true` if the version certified is the final version."
    ),
    "governance.certification.summary": "Certification of the published summary.",
    "governance.certification.summary.signatory": (
        "Name of the signatory who certified the summary."
    ),
    "governance.certification.summary.signatory_profession": "The signatory's profession.",
    "governance.certification.summary.author": (
        "Name of the person who drew up the summary. Must not be the signatory."
    ),
    "governance.certification.summary.date": (
        "The date of certification. It should be on or before the date the summary was published."
    ),
    "governance.certification.summary.final_version": (
        "`true` if the version certified is the final version."
    ),
    "governance.summary.published_url": (
        "The web address where the company publishes the summary, starting `https://`."
    ),
    "governance.summary.published_date": "The date the summary became public.",
    "governance.summary.partner_urls": "Web addresses where partners also publish the summary.",
    "governance.summary.covers": "The headings the published summary contains.",
    "governance.steering_group.members[]": (
        "The members of the joint steering group or project team."
    ),
    "governance.steering_group.members[].name": "The member's name.",
    "governance.steering_group.members[].role": (
        "The member's role (in their organisation and in the group)."
    ),
    "governance.steering_group.members[].party": "The organisation the member comes from.",
    "governance.steering_group.members[].decision_maker": (
        "`false` for a member who makes and influences no decision on the project (a minute-taker "
        "or analyst, say); left out or `true`, the member is taken to make or influence decisions."
    ),
    "governance.steering_group.terms_of_reference": (
        "The group's terms of reference, or where they are kept and their main points."
    ),
    "governance.approvers[].party": "The organisation this person approves for.",
    "governance.approvers[].name": "The approver's name.",
    "governance.approvers[].role": "The approver's role.",
    "governance.nhs_approval.body": (
        "The NHS committee or board that approved the project, e.g. a medicines or governance "
        "committee."
    ),
    "governance.nhs_approval.date": "The date of approval.",
    "governance.nhs_approval.reference": "The minute or decision reference.",
    "governance.amendments[].date": "The date the change was agreed.",
    "governance.amendments[].description": "What changed.",
    "governance.amendments[].agreed_by": "The parties that agreed the change.",
    "governance.amendments[].impact": "The effect of the change on timelines, logistics and money.",
    "conflicts_of_interest.register_ref": (
        "Where the declarations are recorded: the register of interests and its entries."
    ),
    "conflicts_of_interest.declarations[]": "One entry per person (including nil returns).",
    "conflicts_of_interest.declarations[].person": "The person's name.",
    "conflicts_of_interest.declarations[].role": "Their role.",
    "conflicts_of_interest.declarations[].party": "The organisation they work for.",
    "conflicts_of_interest.declarations[].decision_maker": (
        "`true` if they take decisions about the project (or are decision-making staff under their "
        "organisation's policy)."
    ),
    "conflicts_of_interest.declarations[].interest": (
        "The category of interest declared; `none` for a nil return."
    ),
    "conflicts_of_interest.declarations[].description": "What the interest is.",
    "conflicts_of_interest.declarations[].arose_date": (
        "When the interest arose, so that a declaration within 28 days can be shown."
    ),
    "conflicts_of_interest.declarations[].declared_date": "The date of the declaration.",
    "conflicts_of_interest.declarations[].management": (
        "How the conflict is managed, e.g. stepping out of specific decisions. Needed for any "
        "interest other than `none`."
    ),
    "safeguards.linked_to_prescribing": (
        "`true` if the project is linked in any way to prescribing, supplying, recommending, buying"
        " or selling a medicine (safe: `false`)."
    ),
    "safeguards.switching_programme": (
        "`true` if the project changes patients to the company's medicine without an individual "
        "clinical assessment (safe: `false`)."
    ),
    "safeguards.medicines_reviews_open_to_all_options": (
        "`true` if any medicines review is a clinical review open to every appropriate treatment "
        "option (safe: `true`)."
    ),
    "safeguards.benefits_to_individuals": (
        "`true` if any individual health professional or staff member benefits personally (safe: "
        "`false`)."
    ),
    "safeguards.clinical_decisions_by_nhs": (
        "`true` if all clinical decisions stay with NHS clinicians (safe: `true`)."
    ),
    "safeguards.company_involvement_declared": (
        "`true` if the company's involvement is made clear to the health professionals involved and"
        " to patients, including in patient materials (safe: `true`)."
    ),
    "safeguards.representatives": "The part, if any, played by company representatives.",
    "safeguards.representatives.involved": (
        "`true` if company representatives (sales staff) take any part in the project."
    ),
    "safeguards.representatives.role": "What the representatives do, if involved.",
    "safeguards.representatives.separation_from_promotion": (
        "How their part is kept separate from promotion, e.g. no project discussion in promotional "
        "calls."
    ),
    "treatments[]": "Each medicine, class of medicine or treatment the project deals with.",
    "treatments[].name": "The treatment.",
    "treatments[].guideline_ref": (
        'The national guidance it follows, e.g. "NICE NG106", a SIGN or AWMSG reference.'
    ),
    "data_protection.patient_data_used": "`true` if the project uses any data about patients.",
    "data_protection.patient_identifiable_data": (
        "`true` if any of that data can identify a patient."
    ),
    "data_protection.controller": "The data controller; preferably the NHS body.",
    "data_protection.company_access": (
        "What patient data the company can see: `none` (no patient data), `anonymised_aggregated` "
        "(only anonymised, aggregated data), `identifiable` (data that could identify patients, "
        "which only appropriately qualified company staff in no promotional role may see)."
    ),
    "data_protection.company_staff_with_access[]": (
        "Each company role that sees identifiable patient data, when `company_access` is "
        "`identifiable`."
    ),
    "data_protection.company_staff_with_access[].role": (
        'The role, e.g. "Medical statistician, Real World Evidence team".'
    ),
    "data_protection.company_staff_with_access[].qualification": (
        'What makes the person appropriately qualified, e.g. "Registered nurse (NMC)" or '
        '"Chartered statistician".'
    ),
    "data_protection.company_staff_with_access[].promotional_role": (
        "`true` if the role is promotional (sales or marketing); such staff must never see "
        "identifiable data."
    ),
    "data_protection.lawful_basis": (
        "The lawful basis for processing under UK GDPR and the Data Protection Act 2018."
    ),
    "data_protection.dpia": "The data protection impact assessment (DPIA).",
    "data_protection.dpia.completed": "`true` if the DPIA has been completed.",
    "data_protection.dpia.date": "When it was completed.",
    "data_protection.dpia.reference": "Its reference.",
    "outcomes.measures[]": "What will be measured to judge success.",
    "outcomes.measures[].name": "The measure.",
    "outcomes.measures[].kind": "What sort of measure it is.",
    "outcomes.measures[].baseline": "The starting value, with its date and source.",
    "outcomes.measures[].target": "The value the project aims for.",
    "outcomes.measures[].result": (
        "The value actually achieved, once known (for a completed project)."
    ),
    "outcomes.measures[].data_source": "Where the data come from.",
    "outcomes.measures[].anonymised_aggregated": (
        "`true` if the measure is reported only as anonymised, aggregated data."
    ),
    "outcomes.evaluation_owner": "The party responsible for the evaluation.",
    "outcomes.publication": "How and when the outcomes are published.",
    "outcomes.publication.due_date": (
        "The date by which the outcomes will be published; normally within six months of "
        "`project.end_date`."
    ),
    "outcomes.publication.by_parties": (
        "The parties that will publish the outcomes (normally all of them)."
    ),
    "outcomes.publication.published_url": "Where the outcomes have been published.",
    "outcomes.publication.published_date": "When they were published.",
    "exit_strategy.description": "How the project ends and what happens afterwards.",
    "exit_strategy.patient_care_continuity": (
        "How patient care stays at a high level during and after the project."
    ),
    "exit_strategy.early_termination_process": (
        "How, and on what timeline, the project can be ended early, including after a ruled breach "
        "of the Code."
    ),
    "competition_law.lead_contracting_party": (
        "The party that contracts on behalf of the others in its sector."
    ),
    "competition_law.safeguards": (
        "The safeguards agreed: no exchange of competitively sensitive information, rules of "
        "engagement agreed in advance."
    ),
    "patient_organisation_involvement[]": "The patient organisations involved.",
    "patient_organisation_involvement[].party": "The patient organisation.",
    "patient_organisation_involvement[].arrangement": (
        "`contracted_service`: it provides a service under contract for a fee; `partner`: it is a "
        "full partner in the project; `advisory`: it advises without providing a contracted "
        "service."
    ),
    "patient_organisation_involvement[].clause_27_statement": (
        "A named person's judgement that the organisation's part complies with Clause 27."
    ),
    "patient_organisation_involvement[].clause_27_statement.statement": (
        "How the arrangement complies with Clause 27."
    ),
    "patient_organisation_involvement[].clause_27_statement.by": (
        "Name and role of the person who makes the statement."
    ),
    "patient_organisation_involvement[].clause_27_statement.date": "When the statement was made.",
    "waivers[]": "One entry for each accepted deviation.",
    "waivers[].rule": ("The id of the rule whose failure is accepted, e.g. `outcomes-published`."),
    "waivers[].path": (
        "Limits the waiver to failures at or inside this place, e.g. `outcomes.measures[1]`. Left "
        "out, it covers the rule wherever it fails."
    ),
    "waivers[].justification": "Why the board accepted the deviation.",
    "waivers[].approved_by": "Who approved the waiver.",
    "waivers[].approved_by.name": "The person or committee that approved it.",
    "waivers[].approved_by.role": "Their role, or the body the committee reports to.",
    "waivers[].approved_on": "When it was approved. It is not in force before this date.",
    "waivers[].expires_on": (
        "The last day it is in force; from the next day the failure counts again. Not before "
        "`approved_on`."
    ),
    "waivers[].reference": "Where the decision is recorded, e.g. the board minute.",
}

# Sections that appear at several places in a proposal share one definition in the schema, so
# their fields get one meaning that fits every place.
SHARED: dict[str, dict[str, str]] = {
    "Attestation": {
        "statement": "The judgement, in words, with the reasons for it.",
        "by": (
            'Name and role of the person who makes the judgement, e.g. "Dr Ada Example, Consultant '
            'Cardiologist (Northshire)".'
        ),
        "date": "When the judgement was made.",
    },
    "CertificationRecord": {
        "signatory": "Name of the nominated signatory who certified the document.",
        "signatory_profession": (
            "The signatory's profession: medical_practitioner, pharmacist, dentist (only for "
            "material about dental-only products) or other (not acceptable for a nominated "
            "signatory)."
        ),
        "author": "Name of the person who drew up the document. Must not be the signatory.",
        "date": "The date of certification.",
        "final_version": "`true` if the version certified is the final version.",
    },
}
