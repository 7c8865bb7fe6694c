"""`collabcheck init`, run as a user runs it: a new file, and never an overwritten one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from collabcheck.commands.init import starter_text
from collabcheck.proposal.vocabulary import CLAUSE_20_TYPES
from tests.cli.test_end_to_end import assert_calm
from tests.commands.test_init import fill_in
from tests.conftest import Cli
from tests.helpers import AS_OF


@pytest.mark.parametrize(
    "project_type", ["joint_working", "collaborative_working", "other_arrangement"]
)
def test_init_writes_a_starter_that_validates_once_filled_in(
    cli: Cli, tmp_path: Path, project_type: str
) -> None:
    done = cli("init", "--type", project_type, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = tmp_path / "proposal.yaml"
    assert written.read_text(encoding="utf-8") == starter_text(project_type)
    assert done.stdout.splitlines()[:2] == [
        f"Wrote a starter {project_type.replace('_', ' ')} proposal to proposal.yaml.",
        "Replace every TBC and placeholder in it, then check it with: "
        "collabcheck validate proposal.yaml",
    ]
    assert "save the schema next to it: collabcheck schema -o proposal.schema.json" in done.stdout

    unfilled = cli("validate", "--as-of", AS_OF, "proposal.yaml", cwd=tmp_path)
    # An other_arrangement is checked only against the rules binding any company activity.
    assert unfilled.returncode == 1, unfilled.stdout

    written.write_text(fill_in(written.read_text(encoding="utf-8")), encoding="utf-8")
    filled = cli("validate", "--as-of", AS_OF, "proposal.yaml", cwd=tmp_path)
    assert filled.returncode == 0, filled.stdout
    # An other_arrangement is told, as information, which clause governs it instead.
    informed = "1 failed" if project_type not in CLAUSE_20_TYPES else "0 failed"
    assert f" {informed}, " in filled.stdout.splitlines()[0]


def test_init_to_a_named_file_with_the_schema_already_there(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "proposals").mkdir()
    (tmp_path / "proposals" / "proposal.schema.json").write_text("{}")
    done = cli("init", "proposals/hf.yaml", "-t", "joint_working", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "proposals" / "hf.yaml").is_file()
    assert "collabcheck schema" not in done.stdout


def test_init_to_standard_output(cli: Cli, tmp_path: Path) -> None:
    done = cli(
        "init", "-", "--type", "collaborative_working", "--schema", "../s.json", cwd=tmp_path
    )
    assert done.returncode == 0
    assert done.stdout == starter_text("collaborative_working", "../s.json")
    assert list(tmp_path.iterdir()) == []


def test_init_never_overwrites_a_file(cli: Cli, tmp_path: Path) -> None:
    existing = tmp_path / "proposal.yaml"
    existing.write_text("my work\n")
    done = cli("init", "--type", "joint_working", cwd=tmp_path)
    assert done.returncode == 2
    assert existing.read_text() == "my work\n"
    assert done.stderr == (
        "collabcheck: proposal.yaml already exists, and collabcheck init never overwrites a file: "
        "give a new name, e.g. collabcheck init new-proposal.yaml --type joint_working\n"
    )
    assert done.stdout == ""


@pytest.mark.parametrize("dangling", [False, True])
def test_init_never_follows_a_symbolic_link(cli: Cli, tmp_path: Path, dangling: bool) -> None:
    target = tmp_path / "elsewhere.yaml"
    if not dangling:
        target.write_text("someone else's file\n")
    (tmp_path / "proposal.yaml").symlink_to(target)
    done = cli("init", "--type", "joint_working", cwd=tmp_path)
    assert done.returncode == 2
    assert "already exists" in done.stderr
    assert (target.read_text() == "someone else's file\n") if not dangling else not target.exists()


def test_init_into_a_missing_folder(cli: Cli, tmp_path: Path) -> None:
    done = cli("init", "nowhere/p.yaml", "--type", "joint_working", cwd=tmp_path)
    assert done.returncode == 2
    assert (
        done.stderr
        == "collabcheck: cannot write nowhere/p.yaml: the folder nowhere does not exist\n"
    )


def test_init_onto_a_folder(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "proposal.yaml").mkdir()
    done = cli("init", "--type", "joint_working", cwd=tmp_path)
    assert done.returncode == 2
    assert "already exists" in done.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_init_into_a_read_only_folder(cli: Cli, tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        done = cli("init", "--type", "joint_working", cwd=tmp_path)
    finally:
        tmp_path.chmod(0o700)
    assert done.returncode == 2
    assert "permission denied" in done.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            [],
            "collabcheck: choose the kind of project: --type joint_working, "
            "--type collaborative_working or --type other_arrangement",
        ),
        (["--type", "joint"], "choose the kind of project (not 'joint'): --type joint_working"),
        (["--type", "joint_working", "--schema", "a\nb: 1"], "--schema must be a single line"),
        (["--type", "joint_working", "--schema", " "], "--schema needs a file path or web address"),
    ],
)
def test_init_usage_errors(cli: Cli, tmp_path: Path, args: list[str], words: str) -> None:
    done = cli("init", *args, cwd=tmp_path)
    assert done.returncode == 2
    assert words in done.stderr
    assert list(tmp_path.iterdir()) == []
    assert_calm(done.stderr)
