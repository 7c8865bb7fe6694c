"""`collabcheck upgrade`: a version 1 proposal in format version 2, edited as text."""

from __future__ import annotations

import difflib
import io
from pathlib import Path

import pytest

from collabcheck.commands.upgrade import upgrade, upgraded_text
from collabcheck.config.settings import EXIT_INVALID, EXIT_OK
from collabcheck.loading.yamlload import parse
from collabcheck.proposal.validate import to_proposal
from tests.helpers import EXAMPLES, MINIMAL, ROOT

VERSION_1_CASES = sorted(
    path
    for path in (ROOT / "rules" / "abpi-2024" / "cases").glob("*/*/*.yaml")
    if "\nformat_version: 1\n" in path.read_text(encoding="utf-8")
)


def run(path: Path | str, output: Path | None = None) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = upgrade(str(path), None if output is None else str(output), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def version_2(text: str) -> None:
    proposal = to_proposal(parse(text))
    assert not isinstance(proposal, list), proposal
    assert proposal["format_version"] == 2


def changed(before: str, after: str) -> list[str]:
    """The lines of `after` that are not in `before`."""
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    return [line[2:] for line in diff if line.startswith("+ ")]


def test_there_are_version_1_cases() -> None:
    assert len(VERSION_1_CASES) > 100


@pytest.mark.parametrize("path", VERSION_1_CASES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_every_version_1_rule_case_upgrades_to_a_valid_version_2_proposal(path: Path) -> None:
    before = path.read_text(encoding="utf-8")
    code, after, stderr = run(path)
    assert (code, stderr) == (EXIT_OK, "")
    version_2(after)
    # Only the version and the prescribing link change, and every comment stays, in order.
    allowed = ("format_version: 2", "prescribing_link:", "kind: ", "#")
    assert all(line.strip().startswith(allowed) for line in changed(before, after))
    comments = [line for line in after.splitlines() if line.lstrip().startswith("#")]
    remaining = iter(comments)
    for line in before.splitlines():
        if line.lstrip().startswith("#"):
            assert any(line == kept for kept in remaining), line


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_a_version_2_example_is_printed_unchanged_with_a_note(path: Path) -> None:
    code, after, stderr = run(path)
    assert code == EXIT_OK
    assert after == path.read_text(encoding="utf-8")
    assert stderr == f"collabcheck: {path} is already format version 2: nothing to change\n"


SAFEGUARDS = MINIMAL.replace("format_version: 1", "format_version: 1  # the first format")


def upgraded(safeguards: str) -> str:
    text = SAFEGUARDS + safeguards
    return upgraded_text(text, parse(text))


def test_false_becomes_kind_none_keeping_comments_and_layout() -> None:
    after = upgraded(
        "# What the project promises.\n"
        "safeguards:\n"
        "    # Checked by the board.\n"
        "    linked_to_prescribing: false   # confirmed 2026-01-10\n"
        "    switching_programme: false\n"
    )
    assert after == SAFEGUARDS.replace("format_version: 1", "format_version: 2") + (
        "# What the project promises.\n"
        "safeguards:\n"
        "    # Checked by the board.\n"
        "    prescribing_link:  # confirmed 2026-01-10\n"
        "        kind: none\n"
        "    switching_programme: false\n"
    )
    version_2(after)


def test_true_becomes_the_strictest_kind_with_a_comment_asking_for_the_accurate_one() -> None:
    after = upgraded("safeguards:\n  linked_to_prescribing: true\n")
    tail = after.split("safeguards:\n", 1)[1]
    lines = tail.splitlines()
    assert lines[0].startswith("  # collabcheck upgrade: linked_to_prescribing was true")
    assert any("Choose the kind that is accurate" in line for line in lines)
    assert all(line.startswith("  # ") for line in lines[:-2])
    assert lines[-2:] == ["  prescribing_link:", "    kind: company_product_position"]
    version_2(after)


def test_an_empty_answer_stays_to_be_given() -> None:
    after = upgraded("safeguards:\n  linked_to_prescribing:  # TBC\n  switching_programme: false\n")
    assert "  prescribing_link:  # TBC\n  switching_programme: false\n" in after
    assert "Give its kind" in after
    version_2(after)


def test_flow_style_quoted_keys_and_a_value_on_its_own_line() -> None:
    flow = upgraded("safeguards: {linked_to_prescribing: false, switching_programme: false}\n")
    assert flow.endswith(
        "safeguards: {prescribing_link: {kind: none}, switching_programme: false}\n"
    )
    version_2(flow)
    quoted = upgraded("safeguards:\n  'linked_to_prescribing':\n    False\n")
    assert quoted.endswith("safeguards:\n  'prescribing_link':\n    kind: none\n")
    version_2(quoted)


def test_windows_line_endings_and_a_byte_order_mark_are_kept(tmp_path: Path) -> None:
    text = (SAFEGUARDS + "safeguards:\n  linked_to_prescribing: true\n").replace("\n", "\r\n")
    source = tmp_path / "crlf.yaml"
    source.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    target = tmp_path / "out.yaml"
    code, stdout, stderr = run(source, target)
    assert (code, stdout) == (EXIT_OK, "")
    assert stderr == f"collabcheck: wrote the format version 2 form of {source} to {target}\n"
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    version_2(data[3:].decode("utf-8"))


def test_a_file_without_the_prescribing_question_changes_only_its_version() -> None:
    assert upgraded("") == SAFEGUARDS.replace("format_version: 1", "format_version: 2")


def test_an_invalid_proposal_is_reported_at_its_lines_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    source = tmp_path / "bad.yaml"
    source.write_text(MINIMAL.replace("title:", "titel:") + "products: []\n", encoding="utf-8")
    target = tmp_path / "out.yaml"
    code, stdout, stderr = run(source, target)
    assert (code, stdout) == (EXIT_INVALID, "")
    lines = stderr.splitlines()
    assert f"{source}:2:1: project: the required field 'title' is missing" in lines
    assert any(line.startswith(f"{source}:3:3: project.titel: unknown field") for line in lines)
    assert any(line.startswith(f"{source}:15:1: products: ") for line in lines)
    assert not target.exists()


def test_unreadable_and_not_yaml(tmp_path: Path) -> None:
    code, _, stderr = run(tmp_path / "missing.yaml")
    assert (code, stderr) == (EXIT_INVALID, f"{tmp_path / 'missing.yaml'}:1:1: no such file\n")
    broken = tmp_path / "broken.yaml"
    broken.write_text("format_version: 1\nproject: [\n", encoding="utf-8")
    code, _, stderr = run(broken)
    assert code == EXIT_INVALID and stderr.startswith(f"{broken}:")


def test_never_over_the_input(tmp_path: Path) -> None:
    source = tmp_path / "proposal.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(source)
    for output in (source, link, tmp_path / "." / "proposal.yaml"):
        code, stdout, stderr = run(source, output)
        assert (code, stdout) == (EXIT_INVALID, "")
        assert "will not write over the input" in stderr
    assert source.read_text(encoding="utf-8") == MINIMAL


def test_an_existing_output_is_replaced_whole_keeping_its_permissions(tmp_path: Path) -> None:
    source = tmp_path / "proposal.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    target = tmp_path / "upgraded.yaml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    code, _, _ = run(source, target)
    assert code == EXIT_OK
    assert target.read_text(encoding="utf-8") == MINIMAL.replace(
        "format_version: 1", "format_version: 2"
    )
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["proposal.yaml", "upgraded.yaml"]


def test_an_unwritable_output_is_an_error(tmp_path: Path) -> None:
    source = tmp_path / "proposal.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    code, stdout, stderr = run(source, tmp_path / "no-such-folder" / "out.yaml")
    assert (code, stdout) == (EXIT_INVALID, "")
    assert stderr.startswith(f"collabcheck: cannot write {tmp_path / 'no-such-folder'}")
