"""A rule as plain data: what the compiled pack keeps of a validated rule, and what the pack
cache stores.

The rule format's one definition is its pydantic models (engine/rule.py, engine/conditions.py).
A rule that passed them is turned into plain data (`plain`: dictionaries, lists, text, numbers,
true/false, as JSON has them) and everything after that (compiling, describing, evaluating)
reads that data. So a pack read back from the cache, where the same data is stored as JSON,
goes through the same code as a pack read from its rule files, and defines no model class.

The records are named tuples, which are cheap to define at import; none is written as JSON
(the cache stores the plain data they are read from) or taken for a tuple of values.
"""

import json
from typing import Any, get_args

from collabcheck.common.records import Record
from collabcheck.proposal.vocabulary import ProjectType, Stage
from collabcheck.results import Reference

Condition = dict[str, Any]  # one operator -> its arguments, as the rule file gives them


def plain(model: Any) -> Any:
    """A validated model (or plain data, returned as it is) as the plain data the pack cache
    stores: its fields by their names in the rule format, those left unset or empty (None) out,
    dates as YYYY-MM-DD. Made through JSON, so that it is exactly what the cache gives back
    (the models write an infinite number as JSON's Infinity, which reads back the same)."""
    if isinstance(model, dict):
        return model
    return json.loads(model.model_dump_json(by_alias=True, exclude_none=True))


def _text(data: dict[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} is not text")
    return value


def _texts(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise TypeError(f"{key} is not a list of texts")
    return tuple(value)


def _words(data: dict[str, Any], key: str, allowed: Any) -> tuple[str, ...]:
    """A list of the closed words of a Literal type (project types, stages)."""
    found = _texts(data, key)
    unknown = set(found) - set(get_args(allowed))
    if unknown or not found:
        raise ValueError(f"{key} holds {sorted(unknown) or 'nothing'}")
    return found


def _flag(data: dict[str, Any], key: str, default: bool | None) -> bool | None:
    value = data.get(key, default)
    if not (value is None or isinstance(value, bool)):
        raise TypeError(f"{key} is not true or false")
    return value


def _condition(data: dict[str, Any], key: str) -> Condition | None:
    value = data.get(key)
    if value is not None and not (isinstance(value, dict) and len(value) == 1):
        raise TypeError(f"{key} is not a condition")
    return value


class AppliesTo(Record):
    project_types: tuple[str, ...]
    stages: tuple[str, ...]


class RuleData(Record):
    """One rule, as the rule format defines it (engine/rule.py's Rule), its conditions as plain
    data."""

    id: str
    title: str
    severity: str
    reference: Reference
    rationale: str
    remediation: str
    message: str
    implements: tuple[str, ...]
    applies_to: AppliesTo
    when: Condition | None
    check: Condition
    judgement: bool
    requires: tuple[str, ...]
    waivable: bool | None
    any_activity: bool

    @property
    def binding(self) -> bool:
        """Enforces the law or the Code's mandatory text: no board can waive it."""
        return self.severity == "error" and self.reference.part in ("law", "main_text")

    @classmethod
    def of(cls, data: dict[str, Any]) -> "RuleData":
        """A rule from `plain` data. Raises KeyError, TypeError or ValueError for anything
        that is not such data (a damaged cache entry)."""
        ref = data["reference"]
        applies = data["applies_to"]
        check = _condition(data, "check")
        if check is None:
            raise KeyError("check")
        severity = _text(data, "severity")
        if severity not in ("error", "warning", "info"):
            raise ValueError(f"{severity!r} is not a severity")
        return cls(
            _text(data, "id"),
            _text(data, "title"),
            severity,
            Reference(
                _text(ref, "edition"),
                _text(ref, "clause"),
                _text(ref, "part"),
                _text(ref, "source_url"),
                bool(_flag(ref, "verified", True)),
                str(ref.get("note", "")),
            ),
            _text(data, "rationale"),
            _text(data, "remediation"),
            _text(data, "message"),
            _texts(data, "implements"),
            AppliesTo(
                _words(applies, "project_types", ProjectType), _words(applies, "stages", Stage)
            ),
            _condition(data, "when"),
            check,
            bool(_flag(data, "judgement", False)),
            _texts(data, "requires"),
            _flag(data, "waivable", None),
            bool(_flag(data, "any_activity", False)),
        )


class NotCheckableData(Record):
    requirement: str
    reason: str


class ManifestData(Record):
    """A pack's pack.yaml, as the rule format defines it (engine/rule.py's PackManifest)."""

    name: str
    version: str
    title: str
    description: str
    gates: tuple[str, ...]
    not_checkable: tuple[NotCheckableData, ...]

    @classmethod
    def of(cls, data: dict[str, Any]) -> "ManifestData":
        """From `plain` data; raises KeyError, TypeError or ValueError for anything else."""
        entries = data.get("not_checkable", [])
        if not isinstance(entries, list):
            raise TypeError("not_checkable is not a list")
        return cls(
            _text(data, "name"),
            _text(data, "version"),
            _text(data, "title"),
            str(data.get("description", "")),
            _texts(data, "gates"),
            tuple(NotCheckableData(_text(e, "requirement"), _text(e, "reason")) for e in entries),
        )


class RequirementData(Record):
    """One requirement of a pack's requirements.yaml (engine/rule.py's Requirement)."""

    id: str
    title: str
    edition: str
    clause: str
    obligation: str
    stages: tuple[str, ...]

    @classmethod
    def of(cls, data: dict[str, Any]) -> "RequirementData":
        """From `plain` data; raises KeyError, TypeError or ValueError for anything else."""
        return cls(
            _text(data, "id"),
            _text(data, "title"),
            _text(data, "edition"),
            _text(data, "clause"),
            _text(data, "obligation"),
            _texts(data, "stages"),
        )

    def record(self) -> dict[str, Any]:
        """The requirement as its file gives it, for JSON listings."""
        return {
            "id": self.id,
            "title": self.title,
            "edition": self.edition,
            "clause": self.clause,
            "obligation": self.obligation,
            "stages": list(self.stages),
        }
