"""One input through every stage: read, parse, validate the format, evaluate the rules, apply
the waivers. The run as a whole (discovery, reports, the exit code) is commands/validate.py."""

from __future__ import annotations

from datetime import date

from collabcheck.common import hashes
from collabcheck.engine.evaluate import evaluate
from collabcheck.loading.inputs import ReadError, Source, decode, read_source
from collabcheck.loading.yamlload import Document, YamlError, parse
from collabcheck.proposal.facts import project_facts
from collabcheck.proposal.validate import to_proposal
from collabcheck.results import FileResult, InputProblem, Location
from collabcheck.rulepacks.pack import Pack
from collabcheck.waivers.apply import WaiverBook, apply_waivers, proposal_waivers, waiver_book


class RunStopped(Exception):
    """A run that cannot go on (a worker process died): the message is the one line saying why."""


def read_document(source: Source) -> tuple[bytes, Document | InputProblem | None]:
    """The bytes of one input and its parsed document; an InputProblem if it cannot be read or
    parsed; None for a file found in a directory (or named with --only-proposals) that is not a
    proposal."""
    name = source.display
    raw = b""
    try:
        raw = read_source(source)
        doc = parse(decode(raw))
    except (ReadError, YamlError) as exc:
        # In a directory search, a file that cannot be read as YAML is reported if it mentions
        # the proposal format at all: it may be a broken proposal; other files are skipped.
        broken_yaml = isinstance(exc, YamlError)
        if broken_yaml and source.found_in_directory and b"format_version" not in raw:
            return raw, None
        stage = "read" if isinstance(exc, ReadError) else "yaml"
        return raw, InputProblem(stage, exc.message, Location(name, exc.line, exc.column))
    if source.found_in_directory and not is_proposal(doc.data):
        return raw, None
    return raw, doc


def check_source(
    source: Source, pack: Pack, as_of: date, waivers: WaiverBook | None = None
) -> FileResult | None:
    """Check one input; None for a file found in a directory (or named with --only-proposals)
    that is not a proposal.
    `waivers`: the run's waiver files and settings; None, only the proposal's own waivers."""
    raw, read = read_document(source)
    if read is None:
        return None
    unread = isinstance(read, InputProblem) and read.stage == "read"
    result = FileResult(source.display, sha256="" if unread else hashes.proposal_sha256(raw))
    if isinstance(read, InputProblem):
        result.problems.append(read)
        return result
    return check_document(result, read, pack, as_of, waivers)


def check_document(
    result: FileResult, doc: Document, pack: Pack, as_of: date, waivers: WaiverBook | None
) -> FileResult:
    """Validate, evaluate and waive one parsed document, into `result`."""
    name = result.display_name
    proposal = to_proposal(doc)
    if isinstance(proposal, list):
        result.problems.extend(
            InputProblem("schema", p.message, Location(name, p.mark.line, p.mark.column, p.path))
            for p in proposal
        )
        return result
    mark = doc.mark_of(("project", "reference"))
    result.project = project_facts(proposal, (mark.line, mark.column))
    findings = evaluate(pack.rules, proposal, doc, name, as_of, pack.needs, pack.hidden)
    book = waiver_book(pack) if waivers is None else waivers
    if book.enabled:
        written = [
            *proposal_waivers(proposal, doc, name),
            *book.for_project(result.project.reference),
        ]
        if written:
            findings, result.waivers = apply_waivers(findings, written, book, as_of)
    result.set_findings(findings)
    return result


def is_proposal(data: object) -> bool:
    """A proposal has format_version at its top level, however the key is written."""
    return isinstance(data, dict) and "format_version" in data


def check_file(path: str, pack: Pack, as_of: date, waivers: WaiverBook | None = None) -> FileResult:
    result = check_source(Source(path, path), pack, as_of, waivers)
    assert result is not None
    return result
