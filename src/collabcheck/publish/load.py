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
from collabcheck.loading.inputs import ReadError, Source, decode, read_source
from collabcheck.loading.schema_errors import problems
from collabcheck.loading.yamlload import Document, YamlError, parse
from collabcheck.proposal.model import Proposal


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
    that is not a proposal."""
    name = source.display
    raw = b""
    try:
        raw = read_source(source)
        doc = parse(decode(raw))
    except (ReadError, YamlError) as exc:
        # As validate does: in a folder search, broken YAML counts only if it mentions the format.
        broken_yaml = isinstance(exc, YamlError)
        if broken_yaml and source.found_in_directory and b"format_version" not in raw:
            return None
        return [FileProblem(exc.message, name, exc.line, exc.column)]
    if source.found_in_directory and "format_version" not in doc.data:
        return None
    try:
        return Loaded(name, doc, to_model(doc))
    except ValidationError as exc:
        found = problems(exc, doc, Proposal)
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
