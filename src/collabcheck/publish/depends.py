"""Which failures stop a document: an error-level failure, not waived, at a field the document
states, or at a section that holds one; or of a rule that binds any company activity
(`any_activity`: inducement, switching, bribery, undeclared involvement, conflicts of
interest), wherever it fails, because such a failure makes the arrangement itself one the Code
does not allow, and a document published for it would present it as proper. A document that
repeats what a failing rule says is wrong would publish the mistake, so it is written only as a
draft. The fields are the document's own list (summary.py, outcomes.py); a failure is located
by every place the rule says it fails (its path, and each alternative a fix could take), so one
that could be put right by changing a field the document states counts."""

from __future__ import annotations

from collections.abc import Iterable

from collabcheck.common.yamlpath import YamlPath
from collabcheck.results import Finding, Severity
from collabcheck.waivers.apply import leaves


def _places(finding: Finding) -> list[YamlPath]:
    named = list(leaves(finding.places)) if finding.places else []
    return [finding.path, *named]


def _touches(path: YamlPath, fields: tuple[YamlPath, ...]) -> bool:
    """At or inside a field, or a section holding one (not the whole document)."""
    return any(
        path[: len(field)] == field or (path and field[: len(path)] == path) for field in fields
    )


def stopping(
    findings: Iterable[Finding], fields: tuple[YamlPath, ...], binding: frozenset[str] = frozenset()
) -> list[Finding]:
    """The failures that stop a document stating `fields`, in the order found; `binding`: the
    ids of the rules that bind any company activity."""
    return [
        f
        for f in findings
        if f.failing
        and f.severity is Severity.ERROR
        and (f.rule_id in binding or any(_touches(path, fields) for path in _places(f)))
    ]


def described(finding: Finding) -> list[str]:
    """A failure as the lines of a refusal: where, which rule, what is wrong, the clause and the
    fix (the text report's form)."""
    return [
        f"{finding.location}  {finding.rule_id}  {finding.message}",
        f"    Clause: {finding.reference}",
        f"    Fix: {finding.remediation}",
    ]
