"""Settings from trusted places only: discovery stops at the repository root, and passes over
files someone else could have written, and oversized project files that are not about it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from collabcheck.config.find import (
    FOLDER_OWNED_BY_ANOTHER,
    FOLDER_WRITABLE_BY_OTHERS,
    NO_REPOSITORY,
    OWNED_BY_ANOTHER,
    REPOSITORY_ROOT,
    WRITABLE_BY_OTHERS,
    Skipped,
    discover,
    repository_root,
)
from collabcheck.config.read import ConfigError
from collabcheck.config.resolve import CommandLine, load_config

ANOTHER_USER = 65534
MiB = 1024 * 1024

pytestmark = pytest.mark.skipif(os.name != "posix", reason="owners and modes are POSIX only")


def write(path: Path, text: str = 'fail_on = "never"\n', mode: int = 0o644) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def give_away(path: Path) -> None:
    """Make `path` another user's (only root can)."""
    if os.geteuid() != 0:
        pytest.skip("only root can make a file another user's")
    os.chown(path, ANOTHER_USER, ANOTHER_USER)


# --- the repository root


def test_the_search_stops_at_the_folder_holding_git(tmp_path: Path) -> None:
    write(tmp_path / "collabcheck.toml")  # above the repository: never used
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    deep = repo / "proposals" / "2026"
    deep.mkdir(parents=True)
    search = discover(deep)
    assert (search.found, search.start, search.limit, search.why) == (
        None,
        deep,
        repo,
        REPOSITORY_ROOT,
    )


def test_the_repository_root_itself_is_searched(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    own = write(tmp_path / "collabcheck.toml")
    inner = tmp_path / "a"
    inner.mkdir()
    assert discover(inner).found == own


def test_a_git_file_marks_a_worktree_or_submodule_root(tmp_path: Path) -> None:
    write(tmp_path / "collabcheck.toml")
    module = tmp_path / "module"
    write(module / ".git", "gitdir: ../.git/modules/module\n")
    assert repository_root(module) == module
    search = discover(module)
    assert (search.found, search.limit) == (None, module)


def test_without_a_repository_the_search_goes_to_the_filesystem_root(tmp_path: Path) -> None:
    if repository_root(tmp_path) is not None:
        pytest.skip("the temporary folder is inside a repository")
    top = write(tmp_path / "collabcheck.toml")
    search = discover(tmp_path / "a" / "b")
    assert (search.found, search.limit, search.why) == (top, Path("/"), NO_REPOSITORY)


# --- files someone else could have written


@pytest.mark.parametrize("mode", [0o664, 0o646, 0o666])
def test_a_config_writable_by_others_is_skipped_and_the_search_goes_on(
    tmp_path: Path, mode: int
) -> None:
    (tmp_path / ".git").mkdir()
    top = write(tmp_path / "collabcheck.toml")
    shared = write(tmp_path / "a" / "collabcheck.toml", mode=mode)
    search = discover(tmp_path / "a")
    assert search.found == top
    assert search.skipped == (Skipped(shared, WRITABLE_BY_OTHERS),)


def test_another_users_config_is_skipped(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    theirs = write(tmp_path / "a" / "collabcheck.toml")
    give_away(theirs)
    search = discover(tmp_path / "a")
    assert search.found is None
    assert search.skipped == (Skipped(theirs, OWNED_BY_ANOTHER),)


def test_a_config_in_another_users_folder_is_skipped(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    mine = write(tmp_path / "theirs" / "collabcheck.toml")
    give_away(tmp_path / "theirs")
    search = discover(tmp_path / "theirs")
    assert search.skipped == (Skipped(mine, FOLDER_OWNED_BY_ANOTHER),)


def test_a_config_in_a_folder_anyone_may_write_to_is_skipped(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "open"
    mine = write(folder / "collabcheck.toml")
    folder.chmod(0o777)
    assert discover(folder).skipped == (Skipped(mine, FOLDER_WRITABLE_BY_OTHERS),)
    folder.chmod(0o775)
    assert discover(folder).skipped == (Skipped(mine, FOLDER_WRITABLE_BY_OTHERS),)


def test_in_a_sticky_shared_folder_only_my_own_files_are_trusted(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "like-tmp"
    mine = write(folder / "collabcheck.toml")
    folder.chmod(0o1777)
    assert discover(folder).found == mine
    give_away(mine)
    assert discover(folder).skipped == (Skipped(mine, OWNED_BY_ANOTHER),)


def test_an_untrusted_pyproject_is_named_only_when_it_is_about_collabcheck(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    project = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n', mode=0o666)
    assert discover(tmp_path).skipped == ()
    # Never parsed: broken TOML in a file someone else could write stops nothing.
    write(project, "[tool.collabcheck]\nfail_on = \n", mode=0o666)
    search = discover(tmp_path)
    assert (search.found, search.skipped) == (None, (Skipped(project, WRITABLE_BY_OTHERS),))


def test_config_given_on_the_command_line_is_not_judged_by_its_owner(tmp_path: Path) -> None:
    chosen = write(tmp_path / "shared.toml", mode=0o666)
    config, search = load_config(CommandLine(config=chosen))
    assert config is not None and config.fail_on == "never"
    assert search is None


# --- oversized project files


def big_pyproject(path: Path, head: str, tail: str = "") -> Path:
    """A pyproject.toml over 1 MiB: `head`, padding, `tail`."""
    return write(path, head + "# padding\n" * (MiB // 10 + 1) + tail)


def test_an_oversized_pyproject_that_only_mentions_collabcheck_is_skipped(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    top = write(tmp_path / "collabcheck.toml")
    big = big_pyproject(tmp_path / "a" / "pyproject.toml", '[project]\nname = "collabcheck"\n')
    search = discover(tmp_path / "a")
    assert search.found == top
    [skipped] = search.skipped
    assert skipped.path == big
    assert "larger than 1 MiB" in skipped.reason


def test_an_oversized_pyproject_with_the_table_past_the_limit_is_skipped(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    head = '[project]\ndependencies = ["collabcheck"]\n'
    tail = '[tool.collabcheck]\nfail_on = "info"\n'
    big = big_pyproject(tmp_path / "pyproject.toml", head, tail)
    search = discover(tmp_path)
    assert search.found is None
    assert [s.path for s in search.skipped] == [big]  # named: its table is not read
    big_pyproject(big, '[project]\nname = "x"\n', tail)
    assert discover(tmp_path).skipped == ()  # its first MiB is not about collabcheck at all


def test_an_oversized_pyproject_with_the_table_in_reach_is_an_error(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    big = big_pyproject(tmp_path / "pyproject.toml", '[tool.collabcheck]\nfail_on = "info"\n')
    with pytest.raises(ConfigError) as caught:
        discover(tmp_path)
    assert caught.value.file.endswith(str(big.relative_to(big.parents[1])))
    assert caught.value.message.startswith("is larger than the limit of 1,048,576 bytes")
    assert "collabcheck.toml" in str(caught.value)


def test_an_oversized_pyproject_beside_a_collabcheck_toml_is_not_named(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    own = write(tmp_path / "collabcheck.toml")
    big_pyproject(tmp_path / "pyproject.toml", '[project]\nname = "collabcheck"\n')
    search = discover(tmp_path)
    assert (search.found, search.shadowed, search.skipped) == (own, None, ())
