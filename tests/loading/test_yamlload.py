from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from collabcheck.loading import yamlload
from collabcheck.loading.yamlload import Mark, YamlError, parse


@pytest.fixture(params=["c", "python"], autouse=True)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every behaviour must be the same with libyaml's parser and PyYAML's pure-Python one."""
    if request.param == "c":
        if not hasattr(yaml, "CSafeLoader"):
            pytest.skip("libyaml is not available")
        monkeypatch.setattr(yamlload, "_Parser", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(yamlload, "_Parser", yaml.SafeLoader)
    yield request.param


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("NO", "NO"),
        ("on", "on"),
        ("Off", "Off"),
        ("0123", "0123"),
        ("0x1F", "0x1F"),
        ("0o17", "0o17"),
        ("1_000", "1_000"),
        ("1:30", "1:30"),
        ("2025-01-31", "2025-01-31"),
        (".inf", ".inf"),
        (".nan", ".nan"),
        ("'12'", "12"),
        ('"true"', "true"),
        ("12", 12),
        ("-7", -7),
        ("0", 0),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("!!str 12", "12"),
    ],
)
def test_scalars_follow_the_documented_subset_of_yaml(text: str, value: Any) -> None:
    assert parse(f"key: {text}\n").data == {"key": value}


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("a: [yes, 12, ~, '7', !!str 8]\n", {"a": ["yes", 12, None, "7", "8"]}),
        ("!!str k: 1\n", {"k": 1}),
        ("'<<': 1\n", {"<<": 1}),
        ("a:\n  - b: 1\n    c: [x]\n", {"a": [{"b": 1, "c": ["x"]}]}),
    ],
)
def test_scalars_in_lists_and_keys_are_read_in_full(text: str, data: Any) -> None:
    assert parse(text).data == data


def test_every_key_and_value_keeps_its_one_based_position() -> None:
    doc = parse("project:\n  title: X\nparties:\n  - id: a\n    name: [b, c]\n")
    assert doc.mark_of(("project", "title"), key=True) == Mark(2, 3)
    assert doc.mark_of(("project", "title")) == Mark(2, 10)
    assert doc.mark_of(("parties", 0, "id")) == Mark(4, 9)
    assert doc.mark_of(("parties", 0, "name", 1)) == Mark(5, 15)


def test_a_missing_path_is_located_at_the_key_of_the_section_that_should_hold_it() -> None:
    doc = parse("a: 1\nproject:\n  title: X\nparties:\n  - id: p\n")
    assert doc.mark_of(("project", "start_date")) == Mark(2, 1)
    assert doc.mark_of(("project", "dates", "start")) == Mark(2, 1)
    assert doc.mark_of(("parties", 0, "name")) == Mark(5, 5)
    assert doc.mark_of(("benefits", "patients")) == Mark(1, 1)
    assert doc.mark_of(("project", "title")) == Mark(3, 10)
    assert doc.mark_of(("project", "title"), key=True) == Mark(3, 3)


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        (
            "a: 1\nb: 2\na: 3\n",
            "duplicate key 'a': it is already defined at line 1, column 1",
            3,
            1,
        ),
        ("a:\n  b: 1\n  b: 2\n", "duplicate key 'b'", 3, 3),
        ("a: &x 1\nb: 2\n", "anchors (&x) are not allowed", 1, 4),
        ("a: 1\nb: *x\n", "aliases (*name) are not allowed", 2, 4),
        ("a: [1, &x 2]\n", "anchors (&x) are not allowed", 1, 8),
        ("&k a: 1\n", "anchors (&k) are not allowed", 1, 1),
        ("!!int 1: 2\n", "tag 'tag:yaml.org,2002:int' is not allowed on a key", 1, 1),
        ("a:\n  - b: 1\n    b: 2\n", "duplicate key 'b'", 3, 5),
        ("a: [!!float 1]\n", "tag 'tag:yaml.org,2002:float' is not allowed", 1, 5),
        ("<<: {a: 1}\n", "merge keys (<<) are not allowed", 1, 1),
        (
            "a: !!python/object/apply:os.system ['true']\n",
            "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
            1,
            4,
        ),
        ("a: !!binary aGVsbG8=\n", "tag 'tag:yaml.org,2002:binary' is not allowed", 1, 4),
        ("a: !!set {x}\n", "tag 'tag:yaml.org,2002:set' is not allowed", 1, 4),
        ("a: !!omap [b: 1]\n", "tag 'tag:yaml.org,2002:omap' is not allowed", 1, 4),
        ("a: !custom x\n", "tag '!custom' is not allowed", 1, 4),
        ("? [a, b]\n: 1\n", "a key must be a plain name", 1, 3),
        ("", "holds no YAML content", 1, 1),
        ("# only a comment\n", "holds no YAML content", 1, 1),
        ("---\n", "holds no YAML content", 1, 1),
        ("- a\n- b\n", "top level must be a mapping of keys to values, but it is a list", 1, 1),
        ("just text\n", "but it is a single value", 1, 1),
        ("a: 1\n---\nb: 2\n", "more than one YAML document", 2, 1),
        ("a: [1, 2\n", "invalid YAML", 2, 1),
        ("a: b: c\n", "invalid YAML: mapping values are not allowed", 1, 5),
        ("a: \x07\n", "control character U+0007 is not allowed", 1, 4),
        ("a: 1\nb: \u00e9\u00e9\x07\n", "control character U+0007 is not allowed", 2, 6),
        ("a: " + "9" * 4400 + "\n", "more than 30 digits", 1, 4),
    ],
)
def test_refused_documents_name_the_line_and_column(
    text: str, message: str, line: int, column: int
) -> None:
    with pytest.raises(YamlError) as caught:
        parse(text)
    assert message in caught.value.message
    assert (caught.value.line, caught.value.column) == (line, column)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        "{a: " * 50_000,
        "- " * 100_000 + "x",
        "".join("  " * i + f"k{i}:\n" for i in range(60)),
    ],
    ids=["flow-sequences", "flow-mappings", "block-sequences", "block-mappings"],
)
def test_deep_nesting_is_refused_before_anything_recurses(text: str) -> None:
    with pytest.raises(YamlError) as caught:
        parse(text)
    assert f"nested more than {yamlload.MAX_DEPTH} levels deep" in caught.value.message


def test_a_billion_laughs_document_is_refused_at_its_first_anchor() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}]" for i in range(8)]
    with pytest.raises(YamlError) as caught:
        parse("\n".join(lines) + "\n")
    assert "anchors (&a) are not allowed" in caught.value.message
