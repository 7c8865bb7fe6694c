"""What the commands that write a document share: which findings and gaps stop it, the draft
mark that says why, and the document itself in the chosen format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from collabcheck.common.escape import TEXT, XML, LogEscapes, command_free
from collabcheck.common.yamlpath import YamlPath
from collabcheck.proposal.model import Proposal
from collabcheck.publish import outcomes, summary
from collabcheck.publish.depends import described, stopping
from collabcheck.publish.document import Published, Section
from collabcheck.publish.render import RENDERERS
from collabcheck.publish.source import Checked


@dataclass(frozen=True)
class Kind:
    """One kind of document: its name, the fields it states, what else it needs, and how its
    sections are written."""

    name: str  # `Executive summary`
    fields: tuple[YamlPath, ...]
    sections: Callable[[Proposal], tuple[Section, ...]]
    missing: Callable[[Checked], list[tuple[str, str]]] = lambda _: []


KINDS = {
    "summary": Kind(summary.KIND, summary.FIELDS, summary.sections),
    "outcomes": Kind(outcomes.KIND, outcomes.FIELDS, outcomes.sections, outcomes.missing),
}

# Output is data: no line of it can be a CI workflow command (common/escape.py).
_LOG_ESCAPES: dict[str, LogEscapes] = {"markdown": TEXT, "html": XML}


@dataclass(frozen=True)
class Verdict:
    """Whether a document may be written as final, and if not, why: the failures it depends on
    (each as the lines a refusal shows) and what the proposal lacks for it."""

    failures: list[list[str]]
    gaps: list[tuple[str, str]]

    @property
    def stopped(self) -> bool:
        return bool(self.failures or self.gaps)

    def refusal(self) -> list[str]:
        lines = [line for failure in self.failures for line in failure]
        return lines + [f"{where}: {what}" for where, what in self.gaps]

    def reason(self) -> str:
        """Why a draft is a draft, in a sentence or two for its banner."""
        parts = ["Written with --draft."]
        if self.failures:
            n = len(self.failures)
            parts.append(
                f"The proposal fails {n} rule{'s' if n != 1 else ''} that this document depends on."
            )
        parts += [f"{what[0].upper()}{what[1:]}." for _, what in self.gaps]
        return " ".join(parts)


def judge(kind: Kind, checked: Checked) -> Verdict:
    failing = stopping(checked.result.findings, kind.fields, checked.binding)
    return Verdict([described(f) for f in failing], kind.missing(checked))


def written(
    kind: Kind, checked: Checked, verdict: Verdict, fmt: str, day: date, draft: bool
) -> str:
    document = Published(
        kind.name,
        checked.proposal.project.title,
        kind.sections(checked.proposal),
        checked.stamp(day),
        verdict.reason() if draft else None,
    )
    return command_free(RENDERERS[fmt](document), _LOG_ESCAPES[fmt])
