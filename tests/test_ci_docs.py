"""docs/ci.md: the GitLab job is valid GitLab CI, by GitLab's own JSON Schema as check-jsonschema
ships it (no network), and runs collabcheck with options it has."""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from collabcheck.cli.options import OPTIONS
from tests.helpers import ROOT

DOC = ROOT / "docs" / "ci.md"


def _section(title: str) -> str:
    """The text of the `## title` section, up to the next `## ` heading."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def _yaml_blocks(section: str) -> list[Any]:
    blocks = re.findall(r"^```yaml\n(.*?)^```$", section, re.M | re.S)
    assert blocks, "no ```yaml block"
    return [yaml.safe_load(block) for block in blocks]


def _gitlab_schema() -> dict[str, Any]:
    """GitLab's schema as the installed check-jsonschema vendors it, read as a file: importing
    the package would load its command line too."""
    spec = importlib.util.find_spec("check_jsonschema")
    assert spec is not None and spec.origin is not None, "check-jsonschema is not installed"
    vendored = Path(spec.origin).parent / "builtin_schemas" / "vendor" / "gitlab-ci.json"
    schema: dict[str, Any] = json.loads(vendored.read_text(encoding="utf-8"))
    return schema


GITLAB = _yaml_blocks(_section("GitLab CI"))


@pytest.mark.parametrize("document", GITLAB)
def test_the_gitlab_job_is_valid_gitlab_ci(document: Any) -> None:
    schema = _gitlab_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []


def test_the_schema_refuses_a_broken_job() -> None:
    """The check has teeth: a misspelt artifacts key and a string for allow_failure's codes."""
    schema = _gitlab_schema()
    job = {
        "script": ["true"],
        "artifacts": {"when": "always", "report": {"junit": "x.xml"}},
        "allow_failure": {"exit_codes": "one"},
    }
    assert not jsonschema.validators.validator_for(schema)(schema).is_valid({"job": job})


def test_the_gitlab_job_writes_the_reports_gitlab_reads() -> None:
    (document,) = GITLAB
    (job,) = document.values()
    artifacts = job["artifacts"]
    assert artifacts["when"] == "always"
    assert artifacts["reports"] == {
        "junit": "collabcheck-junit.xml",
        "codequality": "gl-code-quality-report.json",
    }
    assert artifacts["paths"] == ["board.md"]
    (command,) = [line for line in job["script"] if line.startswith("collabcheck ")]
    words = shlex.split(command)
    assert words[:2] == ["collabcheck", "validate"]
    formats = [words[i + 1] for i, word in enumerate(words) if word == "--format"]
    assert formats == [
        "text",
        "junit=collabcheck-junit.xml",
        "codeclimate=gl-code-quality-report.json",
        "markdown=board.md",
    ]
    options = [word for word in words[2:] if word.startswith("-")]
    assert all(option in OPTIONS for option in options), options
    assert "${CI_PIPELINE_CREATED_AT%%T*}" in words
