"""Settings from trusted places only: a configuration file someone else could have written, or
one outside the repository, never changes what a run checks or how it ends.

Each planted file says `fail_on = "never"`, which would turn the failing proposal's exit code 1
into 0. Every run must still end with exit code 1 and, where a file was passed over, exactly one
line on standard error naming it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.harness import (
    AS_OF,
    NOBODY,
    SMALL_MEMORY_LIMIT,
    SMALL_RSS,
    VALID,
    VALID_EXIT,
    Result,
    assert_calm,
    demotion,
    run,
    shared_folder,
)

NEVER = 'fail_on = "never"\n'
WARNING = "collabcheck: warning: ignoring "

pytestmark = pytest.mark.skipif(os.name != "posix", reason="owners and modes are POSIX only")


@pytest.fixture
def top() -> Iterator[Path]:
    """A folder with a failing proposal in `work/`, readable by every user."""
    with shared_folder() as folder:
        work = folder / "work"
        work.mkdir(mode=0o755)
        (work / "proposal.yaml").write_text(VALID, encoding="utf-8")
        (work / "proposal.yaml").chmod(0o644)
        yield folder


def plant(path: Path, text: str = NEVER, mode: int = 0o644) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def give_away(path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can make a file another user's")
    os.chown(path, NOBODY, NOBODY)


def validate(cwd: Path, **options: object) -> Result:
    return run("validate", "-q", "--as-of", AS_OF, "proposal.yaml", cwd=cwd, **options)


def assert_one_warning(result: Result, name: str, reason: str) -> None:
    """Exactly one line on standard error: the warning naming the file and why."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr{result}"
    assert lines[0].startswith(f"{WARNING}{name}: {reason}"), result


def outside_any_repository(folder: Path) -> None:
    for above in (folder, *folder.parents):
        if os.path.lexists(above / ".git"):
            pytest.skip(f"{above} holds .git: every folder below it is in a repository")


# --- another user's file


def test_another_users_config_in_a_parent_folder_does_not_pass_a_failing_proposal(
    top: Path,
) -> None:
    outside_any_repository(top)
    give_away(plant(top / "collabcheck.toml"))
    result = validate(top / "work")
    assert_calm(result, exit=VALID_EXIT)
    assert_one_warning(result, "../collabcheck.toml", "owned by another user")
    assert "FAIL  proposal.yaml:" in result.stdout, result


def test_another_users_broken_pyproject_cannot_stop_the_run(top: Path) -> None:
    outside_any_repository(top)
    theirs = plant(top / "pyproject.toml", "[tool.collabcheck]\nfail_on = \n")
    give_away(theirs)
    result = validate(top / "work")
    assert_calm(result, exit=VALID_EXIT)  # not 2: it is never parsed
    assert_one_warning(result, "../pyproject.toml", "owned by another user")


def test_my_config_in_another_users_folder_is_not_used(top: Path) -> None:
    theirs = top / "work" / "theirs"
    theirs.mkdir(mode=0o755)
    (top / "work" / "proposal.yaml").rename(theirs / "proposal.yaml")
    (theirs / ".git").mkdir()
    plant(theirs / "collabcheck.toml")
    give_away(theirs)
    result = validate(theirs)
    assert_calm(result, exit=VALID_EXIT)
    assert_one_warning(result, "collabcheck.toml", "in a folder owned by another user")


def test_as_another_user_roots_config_is_trusted(top: Path) -> None:
    """Root's files are trusted by everyone: run as another user, root's configuration is used
    (and a run as root sees its own)."""
    how = demotion(top)
    if how is None:
        pytest.skip("cannot run collabcheck as another user")
    (top / "work" / ".git").mkdir(mode=0o755)
    plant(top / "work" / "collabcheck.toml")
    result = validate(top / "work", demote=how.preexec)
    assert_calm(result, exit=0)  # fail_on = "never", from a file root owns
    assert result.stderr == "", result


# --- files and folders others may write to


@pytest.mark.parametrize("mode", [0o664, 0o646, 0o666], ids=["group", "world", "both"])
def test_a_config_writable_by_others_is_skipped_with_a_warning(top: Path, mode: int) -> None:
    outside_any_repository(top)
    plant(top / "collabcheck.toml", mode=mode)
    result = validate(top / "work")
    assert_calm(result, exit=VALID_EXIT)
    assert_one_warning(result, "../collabcheck.toml", "writable by others")


def test_a_config_in_a_folder_anyone_may_write_to_is_skipped(top: Path) -> None:
    outside_any_repository(top)
    plant(top / "collabcheck.toml")
    top.chmod(0o777)
    result = validate(top / "work")
    assert_calm(result, exit=VALID_EXIT)
    assert_one_warning(result, "../collabcheck.toml", "in a folder writable by others")


def test_a_skipped_file_does_not_end_the_search(top: Path) -> None:
    """Above a skipped file, the search goes on to the repository root: a trusted file there
    is used."""
    (top / ".git").mkdir()
    plant(top / "collabcheck.toml")
    plant(top / "work" / "collabcheck.toml", 'fail_on = "error"\n', mode=0o666)
    result = validate(top / "work")
    assert_calm(result, exit=0)  # fail_on = "never", from the trusted file at the root
    assert_one_warning(result, "collabcheck.toml", "writable by others")


# --- the repository root


@pytest.mark.parametrize("mark", ["folder", "file"])
def test_discovery_does_not_cross_the_repository_root(top: Path, mark: str) -> None:
    """A file above the repository is never read: not even a broken one stops the run."""
    plant(top / "collabcheck.toml", NEVER + "fail_on = \n")
    if mark == "folder":
        (top / "work" / ".git").mkdir()
    else:  # a worktree or a submodule
        plant(top / "work" / ".git", "gitdir: /elsewhere/.git/worktrees/work\n")
    result = validate(top / "work")
    assert_calm(result, exit=VALID_EXIT)
    assert result.stderr == "", result


def test_config_names_where_the_search_stopped(top: Path) -> None:
    inner = top / "work" / "proposals"
    inner.mkdir(mode=0o755)
    (top / "work" / ".git").mkdir()
    plant(top / "work" / "collabcheck.toml", mode=0o666)
    result = run("config", cwd=inner)
    assert_calm(result, exit=0)
    lines = result.stdout.splitlines()
    assert lines[1:3] == [
        "searched: . up to .. (repository root)",
        "  skipped ../collabcheck.toml: writable by others (chmod go-w it to use it)",
    ], result
    assert_one_warning(result, "../collabcheck.toml", "writable by others")


def test_config_says_when_there_is_no_repository(top: Path) -> None:
    outside_any_repository(top)
    result = run("config", cwd=top / "work")
    assert_calm(result, exit=0)
    assert result.stdout.splitlines()[1] == "searched: . up to / (no repository found)", result
    assert result.stderr == "", result


# --- an oversized project file


def test_a_huge_pyproject_that_mentions_collabcheck_is_skipped_unread(top: Path) -> None:
    """50 MB of someone's pyproject.toml is passed over with a warning, read no further than
    the limit, in the memory of a normal run."""
    (top / ".git").mkdir()
    huge = plant(top / "pyproject.toml", '[project]\ndependencies = ["collabcheck"]\n')
    os.truncate(huge, 50 * 1024 * 1024)
    result = validate(top / "work", memory_limit=SMALL_MEMORY_LIMIT)
    assert_calm(result, exit=VALID_EXIT)
    assert result.max_rss < SMALL_RSS, result
    assert_one_warning(result, "../pyproject.toml", "larger than 1 MiB")
