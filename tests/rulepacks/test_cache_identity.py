"""A pack served from the cache is the pack built through the rule format's models: the same
rules, the same findings on every rule case and every example, and no model class defined."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from collabcheck.engine.conditions import OPERATORS
from collabcheck.pipeline import check_file
from collabcheck.results import FileResult
from collabcheck.rulepacks import cache as packcache
from collabcheck.rulepacks import read as readpack
from collabcheck.rulepacks.cases import case_files, read_header
from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import Pack, PackError, builtin_pack_dir
from tests.helpers import AS_OF, EXAMPLES
from tests.rulepacks.test_load import make_pack, rule

CASES = builtin_pack_dir() / "cases"


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Pack, Pack]:
    """The built-in pack read from its files through the models, then from the cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache-home")))
        assert packcache.read(builtin_pack_dir()) is None
        built = load_pack(builtin_pack_dir())
        assert packcache.read(builtin_pack_dir()) is not None

        def never(directory: Path) -> None:
            raise AssertionError("the pack was read from its files, not from the cache")

        patch.setattr(readpack, "_read_pack", never)
        cached = load_pack(builtin_pack_dir())
    return built, cached


def _operators(data: Any) -> set[str]:
    if isinstance(data, list):
        return {name for item in data for name in _operators(item)}
    if not isinstance(data, dict):
        return set()
    own = {next(iter(data))} if len(data) == 1 and next(iter(data)) in OPERATORS else set()
    return own.union(*(_operators(v) for v in data.values()))


def _results(pack: Pack, path: Path, as_of: date) -> FileResult:
    return check_file(str(path), pack, as_of)


def test_the_cached_pack_holds_the_same_rules(packs: tuple[Pack, Pack]) -> None:
    built, cached = packs
    assert cached.info == built.info
    assert [c.rule for c in cached.rules] == [c.rule for c in built.rules]
    assert [c.source for c in cached.rules] == [c.source for c in built.rules]
    assert cached.gates == built.gates and cached.not_checkable == built.not_checkable
    assert cached.requirements == built.requirements
    # Every operator of the rule format is compiled both ways below.
    used = set().union(*(_operators([c.rule.when, c.rule.check]) for c in built.rules))
    assert used == set(OPERATORS)


@pytest.mark.parametrize(
    "path", case_files(CASES), ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}"
)
def test_every_rule_case_gives_identical_findings(packs: tuple[Pack, Pack], path: Path) -> None:
    built, cached = packs
    as_of = read_header(path).as_of
    expected = _results(built, path, as_of)
    assert expected.findings, "the case was not checked"
    assert _results(cached, path, as_of) == expected


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_gives_identical_findings(packs: tuple[Pack, Pack], path: Path) -> None:
    built, cached = packs
    as_of = date.fromisoformat(AS_OF)
    expected = _results(built, path, as_of)
    assert expected.findings
    assert _results(cached, path, as_of) == expected


def test_a_run_served_from_the_cache_defines_no_rule_model(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    script = (
        "import json, sys\n"
        "from collabcheck.rulepacks.load import load_pack\n"
        "from collabcheck.rulepacks.pack import builtin_pack_dir\n"
        "pack = load_pack(builtin_pack_dir())\n"
        "names = ['collabcheck.engine.rule', 'collabcheck.engine.conditions',\n"
        "         'collabcheck.engine.describe']\n"
        "print(json.dumps({'rules': len(pack.rules),\n"
        "                  'loaded': [n for n in names if n in sys.modules]}))\n"
    )
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(2)
    ]
    assert runs[0]["loaded"][:2] == ["collabcheck.engine.rule", "collabcheck.engine.conditions"]
    assert runs[1] == {"rules": runs[0]["rules"], "loaded": []}


def test_a_bound_of_infinity_comes_back_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    check = "length: {path: project.title, at_most: 1e999}"
    (tmp_path / "pack").mkdir()
    directory = make_pack(tmp_path / "pack", {"a.yaml": "rules:\n" + rule(check=check)})
    built = load_pack(directory)
    cached = load_pack(directory)
    assert packcache.read(directory) is not None
    assert cached.rules[0].rule == built.rules[0].rule
    assert cached.rules[0].rule.check == {
        "length": {"path": "project.title", "at_most": float("inf"), "unit": "characters"}
    }
    example = EXAMPLES / "heart-failure-joint-working.yaml"
    as_of = date.fromisoformat(AS_OF)
    found = _results(cached, example, as_of)
    assert [f.outcome.value for f in found.findings] == ["pass"]
    assert found == _results(built, example, as_of)


def _leaves(data: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [at, *(p for k, v in data.items() for p in _leaves(v, (*at, k)))]
    if isinstance(data, list):
        return [at, *(p for i, v in enumerate(data) for p in _leaves(v, (*at, i)))]
    return [at]


def _set(data: Any, at: tuple[Any, ...], value: Any) -> None:
    for key in at[:-1]:
        data = data[key]
    data[at[-1]] = value


def test_a_tampered_entry_never_crashes_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries with the right checksum but anything at any place in them (as only someone who
    can write to the cache folder could make): each is refused and the pack read from its files,
    or used as it says, or refused as such rules in the pack's files would be; loading and
    checking never fail with any other exception."""
    import hashlib
    import random

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    load_pack(builtin_pack_dir())
    (entry,) = (tmp_path / "cache-home" / "collabcheck").glob("pack-*.json")
    head, _, payload = entry.read_bytes().partition(b"\n")
    body = json.loads(payload)
    places = [p for p in _leaves(body) if p]
    chance = random.Random(20261207)
    odd = [None, 5, -1.5, True, "x", "@", "", [], {}, ["x"], {"present": "x"}, {"x": 1}]
    example = EXAMPLES / "heart-failure-joint-working.yaml"
    as_of = date.fromisoformat(AS_OF)
    # Each of the first three once made a run fail with an exception: a project type that does
    # not exist, a `$name` no list around names, a date compared with a section.
    known = [
        (("applies_to", "project_types", 0), "@"),
        (("check",), {"present": "$x.y"}),
        (("check",), {"date": {"as_of": True, "after": {"path": "project", "to_year_end": True}}}),
    ]
    for n in range(150):
        tampered = json.loads(payload)
        if n < len(known):
            _set(tampered, ("files", 0, 1, 0, *known[n][0]), known[n][1])
        else:
            _set(tampered, chance.choice(places), chance.choice(odd))
        data = json.dumps(tampered).encode()
        header = {**json.loads(head), "payload_blake2b": hashlib.blake2b(data).hexdigest()}
        entry.write_bytes(json.dumps(header).encode() + b"\n" + data)
        try:
            pack = load_pack(builtin_pack_dir())
        except PackError:  # rules that name rules the pack lacks: refused, as in its files
            continue
        assert check_file(str(example), pack, as_of).findings
