from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

Cli = Callable[..., subprocess.CompletedProcess[str]]


_SLOW = ("tests/hostile/", "tests/test_packaging.py", "tests/cli/test_launch.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that start real processes are `slow`: the hostile suite, packaging, the launcher,
    and every test that asks for `cli_process`."""
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        if path.startswith(_SLOW) or "cli_process" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def _session_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Rule packs loaded by the tests, in this process or in collabcheck subprocesses, are
    cached in a folder of the session's own, never in the user's ~/.cache."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(autouse=True, scope="session")
def _private_umask() -> Iterator[None]:
    """Files the tests write are writable by their owner only, whatever the umask of the shell
    that started them: a configuration file writable by others is not used."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.fixture
def cli() -> Cli:
    """Run the collabcheck command line in this process (tests/runner.py): the same entry point
    as the console script, with its own argv, streams, environment and working folder."""
    from tests.runner import run_in_process

    def run(
        *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        del timeout  # a run in this process cannot be stopped from outside
        return run_in_process(*args, cwd=cwd, env=env)

    return run


@pytest.fixture
def cli_process() -> Cli:
    """Run the installed collabcheck in a subprocess, as a user or a CI job would: for what only
    a real process shows (the console script, `python -m`, signals, --jobs, a terminal)."""

    def run(
        *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        environment = {
            k: v
            for k, v in os.environ.items()
            if k not in ("FORCE_COLOR", "NO_COLOR", "CLICOLOR_FORCE")
        }
        environment.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "collabcheck", *args],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=environment,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    def make(text: str | bytes, name: str = "proposal.yaml") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return make
