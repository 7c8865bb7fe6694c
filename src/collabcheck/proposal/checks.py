"""Every check of the proposal and waiver formats beyond their types, as plain functions.

Each is the one definition of its check: the pydantic models (proposal/model.py, waiver.py,
waivers/file.py) call it, and so does the validator derived from them for a validate run
(proposal/derived.py), which names it in CHECKS. A section reaches a check as a model when the
models validate and as a plain dict when the derived validator does, so checks read its fields
with `field`. Nothing here imports pydantic: a valid proposal is checked without it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from collabcheck.common.yamlpath import parse_yaml_path
from collabcheck.proposal.vocabulary import CLAUSE_20_TYPES

if TYPE_CHECKING:
    from pydantic_core.core_schema import ValidationInfo

FORMAT_VERSIONS = (1, 2)
CURRENT_FORMAT = 2
RULE_ID = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PLACEHOLDER = re.compile(
    r"(?i)^\W*(tbc|tbd|tba|n\.?/?a\.?|none|nil|todo|to ?do|xxx+|placeholder|lorem ipsum.*"
    r"|to be (confirmed|decided|agreed|added))\W*$"
)


def field(section: Any, name: str) -> Any:
    """A field of a section, whether the models (attributes) or the derived validator (a dict)
    validated it."""
    return section[name] if isinstance(section, dict) else getattr(section, name)


def is_placeholder(text: str) -> bool:
    """Empty, a stock placeholder, or nothing but punctuation and symbols (`—`, `***`, `/`)."""
    stripped = text.strip()
    wordless = not stripped[:1].isalnum() and not any(ch.isalnum() for ch in stripped)
    return wordless or bool(_PLACEHOLDER.match(stripped))


def to_date(value: Any) -> Any:
    if isinstance(value, str):
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2025-04-01")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value} is not a real calendar date") from None
    return value


def exact_version(value: Any, info: ValidationInfo) -> Any:
    # A Literal of numbers would also accept true and 1.0, which equal 1 in Python.
    if type(value) is not int:
        raise ValueError(f"{info.field_name} must be a whole number, not {value!r}")
    return value


def format_version(info: ValidationInfo) -> int:
    """The document's own format_version, passed in as the validation context."""
    context = info.context if isinstance(info.context, dict) else {}
    version = context.get("format_version")
    return version if isinstance(version, int) and version in FORMAT_VERSIONS else CURRENT_FORMAT


class VersionGate:
    """A field that exists only from (`since`) or up to (`until`) a format version, and the
    field it replaces or that replaces it."""

    __slots__ = ("kind", "other", "version")

    def __init__(self, kind: str, version: int, other: str = "") -> None:
        self.kind: Final = kind  # "since" or "until"
        self.version: Final = version
        self.other: Final = other

    def __call__(self, value: Any, info: ValidationInfo) -> Any:
        document = format_version(info)
        if self.kind == "since" and document < self.version:
            instead = f" (it replaces {self.other})" if self.other else ""
            raise ValueError(
                f"{info.field_name} is a field of format version {self.version}{instead}: set "
                f"format_version: {self.version} to use it, or run collabcheck upgrade on the file"
            )
        if self.kind == "until" and document > self.version:
            raise ValueError(
                f"{info.field_name} is a field of format version {self.version} only: format "
                f"version {self.version + 1} replaces it with {self.other}"
            )
        return value


def type_of_its_version(value: str, info: ValidationInfo) -> str:
    if value not in CLAUSE_20_TYPES and format_version(info) < 2:
        raise ValueError(
            f"type {value} is a value of format version 2: set format_version: 2 to use it"
        )
    return value


def project_consistent(project: Any) -> Any:
    """Ends after it starts; governed_by given for an other_arrangement and only for one."""
    start, end = field(project, "start_date"), field(project, "end_date")
    kind, governed_by = field(project, "type"), field(project, "governed_by")
    if end < start:
        raise ValueError(f"the project ends ({end}) before it starts ({start})")
    if kind == "other_arrangement" and governed_by is None:
        raise ValueError(
            "an other_arrangement must say what governs it instead of Clause 20 "
            "(governed_by: donation_or_grant, sponsorship, contracted_service, "
            "clinical_research, company_funded_service_or_post or other)"
        )
    if kind != "other_arrangement" and governed_by is not None:
        raise ValueError(
            f"governed_by is only for type other_arrangement: a {kind} project is "
            "governed by Clause 20"
        )
    return project


def product_named(product: Any) -> Any:
    if not (field(product, "brand") or field(product, "generic")):
        raise ValueError("a product needs its brand name, its generic name or both")
    return product


def unique_party_ids(parties: list[Any]) -> list[Any]:
    seen: dict[str, int] = {}
    for i, party in enumerate(parties):
        party_id = field(party, "id")
        if party_id in seen:
            raise ValueError(
                f"parties[{seen[party_id]}] and parties[{i}] both have the id {party_id!r}: each "
                "party needs its own id, because contributions, payments and declarations refer "
                "to parties by id"
            )
        seen[party_id] = i
    return parties


def written(value: str) -> str:
    if is_placeholder(value):
        raise ValueError(
            f"{value.strip()[:40]!r} is not a record: write it out in words, because a waiver is a "
            "decision the board can be held to"
        )
    return value


def rule_id(value: str) -> str:
    if not re.fullmatch(RULE_ID, value):
        raise ValueError(
            f"{value[:60]!r} is not a rule id: ids are lower-case words joined by hyphens, such "
            "as outcomes-measured (collabcheck rules list shows them all)"
        )
    return value


def yaml_path(value: str) -> str:
    if parse_yaml_path(value) is None:
        raise ValueError(
            f"{value!r} is not a YAML path: write it like outcomes.measures[0].baseline"
        )
    return value


def waiver_dates_in_order(waiver: Any) -> Any:
    approved, expires = field(waiver, "approved_on"), field(waiver, "expires_on")
    if expires < approved:
        raise ValueError(f"the waiver expires ({expires}) before it was approved ({approved})")
    return waiver


def one_waiver_each(waivers: list[Any]) -> list[Any]:
    """Refuses two waivers for the same decision: the same rule and place (and, in a waiver
    file, the same project)."""
    seen: dict[tuple[str | None, str, str | None], int] = {}
    for i, waiver in enumerate(waivers):
        as_dict = isinstance(waiver, dict)
        project = waiver.get("project") if as_dict else getattr(waiver, "project", None)
        rule, path = field(waiver, "rule"), field(waiver, "path")
        key = (project, rule, path)
        if key in seen:
            raise ValueError(
                f"waivers[{seen[key]}] and waivers[{i}] both waive {rule}"
                + (f" for project {project}" if project else "")
                + (f" at {path}" if path else "")
                + ": keep one entry per decision"
            )
        seen[key] = i
    return waivers


# The checks by the names the derived validators use for them: a closed list, so that what the
# derived data names is looked up here and never imported or evaluated.
CHECKS: dict[str, Callable[..., Any]] = {
    check.__name__: check
    for check in (
        to_date,
        exact_version,
        type_of_its_version,
        project_consistent,
        product_named,
        unique_party_ids,
        written,
        rule_id,
        yaml_path,
        waiver_dates_in_order,
        one_waiver_each,
    )
}
# Checks made from arguments: the derived data gives the name and the arguments.
CHECK_MAKERS: dict[str, Callable[..., Callable[..., Any]]] = {
    "since": lambda version, other: VersionGate("since", version, other),
    "until": lambda version, other: VersionGate("until", version, other),
}
