"""Regenerate the golden files: what collabcheck writes for every example, in every format.

    python tools/golden.py

writes tests/golden/<format>/<example>.<ext> for each examples/*.yaml and each format in the
installed collabcheck's registry, and removes golden files of examples or formats that are gone.
Each is the standard output of the snapshot run (tools/snapshot_outputs.py):

    python -m collabcheck validate --no-config --as-of 2026-11-22 --format FORMAT examples/NAME.yaml

from the top of the checkout, so every path in it is relative and the same on every machine.
It also writes tests/golden/disclosure-<FORMAT>/<example>.<FORMAT>, the standard output of

    python -m collabcheck disclosure --year 2026 --as-of 2027-02-01 -f FORMAT examples/NAME.yaml

(2026 is the year the examples' transfers of value were made in).

The published documents have golden files too, tests/golden/<command>/<example>[-draft].<ext>,
for the examples listed in DOCUMENTS:

    python -m collabcheck summary --no-config --as-of 2026-11-22 --format FORMAT examples/NAME.yaml

(outcomes likewise, and with --draft for a draft). tests/test_golden.py compares each one byte
for byte with what the code writes now. After a change that is meant to change the output, run
this, and read the diff before committing it.
Standard library only.
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import snapshot_outputs  # the snapshot runs, from this folder

ROOT = snapshot_outputs.ROOT
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = ROOT / "examples"
# The file extension of each format's golden files; a format not named here uses its name.
EXTENSIONS = {
    "text": "txt",
    "json": "json",
    "markdown": "md",
    "sarif": "sarif",
    "junit": "xml",
    "github": "txt",
    "codeclimate": "json",
}


# `collabcheck disclosure`: the golden folder of each of its formats.
DISCLOSURE = {"disclosure-csv": "csv", "disclosure-json": "json"}


def disclosure_arguments(folder: str, relative: str) -> list[str]:
    """The command line of one disclosure run, after `collabcheck`."""
    fmt = DISCLOSURE[folder]
    return ["disclosure", "--year", "2026", "--as-of", "2027-02-01", "--format", fmt, relative]


# The documents with golden files: (command, example, draft). Each is written (exit 0) for its
# example; a draft shows the DRAFT marks and the placeholders of what is not yet reported.
DOCUMENTS = [
    ("summary", "heart-failure-joint-working", False),
    ("summary", "collaborative-working-nhs-benefit", False),
    ("outcomes", "collaborative-working-nhs-benefit", False),
    ("outcomes", "heart-failure-joint-working", True),
]
DOCUMENT_FORMATS = {"markdown": "md", "html": "html"}


def document_cases() -> list[tuple[str, str, bool, str]]:
    """(command, example, draft, format) for every document golden file."""
    return [(*document, fmt) for document in DOCUMENTS for fmt in DOCUMENT_FORMATS]


def document_arguments(command: str, example: str, draft: bool, fmt: str) -> list[str]:
    """The command line of one document run, after `collabcheck`."""
    options = ["--no-config", "--as-of", snapshot_outputs.AS_OF, "--format", fmt]
    return [command, *options, *(["--draft"] if draft else []), f"examples/{example}.yaml"]


def document_path(command: str, example: str, draft: bool, fmt: str) -> Path:
    name = f"{example}{'-draft' if draft else ''}.{DOCUMENT_FORMATS[fmt]}"
    return GOLDEN / command / name


def examples() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


def golden_path(fmt: str, example: Path) -> Path:
    extension = DISCLOSURE.get(fmt) or EXTENSIONS.get(fmt, fmt)
    return GOLDEN / fmt / f"{example.stem}.{extension}"


def expected_files(formats: list[str]) -> set[Path]:
    """The golden files of the validate formats given, of every disclosure format and of every
    published document."""
    folders = [*formats, *DISCLOSURE]
    reports = {golden_path(fmt, example) for fmt in folders for example in examples()}
    return reports | {document_path(*case) for case in document_cases()}


def write(fmt: str, example: Path) -> None:
    if fmt in DISCLOSURE:
        relative = example.relative_to(ROOT).as_posix()
        done = snapshot_outputs.run_collabcheck(disclosure_arguments(fmt, relative))
    else:
        done = snapshot_outputs.run(example, fmt)
    if done.returncode not in (0, 1) or done.stderr:
        sys.exit(f"{example.name} --format {fmt}: exit {done.returncode}\n{done.stderr.decode()}")
    _keep(golden_path(fmt, example), done.stdout)


def write_document(case: tuple[str, str, bool, str]) -> None:
    done = snapshot_outputs.run_collabcheck(document_arguments(*case))
    if done.returncode != 0:
        sys.exit(
            f"{' '.join(document_arguments(*case))}: exit {done.returncode}\n{done.stderr.decode()}"
        )
    _keep(document_path(*case), done.stdout)


def _keep(path: Path, output: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(output)


def main() -> int:
    formats = snapshot_outputs.formats()
    expected = expected_files(formats)
    work = [(fmt, example) for fmt in [*formats, *DISCLOSURE] for example in examples()]
    with ThreadPoolExecutor() as pool:
        list(pool.map(lambda item: write(*item), work))
        list(pool.map(write_document, document_cases()))
    stale = [path for path in GOLDEN.glob("*/*") if path.is_file() and path not in expected]
    for path in stale:
        path.unlink()
    for folder in GOLDEN.iterdir():
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    written = len(work) + len(document_cases())
    print(f"wrote {written} golden files ({len(formats)} formats and the documents), ", end="")
    print(f"removed {len(stale)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
