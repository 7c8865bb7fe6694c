"""Plain-English meanings of the proposal fields, for the JSON Schema that editors show.

They are data, kept in descriptions.yaml beside this module (shipped in the package) and read
when the schema is made: `FIELDS` by the documentation's field path, `SHARED` by section for the
sections used in many places.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from collabcheck.loading.yamlload import parse

_DATA: dict[str, Any] = parse(
    resources.files(__package__).joinpath("descriptions.yaml").read_text(encoding="utf-8")
).data

FIELDS: dict[str, str] = _DATA["fields"]
SHARED: dict[str, dict[str, str]] = _DATA["shared"]
