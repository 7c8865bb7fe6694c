"""The outcomes report's questions for reflection: answered from the proposal where it records
the answer, and left to the partners where it does not."""

from __future__ import annotations

from typing import Any

from tests.conftest import Cli
from tests.helpers import AS_OF
from tests.publish.conftest import Changed

EXAMPLE = "collaborative-working-nhs-benefit"


def _answers(cli: Cli, changed: Changed, change: Any) -> dict[str, str]:
    path = changed(EXAMPLE, change)
    done = cli("outcomes", "--no-config", "--as-of", AS_OF, str(path))
    assert done.returncode == 0, done.stderr
    section = done.stdout.split("## Questions for reflection\n\n", 1)[1].split("\n---\n", 1)[0]
    pairs = section.strip().split("\n\n")
    return {q.strip("*"): a for q, a in zip(pairs[::2], pairs[1::2], strict=True)}


CONTRIBUTIONS = "Have all parties made their contributions according to the original agreement?"
MEASURES = "Did the project meet the targets of its measures of success?"
PUBLISHED = "Have the outcomes been published?"
TO_ANSWER = "For the partners to answer: the proposal does not record it."


def _all_made(data: dict[str, Any]) -> None:
    for contribution in data["contributions"]:
        contribution["made_as_agreed"] = True
    for measure in data["outcomes"]["measures"]:
        measure["target_met"] = True


def _unrecorded(data: dict[str, Any]) -> None:
    del data["contributions"][0]["made_as_agreed"]
    del data["outcomes"]["measures"][0]["target_met"]
    del data["outcomes"]["publication"]["published_url"]


def test_answers_from_the_example(cli: Cli, changed: Changed) -> None:
    answers = _answers(cli, changed, lambda data: None)
    assert answers[CONTRIBUTIONS].startswith(
        "No. Not made as agreed: Pellavon Therapeutics UK Ltd, Analysis of anonymised"
    )
    assert answers[MEASURES] == (
        "3 of 5 measures met their targets. Not met: Tests meeting the national quality grade "
        "for diagnostic spirometry and Hospital respiratory referrals made only for a "
        "spirometry test."
    )
    assert answers[PUBLISHED] == "Yes: see the publication under Outcomes above."
    for question in (
        "Was the shared vision sustained?",
        "Did each party benefit?",
        "Was a business case for commissioning enabled?",
        "Were the scaling thresholds met?",
    ):
        assert answers[question] == TO_ANSWER


def test_everything_as_agreed(cli: Cli, changed: Changed) -> None:
    answers = _answers(cli, changed, _all_made)
    assert answers[CONTRIBUTIONS] == "Yes: every contribution is recorded as made as agreed."
    assert answers[MEASURES] == "Yes: all 5 measures met their targets."


def test_what_the_proposal_does_not_record_is_left_to_the_partners(
    cli: Cli, changed: Changed
) -> None:
    answers = _answers(cli, changed, _unrecorded)
    assert answers[CONTRIBUTIONS] == TO_ANSWER
    assert answers[MEASURES] == TO_ANSWER
    assert answers[PUBLISHED] == TO_ANSWER


def test_a_draft_shows_what_is_not_yet_reported(cli: Cli) -> None:
    from tests.helpers import EXAMPLES

    done = cli(
        "outcomes",
        "--no-config",
        "--as-of",
        AS_OF,
        "--draft",
        str(EXAMPLES / "heart-failure-joint-working.yaml"),
    )
    assert done.returncode == 0, done.stderr
    assert "## Overview\n\nNot yet reported.\n" in done.stdout
    rows = [line for line in done.stdout.splitlines() if line.startswith("| Heart failure")]
    assert rows == [
        "| Heart failure readmissions within 90 days of discharge | 21% (2025) | 15% reduction "
        "relative to baseline | Not yet reported. | not recorded | Trust patient administration "
        "system, hospital episode data |",
        "| Heart failure bed days per year | 5,640 bed days (2025) | Reduction of 400 bed days a "
        "year | Not yet reported. | not recorded | Trust patient administration system |",
    ]
