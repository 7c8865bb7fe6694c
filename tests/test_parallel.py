"""Worker processes: forked ones check with the parent's own compiled pack."""

from __future__ import annotations

import multiprocessing
from datetime import date
from pathlib import Path

import pytest

from collabcheck.config.settings import PackSelection
from collabcheck.loading.inputs import Source
from collabcheck.parallel import check_in_workers
from collabcheck.pipeline import check_source
from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import builtin_pack_dir
from collabcheck.waivers.apply import waiver_book
from tests.helpers import AS_OF, EXAMPLES


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform"
)
def test_forked_workers_use_the_parents_pack_without_loading_it(tmp_path: Path) -> None:
    pack = load_pack(builtin_pack_dir())
    day = date.fromisoformat(AS_OF)
    sources = [Source(str(p), str(p)) for p in sorted(EXAMPLES.glob("*.yaml"))]
    # A rules folder that cannot be loaded: a worker that loaded the pack itself would fail.
    missing = PackSelection(False, (tmp_path / "no-such-pack",))
    parallel = list(check_in_workers(sources, pack, waiver_book(pack), missing, day, jobs=2))
    serial = [check_source(s, pack, day) for s in sources]
    assert parallel == serial
    assert all(r is not None and r.findings for r in parallel)


def test_more_jobs_than_files_still_checks_each_file_once() -> None:
    pack = load_pack(builtin_pack_dir())
    day = date.fromisoformat(AS_OF)
    sources = [Source(str(p), str(p)) for p in sorted(EXAMPLES.glob("*.yaml"))[:2]]
    chosen = PackSelection()
    results = list(check_in_workers(sources, pack, waiver_book(pack), chosen, day, jobs=16))
    assert [r.display_name for r in results if r] == [s.display for s in sources]
