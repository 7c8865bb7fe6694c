"""The pre-commit hook (.pre-commit-hooks.yaml), run for real: pre-commit installs collabcheck
from a git repository holding this tree, and `git commit` in a repository of proposals runs it.

pre-commit builds the hook's environment with pip, which fetches collabcheck's dependencies and
its build backend from the package index. Where the index cannot be reached the test is skipped
with that reason; under CI=true it fails instead, so CI always runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.helpers import AS_OF, EXAMPLES, ROOT

pytestmark = pytest.mark.slow

# What pip needs to build and install collabcheck from the hook's repository.
_BUILT_FROM = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml", "src", "rules")


def _git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout.strip()


def _environment(tmp_path: Path) -> dict[str, str]:
    """git and pre-commit with no configuration but their own, and a cache of the test's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.org",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.org",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        PRE_COMMIT_COLOR="never",
    )
    return env


def _installable(tmp_path: Path) -> bool:
    """Whether pip can fetch what pre-commit's pip will install for the hook: collabcheck's
    build backend and dependencies, from pyproject.toml."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        pyproject = tomllib.load(handle)
    needed = [*pyproject["build-system"]["requires"], *pyproject["project"]["dependencies"]]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
            "--retries",
            "0",
            "--timeout",
            "15",
            "--dest",
            str(tmp_path / "probe"),
            *needed,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return done.returncode == 0


def _hook_repository(tmp_path: Path, env: dict[str, str]) -> tuple[Path, str]:
    """A git repository holding this tree as it is now, committed or not: its path and commit."""
    repo = tmp_path / "collabcheck"
    repo.mkdir()
    for name in _BUILT_FROM:
        source = ROOT / name
        if source.is_dir():
            ignored = shutil.ignore_patterns("__pycache__", "*.py[cod]")
            shutil.copytree(source, repo / name, ignore=ignored)
        else:
            shutil.copy2(source, repo / name)
    _git("init", "--quiet", cwd=repo, env=env)
    _git("add", "--all", cwd=repo, env=env)
    _git("commit", "--quiet", "-m", "collabcheck as it is now", cwd=repo, env=env)
    return repo, _git("rev-parse", "HEAD", cwd=repo, env=env)


def _commit(project: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "commit", "-m", message],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        stdin=subprocess.DEVNULL,
    )


def test_the_hook_checks_the_proposals_a_commit_changes(tmp_path: Path) -> None:
    if not _installable(tmp_path):
        why = (
            "the package index cannot be reached: pre-commit installs the hook's environment "
            "(collabcheck and its dependencies) from it with pip"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(why, pytrace=False)
        pytest.skip(why)
    env = _environment(tmp_path)
    hook_repo, rev = _hook_repository(tmp_path, env)
    project = tmp_path / "project"
    (project / "proposals").mkdir(parents=True)
    (project / ".github" / "workflows").mkdir(parents=True)
    (project / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {hook_repo.as_uri()}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "      - id: collabcheck\n"
        f'        args: [--as-of, "{AS_OF}"]  # a fixed date, so the result cannot change\n'
        "        verbose: true  # show collabcheck's report when it passes too\n",
        encoding="utf-8",
    )
    compliant = "heart-failure-joint-working.yaml"
    shutil.copy2(EXAMPLES / compliant, project / "proposals" / compliant)
    (project / ".github" / "workflows" / "x.yml").write_text(
        "on: push\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps: []\n", encoding="utf-8"
    )
    _git("init", "--quiet", cwd=project, env=env)
    install = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert install.returncode == 0, install.stdout + install.stderr

    # A compliant proposal, a workflow and pre-commit's configuration: the two files that are
    # not proposals are skipped and counted, and the commit passes.
    _git("add", "--all", cwd=project, env=env)
    passing = _commit(project, env, "a compliant proposal")
    output = passing.stdout + passing.stderr
    assert passing.returncode == 0, output
    assert "collabcheck" in output and "Passed" in output
    assert " 0 failed, " in output
    assert "in 1 file (2 other YAML files skipped: not proposals)" in output

    # A commit that changes only the workflow has no proposal to check, and passes.
    (project / ".github" / "workflows" / "x.yml").write_text("on: [push]\njobs: {}\n")
    _git("add", "--all", cwd=project, env=env)
    workflow_only = _commit(project, env, "only a workflow")
    output = workflow_only.stdout + workflow_only.stderr
    assert workflow_only.returncode == 0, output
    assert "no proposals to check (1 YAML file without a top-level format_version)" in output

    # A failing proposal: the commit is refused, and the output names the rule.
    failing = "failing-retrospective-agreement.yaml"
    shutil.copy2(EXAMPLES / failing, project / "proposals" / failing)
    _git("add", "--all", cwd=project, env=env)
    refused = _commit(project, env, "a proposal signed too late")
    output = refused.stdout + refused.stderr
    assert refused.returncode == 1, output
    assert "Failed" in output and "- exit code: 1" in output
    assert f"proposals/{failing}" in output
    assert "written-agreement-before-start" in output
    assert _git("log", "--format=%s", cwd=project, env=env).splitlines()[0] == "only a workflow"
