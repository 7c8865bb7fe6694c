"""`collabcheck summary` and `collabcheck outcomes`: their options, passed to the plain
function (commands/documents.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated

import typer

from collabcheck.cli.common import (
    AddRulesOption,
    ConfigOption,
    NoConfigOption,
    RulesOption,
    declared,
)
from collabcheck.cli.helptext import choices


class Format(StrEnum):
    markdown = "markdown"
    html = "html"


ProposalArgument = Annotated[
    str, typer.Argument(metavar="PROPOSAL", help="The proposal file, or - for standard input.")
]
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        metavar=choices(Format),
        help="markdown (default), or html: one self-contained page, ready to print.",
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the document to FILE (never an input) instead of standard output.",
    ),
]
DraftOption = Annotated[
    bool,
    typer.Option(
        "--draft",
        help="Write the document even if the proposal is not ready for it, marked DRAFT.",
    ),
]


def _command(kind: str, help_text: str) -> Callable[..., None]:
    """The typer command that writes one kind of document."""

    def command(
        path: ProposalArgument,
        fmt: FormatOption = Format.markdown,
        output: OutputOption = None,
        as_of: Annotated[str | None, declared("as_of")] = None,
        draft: DraftOption = False,
        rules: RulesOption = None,
        add_rules: AddRulesOption = None,
        config: ConfigOption = None,
        no_config: NoConfigOption = False,
    ) -> None:
        from collabcheck.commands.documents import publish

        code = publish(
            kind,
            path,
            sys.stdout,
            sys.stderr,
            fmt=fmt.value,
            output=output,
            as_of=as_of,
            draft=draft,
            rules=rules,
            add_rules=add_rules,
            config=config,
            no_config=no_config,
        )
        raise typer.Exit(code)

    command.__doc__ = help_text
    return command


summary = _command(
    "summary",
    """Write the executive summary a project publishes before it starts, from the proposal.

    It refuses (exit 1), listing the failures, if the proposal fails a rule at a field the
    summary states, unless --draft.
    """,
)
outcomes = _command(
    "outcomes",
    """Write the outcomes report of a completed project, from the proposal.

    It refuses (exit 1), listing what is missing, if the project is not completed, a measure
    has no result, or the proposal fails a rule at a field the report states, unless --draft.
    """,
)
