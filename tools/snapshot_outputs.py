"""Record what collabcheck prints for every example and rule case, in every output format.

A refactoring that must change nothing a user sees is checked by recording the outputs with the
code before and after it and comparing the folders:

    python tools/snapshot_outputs.py OUT-DIR            # with the collabcheck installed now
    diff -r BEFORE-DIR AFTER-DIR

Each run is `python -m collabcheck validate --no-config --as-of 2026-11-22 --format FORMAT`,
from the top of the checkout: once for each example on its own, and once for each rule pack's
cases folder as a whole (a directory search, so every case file is checked and reported in one
run). Its exit code, standard output and standard error are written to
OUT-DIR/<input>/<format>.{exit,out,err}. The list of formats is read from the installed
collabcheck's own registry. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-22"


def formats() -> list[str]:
    found = subprocess.run(
        [sys.executable, "-c", "from collabcheck.reporters import REPORTERS; print(*REPORTERS)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.split()


def inputs() -> list[Path]:
    return sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "rules").glob("*/cases"))


def arguments(fmt: str, relative: str) -> list[str]:
    """The command line of one run, after `collabcheck`, for a path relative to the checkout."""
    return ["validate", "--no-config", "--as-of", AS_OF, "--format", fmt, relative]


def run(file: Path, fmt: str) -> subprocess.CompletedProcess[bytes]:
    """One run, from the top of the checkout with the file's relative path, so every path in the
    output is the same wherever the checkout is; no colour, whatever the environment asks."""
    return run_arguments(arguments(fmt, file.relative_to(ROOT).as_posix()))


def run_arguments(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    """`collabcheck ARGS` as `run` runs it."""
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "CI": ""}
    for name in ("GITHUB_ACTIONS", "FORCE_COLOR", "CLICOLOR_FORCE"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "collabcheck", *args],
        capture_output=True,
        cwd=ROOT,
        env=env,
        check=False,
    )


def record(file: Path, fmt: str, out: Path) -> None:
    relative = file.relative_to(ROOT)
    done = run(file, fmt)
    folder = out / relative
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{fmt}.exit").write_text(f"{done.returncode}\n")
    (folder / f"{fmt}.out").write_bytes(done.stdout)
    (folder / f"{fmt}.err").write_bytes(done.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="an empty or new folder for the outputs")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    names = formats()
    work = [(file, fmt) for file in inputs() for fmt in names]
    with ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(lambda item: record(*item, args.out), work))
    print(f"recorded {len(work)} runs ({len(work) // len(names)} inputs x {len(names)} formats)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
