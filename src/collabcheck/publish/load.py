"""The proposals named on a command line, read and validated as `validate` reads them, as
`Proposal` models with their parsed documents (for the line and column of each value).

The same inputs as `validate`: files, folders searched for proposals (`--exclude` leaves some
out), `-` for standard input. A file that cannot be read, is not YAML or does not follow the
format is a problem at its line and column; a file a folder search finds that is not a
proposal is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from collabcheck.common.problems import FileProblem
from collabcheck.loading.inputs import Source
from collabcheck.loading.schema_errors import problems
from collabcheck.loading.yamlload import Document
from collabcheck.pipeline import read_document
from collabcheck.proposal.model import Proposal
from collabcheck.results import InputProblem


@dataclass(frozen=True)
class Loaded:
    """One valid proposal: where it came from, its document and its model."""

    name: str
    doc: Document
    proposal: Proposal


def to_model(doc: Document) -> Proposal:
    """The proposal as the format's models, read the way `validate` reads it; raises pydantic's
    ValidationError."""
    version = doc.data.get("format_version") if isinstance(doc.data, dict) else None
    return Proposal.model_validate(doc.data, context={"format_version": version})


def load_source(source: Source) -> Loaded | list[FileProblem] | None:
    """The proposal in `source`; its problems; or None for a file found in a folder search
    that is not a proposal (read as `validate` reads it: pipeline.read_document)."""
    name = source.display
    _, read = read_document(source)
    if read is None:
        return None
    if isinstance(read, InputProblem):
        return [FileProblem(read.message, name, read.location.line, read.location.column)]
    try:
        return Loaded(name, read, to_model(read))
    except ValidationError as exc:
        found = problems(exc, read, Proposal)
        return [FileProblem(p.message, name, p.mark.line, p.mark.column) for p in found]


@dataclass
class Inputs:
    """What the command line named: the valid proposals, and the problems of the rest."""

    proposals: list[Loaded]
    problems: list[FileProblem]


def load_all(sources: list[Source], unreadable: list[tuple[str, str]]) -> Inputs:
    """Every source in order; `unreadable`: the folders `discover` could not search."""
    found = Inputs([], [FileProblem(why, folder) for folder, why in unreadable])
    for source in sources:
        loaded = load_source(source)
        if isinstance(loaded, Loaded):
            found.proposals.append(loaded)
        elif loaded is not None:
            found.problems.extend(loaded)
    return found
