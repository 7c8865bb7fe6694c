"""Reports: never over an input, whatever its name; written whole or not at all, so an
interrupted or failed run leaves the previous report as it was; and every mistake in where they
go is found before any checking starts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.harness import AS_OF, VALID, assert_calm, collabcheck, run, run_many

FAILING = VALID  # the minimal proposal fails the built-in pack: exit 1


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _one_line(result_stderr: str, words: str) -> None:
    lines = _lines(result_stderr)
    assert len(lines) == 1, lines
    assert words in lines[0], lines[0]


@pytest.fixture
def proposal(tmp_path: Path) -> Path:
    path = tmp_path / "proposal.yaml"
    path.write_text(FAILING, encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("what", ["proposal", "waivers", "rule"])
def test_a_hard_link_to_an_input_is_never_a_report(
    tmp_path: Path, proposal: Path, what: str
) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("format_version: 1\nwaivers: []\n", encoding="utf-8")
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: own\nversion: 1.0.0\ntitle: Own\n", encoding="utf-8")
    rule = pack / "rules.yaml"
    rule.write_text(
        "rules:\n  - id: own-rule\n    title: T\n    severity: info\n    reference:\n"
        "      edition: E\n      clause: '1'\n      part: guidance\n"
        "      source_url: https://example.org\n    rationale: R\n    remediation: F\n"
        "    message: M\n    implements: [x]\n    check: {present: project.title}\n",
        encoding="utf-8",
    )
    target = {"proposal": proposal, "waivers": waivers, "rule": rule}[what]
    link = tmp_path / "report.json"
    os.link(target, link)
    before = target.read_bytes()
    result = run(
        "validate",
        "--as-of",
        AS_OF,
        "--waivers",
        waivers,
        "--add-rules",
        pack,
        "--format",
        f"json={link}",
        proposal,
        cwd=tmp_path,
    )
    assert_calm(result, 2)
    _one_line(result.stderr, "is one of the inputs")
    assert target.read_bytes() == before


@pytest.mark.slow
def test_a_new_report_is_never_written_into_a_rule_pack(tmp_path: Path, proposal: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: own\nversion: 1.0.0\ntitle: Own\n", encoding="utf-8")
    result = run(
        "validate", "--as-of", AS_OF, "--add-rules", pack,
        "--format", f"json={pack / 'new-rules.yaml'}", proposal, cwd=tmp_path,
    )  # fmt: skip
    assert_calm(result, 2)
    _one_line(result.stderr, "is one of the inputs")
    assert sorted(p.name for p in pack.iterdir()) == ["pack.yaml"]


@pytest.mark.slow
def test_the_proposal_read_from_standard_input_is_never_a_report(
    tmp_path: Path, proposal: Path
) -> None:
    before = proposal.read_bytes()
    result = run(
        "validate",
        "--as-of",
        AS_OF,
        "--format",
        f"json={proposal}",
        "-",
        cwd=tmp_path,
        stdin=proposal,
    )
    assert_calm(result, 2)
    _one_line(result.stderr, "is one of the inputs")
    assert proposal.read_bytes() == before


@pytest.mark.slow
@pytest.mark.parametrize(
    ("formats", "words"),
    [
        (["json=same.out", "sarif=same.out"], "both go to same.out"),
        (["json=same.out", "sarif=./sub/../same.out"], "both go to"),
        (["json=-"], "'-' is not a file name"),
        (["json=missing/report.json"], "does not exist"),
    ],
)
def test_mistakes_in_where_reports_go_are_usage_errors_before_any_checking(
    tmp_path: Path, proposal: Path, formats: list[str], words: str
) -> None:
    (tmp_path / "sub").mkdir()
    args = [a for spec in formats for a in ("--format", spec)]
    result = run("validate", "--as-of", AS_OF, *args, proposal, cwd=tmp_path)
    assert_calm(result, 2)
    _one_line(result.stderr, words)
    assert not (tmp_path / "-").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["proposal.yaml", "sub"]


@pytest.mark.slow
def test_a_symbolic_link_at_the_report_path_is_replaced_not_written_through(
    tmp_path: Path, proposal: Path
) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep me\n", encoding="utf-8")
    (tmp_path / "report.json").symlink_to(elsewhere)
    result = run(
        "validate", "--as-of", AS_OF, "--format", "json=report.json", proposal, cwd=tmp_path
    )
    assert_calm(result, 1)
    assert elsewhere.read_text(encoding="utf-8") == "keep me\n"
    assert not (tmp_path / "report.json").is_symlink()


def _many_proposals(folder: Path, count: int) -> Path:
    tree = folder / "proposals"
    tree.mkdir()
    for i in range(count):
        (tree / f"p{i:04d}.yaml").write_text(FAILING, encoding="utf-8")
    return tree


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_an_interrupted_run_leaves_the_previous_report_whole(tmp_path: Path, how: int) -> None:
    tree = _many_proposals(tmp_path, 2000)
    report = tmp_path / "board.md"
    report.write_text("previous good report\n", encoding="utf-8")
    argv = [
        sys.executable,
        "-m",
        "collabcheck",
        "validate",
        "--as-of",
        AS_OF,
        "--format",
        f"markdown={report}",
        str(tree),
    ]
    process = subprocess.Popen(
        argv, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    time.sleep(1.0)  # started, still checking (2,000 proposals take several seconds)
    process.send_signal(how)
    _, stderr = process.communicate(timeout=30)
    assert b"Traceback" not in stderr
    assert report.read_text(encoding="utf-8") == "previous good report\n"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".board.md.")]
    # Nothing can clean up after SIGKILL; any other signal ends the run through the clean-up.
    assert leftovers == [] or how == signal.SIGKILL


@pytest.mark.slow
def test_two_runs_writing_one_report_each_leave_a_whole_one(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = _many_proposals(tmp_path / "a", 60), _many_proposals(tmp_path / "b", 3)
    jobs = [
        collabcheck("validate", "--as-of", AS_OF, "--format", "json=out.json", folder, cwd=tmp_path)
        for folder in (first, second)
    ]
    for result in run_many(jobs, parallel=2):
        assert_calm(result, 1)
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert len(data["files"]) in (60, 3)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
