"""Reading one input file safely: size-limited, regular files only, UTF-8 text only."""

import codecs
import errno
import os
import stat
import sys
from fnmatch import fnmatchcase

from collabcheck.common.records import Record

MAX_FILE_BYTES = 1024 * 1024
# YAML treats these as line breaks, so positions after them would not match what editors show.
_LINE_SEPARATORS = "\u0085\u2028\u2029"
STDIN = "-"
STDIN_NAME = "<stdin>"
# Searched for in a directory, in any letter case: a JSON document is YAML too.
PROPOSAL_SUFFIXES = (".yaml", ".yml", ".json")

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


class ReadError(Exception):
    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def _open(path: str) -> int:
    # O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        return os.open(path, flags)
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except IsADirectoryError:
        raise ReadError("is a directory, not a file") from None
    except PermissionError:
        raise ReadError("permission denied: the file cannot be read") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError("is a symbolic link that loops back on itself") from None
        raise ReadError(f"cannot be opened: {exc.strerror or exc}") from None


def read_bytes(path: str, limit: int = MAX_FILE_BYTES) -> bytes:
    fd = _open(path)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError("is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("is not a regular file (a pipe, device or socket): give a file path")
        if info.st_size > limit:
            raise ReadError(f"is {info.st_size:,} bytes; the limit is {limit:,} bytes (1 MiB)")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(65536, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise ReadError(f"is larger than the limit of {limit:,} bytes (1 MiB)")
        return b"".join(chunks)
    except OSError as exc:
        raise ReadError(f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without a byte-order mark) to text; anything else is refused clearly."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            raise ReadError(f"is encoded as {name}; collabcheck reads UTF-8 only: save it as UTF-8")
    raw = raw.removeprefix(codecs.BOM_UTF8)
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        column = nul - (raw.rfind(b"\n", 0, nul) + 1) + 1
        raise ReadError("contains a NUL byte: it is not a text file (or not UTF-8)", line, column)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace"))
        raise ReadError(
            f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x}): save it as UTF-8",
            line,
            column + 1,
        ) from None
    found = [at for at in map(text.find, _LINE_SEPARATORS) if at >= 0]
    if found:
        at = min(found)
        before = text[:at]
        raise ReadError(
            f"contains the Unicode line separator U+{ord(text[at]):04X}, which YAML "
            "counts as a line break but editors do not: replace it with a line break or a space",
            before.count("\n") + 1,
            at - (before.rfind("\n") + 1) + 1,
        )
    return text


def read_text(path: str, limit: int = MAX_FILE_BYTES) -> str:
    return decode(read_bytes(path, limit))


class Source(Record):
    """One input: a path, or standard input. Files found in a directory search are checked only
    if they look like proposals (a top-level `format_version:` key); files named on the command
    line are always checked, unless `--only-proposals` asks for them to be treated as found in
    a directory search (`found_in_directory` is then set for them too)."""

    display: str
    path: str | None
    found_in_directory: bool = False
    data: bytes | None = None  # standard input, read ahead so that worker processes can check it


def excluded(relative: str, name: str, patterns: tuple[str, ...]) -> bool:
    """Whether a file or folder a directory search finds matches one of the --exclude globs: its
    path below the folder searched (names joined with /) or its own name, case-sensitively, `*`
    matching / too. A folder that matches is not searched, so a name anywhere in a path counts."""
    return any(fnmatchcase(relative, p) or fnmatchcase(name, p) for p in patterns)


def _patterns(exclude: tuple[str, ...]) -> tuple[str, ...]:
    """`./drafts/` means `drafts`: paths are matched below the searched folder, without a
    trailing /."""
    cleaned = (p.removeprefix("./").rstrip("/") for p in exclude)
    return tuple(p for p in cleaned if p)


def _walk(
    directory: str, unreadable: list[tuple[str, str]], exclude: tuple[str, ...] = ()
) -> list[str]:
    """Proposal candidates below `directory`, depth first in sorted order (as os.walk lists them),
    without recursion, so a very deep tree cannot exhaust the stack. Folders that cannot be read
    are collected in `unreadable` rather than skipped in silence; files and folders that match
    `exclude` are left out."""
    found: list[str] = []
    pending = [(directory, "")]
    while pending:
        current, below = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            unreadable.append((current, f"is a folder that cannot be read: {exc.strerror or exc}"))
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            relative = below + entry.name
            if exclude and excluded(relative, entry.name, exclude):
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                folders.append((entry.path, relative + "/"))
            elif entry.name.lower().endswith(PROPOSAL_SUFFIXES):
                found.append(entry.path)
        pending.extend(reversed(folders))
    return found


def discover(
    arguments: list[str],
    stdin_name: str | None = None,
    exclude: tuple[str, ...] = (),
    only_proposals: bool = False,
) -> tuple[list[Source], list[tuple[str, str]]]:
    """The inputs in command-line order, directories expanded in sorted order without what
    `exclude` matches, duplicates once; and the folders that could not be searched, with why.
    Standard input is reported as `stdin_name`, if given. `only_proposals`: a named file is
    checked only if it is a proposal, as a file a directory search finds."""
    sources: list[Source] = []
    unreadable: list[tuple[str, str]] = []
    seen: set[str] = set()
    patterns = _patterns(exclude)
    for argument in arguments:
        if argument == STDIN:
            candidates = [Source(stdin_name or STDIN_NAME, None)]
        elif os.path.isdir(argument):
            candidates = [Source(p, p, True) for p in _walk(argument, unreadable, patterns)]
        else:
            candidates = [Source(argument, argument, only_proposals)]
        for source in candidates:
            key = os.path.realpath(source.path) if source.path else STDIN
            if key not in seen:
                seen.add(key)
                sources.append(source)
    return sources, unreadable


def read_stdin(limit: int = MAX_FILE_BYTES) -> bytes:
    raw = sys.stdin.buffer.read(limit + 1)
    if len(raw) > limit:
        raise ReadError(f"standard input is larger than the limit of {limit:,} bytes (1 MiB)")
    return raw


def read_source(source: Source, limit: int = MAX_FILE_BYTES) -> bytes:
    if source.data is not None:
        if len(source.data) > limit:
            raise ReadError(f"standard input is larger than the limit of {limit:,} bytes (1 MiB)")
        return source.data
    return read_stdin(limit) if source.path is None else read_bytes(source.path, limit)


def read_ahead(source: Source, limit: int = MAX_FILE_BYTES) -> Source:
    """Standard input read into memory (at most limit + 1 bytes); other sources unchanged."""
    if source.path is not None or source.data is not None:
        return source
    return Source(source.display, None, source.found_in_directory, sys.stdin.buffer.read(limit + 1))
