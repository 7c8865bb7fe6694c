"""The proposal format as a JSON Schema, generated from the pydantic models.

Editors that use yaml-language-server (VS Code's YAML extension, and others) read it from a
first line such as `# yaml-language-server: $schema=../docs/proposal.schema.json`, then complete
field names, show what each field means, and flag unknown fields and wrong values as people type.
The schema can only say what JSON Schema can: collabcheck itself still checks what it cannot
(party ids that are unique, an end date not before the start date) and, of course, the rules.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from collabcheck.proposal.descriptions import FIELDS, SHARED

if TYPE_CHECKING:
    from pydantic import BaseModel

DRAFT = "https://json-schema.org/draft/2020-12/schema"
PROPOSAL_ID = "collabcheck-proposal-v2"
RULES_ID = "collabcheck-rules-v1"
WAIVERS_ID = "collabcheck-waivers-v1"
MODELINE = "# yaml-language-server: $schema="


def finish(body: dict[str, Any], schema_id: str, title: str, description: str) -> dict[str, Any]:
    """`$schema`, `$id`, title and description first, the definitions last."""
    body = dict(body)
    definitions = body.pop("$defs", None)
    body.pop("title", None)
    body.pop("description", None)
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": schema_id,
        "title": title,
        "description": description,
        **body,
    }
    if definitions is not None:
        schema["$defs"] = definitions
    return schema


def _target(prop: dict[str, Any]) -> tuple[str | None, bool]:
    """The definition a property refers to, and whether it is a list of them."""
    for candidate, is_list in ((prop, False), (prop.get("items"), True)):
        if not isinstance(candidate, dict):
            continue
        options = [candidate, *candidate.get("anyOf", [])]
        for option in options:
            ref = option.get("$ref") if isinstance(option, dict) else None
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return ref.removeprefix("#/$defs/"), is_list
    return None, False


def _describe(node: dict[str, Any], prefix: str, defs: dict[str, Any]) -> None:
    for name, prop in node.get("properties", {}).items():
        path = prefix + name
        text = FIELDS.get(path) or FIELDS.get(f"{path}[]")
        if text:
            prop.setdefault("description", text)
        target, is_list = _target(prop)
        if target is None:
            continue
        definition = defs[target]
        if target in SHARED:
            for field, meaning in SHARED[target].items():
                definition["properties"][field].setdefault("description", meaning)
        else:
            _describe(definition, f"{path}[]." if is_list else f"{path}.", defs)


def _described(model: type[BaseModel], schema_id: str, title: str, text: str) -> dict[str, Any]:
    """The model's schema with the documentation's field meanings."""
    body = model.model_json_schema()
    _describe(body, "", body.get("$defs", {}))
    return finish(body, schema_id, title, text)


def proposal_schema() -> dict[str, Any]:
    from collabcheck.proposal.model import Proposal

    return _described(
        Proposal,
        PROPOSAL_ID,
        "collabcheck proposal, format version 2",
        "A proposed NHS-industry collaborative working or joint working project, or another "
        "company arrangement, checked by `collabcheck validate` against the ABPI Code of Practice "
        "rules. Files of format version 1 are read too. The fields are documented in "
        "docs/proposal-format.md.",
    )


def rule_file_schema() -> dict[str, Any]:
    from collabcheck.engine.rule import RuleFile

    return finish(
        RuleFile.model_json_schema(),
        RULES_ID,
        "collabcheck rule file, rule format version 1",
        "One file of a collabcheck rule pack: a list of rules, each with its reference, "
        "rationale, remediation and a check written in the closed condition vocabulary. "
        "The format is documented in docs/rule-format.md.",
    )


def waiver_file_schema() -> dict[str, Any]:
    from collabcheck.waivers.file import WaiverFile

    return _described(
        WaiverFile,
        WAIVERS_ID,
        "collabcheck waiver file, format version 1",
        "Waivers a governance board has approved, for `collabcheck validate --waivers FILE`: "
        "each names the project it is for (its project.reference). The fields are documented in "
        "docs/proposal-format.md under waivers, and in the README under Waivers.",
    )


SCHEMAS = {
    "proposal": proposal_schema,
    "rule file": rule_file_schema,
    "waiver file": waiver_file_schema,
}


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schema(what: str, output: str | None, stdout: TextIO, stderr: TextIO) -> int:
    """Print the schema of `what` (a key of SCHEMAS), or write it to `output`; returns the exit
    code."""
    from collabcheck.common.escape import inert
    from collabcheck.config.settings import EXIT_INVALID, EXIT_OK

    text = render(SCHEMAS[what]())
    if output is None:
        stdout.write(text)
        return EXIT_OK
    try:
        with open(output, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        stderr.write(
            f"collabcheck: cannot write {inert(output)}: {inert(exc.strerror or str(exc))}\n"
        )
        return EXIT_INVALID
    stderr.write(f"collabcheck: wrote the {what} JSON Schema to {inert(output)}\n")
    return EXIT_OK
