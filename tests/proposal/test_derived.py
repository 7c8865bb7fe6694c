"""The validators a run derives from the models (proposal/derived.py, waivers/derived.py) against
the models themselves: the shipped data is fresh, names only registered checks, and gives the
same values and the same problems, at the same file:line:column, on every example, every rule
case, a generated corpus and broken variants of each."""

from __future__ import annotations

import copy
import importlib.util
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from collabcheck.loading.inputs import read_text
from collabcheck.loading.schema_errors import SchemaProblem, problems
from collabcheck.loading.yamlload import Document, parse
from collabcheck.proposal.derive import DeriveError, derive
from collabcheck.proposal.derived_validator import DerivedDataError, build
from collabcheck.proposal.model import Proposal
from collabcheck.proposal.types import Section
from collabcheck.proposal.validate import to_proposal
from collabcheck.waivers.apply import waiver_file_data
from collabcheck.waivers.file import WaiverFile
from tests.helpers import EXAMPLES, ROOT


def _tool(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


DERIVE = _tool("derive_tool", ROOT / "tools" / "derive.py")
CASES = sorted(ROOT.glob("rules/*/cases/**/*.yaml"))
GENERATED = 100  # proposals from the benchmark's corpus generator


@pytest.mark.parametrize("file", sorted(DERIVE.DERIVED))
def test_the_shipped_derived_data_is_what_the_models_derive_now(file: str) -> None:
    shipped = (ROOT / file).read_text(encoding="utf-8")
    assert shipped == DERIVE.expected_text(file), f"{file} is stale: run python tools/derive.py"


# A valid proposal checked, and its facts taken, in a fresh interpreter: which modules it loaded.
_VALID_PROPOSAL_RUN = """
import sys
from collabcheck.loading.yamlload import parse
from collabcheck.proposal.facts import project_facts
from collabcheck.proposal.validate import to_proposal
proposal = to_proposal(parse(open(sys.argv[1], encoding="utf-8").read()))
assert isinstance(proposal, dict), proposal
project_facts(proposal)
print(" ".join(sorted(sys.modules)))
"""


@pytest.mark.slow
def test_a_valid_proposal_is_checked_without_defining_any_model() -> None:
    example = EXAMPLES / "heart-failure-joint-working.yaml"
    run = subprocess.run(
        [sys.executable, "-c", _VALID_PROPOSAL_RUN, str(example)],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(run.stdout.split())
    assert "collabcheck.proposal.derived" in loaded
    for model_machinery in (
        "collabcheck.proposal.model",
        "collabcheck.proposal.types",
        "pydantic.main",
        "pydantic._internal._model_construction",
        "pydantic._internal._generate_schema",
    ):
        assert model_machinery not in loaded


def test_a_check_the_registry_does_not_have_is_refused_not_imported() -> None:
    for name in ("os.system", ["eval", "1"], ["since"] * 0, 7):
        data = {
            "type": "function-before",
            "function": {"type": "no-info", "check": name},
            "schema": {"type": "str"},
        }
        with pytest.raises(DerivedDataError, match="unknown check"):
            build(data)


def test_a_validator_outside_the_registry_cannot_be_derived() -> None:
    from pydantic import field_validator

    class Unregistered(Section):
        name: str

        @field_validator("name")
        @classmethod
        def _shout(cls, value: str) -> str:
            return value.upper()

    with pytest.raises(DeriveError, match=r"is not a check of proposal/checks\.py"):
        derive(Unregistered)


def test_a_field_setting_outside_the_subset_cannot_be_derived() -> None:
    from pydantic import Field

    class Aliased(Section):
        name: str = Field(alias="Name")

    with pytest.raises(DeriveError, match="cannot be derived"):
        derive(Aliased)


# Both ways of checking a document, each as one comparable result: the value's repr (types and
# key order included) or the problems as `file:line:column: message (path)` lines.


def _shown(found: list[SchemaProblem], name: str) -> list[str]:
    return [f"{name}:{p.mark.line}:{p.mark.column}: {p.message} {p.path}" for p in found]


def _by_models(model: type[BaseModel], doc: Document, name: str, context: Any) -> list[str] | str:
    try:
        return repr(model.model_validate(doc.data, context=context).model_dump())
    except ValidationError as exc:
        return _shown(problems(exc, doc, model), name)


def _proposal_both_ways(doc: Document, name: str) -> tuple[list[str] | str, list[str] | str]:
    derived = to_proposal(doc)
    shown = _shown(derived, name) if isinstance(derived, list) else repr(derived)
    version = doc.data.get("format_version") if isinstance(doc.data, dict) else None
    return shown, _by_models(Proposal, doc, name, {"format_version": version})


def _waiver_file_both_ways(doc: Document, name: str) -> tuple[list[str] | str, list[str] | str]:
    derived = waiver_file_data(doc)
    shown = _shown(derived, name) if isinstance(derived, list) else repr(derived)
    return shown, _by_models(WaiverFile, doc, name, None)


# Broken variants. Each takes the data of a valid document and breaks it in one way; the
# variant is written out as YAML and parsed again, so every problem has its own position.

Mutation = Callable[[dict[str, Any]], None]


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data: Any) -> bool:
        return True  # a value used twice is written out twice: proposals have no anchors


def _yaml(data: Any, **options: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, **options)


def _set(path: str, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node.setdefault(part, {}) if isinstance(node, dict) else node[int(part)]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return mutate


def _drop(path: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[part] if isinstance(node, dict) else node[int(part)]
        node.pop(last, None)

    return mutate


def _both(*mutations: Mutation) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        for mutation in mutations:
            mutation(data)

    return mutate


def _duplicate_party(data: dict[str, Any]) -> None:
    data["parties"][1]["id"] = data["parties"][0]["id"]


def _one_party(data: dict[str, Any]) -> None:
    data["parties"] = data["parties"][:1]


WAIVER_ENTRY = {
    "rule": "change-control",
    "justification": "The board accepted the interim process for this pilot.",
    "approved_by": {"name": "Dr A Example", "role": "Chair, governance board"},
    "approved_on": "2026-05-01",
    "expires_on": "2026-12-31",
    "reference": "GB-2026-07",
}

NAMED: dict[str, Mutation] = {
    "required key dropped": _drop("project.title"),
    "required section dropped": _drop("parties"),
    "unknown top-level key": _set("zzz", 1),
    "unknown key, misspelt": _set("project.titel", "x"),
    "number for text": _set("project.title", 2026),
    "text for a mapping": _set("project", "a project"),
    "text for a list": _set("parties", "two parties"),
    "impossible date": _set("project.start_date", "2026-02-30"),
    "date in words": _set("project.start_date", "1 April 2026"),
    "date as a number": _set("project.end_date", 20270331),
    "ends before it starts": _set("project.end_date", "2001-01-01"),
    "version as a boolean": _set("format_version", True),
    "version as a float": _set("format_version", 1.0),
    "unknown version": _set("format_version", 3),
    "version as text": _set("format_version", "2"),
    "version 2 field in version 1": _both(
        _set("format_version", 1), _set("products", [{"company": "pharma", "brand": "Cardiofix"}])
    ),
    "version 2 type in version 1": _both(
        _set("format_version", 1), _set("project.type", "other_arrangement")
    ),
    "version 1 field in version 2": _both(
        _set("format_version", 2), _set("safeguards.linked_to_prescribing", True)
    ),
    "other arrangement without governed_by": _both(
        _set("format_version", 2), _set("project.type", "other_arrangement")
    ),
    "governed_by on a Clause 20 project": _both(
        _set("format_version", 2),
        _set("project.type", "joint_working"),
        _set("project.governed_by", "sponsorship"),
    ),
    "product without a name": _both(
        _set("format_version", 2), _set("products", [{"company": "c"}])
    ),
    "two parties with one id": _duplicate_party,
    "one party only": _one_party,
    "value outside a closed list": _set("parties.0.kind", "nhs-trust"),
    "YAML 1.1 boolean": _set("parties.0.abpi_code_bound", "yes"),
    "negative money": _set(
        "transfers_of_value",
        [
            {
                "from_party": "a",
                "to_party": "b",
                "kind": "funding",
                "description": "d",
                "value_gbp": -1,
            }
        ],
    ),
    "infinite money": _set(
        "transfers_of_value",
        [
            {
                "from_party": "a",
                "to_party": "b",
                "kind": "funding",
                "description": "d",
                "value_gbp": float("inf"),
            }
        ],
    ),
    "item of the wrong type": _set("objectives", [1, "fine", None]),
    "two waivers for one decision": _set("waivers", [WAIVER_ENTRY, WAIVER_ENTRY]),
    "waiver with placeholders": _set(
        "waivers", [{**WAIVER_ENTRY, "justification": "TBC", "reference": "—"}]
    ),
    "waiver with a bad rule id and path": _set(
        "waivers", [{**WAIVER_ENTRY, "rule": "Change Control", "path": "a..b"}]
    ),
    "waiver that expires before approval": _set(
        "waivers", [{**WAIVER_ENTRY, "expires_on": "2026-01-01"}]
    ),
    "waiver missing fields": _set("waivers", [{"rule": "change-control", "extra": 1}]),
}

_ODD_VALUES: list[Any] = [7, 1.5, "text", True, None, [], {}, ["x"], {"k": "v"}, "2026-13-01"]


def _places(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _places(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _places(value, (*path, i))


def _random_break(data: dict[str, Any], rng: random.Random) -> None:
    """Replace, delete or add at one place chosen at random."""
    place = rng.choice(list(_places(data))[1:])
    parent: Any = data
    for part in place[:-1]:
        parent = parent[part]
    action = rng.choice(("replace", "delete", "add"))
    if action == "delete" and isinstance(parent, dict):
        del parent[place[-1]]
    elif action == "add" and isinstance(parent[place[-1]], dict):
        parent[place[-1]][rng.choice(("extra", "notes", "titel", "date"))] = rng.choice(_ODD_VALUES)
    elif action == "add" and isinstance(parent[place[-1]], list):
        parent[place[-1]].append(rng.choice(_ODD_VALUES))
    else:
        parent[place[-1]] = copy.deepcopy(rng.choice(_ODD_VALUES))


def _variants(data: Any, seed: str, named: bool, random_count: int) -> Iterator[tuple[str, str]]:
    """(what was broken, the broken document as YAML text)."""
    if not isinstance(data, dict):
        return
    mutations = list(NAMED.items()) if named else []
    for label, mutation in mutations:
        broken = copy.deepcopy(data)
        try:
            mutation(broken)
        except (KeyError, IndexError, TypeError, AttributeError):
            continue  # the document has no such place to break
        yield label, _yaml(broken, sort_keys=False, allow_unicode=True)
    rng = random.Random(seed)
    for n in range(random_count):
        broken = copy.deepcopy(data)
        for _ in range(rng.randint(1, 3)):
            _random_break(broken, rng)
        yield f"random {n}", _yaml(broken, sort_keys=False, allow_unicode=True)


def _check_document(path: Path, named: bool, random_count: int) -> tuple[int, int]:
    """Checks the document and its variants both ways; returns how many variants there were
    and how many of them were invalid."""
    name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    text = read_text(str(path))
    variants = invalid = 0
    for label, written in [
        ("as written", text),
        *_variants(parse(text).data, name, named, random_count),
    ]:
        derived, models = _proposal_both_ways(parse(written), f"{name} ({label})")
        assert derived == models, f"{name} ({label}): the derived validator and the models differ"
        variants += label != "as written"
        invalid += label != "as written" and isinstance(derived, list)
    return variants, invalid


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_and_its_broken_variants_validate_the_same_both_ways(path: Path) -> None:
    variants, invalid = _check_document(path, named=True, random_count=20)
    assert variants >= 40
    assert invalid >= variants * 0.9  # the variants are broken, not by chance still valid


def test_every_rule_case_and_broken_variants_validate_the_same_both_ways() -> None:
    assert len(CASES) > 300
    for path in CASES:
        _check_document(path, named=False, random_count=3)


def test_a_generated_corpus_and_broken_variants_validate_the_same_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # bench.py imports its sibling measure.py, as a script run from benchmarks/ can.
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    bench = _tool("bench", ROOT / "benchmarks" / "bench.py")
    paths = bench.generate(tmp_path, GENERATED)
    assert len(paths) == GENERATED
    for path in paths:
        _check_document(path, named=False, random_count=2)


@pytest.mark.parametrize(
    "text", ["{}\n", "format_version: 2\n", "project: []\nwaivers: text\n", "a: 1\nb: [2]\n"]
)
def test_an_almost_empty_document_gets_the_same_problems_both_ways(text: str) -> None:
    for both_ways in (_proposal_both_ways, _waiver_file_both_ways):
        derived, models = both_ways(parse(text), "odd.yaml")
        assert isinstance(derived, list) and derived
        assert derived == models


WAIVER_FILE = {"waiver_format": 1, "waivers": [{**WAIVER_ENTRY, "project": "NTH-JW-2026-014"}]}
WAIVER_FILE_BREAKS: dict[str, Mutation] = {
    "no waivers": _set("waivers", []),
    "version 2": _set("waiver_format", 2),
    "version as a boolean": _set("waiver_format", True),
    "entry without its project": _drop("waivers.0.project"),
    "unknown key": _set("waivers.0.projekt", "x"),
    "two entries for one decision": _set("waivers", [WAIVER_FILE["waivers"][0]] * 2),  # type: ignore[index]
    "placeholder justification": _set("waivers.0.justification", "n/a"),
    "expires before approval": _set("waivers.0.expires_on", "2025-01-01"),
}


def test_waiver_files_and_broken_variants_validate_the_same_both_ways() -> None:
    rng = random.Random("waiver files")
    texts = [("valid", _yaml(WAIVER_FILE, sort_keys=False))]
    for label, mutation in WAIVER_FILE_BREAKS.items():
        broken = copy.deepcopy(WAIVER_FILE)
        mutation(broken)
        texts.append((label, _yaml(broken, sort_keys=False)))
    for n in range(50):
        broken = copy.deepcopy(WAIVER_FILE)
        _random_break(broken, rng)
        texts.append((f"random {n}", _yaml(broken, sort_keys=False)))
    invalid = 0
    for label, text in texts:
        derived, models = _waiver_file_both_ways(parse(text), f"waivers.yaml ({label})")
        assert derived == models, f"{label}: the derived validator and the models differ"
        invalid += isinstance(derived, list)
    assert invalid >= len(WAIVER_FILE_BREAKS)


def test_the_shipped_modules_list_every_check_where_it_is() -> None:
    from collabcheck.proposal.derived import PROPOSAL, PROPOSAL_CHECKS_AT
    from collabcheck.proposal.derived_validator import check_places
    from collabcheck.waivers.derived import WAIVER_FILE, WAIVER_FILE_CHECKS_AT

    assert check_places(PROPOSAL) == PROPOSAL_CHECKS_AT and len(PROPOSAL_CHECKS_AT) > 30
    assert check_places(WAIVER_FILE) == WAIVER_FILE_CHECKS_AT and WAIVER_FILE_CHECKS_AT


def test_building_a_validator_leaves_the_shipped_data_as_it_was() -> None:
    from collabcheck.proposal.derived import PROPOSAL, PROPOSAL_CHECKS_AT

    before = copy.deepcopy(PROPOSAL)
    build(PROPOSAL, PROPOSAL_CHECKS_AT)
    build(PROPOSAL)
    assert before == PROPOSAL


def test_a_listed_place_that_holds_no_check_is_refused() -> None:
    data = {
        "type": "function-before",
        "function": {"type": "no-info", "check": "to_date"},
        "schema": {"type": "date"},
    }
    assert str(build(data, [[]]).validate_python("2026-01-02")) == "2026-01-02"
    with pytest.raises(DerivedDataError, match="no check at \\['schema'\\]"):
        build(data, [["schema"]])


def test_a_check_left_out_of_the_places_stops_the_build() -> None:
    from pydantic_core import SchemaError

    from collabcheck.proposal.derived import PROPOSAL, PROPOSAL_CHECKS_AT

    with pytest.raises(SchemaError):
        build(PROPOSAL, PROPOSAL_CHECKS_AT[:-1])
    for wrong in (["definitions", 999], [*PROPOSAL_CHECKS_AT[0], "type"], ["nowhere"]):
        with pytest.raises(DerivedDataError, match="no check at"):
            build(PROPOSAL, [wrong])
