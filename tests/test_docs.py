"""The documentation must keep up with the formats it documents."""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from collabcheck.engine.conditions import OPERATORS
from collabcheck.engine.rule import Reference, Rule
from collabcheck.loading.schema_errors import _unwrap
from collabcheck.proposal.model import Proposal
from tests.conftest import Cli
from tests.helpers import ROOT, WAIVER


def field_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    paths = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        tp: Any = _unwrap(info.annotation)
        if typing.get_origin(tp) is list:
            item = _unwrap(typing.get_args(tp)[0])
            paths.append(path)
            if isinstance(item, type) and issubclass(item, BaseModel):
                paths.extend(field_paths(item, f"{path}[]."))
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            paths.extend(field_paths(tp, f"{path}."))
        else:
            paths.append(path)
    return paths


def test_every_proposal_field_is_documented() -> None:
    doc = (ROOT / "docs" / "proposal-format.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z0-9_\[\].]+)`", doc))
    missing = [
        p for p in field_paths(Proposal) if p not in documented and f"{p}[]" not in documented
    ]
    assert missing == []


def test_every_operator_and_rule_field_is_documented() -> None:
    doc = (ROOT / "docs" / "rule-format.md").read_text(encoding="utf-8")
    for operator in OPERATORS:
        assert f"| `{operator}` |" in doc, operator
    for name in Rule.model_fields:
        assert f"`{name}" in doc, name
    for name in Reference.model_fields:
        assert f"`reference.{name}`" in doc, name


def test_readme_gives_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert (
        "pip install . && collabcheck validate examples/heart-failure-joint-working.yaml" in readme
    )
    assert "pip install '.[test]' && python -m pytest" in readme
    assert (ROOT / "examples" / "heart-failure-joint-working.yaml").is_file()


def test_readme_sample_output_is_real(cli: Cli) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```\n$ collabcheck ", 1)[1].split("```", 1)[0]
    command, expected = block.split("\n", 1)
    done = cli(*command.split(), cwd=ROOT)
    assert done.stdout == expected


def test_readme_configuration_example_is_real(cli: Cli, tmp_path: Path) -> None:
    from tests.rulepacks.test_cases import make_pack

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    config = readme.split("```toml\n# collabcheck.toml\n", 1)[1].split("```", 1)[0]
    block = readme.split("```\n$ collabcheck config\n", 1)[1].split("```", 1)[0]
    (tmp_path / "collabcheck.toml").write_text("# collabcheck.toml\n" + config, encoding="utf-8")
    (tmp_path / ".git").mkdir()  # at the top of its repository, as the README says
    make_pack(tmp_path / "governance" / "rules")
    entry = WAIVER.replace("  - rule:", "  - project: NTH-JW-2026-014\n    rule:")
    waivers = "waiver_format: 1\nwaivers:\n" + entry
    (tmp_path / "governance" / "waivers.yaml").write_text(waivers, encoding="utf-8")
    done = cli("config", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == block


def test_every_list_of_formats_is_the_registry() -> None:
    """The formats are listed once, in the registry; the help, the configuration check and the
    README follow it, in its order."""
    from collabcheck.cli.options import DECLARED
    from collabcheck.config.check import FORMATS
    from collabcheck.reporters import REPORTERS

    names = list(REPORTERS)
    assert list(FORMATS) == names
    assert re.findall(r"[a-z]+", DECLARED["formats"].help.split(";")[0]) == [
        names[0],
        "default",
        *names[1:-1],
        "or",
        names[-1],
    ]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [option] = [line for line in readme.splitlines() if line.startswith("| `--format`")]
    assert re.findall(r"`([a-z]+)`", option.split(" | ")[1]) == names
    section = readme.split("### Output formats\n", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert [re.match(r"\| `([a-z]+)` \|", row)[1] for row in rows] == names  # type: ignore[index]
