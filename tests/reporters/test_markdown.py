"""The board report, read back as CommonMark: its structure, its safety and its stability."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from collabcheck.pipeline import check_file
from collabcheck.reporters import Report
from collabcheck.reporters.markdown import render
from collabcheck.reporters.markdown.sections import actions
from collabcheck.reporters.markdown.verdict import verdict
from collabcheck.results import (
    FileResult,
    Finding,
    InputProblem,
    KeyDate,
    Location,
    Outcome,
    PackInfo,
    ProjectFacts,
    Reference,
    RuleInfo,
    Severity,
)
from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import builtin_pack_dir
from tests.conftest import Cli
from tests.gfm import gfm_autolinks
from tests.helpers import AS_OF, EXAMPLES

MD = MarkdownIt("commonmark").enable("table")
URL = "https://pmcpa.example/clause-20"
REF = Reference("ABPI Code of Practice 2024", "20.2", "main_text", URL)
UNVERIFIED = Reference("ABPI Code of Practice 2019", "20", "supplementary_information", URL, False)
PACK_SHA = "a" * 64
FILE_SHA = "b" * 64
DAY = date(2026, 11, 22)

HOSTILE_TITLE = "# Pwned | <script>alert(1)</script> **bold** [link](javascript:x) `code`"
HOSTILE_PARTY = "Evil | Corp\n# Ltd <b>"
HOSTILE_MESSAGE = "Missing <img src=x onerror=alert(1)> see https://evil.example"


def rule(rule_id: str, severity: Severity = Severity.ERROR, **changes: object) -> RuleInfo:
    info = RuleInfo(
        rule_id,
        f"Requirement {rule_id}",
        severity,
        REF,
        "Why it matters.",
        "Fix it.",
        (rule_id,),
    )
    return info._replace(**changes)  # type: ignore[arg-type]


RULES = (
    rule("pooling-all-parties"),
    rule("significant-contribution"),
    rule("outcomes-measured", Severity.WARNING, reference=UNVERIFIED),
    rule("jw-nhs-party", Severity.WARNING),
    rule("broken-rule", Severity.INFO),
)
PACK = PackInfo("abpi-2024", "0.1.0", PACK_SHA, len(RULES), "ABPI starter pack", RULES)


def finding(
    info: RuleInfo,
    outcome: Outcome,
    line: int,
    message: str = "",
    reason: str = "",
    needs_confirmation: bool = False,
) -> Finding:
    return Finding(
        info,
        outcome,
        message or f"{info.id} message",
        "proposal.yaml",
        line,
        3,
        ("contributions", 0),
        reason,
        needs_confirmation,
    )


def project(**changes: object) -> ProjectFacts:
    facts = ProjectFacts(
        title="Heart failure clinics",
        reference="NTH-2026-01",
        project_type="joint_working",
        stage="proposal",
        start_date=date(2026, 4, 1),
        end_date=date(2027, 3, 31),
        parties=(("Northshire NHS Trust", "nhs_trust"), ("Meridian Ltd", "pharmaceutical_company")),
        key_dates=(
            KeyDate(
                "Written agreement signed", date(2026, 2, 20), "governance.agreement.signed_date"
            ),
            KeyDate("Project starts", date(2026, 4, 1), "project.start_date"),
            KeyDate("Project ends", date(2027, 3, 31), "project.end_date"),
        ),
    )
    return facts._replace(**changes)  # type: ignore[arg-type]


def file_result(**changes: object) -> FileResult:
    pooling, significant, outcomes, nhs, broken = RULES
    fields: dict[str, object] = {
        "display_name": "proposal.yaml",
        "findings": [
            finding(pooling, Outcome.FAIL, 40),
            finding(significant, Outcome.PASS, 60, needs_confirmation=True),
            finding(outcomes, Outcome.FAIL, 20),
            finding(nhs, Outcome.NOT_APPLICABLE, 1, reason="applies to joint working only"),
            finding(broken, Outcome.ERROR, 1, "the rule could not be evaluated: boom"),
        ],
        "sha256": FILE_SHA,
        "project": project(),
    }
    return FileResult(**{**fields, **changes})  # type: ignore[arg-type]


def markdown(*files: FileResult, pack: PackInfo = PACK) -> str:
    out = io.StringIO()
    render(Report(list(files), pack, DAY, "0.1.0"), out)
    return out.getvalue()


# --- Reading the token stream ------------------------------------------------------------------


def text_of(inline: Token) -> str:
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def headings(tokens: list[Token]) -> list[tuple[int, str]]:
    return [
        (int(t.tag[1]), text_of(tokens[i + 1]))
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


def section(tokens: list[Token], title: str) -> list[Token]:
    """The tokens under the heading whose text starts with `title`, up to the next heading."""
    start = next(
        i
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and text_of(tokens[i + 1]).startswith(title)
    )
    end = next(
        (i for i in range(start + 3, len(tokens)) if tokens[i].type == "heading_open"),
        len(tokens),
    )
    return tokens[start + 3 : end]


def tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Every table as rows of cell texts, the header row first."""
    found: list[list[list[str]]] = []
    for i, t in enumerate(tokens):
        if t.type == "table_open":
            found.append([])
        elif t.type == "tr_open":
            found[-1].append([])
        elif t.type in ("th_open", "td_open"):
            found[-1][-1].append(text_of(tokens[i + 1]))
    return found


def list_items(tokens: list[Token]) -> list[str]:
    """The text of the first paragraph of each top-level list item."""
    items, depth = [], 0
    for i, t in enumerate(tokens):
        if t.type in ("ordered_list_open", "bullet_list_open"):
            depth += 1
        elif t.type in ("ordered_list_close", "bullet_list_close"):
            depth -= 1
        elif t.type == "list_item_open" and depth == 1:
            items.append(text_of(tokens[i + 2]))
    return items


def all_tokens(tokens: list[Token]) -> list[Token]:
    out = []
    for t in tokens:
        out.append(t)
        out.extend(all_tokens(t.children or []))
    return out


def fences(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.type == "fence"]


# --- Structure ---------------------------------------------------------------------------------


def test_sections_come_in_order_for_one_proposal() -> None:
    assert headings(MD.parse(markdown(file_result()))) == [
        (1, "Collaborative working proposals: compliance check"),
        (2, "Proposal: Heart failure clinics"),
        (3, "The project"),
        (3, "Actions required"),
        (3, "For the board to confirm"),
        (3, "Not applicable to this project"),
        (3, "Checklist of every requirement"),
        (3, "Key dates"),
        (2, "Provenance"),
    ]


def test_project_facts_are_in_words() -> None:
    tokens = section(MD.parse(markdown(file_result())), "The project")
    assert list_items(tokens) == [
        "Title: Heart failure clinics",
        "Reference: NTH-2026-01",
        "Type: Joint working",
        "Stage: Proposal (being prepared; nothing is agreed yet)",
        "Runs: from 1 April 2026 to 31 March 2027",
    ]
    assert tables(tokens) == [
        [
            ["Organisation taking part", "Kind of organisation"],
            ["Northshire NHS Trust", "NHS trust"],
            ["Meridian Ltd", "Pharmaceutical company"],
        ]
    ]


def test_verdict_and_counts_follow_the_heading() -> None:
    tokens = section(MD.parse(markdown(file_result())), "Proposal:")
    paragraphs = [
        text_of(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "paragraph_open"
    ]
    assert paragraphs == [
        "Verdict: ❌ Not ready: 1 mandatory requirement is not met; "
        "1 requirement could not be checked; 1 warning to address; 1 item to confirm.",
        "Requirements met: 1 (1 to confirm) · not met: 2 · not applicable: 1 · "
        "could not be checked: 1",
    ]


def test_checklist_has_one_row_per_rule_in_pack_order() -> None:
    tokens = section(MD.parse(markdown(file_result())), "Checklist")
    (table,) = tables(tokens)
    assert table[0] == ["Status", "Requirement", "Id", "Clause"]
    assert [row[2] for row in table[1:]] == [r.id for r in RULES]
    assert all(len(row) == 4 for row in table)
    assert [row[0] for row in table[1:]] == [
        "❌ Not met",
        "🔍 Met, for the board to confirm",
        "⚠️ Not met (warning)",
        "\N{HEAVY MINUS SIGN} Not applicable",
        "❗ Could not be checked",
    ]
    assert table[3][3] == ("ABPI Code of Practice 2019, 20 (supplementary information) UNVERIFIED")


def test_a_rule_without_a_finding_is_listed_as_not_checked() -> None:
    extra = rule("exit-maintains-care")
    pack = PACK._replace(rules=(*RULES, extra), rule_count=len(RULES) + 1)
    (table,) = tables(section(MD.parse(markdown(file_result(), pack=pack)), "Checklist"))
    assert table[-1][0] == "— Not checked"
    assert len(table) == len(RULES) + 2


def test_attested_passes_are_put_to_the_board_and_not_applicable_items_give_the_reason() -> None:
    tokens = MD.parse(markdown(file_result()))
    confirm = list_items(section(tokens, "For the board to confirm"))
    assert len(confirm) == 1
    assert confirm[0].startswith(
        "Requirement significant-contribution (significant-contribution): the proposal states "
        "this; the board should confirm it. Where: proposal.yaml:60:3"
    )
    assert list_items(section(tokens, "Not applicable")) == [
        "Requirement jw-nhs-party (jw-nhs-party): applies to joint working only"
    ]


def test_only_passes_that_need_confirmation_are_put_to_the_board() -> None:
    info = rule("patient-care-maintained", implements=("something-else",))
    pack = PACK._replace(rules=(info,), rule_count=1)
    plain = file_result(findings=[finding(info, Outcome.PASS, 5)])
    assert list_items(section(MD.parse(markdown(plain, pack=pack)), "For the board")) == []
    flagged = file_result(findings=[finding(info, Outcome.PASS, 5, needs_confirmation=True)])
    confirm = list_items(section(MD.parse(markdown(flagged, pack=pack)), "For the board"))
    assert [item.split(" (")[0] for item in confirm] == ["Requirement patient-care-maintained"]


def test_timeline_is_a_table_and_a_mermaid_gantt_chart() -> None:
    tokens = MD.parse(markdown(file_result()))
    key_dates = section(tokens, "Key dates")
    (table,) = tables(key_dates)
    assert table == [
        ["Date", "Event", "Where the date comes from"],
        ["20 February 2026", "Written agreement signed", "governance.agreement.signed_date"],
        ["1 April 2026", "Project starts", "project.start_date"],
        ["22 November 2026", "Date of this check (as of)", "the --as-of option"],
        ["31 March 2027", "Project ends", "project.end_date"],
    ]
    (fence,) = fences(key_dates)
    assert fence.info == "mermaid"
    assert fence.content.splitlines() == [
        "gantt",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %b %Y",
        "    todayMarker off",
        "    section Project",
        "    Project period :2026-04-01, 2027-03-31",
        "    section Key dates",
        "    Written agreement signed :milestone, 2026-02-20, 0d",
        "    Project starts :milestone, 2026-04-01, 0d",
        "    Project ends :milestone, 2027-03-31, 0d",
        "    section This check",
        "    As of (date of this check) :crit, milestone, 2026-11-22, 0d",
    ]


def test_provenance_names_the_versions_hashes_and_date() -> None:
    tokens = section(MD.parse(markdown(file_result())), "Provenance")
    assert tables(tokens) == [
        [
            ["Item", "Value"],
            ["collabcheck version", "0.1.0"],
            ["Rule pack", "abpi-2024"],
            ["Rule pack version", "0.1.0"],
            ["Rule pack SHA-256", PACK_SHA],
            ["Checked as of", "2026-11-22"],
        ],
        [["Proposal file", "SHA-256"], ["proposal.yaml", FILE_SHA]],
    ]


def test_several_proposals_start_with_a_summary_and_get_a_section_each() -> None:
    broken = FileResult(
        "broken.yaml",
        problems=[InputProblem("yaml", "unclosed bracket", Location("broken.yaml", 3, 10))],
        sha256=FILE_SHA,
    )
    tokens = MD.parse(markdown(file_result(), broken))
    assert [h for h in headings(tokens) if h[0] <= 2] == [
        (1, "Collaborative working proposals: compliance check"),
        (2, "Summary of all proposals"),
        (2, "Proposal 1 of 2: Heart failure clinics"),
        (2, "Proposal 2 of 2: broken.yaml"),
        (2, "Provenance"),
    ]
    (summary,) = tables(section(tokens, "Summary of all proposals"))
    assert summary[0] == [
        "#",
        "Project",
        "File",
        "Verdict",
        "Met",
        "To confirm",
        "Not met",
        "Not applicable",
        "Could not be checked",
    ]
    assert summary[1] == [
        "1",
        "Heart failure clinics",
        "proposal.yaml",
        "❌ Not ready: 1 mandatory requirement is not met; 1 requirement could not be checked; "
        "1 warning to address; 1 item to confirm",
        "1",
        "1",
        "2",
        "1",
        "1",
    ]
    assert summary[2] == [
        "2",
        "—",
        "broken.yaml",
        "❗ Could not be checked: the file is not valid YAML",
        *["—"] * 5,
    ]
    broken_section = section(tokens, "Proposal 2 of 2")
    assert text_of(broken_section[1]).startswith("Verdict: ❗ Could not be checked")
    problems = section(tokens, "Problems that stopped the check")
    assert list_items(problems) == ["broken.yaml:3:10: unclosed bracket"]


# --- Verdicts and ordering ---------------------------------------------------------------------


def test_verdicts() -> None:
    pooling, _, outcomes, _, _ = RULES
    passed = finding(pooling, Outcome.PASS, 1)
    assert verdict(FileResult("p", [passed])) == "Meets every checked requirement"
    assert verdict(FileResult("p", [passed, finding(outcomes, Outcome.FAIL, 2)])) == (
        "Meets every mandatory requirement; 1 warning to address"
    )
    judged = finding(pooling, Outcome.PASS, 1, needs_confirmation=True)
    assert verdict(FileResult("p", [judged, judged])) == (
        "Ready, subject to 2 confirmations (see For the board to confirm)"
    )
    assert verdict(FileResult("p", [judged, finding(outcomes, Outcome.FAIL, 2)])) == (
        "Meets every mandatory requirement, subject to 1 confirmation (see For the board to "
        "confirm); 1 warning to address"
    )
    failed = [finding(pooling, Outcome.FAIL, n) for n in (1, 2, 3)]
    assert verdict(FileResult("p", failed)) == "Not ready: 3 mandatory requirements are not met"
    invalid = InputProblem("schema", "bad", Location("p", 1, 1))
    assert verdict(FileResult("p", problems=[invalid])) == (
        "Could not be checked: the file is not a valid proposal"
    )


def test_actions_are_most_serious_first_then_by_location() -> None:
    error, warning, info = rule("e"), rule("w", Severity.WARNING), rule("i", Severity.INFO)
    result = file_result(
        findings=[
            finding(info, Outcome.FAIL, 1),
            finding(warning, Outcome.FAIL, 2),
            finding(error, Outcome.FAIL, 30),
            finding(error, Outcome.PASS, 3),
            finding(error, Outcome.FAIL, 10),
            finding(warning, Outcome.FAIL, 5),
        ]
    )
    assert [(f.rule_id, f.location.line) for f in actions(result)] == [
        ("e", 10),
        ("e", 30),
        ("w", 2),
        ("w", 5),
        ("i", 1),
    ]
    pack = PACK._replace(rules=(error, warning, info), rule_count=3)
    items = list_items(section(MD.parse(markdown(result, pack=pack)), "Actions required"))
    assert items == [
        "Requirement e (mandatory; e)",
        "Requirement e (mandatory; e)",
        "Requirement w (warning; w)",
        "Requirement w (warning; w)",
        "Requirement i (advisory; i)",
    ]


def test_an_action_says_what_is_wrong_where_which_clause_and_what_to_do() -> None:
    result = file_result(findings=[finding(RULES[2], Outcome.FAIL, 20, "No measures")])
    tokens = section(MD.parse(markdown(result)), "Actions required")
    nested = [
        text_of(tokens[i + 2])
        for i, t in enumerate(tokens)
        if t.type == "list_item_open" and t.level > 1
    ]
    assert nested == [
        "What is wrong: No measures",
        "Where: proposal.yaml:20:3 (field contributions[0])",
        "Clause: ABPI Code of Practice 2019, 20 (supplementary information) UNVERIFIED (source)",
        "What to do: Fix it.",
    ]
    links = [t for t in all_tokens(tokens) if t.type == "link_open"]
    assert [t.attrs["href"] for t in links] == [URL]


def test_no_actions_says_so() -> None:
    result = file_result(findings=[finding(RULES[0], Outcome.PASS, 1)])
    tokens = section(MD.parse(markdown(result)), "Actions required")
    assert text_of(tokens[1]) == "None: every applicable requirement is met."


# --- Hostile text ------------------------------------------------------------------------------


def test_a_pass_on_a_statement_puts_what_the_proposal_says_to_the_board() -> None:
    info = rule("prescribing-link-explained", implements=("not-inducement",))
    pack = PACK._replace(rules=(info,), rule_count=1)
    said = (
        "safeguards.prescribing_link.statement says 'Class-wide [guideline](https://x.example) <b>'"
    )
    judged = finding(
        info, Outcome.PASS, 7, message=f"{info.title} ({said})", needs_confirmation=True
    )
    text = markdown(file_result(findings=[judged]), pack=pack)
    [item] = list_items(section(MD.parse(text), "For the board"))
    assert f"the proposal states this ({said}); the board should confirm it" in item
    every = all_tokens(MD.parse(text))
    assert not [t for t in every if t.type in ("html_inline", "html_block")]
    assert not [t for t in every if t.type == "link_open" and "x.example" in str(t.attrs)]


def hostile_report() -> str:
    evil_ref = Reference("Ed <b>", "20 | 1", "main_text", "javascript:alert(1)", False, "`x` # y")
    pack = PACK._replace(
        name="pack | <i>",
        title="[t](https://evil.example)",
        rules=tuple(r._replace(reference=evil_ref) for r in RULES),
    )
    facts = project(
        title=HOSTILE_TITLE + "\u202e\x1b[31m",
        reference="1. <!-- comment",
        parties=((HOSTILE_PARTY, "nhs_trust"), ("- list", "evil_kind <b>")),
        key_dates=(
            KeyDate("Signed: now; #35; ```\nsection Evil", date(2026, 2, 20), "a | b\n# c"),
            KeyDate("title Injected %% x", date(2026, 3, 1), "<b>"),
            KeyDate("click <a href=x>", date(2027, 3, 31), "`"),
        ),
    )
    findings = [
        f._replace(
            rule=f.rule._replace(reference=evil_ref, title=HOSTILE_TITLE),
            message=HOSTILE_MESSAGE,
        )
        for f in file_result().findings
    ]
    result = file_result(display_name="evil|<script>.yaml\n# x", project=facts, findings=findings)
    return markdown(result, pack=pack)


def test_hostile_text_creates_no_html_links_headings_or_table_cells() -> None:
    benign = MD.parse(markdown(file_result()))
    text = hostile_report()
    tokens = MD.parse(text)
    every = all_tokens(tokens)
    assert not [t for t in every if t.type in ("html_inline", "html_block")]
    assert not [t for t in every if t.type in ("link_open", "image")]
    assert [level for level, _ in headings(tokens)] == [level for level, _ in headings(benign)]
    assert [[len(row) for row in table] for table in tables(tokens)] == [
        [len(row) for row in table] for table in tables(benign)
    ]
    html = MD.render(text)
    assert "<script" not in html
    assert "<img" not in html
    assert "<b>" not in html
    assert "\u202e" not in text
    assert "\x1b" not in text


def test_hostile_text_is_shown_as_written() -> None:
    tokens = MD.parse(hostile_report())
    assert (2, f"Proposal: {HOSTILE_TITLE}\\u202e\\x1b[31m") in headings(tokens)
    (parties,) = tables(section(tokens, "The project"))
    assert parties[1] == ["Evil | Corp # Ltd <b>", "NHS trust"]
    assert parties[2] == ["- list", "Evil kind <b>"]
    assert list_items(section(tokens, "The project"))[1] == "Reference: 1. <!-- comment"
    nested = [
        text_of(tokens[i + 2])
        for i, t in enumerate(tokens)
        if t.type == "list_item_open" and t.level > 1
    ]
    assert f"What is wrong: {HOSTILE_MESSAGE}" in nested
    assert "Clause: Ed <b>, 20 | 1 (main text) UNVERIFIED. Note: `x` # y" in nested


TRICKY = [
    "foo*",
    "*",
    "_x_",
    "a\\",
    "\\",
    "`",
    "***",
    "---",
    "===",
    "- a",
    "+ b",
    "1. c",
    "1) d",
    "> quote",
    "    indented  text",
    "<http://x.example>",
    "&amp; &#60;",
    "![i](x)",
    "[a]: /url",
    "| a |",
    "a\\|b",
    "~~s~~",
    "$x$",
    "#",
    "\\#",
    "<!-- c -->",
    "x <br> y",
]


@pytest.mark.parametrize("tricky", TRICKY)
def test_text_renders_exactly_as_written_in_headings_lists_and_tables(tricky: str) -> None:
    facts = project(title=tricky, parties=((tricky, "nhs_trust"),))
    tokens = MD.parse(markdown(file_result(project=facts)))
    shown = " ".join(tricky.split())
    assert (2, f"Proposal: {shown}") in headings(tokens)
    assert list_items(section(tokens, "The project"))[0] == f"Title: {shown}"
    (parties,) = tables(section(tokens, "The project"))
    assert parties[1:] == [[shown, "NHS trust"]]
    assert not [t for t in all_tokens(tokens) if t.type in ("html_inline", "html_block")]


AUTOLINKS = [
    "someone@example.org",
    "Contact j.bloggs+nhs@trust.nhs.uk today",
    "mailto:x@y.org",
    "xmpp:a@b.org/resource",
    "www.example.org",
    "_www.example.org_",
    "*www.example.org*",
    "(www.example.org)",
    "https://example.org/x",
    "HTTP://EXAMPLE.ORG",
    "ftp://files.example.org",
    "@octocat and @org/team",
    "a@@b.org @@c.org",
    "x`@`y.org",
]


def test_the_report_itself_has_no_bare_links() -> None:
    assert gfm_autolinks(markdown(file_result())) == []


@pytest.mark.parametrize("text", AUTOLINKS)
def test_addresses_are_shown_as_text_never_as_links(text: str) -> None:
    facts = project(title=text, parties=((text, "nhs_trust"),))
    pooling = finding(RULES[0], Outcome.FAIL, 40, message=text)
    rendered = markdown(file_result(project=facts, findings=[pooling]))
    assert gfm_autolinks(rendered) == []
    tokens = MD.parse(rendered)
    assert (2, f"Proposal: {text}") in headings(tokens)
    assert list_items(section(tokens, "The project"))[0] == f"Title: {text}"
    (parties,) = tables(section(tokens, "The project"))
    assert parties[1:] == [[text, "NHS trust"]]


def test_the_autolink_check_finds_what_github_links() -> None:
    # The forms GitHub links even when escaped the usual way: the check must see them.
    assert gfm_autolinks("someone\\@example.org and me&#64;example.org") == [
        "e@example.o",
        "e@example.o",
    ]
    assert gfm_autolinks("\\_www.example.org https://x.org \\@octocat") == [
        "www.",
        "https://",
        "@o",
    ]


def test_hostile_text_cannot_break_the_mermaid_chart() -> None:
    tokens = MD.parse(hostile_report())
    (fence,) = fences(tokens)
    assert fence.info == "mermaid"
    task = re.compile(r"    [\w .,()/'+-]+ :(crit, )?milestone, \d{4}-\d{2}-\d{2}, 0d")
    lines = fence.content.splitlines()
    milestones = [line for line in lines if "milestone" in line]
    assert milestones == [
        "    Signed now 35 section Evil :milestone, 2026-02-20, 0d",
        "    (title Injected x) :milestone, 2026-03-01, 0d",
        "    (click a href x) :milestone, 2027-03-31, 0d",
        "    As of (date of this check) :crit, milestone, 2026-11-22, 0d",
    ]
    assert all(task.fullmatch(line) for line in milestones)
    assert [line for line in lines if line.lstrip().startswith("section")] == [
        "    section Project",
        "    section Key dates",
        "    section This check",
    ]
    # The fence closed where it should: the provenance section still follows.
    assert headings(tokens)[-1] == (2, "Provenance")


# --- Determinism -------------------------------------------------------------------------------


def test_the_same_report_renders_to_the_same_bytes() -> None:
    first = markdown(file_result(), file_result(display_name="second.yaml"))
    second = markdown(file_result(), file_result(display_name="second.yaml"))
    assert first == second
    assert first.endswith("\n") and not first.endswith("\n\n")
    assert PACK_SHA in first and FILE_SHA in first


# --- End to end --------------------------------------------------------------------------------


def run_markdown(cli: Cli, *args: str) -> str:
    done = cli("validate", "--as-of", AS_OF, "--format", "markdown", *args)
    assert done.returncode in (0, 1), done.stderr
    assert done.stderr == ""
    return done.stdout


def test_cli_lists_the_failing_requirements_as_actions(cli: Cli) -> None:
    path = EXAMPLES / "failing-undeclared-interests.yaml"
    pack = load_pack(builtin_pack_dir())
    expected = check_file(str(path), pack, date.fromisoformat(AS_OF))
    failing = [f.rule_id for f in actions(expected)]
    assert failing

    tokens = MD.parse(run_markdown(cli, str(path)))
    items = list_items(section(tokens, "Actions required"))
    assert [re.search(r"; ([\w-]+)\)$", item).group(1) for item in items] == failing  # type: ignore[union-attr]
    (checklist,) = tables(section(tokens, "Checklist"))
    assert [row[2] for row in checklist[1:]] == [r.id for r in pack.info.rules]
    assert not [t for t in all_tokens(tokens) if t.type in ("html_inline", "html_block")]
    (fence,) = fences(tokens)
    assert fence.info == "mermaid"
    provenance = tables(section(tokens, "Provenance"))
    assert ["Rule pack SHA-256", pack.info.sha256] in provenance[0]
    assert provenance[1][1] == [str(path), expected.sha256]


def test_cli_verdict_for_a_compliant_example(cli: Cli) -> None:
    tokens = MD.parse(run_markdown(cli, str(EXAMPLES / "heart-failure-joint-working.yaml")))
    assert text_of(section(tokens, "Proposal:")[1]) == (
        "Verdict: 🔍 Ready, subject to 8 confirmations (see For the board to confirm)."
    )


def test_cli_writes_the_same_report_to_a_file(cli: Cli, tmp_path: Path) -> None:
    path = str(EXAMPLES / "failing-funding-only.yaml")
    stdout = run_markdown(cli, path)
    out = tmp_path / "report.md"
    done = cli("validate", "--as-of", AS_OF, "--format", f"markdown={out}", path)
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert out.read_text(encoding="utf-8") == stdout
