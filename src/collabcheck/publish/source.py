"""One proposal, checked, for a document to be written from: the validated proposal, its
findings (the built-in or chosen rule packs, with waivers applied, on the --as-of date) and the
SHA-256 of the very bytes that were checked. Anything that keeps the check from being complete
(an unreadable file, invalid YAML, a proposal off the format, a rule that could not be evaluated,
a waiver no board may give) is a SourceProblem: one line for each thing wrong."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from collabcheck import __version__
from collabcheck.common.yamlpath import YamlPath
from collabcheck.loading.inputs import STDIN, STDIN_NAME, Source
from collabcheck.loading.schema_errors import problems
from collabcheck.loading.yamlload import Document
from collabcheck.pipeline import check_document, read_document
from collabcheck.proposal.model import Proposal
from collabcheck.publish.load import to_model
from collabcheck.publish.stamp import Stamp
from collabcheck.results import FileResult, InputProblem, Outcome
from collabcheck.rulepacks.pack import Pack
from collabcheck.waivers.apply import WaiverBook


class SourceProblem(Exception):
    """The proposal could not be checked completely; `lines` says why, one line each."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass(frozen=True)
class Checked:
    name: str  # as given on the command line (<stdin> for standard input)
    proposal: Proposal
    doc: Document  # where each value is written, for messages
    result: FileResult
    pack_label: str
    binding: frozenset[str]  # the ids of the rules that bind any company activity

    def where(self, path: YamlPath) -> str:
        """`file:line:column` of a field, or of the section that should hold it."""
        mark = self.doc.mark_of(path)
        return f"{self.name}:{mark.line}:{mark.column}"

    def stamp(self, generated: date) -> Stamp:
        reference = self.proposal.project.reference or ""
        return Stamp(reference, self.result.sha256, generated, __version__, self.pack_label)


def source_of(path: str) -> Source:
    """A file, or standard input for `-`."""
    return Source(STDIN_NAME, None) if path == STDIN else Source(path, path)


def read_checked(
    source: Source, pack: Pack, as_of: date, waivers: WaiverBook | None = None
) -> Checked:
    """Read, check and validate one proposal, reading and parsing it once: the document and its
    stamp come from the same bytes the rules checked. Raises SourceProblem."""
    name = source.display
    raw, doc = read_document(source)
    if isinstance(doc, InputProblem):
        raise SourceProblem([f"{doc.location}: {doc.message}"])
    assert doc is not None  # a file named on the command line is always checked
    digest = hashlib.sha256(raw).hexdigest()
    result = check_document(FileResult(name, sha256=digest), doc, pack, as_of, waivers)
    if result.problems:
        raise SourceProblem([f"{p.location}: {p.message}" for p in result.problems])
    incomplete = [
        f"{f.location}: rule {f.rule_id} could not be evaluated: {f.message}"
        for f in result.findings
        if f.outcome is Outcome.ERROR
    ] + [
        f"{w.waiver.location}: a waiver no board may give, for rule {w.waiver.rule_id}: {w.note}"
        for w in result.refused_waivers()
    ]
    if incomplete:
        raise SourceProblem(incomplete)
    try:
        proposal = to_model(doc)
    except ValidationError as exc:
        found = problems(exc, doc, Proposal)
        lines = [f"{name}:{p.mark.line}:{p.mark.column}: {p.message}" for p in found]
        raise SourceProblem(lines) from None
    binding = frozenset(c.rule.id for c in pack.rules if c.rule.any_activity)
    return Checked(name, proposal, doc, result, pack.info.label(), binding)
