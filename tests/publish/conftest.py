"""Proposals for the document tests: an example, changed where a test says."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import EXAMPLES

Changed = Callable[[str, Callable[[dict[str, Any]], None]], Path]


@pytest.fixture
def changed(tmp_path: Path) -> Changed:
    """A copy of an example with `change` applied to its values, written to a new file."""

    def make(example: str, change: Callable[[dict[str, Any]], None]) -> Path:
        data = yaml.safe_load((EXAMPLES / f"{example}.yaml").read_text(encoding="utf-8"))
        change(data)
        path = tmp_path / f"{example}-changed.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return path

    return make
