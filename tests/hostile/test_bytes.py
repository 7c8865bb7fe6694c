"""The bytes of the file: empty files, NUL bytes, invalid UTF-8, byte-order marks, Unicode line
separators, raw control characters, and sizes around and far beyond the documented 1 MiB limit.

The small files are all checked in one run. Files of tens of megabytes and an 8 GiB sparse file
are checked under a much smaller address-space limit than usual, which a run that read them into
memory could not stay within, and their peak resident memory is asserted too.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from collabcheck.reporters import REPORTERS
from tests.hostile.harness import (
    AS_OF,
    JSON_AND_TEXT,
    SMALL_MEMORY_LIMIT,
    SMALL_RSS,
    VALID,
    VALID_EXIT,
    MiB,
    Result,
    assert_calm,
    assert_names,
    assert_problem,
    assert_within_limits,
    collabcheck,
    file_exit,
    files_by_path,
    load_report,
    run_many,
)

LIMIT = 1024 * 1024
SIZE_MESSAGE = "the limit is 1,048,576 bytes (1 MiB)"
BIG = 50_000_000
SPARSE = 8 * 1024**3

UTF8 = VALID.encode()
TITLE = b"format_version: 1\nproject:\n  title: "


@dataclass(frozen=True)
class Case:
    content: bytes
    exit: int
    fragment: str = ""
    line: int | None = None
    column: int | None = None


def _padded_to(size: int) -> bytes:
    """VALID followed by a comment that makes the file exactly `size` bytes."""
    head = UTF8 + b"#"
    return head + b"x" * (size - len(head) - 1) + b"\n"


CASES: dict[str, Case] = {
    "empty.yaml": Case(b"", 2, "no YAML content", 1, 1),
    "only-blank-lines.yaml": Case(b"\n  \n\n \n", 2, "no YAML content", 1),
    "only-a-comment.yaml": Case(b"# nothing else\n", 2, "no YAML content", 1),
    "nul-in-a-value.yaml": Case(TITLE + b"a\x00b\n", 2, "contains a NUL byte", 3, 11),
    "nul-first-byte.yaml": Case(b"\x00" + UTF8, 2, "contains a NUL byte", 1, 1),
    "invalid-utf8-ff.yaml": Case(TITLE + b"caf\xff\n", 2, "not valid UTF-8 (byte 0xff)", 3, 13),
    "invalid-utf8-overlong.yaml": Case(
        TITLE + b"\xc0\xaf\n", 2, "not valid UTF-8 (byte 0xc0)", 3, 10
    ),
    "invalid-utf8-continuation.yaml": Case(
        TITLE + b"\x80\n", 2, "not valid UTF-8 (byte 0x80)", 3, 10
    ),
    "invalid-utf8-surrogate.yaml": Case(
        TITLE + b"\xed\xa0\x80\n", 2, "not valid UTF-8 (byte 0xed)", 3, 10
    ),
    "invalid-utf8-truncated-at-end.yaml": Case(
        TITLE + b"caf\xc3", 2, "not valid UTF-8 (byte 0xc3)", 3, 13
    ),
    # Columns count characters, so the two-byte é before the bad byte is one column.
    "invalid-utf8-after-multibyte.yaml": Case(
        TITLE + "é".encode() + b"\xfe\n", 2, "byte 0xfe", 3, 11
    ),
    "bom-utf8-accepted.yaml": Case(codecs.BOM_UTF8 + UTF8, VALID_EXIT),
    "bom-utf8-crlf-accepted.yaml": Case(codecs.BOM_UTF8 + UTF8.replace(b"\n", b"\r\n"), VALID_EXIT),
    "bom-utf8-then-comment-only.yaml": Case(codecs.BOM_UTF8 + b"# x\n", 2, "no YAML content", 1),
    "bom-utf16-le.yaml": Case(VALID.encode("utf-16"), 2, "encoded as UTF-16", 1, 1),
    "bom-utf16-be.yaml": Case(
        codecs.BOM_UTF16_BE + VALID.encode("utf-16-be"), 2, "encoded as UTF-16", 1, 1
    ),
    "bom-utf32-le.yaml": Case(VALID.encode("utf-32"), 2, "encoded as UTF-32", 1, 1),
    "bom-utf32-be.yaml": Case(
        codecs.BOM_UTF32_BE + VALID.encode("utf-32-be"), 2, "encoded as UTF-32", 1, 1
    ),
    "utf16-without-bom.yaml": Case(VALID.encode("utf-16-le"), 2, "contains a NUL byte", 1, 2),
    "u2028-line-separator.yaml": Case(TITLE + "a\u2028b\n".encode(), 2, "U+2028", 3, 11),
    "u2029-paragraph-separator.yaml": Case(TITLE + "a\u2029b\n".encode(), 2, "U+2029", 3, 11),
    "u0085-next-line.yaml": Case(TITLE + "a\u0085b\n".encode(), 2, "U+0085", 3, 11),
    "u2028-in-a-comment.yaml": Case(b"# a\xe2\x80\xa8b\n" + UTF8, 2, "U+2028", 1, 4),
    "raw-escape.yaml": Case(TITLE + b"\x1b[31mred\n", 2, "control character U+001B", 3, 10),
    "raw-bell.yaml": Case(TITLE + b"a\x07\n", 2, "control character U+0007", 3, 11),
    "raw-delete.yaml": Case(TITLE + b"a\x7f\n", 2, "control character U+007F", 3, 11),
    "raw-c1-csi.yaml": Case(TITLE + "a\u009b31m\n".encode(), 2, "control character U+009B", 3, 11),
    "raw-bidi-override-accepted.yaml": Case(
        UTF8.replace(b"Heart", "\u202eHeart".encode()), VALID_EXIT
    ),
    "tab-indentation.yaml": Case(
        b"format_version: 1\nproject:\n\ttitle: x\n", 2, "invalid YAML", 3
    ),
    "cr-line-endings-accepted.yaml": Case(UTF8.replace(b"\n", b"\r"), VALID_EXIT),
    "crlf-line-endings-accepted.yaml": Case(UTF8.replace(b"\n", b"\r\n"), VALID_EXIT),
    "exactly-1-mib-accepted.yaml": Case(_padded_to(LIMIT), VALID_EXIT),
    "one-byte-over-1-mib.yaml": Case(_padded_to(LIMIT + 1), 2, SIZE_MESSAGE, 1, 1),
    "one-line-of-1-mib-accepted.yaml": Case(
        UTF8 + b"# " + b"y" * (LIMIT - len(UTF8) - 3) + b"\n", VALID_EXIT
    ),
}


@dataclass(frozen=True, repr=False)
class Batch:
    result: Result
    files: dict[str, dict[str, Any]]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    folder = tmp_path_factory.mktemp("bytes")
    for name, case in CASES.items():
        (folder / name).write_bytes(case.content)
    assert (folder / "exactly-1-mib-accepted.yaml").stat().st_size == LIMIT
    job = collabcheck(
        *JSON_AND_TEXT,
        *sorted(CASES),
        cwd=folder,
    )
    result = run_many([job])[0]
    assert_within_limits(result)
    return Batch(result, files_by_path(load_report(folder / "report.json", result)))


def test_the_run_is_calm_and_reports_every_file(batch: Batch) -> None:
    assert_calm(batch.result, exit=2)
    assert sorted(batch.files) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(batch: Batch, name: str) -> None:
    case = CASES[name]
    assert_calm(batch.result, exit=2)
    entry = batch.files[name]
    assert file_exit(entry) == case.exit, entry
    if case.exit != 2:
        assert entry["checked"], entry
        return
    assert_problem(entry, case.fragment, case.line, case.column)
    assert_names(batch.result, name, case.line, case.column)


# --- far beyond the limit -------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Huge:
    files: Result
    stdin: Result
    names: tuple[str, ...]


@pytest.fixture(scope="module")
def huge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Huge]:
    folder = tmp_path_factory.mktemp("huge")
    # 50 MB of spaces after a format_version line, so that a directory search would take it
    # for a proposal if it read it.
    spaces = folder / "spaces-50mb.yaml"
    with spaces.open("wb") as handle:
        handle.write(b"format_version: 1\n")
        block = b" " * MiB
        for _ in range(BIG // MiB):
            handle.write(block)
    sparse = folder / "sparse-8gib.yaml"
    with sparse.open("wb") as handle:
        handle.truncate(SPARSE)
    searched = folder / "searched"
    searched.mkdir()
    (searched / "big.yaml").hardlink_to(spaces)  # another path, so not the same file named twice
    names = ("spaces-50mb.yaml", "sparse-8gib.yaml", "searched")
    limits = {"memory_limit": SMALL_MEMORY_LIMIT}
    files, stdin = run_many(
        [
            collabcheck("validate", "--as-of", AS_OF, *names, cwd=folder, **limits),
            collabcheck("validate", "--as-of", AS_OF, "-", cwd=folder, stdin=sparse, **limits),
        ]
    )
    yield Huge(files, stdin, names)
    for path in (spaces, searched / "big.yaml", sparse):  # pytest keeps old temporary folders
        path.unlink()


def test_huge_files_are_refused_without_being_read(huge: Huge) -> None:
    result = huge.files
    assert_calm(result, exit=2)
    assert result.max_rss < SMALL_RSS, f"peak RSS {result.max_rss / MiB:.0f} MiB{result}"
    size = BIG // MiB * MiB + len(b"format_version: 1\n")
    assert_names(result, "spaces-50mb.yaml", 1, 1)
    assert f"INVALID spaces-50mb.yaml:1:1  is {size:,} bytes; {SIZE_MESSAGE}" in result.stdout
    assert f"INVALID sparse-8gib.yaml:1:1  is {SPARSE:,} bytes; {SIZE_MESSAGE}" in result.stdout
    assert f"INVALID searched/big.yaml:1:1  is {size:,} bytes; {SIZE_MESSAGE}" in result.stdout


def test_huge_standard_input_is_refused_after_the_limit(huge: Huge) -> None:
    """8 GiB on standard input: only the first 1 MiB and one byte may be read."""
    result = huge.stdin
    assert_calm(result, exit=2)
    assert result.max_rss < SMALL_RSS, f"peak RSS {result.max_rss / MiB:.0f} MiB{result}"
    assert_names(result, "<stdin>", 1, 1)
    assert "larger than the limit of 1,048,576 bytes (1 MiB)" in result.stdout


def test_a_full_size_proposal_is_checked_within_the_limits(tmp_path: Path) -> None:
    """The largest file collabcheck reads, with as many list entries as fit: all formats."""
    entry = b"  - Objective\n"
    body = UTF8 + b"objectives:\n"
    body += entry * ((LIMIT - len(body)) // len(entry))
    (tmp_path / "full.yaml").write_bytes(body)
    formats = [f"--format={f}={f}.out" for f in REPORTERS if f != "text"]
    result = run_many(
        [
            collabcheck(
                "validate", "--as-of", AS_OF, *formats, "-f", "text", "full.yaml", cwd=tmp_path
            )
        ]
    )[0]
    assert_calm(result, exit=VALID_EXIT)
    assert_names(result, "full.yaml")
