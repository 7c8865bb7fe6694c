"""The JSON Schemas of the proposal and rule formats, as editors with yaml-language-server see them.

JSON Schema sees YAML after YAML 1.2 parsing, where an unquoted 2026-04-01 is text, not a date;
collabcheck's own loader keeps dates as text in the same way, so documents are loaded with it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, Draft202012Validator

from collabcheck.commands.schema import (
    MODELINE,
    proposal_schema,
    rule_file_schema,
    waiver_file_schema,
)
from collabcheck.loading.yamlload import parse
from collabcheck.proposal.descriptions import FIELDS, SHARED
from collabcheck.rulepacks.cache import pack_files
from tests.conftest import Cli
from tests.helpers import EXAMPLES, MINIMAL, ROOT, WAIVER

DOCS_SCHEMA = ROOT / "docs" / "proposal.schema.json"
CASES = sorted((ROOT / "rules" / "abpi-2024" / "cases").glob("*/*/*.yaml"))
RULE_FILES = pack_files(ROOT / "rules" / "abpi-2024")


def load(path: Path) -> Any:
    return parse(path.read_text(encoding="utf-8")).data


def errors(schema: dict[str, Any], data: Any) -> list[str]:
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return proposal_schema()


def test_schema_is_a_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "collabcheck-proposal-v2"
    assert schema["title"] == "collabcheck proposal, format version 2"
    Draft202012Validator.check_schema(schema)


def test_schema_also_works_for_draft_7_validators(schema: dict[str, Any]) -> None:
    # yaml-language-server validates with a draft-07 engine: the schema must mean the same there.
    Draft7Validator.check_schema(schema)
    for path in sorted(EXAMPLES.glob("*.yaml")):
        assert list(Draft7Validator(schema).iter_errors(load(path))) == [], path


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_are_valid(schema: dict[str, Any], path: Path) -> None:
    assert errors(schema, load(path)) == []


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_rule_cases_are_valid(schema: dict[str, Any], path: Path) -> None:
    assert errors(schema, load(path)) == []


def test_mistakes_are_flagged(schema: dict[str, Any]) -> None:
    data = parse(MINIMAL).data
    data["project"]["titel"] = "x"
    data["parties"][0]["kind"] = "nhs_trsut"
    data["benefit"] = {}
    del data["project"]["end_date"]
    data["project"]["start_date"] = "1 April 2026"
    assert sorted(errors(schema, data)) == [
        "['parties', 0, 'kind']: 'nhs_trsut' is not one of ['nhs_trust', "
        "'integrated_care_board', 'health_board', 'hsc_trust', 'other_nhs_body', 'pharmaceutical_company', "
        "'other_healthcare_organisation', 'patient_organisation', 'other_organisation']",
        "['project', 'start_date']: '1 April 2026' is not a 'date'",
        "['project']: 'end_date' is a required property",
        "['project']: Additional properties are not allowed ('titel' was unexpected)",
        "[]: Additional properties are not allowed ('benefit' was unexpected)",
    ]


def test_every_section_forbids_unknown_fields(schema: dict[str, Any]) -> None:
    assert schema["additionalProperties"] is False
    for name, definition in schema["$defs"].items():
        assert definition["additionalProperties"] is False, name


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = [(f"(top).{k}", v) for k, v in schema["properties"].items()]
    for name, definition in schema["$defs"].items():
        found += [(f"{name}.{k}", v) for k, v in definition.get("properties", {}).items()]
    return found


def test_every_field_says_what_it_means(schema: dict[str, Any]) -> None:
    missing = [name for name, prop in _properties(schema) if not prop.get("description")]
    assert missing == []
    # The model's own description wins; the rest come from docs/proposal-format.md.
    by = schema["$defs"]["Attestation"]["properties"]["by"]["description"]
    assert by == "Name and role of the person who makes the statement."
    start = schema["$defs"]["Project"]["properties"]["start_date"]["description"]
    assert start == FIELDS["project.start_date"]
    assert schema["properties"]["parties"]["description"] == FIELDS["parties"]


def _documented_meanings() -> tuple[dict[str, str], dict[str, str]]:
    """The Meaning column of docs/proposal-format.md, without its pointers to other sections."""
    doc = (ROOT / "docs" / "proposal-format.md").read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    attestation: dict[str, str] = {}
    for line in doc.splitlines():
        match = re.match(r"^\| `([a-z0-9_\[\].]+)` \| (.*) \|$", line)
        if not match:
            continue
        cells = match[2].split(" | ")
        meaning = re.sub(r'\s*See "[^"]+"\.', "", cells[2]).replace(" (see below)", "").strip()
        if len(cells) == 3:
            attestation[match[1]] = meaning
        else:
            fields.setdefault(match[1], meaning)
    return fields, attestation


def test_descriptions_match_the_documentation() -> None:
    fields, attestation = _documented_meanings()
    differ = {k: v for k, v in fields.items() if FIELDS.get(k) != v}
    extra = sorted(set(FIELDS) - set(fields))
    assert (differ, extra) == ({}, []), (
        "src/collabcheck/proposal/descriptions.py must match docs/proposal-format.md; these "
        "entries should read:\n" + "\n".join(f"    {k!r}: {v!r}," for k, v in differ.items())
    )
    assert attestation == SHARED["Attestation"]


def test_docs_schema_is_the_current_output(cli: Cli) -> None:
    done = cli("schema")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == proposal_schema()
    assert DOCS_SCHEMA.read_text(encoding="utf-8") == done.stdout, (
        "docs/proposal.schema.json is out of date: run "
        "collabcheck schema -o docs/proposal.schema.json"
    )


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_name_the_schema_on_their_first_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"{MODELINE}../docs/proposal.schema.json"
    assert (path.parent / first.removeprefix(MODELINE)).resolve() == DOCS_SCHEMA


def test_schema_to_a_file(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "proposal.schema.json"
    done = cli("schema", "-o", str(target))
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == f"collabcheck: wrote the proposal JSON Schema to {target}\n"
    assert json.loads(target.read_text(encoding="utf-8")) == proposal_schema()


def test_schema_to_an_unwritable_place_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    done = cli("schema", "-o", str(tmp_path / "no-such-folder" / "s.json"))
    assert done.returncode == 2
    assert done.stderr.startswith(f"collabcheck: cannot write {tmp_path / 'no-such-folder'}")
    assert "Traceback" not in done.stderr


# --- the rule format


@pytest.fixture(scope="module")
def rules_schema() -> dict[str, Any]:
    return rule_file_schema()


def test_rule_schema_is_valid_and_accepts_the_builtin_rules(
    cli: Cli, rules_schema: dict[str, Any]
) -> None:
    Draft202012Validator.check_schema(rules_schema)
    assert rules_schema["$id"] == "collabcheck-rules-v1"
    for path in RULE_FILES:
        assert errors(rules_schema, load(path)) == [], path
    done = cli("schema", "--rules")
    assert done.returncode == 0
    assert json.loads(done.stdout) == rules_schema


def test_rule_schema_rejects_an_unknown_operator_and_field(rules_schema: dict[str, Any]) -> None:
    data = load(RULE_FILES[0])
    data["rules"][0]["check"] = {"equal": {"path": "project.type", "value": "joint_working"}}
    assert errors(rules_schema, data)
    data = load(RULE_FILES[0])
    data["rules"][0]["severty"] = "error"
    assert "('severty' was unexpected)" in " ".join(errors(rules_schema, data))


WAIVER_FILE = "waiver_format: 1\nwaivers:\n" + WAIVER.replace(
    "  - rule:", "  - project: NTH-JW-2026-014\n    rule:"
)


def test_waiver_file_schema_accepts_a_waiver_file_and_flags_mistakes(cli: Cli) -> None:
    schema = waiver_file_schema()
    Draft202012Validator.check_schema(schema)
    Draft7Validator.check_schema(schema)
    assert schema["$id"] == "collabcheck-waivers-v1"
    assert schema["$defs"]["FileWaiver"]["properties"]["justification"]["description"]
    assert errors(schema, parse(WAIVER_FILE).data) == []
    missing = parse(WAIVER_FILE.replace("  - project: NTH-JW-2026-014\n    rule:", "  - rule:"))
    assert "'project' is a required property" in " ".join(errors(schema, missing.data))
    typo = parse(WAIVER_FILE.replace("justification:", "justifcation:"))
    assert "('justifcation' was unexpected)" in " ".join(errors(schema, typo.data))
    done = cli("schema", "--waivers")
    assert done.returncode == 0 and json.loads(done.stdout) == schema
    both = cli("schema", "--waivers", "--rules")
    assert (
        both.returncode == 2 and both.stderr == "collabcheck: choose one of --rules and --waivers\n"
    )
