"""The models' pydantic-core schema -> the plain data a derived validator is built from.

The models stay the one definition of a format; this turns a model's core schema into a
normalised subset of pydantic-core's schema language in which every section is a `typed-dict`
(validated values are plain dicts equal to the models' `model_dump()`, and no model class is
needed to build or run the validator), every check is the name of a function in
proposal/checks.py's closed registry, and nothing depends on the pydantic version: refs are
class names, and a check that reads `info.field_name` is given its field's name, which older
pydantic-core versions do not supply otherwise. Anything outside the subset is refused with an
error naming it, so a new kind of field or validator cannot be derived wrongly in silence.

`tools/derive.py` writes the result into proposal/derived.py and waivers/derived.py;
tests/proposal/test_derived.py derives again and fails when a shipped module is stale.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from collabcheck.proposal.checks import CHECKS, VersionGate
from collabcheck.proposal.derived_validator import check_places

FUNCTION_TYPES = ("function-after", "function-before")
# Each schema type of the subset, and the keys it may have besides `type` (`metadata` and
# `serialization` only concern JSON Schema and dumping, and are dropped).
_ALLOWED = {
    "str": set(),
    "bool": set(),
    "int": set(),
    "date": set(),
    "float": {"ge", "allow_inf_nan"},
    "literal": {"expected"},
    "nullable": {"schema"},
    "list": {"items_schema", "min_length"},
    "default": {"default", "schema"},
    "function-after": {"function", "schema"},
    "function-before": {"function", "schema"},
    "definitions": {"schema", "definitions"},
    "definition-ref": {"schema_ref"},
}
_DROPPED = {"metadata", "serialization", "ref"}
# What a section keeps of its model's configuration.
_CONFIG = ("strict", "extra_fields_behavior")


class DeriveError(ValueError):
    """A model uses something the derived subset cannot express."""


def _check_name(function: Any) -> str | list[Any]:
    if isinstance(function, VersionGate):
        return [function.kind, function.version, function.other]
    name = getattr(function, "__name__", "")
    if CHECKS.get(name) is not function:
        raise DeriveError(f"{function!r} is not a check of proposal/checks.py (CHECKS)")
    return name


class _Deriver:
    def __init__(self) -> None:
        self.raw: dict[str, Any] = {}  # pydantic's ref -> its schema
        self.sections: dict[str, dict[str, Any]] = {}  # class name -> derived schema

    def section_ref(self, schema: dict[str, Any]) -> dict[str, Any]:
        """A schema pydantic gave a ref (a model, or a model with validators) as a definition
        named after its class."""
        name = schema["ref"].split(":")[0].rsplit(".", 1)[-1]
        if name not in self.sections:
            self.sections[name] = {}  # a placeholder while its fields are derived
            self.sections[name] = {**self.derive(schema, None, own_ref=False), "ref": name}
        return {"type": "definition-ref", "schema_ref": name}

    def model(self, schema: dict[str, Any]) -> dict[str, Any]:
        inner = schema["schema"]
        unexpected = (
            schema.get("custom_init")
            or schema.get("root_model")
            or schema.get("post_init")
            or inner.get("computed_fields")
            or inner.get("extras_schema")
            or inner["type"] != "model-fields"
        )
        if unexpected:
            raise DeriveError(f"{schema['cls'].__name__}: only plain fields can be derived")
        fields = {}
        for name, model_field in inner["fields"].items():
            extra = set(model_field) - {"type", "schema", "metadata"}
            if extra:
                raise DeriveError(f"{name}: field settings {sorted(extra)} cannot be derived")
            field_schema = self.derive(model_field["schema"], name)
            fields[name] = {
                "type": "typed-dict-field",
                "schema": field_schema,
                "required": field_schema["type"] != "default",
            }
        config = schema.get("config", {})
        return {
            "type": "typed-dict",
            "fields": fields,
            "config": {key: config[key] for key in _CONFIG if key in config},
        }

    def derive(self, schema: dict[str, Any], field: str | None, own_ref: bool = True) -> Any:
        kind = schema["type"]
        if own_ref and "ref" in schema:
            return self.section_ref(schema)
        if kind == "model":
            return self.model(schema)
        if kind == "definition-ref":
            return self.section_ref(self.raw[schema["schema_ref"]])
        if kind == "definitions":
            self.raw.update((d["ref"], d) for d in schema["definitions"])
            return self.derive(schema["schema"], field)
        allowed = _ALLOWED.get(kind)
        extra = set(schema) - {"type"} - _DROPPED - (allowed or set())
        if allowed is None or extra:
            raise DeriveError(f"{field}: {kind} {sorted(extra)} is not in the derived subset")
        out: dict[str, Any] = {"type": kind}
        for key in sorted(allowed & set(schema)):
            value = schema[key]
            if key in ("schema", "items_schema"):
                value = self.derive(value, field)
            elif key == "function":
                value = self.function(value, field)
            out[key] = value
        return out

    def function(self, function: dict[str, Any], field: str | None) -> dict[str, Any]:
        mode = function["type"]
        if mode not in ("no-info", "with-info") or set(function) - {"type", "function"} - {
            "field_name"
        }:
            raise DeriveError(f"{field}: a {mode} function cannot be derived")
        # "check", not "function": a check the build does not put in place stops the build.
        out: dict[str, Any] = {"type": mode, "check": _check_name(function["function"])}
        if mode == "with-info":
            if field is None:
                raise DeriveError("a check that needs its field's name is not on a field")
            out["field_name"] = field
        return out


def derive(model: type[BaseModel]) -> dict[str, Any]:
    """The plain data of `model`'s derived validator: a `definitions` schema whose sections
    are sorted by name."""
    deriver = _Deriver()
    top = deriver.derive(dict(model.__pydantic_core_schema__), None)
    return {
        "type": "definitions",
        "schema": top,
        "definitions": [deriver.sections[name] for name in sorted(deriver.sections)],
    }


_WIDTH = 100


def _literal(value: Any, start: int, indent: int) -> str:
    """`value` as Python source starting at column `start` of a line indented by `indent`, laid
    out as ruff format lays it out: on one line when it fits (with the comma after it), else one
    item a line with a trailing comma."""
    if isinstance(value, str | bool | int) or value is None:
        return json.dumps(value) if isinstance(value, str) else repr(value)
    if isinstance(value, dict):
        keys = [json.dumps(k) + ": " for k in value]
        pairs = list(zip(keys, value.values(), strict=True))
        brackets = "{}"
    elif isinstance(value, list):
        pairs = [("", v) for v in value]
        brackets = "[]"
    else:
        raise DeriveError(f"{value!r} is not plain data")
    flat = ", ".join(key + _literal(v, 0, 0) for key, v in pairs)
    if "\n" not in flat and start + len(flat) + 3 <= _WIDTH:
        return brackets[0] + flat + brackets[1]
    inner = indent + 4
    lines = [f"{' ' * inner}{key}{_literal(v, inner + len(key), inner)},\n" for key, v in pairs]
    return brackets[0] + "\n" + "".join(lines) + " " * indent + brackets[1]


def module_text(docstring: str, name: str, data: dict[str, Any]) -> str:
    """A Python module that holds `data` as the constant `name`, and where its checks are as
    `name`_CHECKS_AT, as ruff format writes it."""
    assignment = f"{name}: dict[str, Any] = "
    places = f"{name}_CHECKS_AT: list[list[str | int]] = "
    found = [list(place) for place in check_places(data)]
    return (
        f'"""{docstring}"""\n\nfrom __future__ import annotations\n\nfrom typing import Any\n\n'
        f"{assignment}{_literal(data, len(assignment), 0)}\n\n"
        f"# Where {name} holds a check (proposal/derived_validator.py).\n"
        f"{places}{_literal(found, len(places), 0)}\n"
    )
