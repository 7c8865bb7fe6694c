from __future__ import annotations

import codecs
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from collabcheck.loading import inputs
from collabcheck.loading.inputs import MAX_FILE_BYTES, ReadError, read_text


def _refused(path: Path | str, *, limit: int = MAX_FILE_BYTES) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_text(str(path), limit)
    return caught.value


def test_reads_utf8_and_drops_a_byte_order_mark(write: Callable[..., Path]) -> None:
    assert read_text(str(write("a: é\n"))) == "a: é\n"
    assert read_text(str(write(codecs.BOM_UTF8 + "a: é\n".encode()))) == "a: é\n"


def test_missing_file(tmp_path: Path) -> None:
    assert _refused(tmp_path / "nope.yaml").message == "no such file"


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    assert _refused(tmp_path).message == "is a directory, not a file"


def test_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert "not a regular file" in _refused(fifo).message


def test_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    assert "loops back on itself" in _refused(tmp_path / "a.yaml").message


def test_permission_denied(monkeypatch: pytest.MonkeyPatch, write: Callable[..., Path]) -> None:
    path = write("a: 1\n")

    def deny(*args: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(inputs.os, "open", deny)
    assert "permission denied" in _refused(path).message


def test_size_limit_is_checked_before_reading(write: Callable[..., Path]) -> None:
    path = write(b"a: " + b"x" * (MAX_FILE_BYTES + 10))
    error = _refused(path)
    assert "the limit is 1,048,576 bytes" in error.message


def test_a_small_limit_applies_too(write: Callable[..., Path]) -> None:
    # st_size says 9 bytes, so the stat check refuses it; the read loop is the second guard.
    error = _refused(write(b"a: 12345\n"), limit=4)
    assert "the limit is 4 bytes" in error.message


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (codecs.BOM_UTF16_LE + "a: 1\n".encode("utf-16-le"), "encoded as UTF-16"),
        (codecs.BOM_UTF16_BE + "a: 1\n".encode("utf-16-be"), "encoded as UTF-16"),
        (codecs.BOM_UTF32_LE + "a: 1\n".encode("utf-32-le"), "encoded as UTF-32"),
        (codecs.BOM_UTF32_BE + "a: 1\n".encode("utf-32-be"), "encoded as UTF-32"),
    ],
)
def test_other_unicode_encodings_are_refused(
    write: Callable[..., Path], raw: bytes, words: str
) -> None:
    assert words in _refused(write(raw)).message


def test_nul_byte_is_located(write: Callable[..., Path]) -> None:
    error = _refused(write(b"a: 1\nb: x\x00y\n"))
    assert "NUL byte" in error.message
    assert (error.line, error.column) == (2, 5)


def test_invalid_utf8_is_located(write: Callable[..., Path]) -> None:
    error = _refused(write("a: 1\nb: é".encode() + b"\xff\n"))
    assert "not valid UTF-8 (byte 0xff)" in error.message
    assert (error.line, error.column) == (2, 5)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_unicode_line_separators_are_refused_because_yaml_would_miscount_lines(
    write: Callable[..., Path], separator: str
) -> None:
    error = _refused(write(f"a: 1\nb: 'x{separator}y'\nc: 2\n".encode()))
    assert f"U+{ord(separator):04X}" in error.message
    assert (error.line, error.column) == (2, 6)


def test_the_first_line_separator_in_the_file_is_the_one_named(
    write: Callable[..., Path],
) -> None:
    error = _refused(write("a: 1\nb: 'x\u2029y'\nc: 'z\u0085'\n".encode()))
    assert "U+2029" in error.message
    assert (error.line, error.column) == (2, 6)
