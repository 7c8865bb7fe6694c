"""Shell completion: `collabcheck --install-completion` and `--show-completion`, and the
answers the completion scripts get, through the launcher as through typer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli


def _under_bash(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`python -m collabcheck ARGS` as a child of bash, the shell typer detects."""
    environment = {**os.environ, "SHELL": "/bin/bash", **env}
    return subprocess.run(
        ["bash", "-c", '"$@"; exit $?', "bash", sys.executable, "-m", "collabcheck", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


@pytest.mark.slow
@needs_bash
def test_show_completion_prints_the_bash_script_for_the_command(tmp_path: Path) -> None:
    done = _under_bash("--show-completion", env={"HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    # Started as `python -m collabcheck`, the script still completes the `collabcheck` command.
    assert "_COLLABCHECK_COMPLETE=complete_bash" in done.stdout
    assert "complete -o default -F _collabcheck_completion collabcheck" in done.stdout
    assert list(tmp_path.iterdir()) == []  # shown, not installed


@pytest.mark.slow
@needs_bash
def test_install_completion_writes_the_script_into_the_users_shell_setup(tmp_path: Path) -> None:
    done = _under_bash("--install-completion", env={"HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert "bash completion installed in" in done.stdout
    script = tmp_path / ".bash_completions" / "collabcheck.sh"
    assert "_COLLABCHECK_COMPLETE=complete_bash" in script.read_text(encoding="utf-8")
    assert str(script) in (tmp_path / ".bashrc").read_text(encoding="utf-8")


def _complete(cli: Cli, words: str, *args: str) -> list[str]:
    done = cli(
        *args,
        env={
            "_COLLABCHECK_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split(" ")) - 1),
        },
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_completion_script_is_answered_with_commands_options_and_choices(cli: Cli) -> None:
    assert _complete(cli, "collabcheck val") == ["validate"]
    assert _complete(cli, "collabcheck validate --no-w") == ["--no-waivers"]
    assert _complete(cli, "collabcheck validate --fail-on ") == [
        "error",
        "warning",
        "info",
        "never",
    ]
    # The launcher, which reads `validate` without typer, leaves completion to typer too.
    assert _complete(cli, "collabcheck validate --fail-on w", "validate", "x.yaml") == ["warning"]
