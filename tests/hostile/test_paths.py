"""Paths that are not plain readable files: missing, dangling and looping symbolic links, FIFOs,
devices, directories (searched for proposals), empty directories, unreadable files and folders,
and directory trees deeper than Python's recursion limit."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.harness import (
    AS_OF,
    JSON_AND_TEXT,
    VALID,
    VALID_EXIT,
    Demotion,
    Result,
    assert_calm,
    assert_names,
    assert_problem,
    assert_within_limits,
    collabcheck,
    demotion,
    files_by_path,
    load_report,
    make_deep_folders,
    remove_deep_folders,
    run,
    run_many,
    shared_folder,
    write_deep,
)

NOT_REGULAR = "is not a regular file"


@dataclass(frozen=True, repr=False)
class Batch:
    result: Result
    files: dict[str, dict[str, Any]]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    """One run over every kind of odd path, named directly and found in a directory search."""
    top = tmp_path_factory.mktemp("paths")
    outside = top / "outside"
    outside.mkdir()
    (outside / "not-searched.yaml").write_text(VALID, encoding="utf-8")
    (top / "dangling.yaml").symlink_to(top / "nowhere.yaml")
    (top / "loop-a.yaml").symlink_to("loop-b.yaml")
    (top / "loop-b.yaml").symlink_to("loop-a.yaml")
    os.mkfifo(top / "fifo.yaml")
    (top / "valid.yaml").write_text(VALID, encoding="utf-8")
    (top / "same-file.yaml").symlink_to("valid.yaml")

    tree = top / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / ".hidden").mkdir()
    (tree / "dir.yaml").mkdir()  # a folder whose name looks like a proposal
    (tree / "proposal.yaml").write_text(VALID, encoding="utf-8")
    (tree / "sub" / "nested.yml").write_text(VALID, encoding="utf-8")
    (tree / "workflow.yaml").write_text("on: push\njobs: {}\n", encoding="utf-8")
    (tree / ".hidden" / "skipped.yaml").write_text(VALID, encoding="utf-8")
    (tree / ".dotfile.yaml").write_text(VALID, encoding="utf-8")
    (tree / "link-to-outside").symlink_to(outside, target_is_directory=True)
    (tree / "self").symlink_to(".", target_is_directory=True)
    (tree / "loop.yaml").symlink_to("loop.yaml")
    os.mkfifo(tree / "fifo.yaml")

    arguments = [
        "missing.yaml",
        "dangling.yaml",
        "loop-a.yaml",
        "fifo.yaml",
        "/dev/null",
        "valid.yaml",
        "same-file.yaml",
        "tree",
    ]
    result = run(
        *JSON_AND_TEXT,
        *arguments,
        cwd=top,
    )
    assert_within_limits(result)
    return Batch(result, files_by_path(load_report(top / "report.json", result)))


def test_the_run_is_calm_and_reports_exactly_the_expected_files(batch: Batch) -> None:
    assert_calm(batch.result, exit=2)
    assert sorted(batch.files) == sorted(
        [
            "missing.yaml",
            "dangling.yaml",
            "loop-a.yaml",
            "fifo.yaml",
            "/dev/null",
            "valid.yaml",
            "tree/fifo.yaml",
            "tree/loop.yaml",
            "tree/proposal.yaml",
            "tree/sub/nested.yml",
        ]
    )


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("missing.yaml", "no such file"),
        ("dangling.yaml", "no such file"),
        ("loop-a.yaml", "loops back on itself"),
        ("fifo.yaml", NOT_REGULAR),
        ("/dev/null", NOT_REGULAR),
        ("tree/fifo.yaml", NOT_REGULAR),
        ("tree/loop.yaml", "loops back on itself"),
    ],
)
def test_refused_with_a_message_naming_it(batch: Batch, name: str, fragment: str) -> None:
    assert_calm(batch.result, exit=2)
    assert_problem(batch.files[name], fragment, 1, 1)
    assert_names(batch.result, name, 1, 1)
    assert f"INVALID {name}:1:1  " in batch.result.stdout


@pytest.mark.parametrize("name", ["valid.yaml", "tree/proposal.yaml", "tree/sub/nested.yml"])
def test_real_proposals_are_still_checked(batch: Batch, name: str) -> None:
    assert_calm(batch.result, exit=2)
    entry = batch.files[name]
    assert entry["checked"]
    failed = [f for f in entry["findings"] if f["outcome"] == "fail"]
    assert failed, entry  # the minimal proposal fails the built-in rules
    assert_names(batch.result, f"FAIL  {name}", failed[0]["line"], failed[0]["column"])


def _no_proposals(result: Result) -> None:
    assert_calm(result, exit=2)
    assert result.stdout == ""
    assert "no proposals found" in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.fixture(scope="module")
def empty_searches(tmp_path_factory: pytest.TempPathFactory) -> list[Result]:
    top = tmp_path_factory.mktemp("empty")
    (top / "empty").mkdir()
    (top / "other-yaml").mkdir()
    (top / "other-yaml" / "pack.yaml").write_text("name: x\nversion: 1.0.0\n", encoding="utf-8")
    (top / "other-yaml" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    return run_many(
        [collabcheck("validate", "--as-of", AS_OF, d, cwd=top) for d in ("empty", "other-yaml")]
    )


FOLDERS = [
    pytest.param(0, id="empty-folder"),
    pytest.param(1, id="folder-of-other-yaml"),
]


@pytest.mark.parametrize("which", FOLDERS)
def test_a_folder_without_proposals_is_no_proposals_found(
    empty_searches: list[Result], which: int
) -> None:
    _no_proposals(empty_searches[which])


@pytest.mark.parametrize("which", FOLDERS)
def test_no_proposals_found_names_the_folder(empty_searches: list[Result], which: int) -> None:
    result = empty_searches[which]
    _no_proposals(result)
    assert_names(result, ("empty", "other-yaml")[which])


# --- permissions: run as a user who cannot read the file -----------------------------------------


@dataclass(frozen=True)
class Locked:
    folder: Path
    demotion: Demotion


@pytest.fixture
def locked() -> Iterator[Locked]:
    """A folder readable by uid 65534 (or this user) with a valid proposal, an unreadable one
    named directly, and a searched folder holding an unreadable proposal."""
    with shared_folder() as folder:
        how = demotion(folder)
        if how is None:
            pytest.skip("cannot run collabcheck as a user to whom file permissions apply")
        (folder / "readable.yaml").write_text(VALID, encoding="utf-8")
        (folder / "secret.yaml").write_text(VALID, encoding="utf-8")
        (folder / "secret.yaml").chmod(0)
        (folder / "searched").mkdir()
        (folder / "searched" / "hidden-from-me.yaml").write_text(VALID, encoding="utf-8")
        (folder / "searched" / "hidden-from-me.yaml").chmod(0)
        (folder / "searched" / "fine.yaml").write_text(VALID, encoding="utf-8")
        for path in (folder / "readable.yaml", folder / "searched" / "fine.yaml"):
            path.chmod(0o644)
        (folder / "searched").chmod(0o755)
        yield Locked(folder, how)


def test_unreadable_files_are_reported_and_the_rest_checked(locked: Locked) -> None:
    result = run(
        "validate",
        "--as-of",
        AS_OF,
        "secret.yaml",
        "readable.yaml",
        "searched",
        cwd=locked.folder,
        demote=locked.demotion.preexec,
    )
    assert_calm(result, exit=2)
    for name in ("secret.yaml", "searched/hidden-from-me.yaml"):
        assert_names(result, name, 1, 1)
        assert f"INVALID {name}:1:1  permission denied" in result.stdout, result
    for name in ("readable.yaml", "searched/fine.yaml"):
        assert f"FAIL  {name}:" in result.stdout, result


def test_an_unreadable_folder_is_reported(locked: Locked) -> None:
    tree = locked.folder / "tree"
    (tree / "open").mkdir(parents=True)
    (tree / "open" / "fine.yaml").write_text(VALID, encoding="utf-8")
    (tree / "locked").mkdir()
    (tree / "locked" / "never-checked.yaml").write_text(VALID, encoding="utf-8")
    for path in (tree, tree / "open"):
        path.chmod(0o755)
    (tree / "open" / "fine.yaml").chmod(0o644)
    (tree / "locked").chmod(0)
    result = run(
        "validate", "--as-of", AS_OF, "tree", cwd=locked.folder, demote=locked.demotion.preexec
    )
    assert "FAIL  tree/open/fine.yaml:" in result.stdout, result  # the readable one is checked
    assert_calm(result, exit=2)  # today: exit 1, and nothing says tree/locked was not searched
    assert_names(result, "tree/locked")


# --- directory trees deeper than the recursion limit ---------------------------------------------


@pytest.fixture
def deep_tree(tmp_path: Path) -> Iterator[Path]:
    top = tmp_path / "deep"
    relative = make_deep_folders(top, 1200)
    write_deep(top, relative, "deep.yaml", VALID)
    (tmp_path / "shallow.yaml").write_text(VALID, encoding="utf-8")
    yield top
    remove_deep_folders(top)


def test_a_very_deep_directory_tree_is_searched(deep_tree: Path) -> None:
    result = run(
        *JSON_AND_TEXT,
        "shallow.yaml",
        "deep",
        cwd=deep_tree.parent,
    )
    # The deep proposal checked (exit 1), or the depth refused with a message (exit 2).
    assert_calm(result, exit=(VALID_EXIT, 2))
    assert_names(result, "shallow.yaml")
    files = files_by_path(load_report(deep_tree.parent / "report.json", result))
    assert files["shallow.yaml"]["checked"]
    assert len(files) == 2 or "deep" in result.output
