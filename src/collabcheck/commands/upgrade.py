"""`collabcheck upgrade`: the format version 2 form of a version 1 proposal.

The file is edited as text, not loaded and dumped again, so that every comment, blank line,
quote and indentation stays as the author wrote it. The parsed document says where each value
is (loading/yamlload.py, Document.mark_of); only the few tokens that differ between the versions
are changed:

- `format_version: 1` becomes `format_version: 2`;
- `safeguards.linked_to_prescribing` becomes `safeguards.prescribing_link`: `false` becomes
  `kind: none`; `true` becomes `kind: company_product_position`, the strictest kind, with a
  comment above it asking the proposer to choose the accurate one; an empty answer stays empty,
  with a comment saying what to give.

The result is checked as a version 2 proposal before anything is written. The input file is
never written to.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from typing import TextIO

from collabcheck.common.atomic import write_atomically
from collabcheck.common.escape import TEXT, command_free, inert
from collabcheck.common.problems import FileProblem
from collabcheck.common.yamlpath import YamlPath
from collabcheck.config.settings import EXIT_INVALID, EXIT_OK
from collabcheck.loading.inputs import STDIN, STDIN_NAME, ReadError, Source, decode, read_source
from collabcheck.loading.yamlload import Document, YamlError, parse
from collabcheck.proposal.checks import CURRENT_FORMAT
from collabcheck.proposal.validate import to_proposal

_VERSION = ("format_version",)
_SAFEGUARDS = ("safeguards",)
_LINKED = ("safeguards", "linked_to_prescribing")
_OLD_KEY = "linked_to_prescribing"
_NEW_KEY = "prescribing_link"
_NUMBER = re.compile(r"[-+]?[0-9]+")
_WORD = re.compile(r"[A-Za-z~]+")
# Above a prescribing_link that was `linked_to_prescribing: true`.
_CHOOSE = (
    "collabcheck upgrade: linked_to_prescribing was true, written here as the strictest kind.",
    "Choose the kind that is accurate: class_level_guideline (national guidance for a class,",
    "open to every product), arms_length_procurement, private_supply_non_nhs, or",
    "company_product_position (the company's product gets a position: an inducement).",
)
# Above a prescribing_link that was left empty.
_ANSWER = (
    "collabcheck upgrade: prescribing_link replaces linked_to_prescribing. Give its kind",
    "(none, class_level_guideline, arms_length_procurement, private_supply_non_nhs or",
    "company_product_position) and a statement, on indented lines below it.",
)


class UpgradeError(Exception):
    """The file cannot be upgraded by this textual edit; the message says why."""


@dataclass(frozen=True)
class _Edit:
    """Replace `length` characters at `offset` with `text`."""

    offset: int
    length: int
    text: str


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer(r"\r\n|\n|\r", text):
        starts.append(match.end())
    return starts


class _Source:
    """The text, and the offset of a parser position in it."""

    def __init__(self, text: str, doc: Document) -> None:
        self.text = text
        self.doc = doc
        self.starts = _line_starts(text)

    def offset(self, path: YamlPath, *, key: bool = False) -> int:
        table = self.doc.keys if key else self.doc.values
        mark = table[path]
        return int(self.starts[mark.line]) + int(mark.column)

    def line_of(self, offset: int) -> int:
        low, high = 0, len(self.starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low

    def line_end(self, line: int) -> int:
        """The offset where the line's content ends, before its line break."""
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        while end > self.starts[line] and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def line_break(self, line: int) -> str:
        end = self.line_end(line)
        following = self.text[end : end + 2]
        return "\r\n" if following.startswith("\r\n") else following[:1] or "\n"

    def token(self, pattern: re.Pattern[str], offset: int, what: str) -> str:
        match = pattern.match(self.text, offset)
        if match is None:
            raise UpgradeError(f"{what} is not written in a form collabcheck upgrade can change")
        return match.group()


def _version_edit(src: _Source) -> _Edit:
    start = src.offset(_VERSION)
    token = src.token(_NUMBER, start, "format_version")
    return _Edit(start, len(token), str(CURRENT_FORMAT))


def _comment_lines(src: _Source, line: int, words: tuple[str, ...]) -> _Edit:
    """Comment lines inserted above `line`, indented as it is."""
    start = src.starts[line]
    indent = re.match(r"[ \t]*", src.text[start:])
    lead = indent.group() if indent else ""
    brk = src.line_break(line)
    return _Edit(start, 0, "".join(f"{lead}# {text}{brk}" for text in words))


def _prescribing_edits(src: _Source, linked: object) -> list[_Edit]:
    key_at = src.offset(_LINKED, key=True)
    quote = src.text[key_at] if src.text[key_at] in "\"'" else ""
    if not src.text.startswith(f"{quote}{_OLD_KEY}{quote}", key_at):
        raise UpgradeError("safeguards.linked_to_prescribing is not written as a plain key")
    key_line = src.line_of(key_at)
    edits = [_Edit(key_at, len(quote) * 2 + len(_OLD_KEY), f"{quote}{_NEW_KEY}{quote}")]
    if linked is None:
        edits.append(_comment_lines(src, key_line, _ANSWER))
        return edits
    kind = "company_product_position" if linked is True else "none"
    value_at = src.offset(_LINKED)
    token = src.token(_WORD, value_at, "safeguards.linked_to_prescribing")
    value_end = value_at + len(token)
    value_line = src.line_of(value_at)
    before = src.text[src.starts[key_line] : key_at]
    flow = before.strip() != "" or src.text[src.offset(_SAFEGUARDS)] in "{["
    if flow:
        edits.append(_Edit(value_at, len(token), f"{{kind: {kind}}}"))
    else:
        column = key_at - src.starts[key_line]
        parent = src.doc.keys.get(_SAFEGUARDS)
        step = column - int(parent.column) if parent is not None else 2
        indent = " " * (column + max(step, 1))
        rest = src.text[value_end : src.line_end(value_line)].strip()
        comment = f"  {rest}" if rest else ""
        brk = src.line_break(value_line)
        if value_line == key_line:
            # Drop the space between the colon and the old value: the new value is indented
            # on the line below, and the old line's own comment stays on the key's line.
            start = value_at
            while start > key_at and src.text[start - 1] in " \t":
                start -= 1
            replacement = f"{comment}{brk}{indent}kind: {kind}"
        else:
            start = value_at
            replacement = f"kind: {kind}{comment}"
        edits.append(_Edit(start, src.line_end(value_line) - start, replacement))
    if linked is True:
        edits.append(_comment_lines(src, key_line, _CHOOSE))
    return edits


def upgraded_text(text: str, doc: Document) -> str:
    """The version 2 text of the version 1 proposal `text` (parsed as `doc`)."""
    src = _Source(text, doc)
    edits = [_version_edit(src)]
    safeguards = doc.data.get("safeguards")
    if isinstance(safeguards, dict) and _OLD_KEY in safeguards:
        edits += _prescribing_edits(src, safeguards[_OLD_KEY])
    result = text
    # From the end back, so that every offset still points where it did; an insertion (a
    # comment above a line) goes before a replacement at the same place.
    for edit in sorted(edits, key=lambda e: (e.offset, e.length), reverse=True):
        result = result[: edit.offset] + edit.text + result[edit.offset + edit.length :]
    return result


def _problems(display: str, doc: Document) -> list[FileProblem] | None:
    """The document's problems as a proposal, or None when it is a valid one."""
    checked = to_proposal(doc)
    if not isinstance(checked, list):
        return None
    return [FileProblem(p.message, display, p.mark.line, p.mark.column) for p in checked]


def _report(problems: list[FileProblem], stderr: TextIO) -> int:
    for problem in problems:
        # The line starts with the file's name: no name may make it a workflow command.
        stderr.write(command_free(f"{inert(str(problem))}\n", TEXT))
    return EXIT_INVALID


def _same_file(path: str, output: str) -> bool:
    if path == STDIN:
        return False
    try:
        return os.path.samefile(path, output)
    except OSError:
        return os.path.realpath(path) == os.path.realpath(output)


def upgrade(path: str, output: str | None, stdout: TextIO, stderr: TextIO) -> int:
    """Write the version 2 form of the proposal at `path` (or standard input for `-`) to
    `stdout`, or to the file `output`; returns the exit code."""
    display = STDIN_NAME if path == STDIN else path
    if output is not None and _same_file(path, output):
        stderr.write(
            f"collabcheck: will not write over the input {inert(display)}: give -o another "
            "file, or leave it out to print the upgraded proposal\n"
        )
        return EXIT_INVALID
    try:
        raw = read_source(Source(display, None if path == STDIN else path))
        text = decode(raw)
        doc = parse(text)
    except (ReadError, YamlError) as exc:
        return _report([FileProblem(exc.message, display, exc.line, exc.column)], stderr)
    problems = _problems(display, doc)
    if problems:
        return _report(problems, stderr)
    if doc.data.get("format_version") == CURRENT_FORMAT:
        new = text
        stderr.write(
            f"collabcheck: {inert(display)} is already format version {CURRENT_FORMAT}: "
            "nothing to change\n"
        )
    else:
        try:
            new = upgraded_text(text, doc)
            problems = _problems(display, parse(new))
        except (UpgradeError, YamlError) as exc:
            problems = [FileProblem(str(exc), display)]
        if problems:
            stderr.write(
                f"collabcheck: cannot upgrade {inert(display)} automatically; change it by "
                'hand as docs/proposal-format.md, "Format version 1", describes:\n'
            )
            return _report(problems, stderr)
    bom = raw.startswith(codecs.BOM_UTF8)
    if output is None:
        stdout.write(new)
        return EXIT_OK
    try:
        write_atomically(output, lambda out: out.write(("\ufeff" if bom else "") + new))
    except OSError as exc:
        stderr.write(
            f"collabcheck: cannot write {inert(output)}: {inert(exc.strerror or str(exc))}\n"
        )
        return EXIT_INVALID
    stderr.write(
        f"collabcheck: wrote the format version {CURRENT_FORMAT} form of {inert(display)} to "
        f"{inert(output)}\n"
    )
    return EXIT_OK
