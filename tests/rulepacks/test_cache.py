"""The per-user cache of validated rule packs: same results, and every doubtful entry ignored."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from collabcheck.pipeline import check_file
from collabcheck.rulepacks import cache as packcache
from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import Pack, PackError, builtin_pack_dir
from tests.conftest import Cli
from tests.helpers import AS_OF, EXAMPLES
from tests.rulepacks.test_load import make_pack, rule


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    return tmp_path / "cache-home" / "collabcheck"


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("pack-*.json")) if cache.is_dir() else []


def _results(pack: Pack) -> list[object]:
    day = date.fromisoformat(AS_OF)
    return [check_file(str(p), pack, day) for p in sorted(EXAMPLES.glob("*.yaml"))]


def _custom(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    return make_pack(folder, files)


def _copy_builtin(tmp_path: Path) -> Path:
    copy = tmp_path / "pack"
    shutil.copytree(builtin_pack_dir(), copy, ignore=shutil.ignore_patterns("cases"))
    return copy


def test_a_cached_pack_gives_the_same_results(cache: Path) -> None:
    fresh = load_pack(builtin_pack_dir())
    assert len(_entries(cache)) == 1
    assert packcache.read(builtin_pack_dir()) is not None
    cached = load_pack(builtin_pack_dir())
    assert cached.info == fresh.info
    assert cached.gates == fresh.gates and cached.not_checkable == fresh.not_checkable
    assert [c.rule for c in cached.rules] == [c.rule for c in fresh.rules]
    assert [repr(c.rule) for c in cached.rules] == [repr(c.rule) for c in fresh.rules]
    assert [c.source for c in cached.rules] == [c.source for c in fresh.rules]
    assert _results(cached) == _results(fresh)


def test_the_digest_is_the_packs_own(cache: Path) -> None:
    assert packcache.pack_digest(builtin_pack_dir()) == load_pack(builtin_pack_dir()).info.sha256


def test_an_entry_found_by_blake2b_reports_the_packs_sha256(cache: Path) -> None:
    """The entry is found by a BLAKE2b of the pack's files and holds their sha256, which is
    served only as a well-formed digest."""
    fresh = load_pack(builtin_pack_dir())
    (entry,) = cache.glob("pack-*.json")
    header = json.loads(entry.read_bytes().partition(b"\n")[0])
    assert header["pack_sha256"] == fresh.info.sha256
    assert header["pack_blake2b"] == packcache._digests(builtin_pack_dir())[0]
    assert load_pack(builtin_pack_dir()).info.sha256 == fresh.info.sha256
    for wrong in ["not a digest", "A" * 64, None]:
        head, _, payload = entry.read_bytes().partition(b"\n")
        entry.write_bytes(
            json.dumps({**json.loads(head), "pack_sha256": wrong}).encode() + b"\n" + payload
        )
        assert packcache.read(builtin_pack_dir()) is None


def _rewrite_payload(entry: Path, change: str, to: str, *, fix_checksum: bool) -> None:
    head, _, payload = entry.read_bytes().partition(b"\n")
    assert change.encode() in payload
    payload = payload.replace(change.encode(), to.encode())
    header = json.loads(head)
    if fix_checksum:
        import hashlib

        header["payload_blake2b"] = hashlib.blake2b(payload).hexdigest()
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)


@pytest.mark.parametrize(
    "damage",
    [
        "edited",  # the payload changed, its checksum not
        "invalid",  # checksum recomputed, but the content is not a valid rule file
        "truncated",
        "empty",
        "not json",
        "writable by others",
        "other format",
    ],
)
def test_a_damaged_entry_is_ignored_and_replaced(cache: Path, tmp_path: Path, damage: str) -> None:
    directory = _copy_builtin(tmp_path)
    fresh = load_pack(directory)
    (entry,) = _entries(cache)
    if damage == "edited":
        _rewrite_payload(entry, "written agreement", "spoken agreement", fix_checksum=False)
    elif damage == "invalid":
        _rewrite_payload(entry, '"present":', '"presnet":', fix_checksum=True)
    elif damage == "truncated":
        entry.write_bytes(entry.read_bytes()[:500])
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "not json":
        entry.write_bytes(b"\x00\xff garbage\n\x00")
    elif damage == "writable by others":
        entry.chmod(0o666)
    else:
        head, _, payload = entry.read_bytes().partition(b"\n")
        header = json.loads(head)
        header["format"] = 999
        entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    # An entry whose rules are well-formed data but not rules the engine compiles (an unknown
    # operator) is read, then refused when it is compiled.
    assert (packcache.read(directory) is None) is (damage != "invalid")
    again = load_pack(directory)
    assert again.info == fresh.info
    assert [c.rule for c in again.rules] == [c.rule for c in fresh.rules]
    assert packcache.read(directory) is not None  # written again, whole
    assert b"presnet" not in entry.read_bytes()


def test_a_changed_pack_is_never_served_from_its_old_entry(cache: Path, tmp_path: Path) -> None:
    directory = _custom(tmp_path / "custom", {"a.yaml": "rules:\n" + rule(id="r-one")})
    first = load_pack(directory)
    assert first.rules[0].rule.title == "Title"
    (directory / "a.yaml").write_text(
        "rules:\n" + rule(id="r-one").replace("title: Title", "title: New title")
    )
    second = load_pack(directory)
    assert second.rules[0].rule.title == "New title"
    assert second.info.sha256 != first.info.sha256
    assert len(_entries(cache)) == 2


def test_a_custom_pack_has_its_own_entry_and_the_builtin_is_unaffected(
    cache: Path, tmp_path: Path
) -> None:
    directory = _copy_builtin(tmp_path)
    source = directory / "governance.yaml"
    source.write_text(source.read_text().replace("title: ", "title: Custom ", 1))
    custom = load_pack(directory)
    builtin = load_pack(builtin_pack_dir())
    assert len(_entries(cache)) == 2
    assert load_pack(directory).info == custom.info
    assert load_pack(builtin_pack_dir()).info == builtin.info
    assert custom.info.sha256 != builtin.info.sha256
    titles = {c.rule.title for c in load_pack(directory).rules}
    assert any(t.startswith("Custom ") for t in titles)
    assert not any(c.rule.title.startswith("Custom ") for c in load_pack(builtin_pack_dir()).rules)
    # rule sources name the folder the pack was loaded from, not where it was first cached
    assert {Path(c.source).parent for c in load_pack(directory).rules} == {directory}


def test_a_pack_with_errors_is_not_cached(cache: Path, tmp_path: Path) -> None:
    directory = _custom(tmp_path / "custom", {"a.yaml": "rules:\n" + rule(check="presnt: x")})
    with pytest.raises(PackError):
        load_pack(directory)
    with pytest.raises(PackError):
        load_pack(directory)
    assert _entries(cache) == []


def test_no_usable_cache_folder_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(not_a_folder))
    directory = _copy_builtin(tmp_path)
    before = sorted(p.name for p in directory.iterdir())
    assert load_pack(directory).info == load_pack(directory).info
    assert packcache.read(directory) is None
    # nothing is ever written into the pack's own (possibly read-only, installed) folder
    assert sorted(p.name for p in directory.iterdir()) == before


def test_an_entry_is_written_atomically_and_old_entries_are_pruned(
    cache: Path, tmp_path: Path
) -> None:
    for n in range(packcache.KEEP + 3):
        directory = _custom(tmp_path / f"p{n}", {"a.yaml": "rules:\n" + rule(id=f"r-{n}")})
        load_pack(directory)
    assert len(_entries(cache)) == packcache.KEEP
    assert not [p for p in cache.iterdir() if p.name.endswith(".partial")]
    assert all(p.stat().st_mode & 0o077 == 0 for p in _entries(cache))


def test_the_command_line_uses_and_fills_the_cache(cli: Cli, tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "home-cache")}
    example = str(EXAMPLES / "heart-failure-joint-working.yaml")
    first = cli("validate", "--as-of", AS_OF, "-f", "json", example, env=env)
    assert len(list((tmp_path / "home-cache" / "collabcheck").glob("pack-*.json"))) == 1
    second = cli("validate", "--as-of", AS_OF, "-f", "json", example, env=env)
    assert (first.returncode, first.stdout, first.stderr) == (
        second.returncode,
        second.stdout,
        second.stderr,
    )
    assert os.path.isdir(tmp_path / "home-cache" / "collabcheck")


def test_an_any_activity_rule_comes_back_from_the_cache_unchanged(
    cache: Path, tmp_path: Path
) -> None:
    # The rule is given every project type when it is read; the cached copy carries that list.
    text = "rules:\n" + rule() + "    any_activity: true\n"
    folder = _custom(tmp_path / "custom", {"rules.yaml": text})
    fresh = load_pack(folder)
    assert packcache.read(folder) is not None
    cached = load_pack(folder)
    assert [c.rule for c in cached.rules] == [c.rule for c in fresh.rules]
    assert cached.rules[0].rule.any_activity


def test_an_any_activity_rule_may_not_narrow_its_project_types(tmp_path: Path) -> None:
    text = (
        "rules:\n"
        + rule()
        + "    any_activity: true\n    applies_to: {project_types: [joint_working]}\n"
    )
    folder = _custom(tmp_path / "custom", {"rules.yaml": text})
    with pytest.raises(PackError, match=r"leave out applies_to\.project_types"):
        load_pack(folder)


def _within_seconds(action: Callable[[], object]) -> object:
    """action(), which must return within seconds: a test of something that must not block
    fails instead of hanging (a reader left waiting on a FIFO is then released)."""
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(action()), daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "still waiting after 10 s"
    return outcome[0]


@pytest.mark.parametrize("planted", ["fifo", "link to a fifo", "device", "directory"])
def test_anything_but_a_regular_file_at_the_entrys_name_is_ignored_without_waiting(
    cache: Path, tmp_path: Path, planted: str
) -> None:
    directory = _copy_builtin(tmp_path)
    fresh = load_pack(directory)
    (entry,) = _entries(cache)
    entry.unlink()
    if planted == "fifo":
        os.mkfifo(entry)
    elif planted == "link to a fifo":
        os.mkfifo(tmp_path / "fifo")
        entry.symlink_to(tmp_path / "fifo")
    elif planted == "device":
        entry.symlink_to(os.devnull)
    else:
        entry.mkdir()
    assert _within_seconds(lambda: packcache.read(directory)) is None
    again = _within_seconds(lambda: load_pack(directory))
    assert isinstance(again, Pack) and again.info == fresh.info
    if planted != "directory":  # replaced by a good entry
        assert entry.is_file() and not entry.is_symlink()
        assert packcache.read(directory) is not None


@pytest.mark.parametrize("target", ["a file", "nothing"])
def test_writing_an_entry_replaces_a_planted_link_and_never_follows_it(
    cache: Path, tmp_path: Path, target: str
) -> None:
    directory = _copy_builtin(tmp_path)
    load_pack(directory)
    (entry,) = _entries(cache)
    elsewhere = tmp_path / "elsewhere.txt"
    if target == "a file":
        elsewhere.write_text("keep me\n")
    entry.unlink()
    entry.symlink_to(elsewhere)
    load_pack(directory)
    assert not entry.is_symlink() and packcache.read(directory) is not None
    if target == "a file":
        assert elsewhere.read_text() == "keep me\n"
    else:
        assert not elsewhere.exists()
    assert [p.name for p in cache.iterdir() if p.name.endswith(".partial")] == []


def test_an_entry_over_the_size_limit_is_ignored(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = _copy_builtin(tmp_path)
    load_pack(directory)
    (entry,) = _entries(cache)
    assert packcache.read(directory) is not None
    monkeypatch.setattr(packcache, "MAX_BYTES", entry.stat().st_size - 1)
    assert packcache.read(directory) is None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_another_users_entry_is_ignored(cache: Path, tmp_path: Path) -> None:
    directory = _copy_builtin(tmp_path)
    load_pack(directory)
    (entry,) = _entries(cache)
    os.chown(entry, 65534, 65534)
    assert packcache.read(directory) is None


# Which entry a run looks for, worked out in a fresh interpreter that has not imported the
# proposal models (a validate run checks proposals without them).
_READ_IN_A_FRESH_PROCESS = """
import sys
from collabcheck.rulepacks import cache
from collabcheck.rulepacks.pack import builtin_pack_dir
found = cache.read(builtin_pack_dir()) is not None
print(found, "collabcheck.proposal.model" in sys.modules)
"""


@pytest.mark.slow
def test_a_process_that_has_not_imported_the_format_modules_finds_the_entry(cache: Path) -> None:
    load_pack(builtin_pack_dir())
    run = subprocess.run(
        [sys.executable, "-c", _READ_IN_A_FRESH_PROCESS], capture_output=True, text=True, check=True
    )
    assert run.stdout.split() == ["True", "False"]


def test_a_change_to_the_format_code_makes_every_entry_stale(tmp_path: Path) -> None:
    package = Path(packcache.__file__).resolve().parents[1]
    copy = tmp_path / "collabcheck"
    for name in ("engine", "proposal"):
        shutil.copytree(package / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("loading/schema_errors.py", "rulepacks/cache.py", "rulepacks/read.py"):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(package / name, copy / name)
    first = packcache._code_digest(str(copy))
    assert packcache._code_digest(str(copy)) == first
    module = copy / "engine" / "operators" / "text.py"
    info = module.stat()
    module.write_text(module.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert packcache._code_digest(str(copy)) != first  # longer
    module.write_text(module.read_text(encoding="utf-8")[:-1], encoding="utf-8")
    os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    assert packcache._code_digest(str(copy)) != first  # as long, changed later
    os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert packcache._code_digest(str(copy)) == first
    (copy / "engine" / "operators" / "new.py").write_text("", encoding="utf-8")
    assert packcache._code_digest(str(copy)) != first  # a module more
