"""Loading rule packs: one on its own, or several used together (each read, then combined)."""

from __future__ import annotations

from pathlib import Path

from collabcheck.common.problems import FileProblem
from collabcheck.rulepacks.combine import (
    combine,
)
from collabcheck.rulepacks.pack import (
    Pack,
    PackError,
)
from collabcheck.rulepacks.read import (
    ReadPack,
    read_pack,
)


def load_pack(directory: Path) -> Pack:
    """One pack on its own."""
    return combine([read_pack(directory)])


def load_packs(directories: list[Path]) -> Pack:
    """Several packs used together, in the order given; problems in all of them are reported."""
    reads: list[ReadPack] = []
    errors: list[FileProblem] = []
    for directory in directories:
        try:
            reads.append(read_pack(directory))
        except PackError as exc:
            errors.extend(exc.problems)
    if errors:
        raise PackError(errors)
    return combine(reads)
