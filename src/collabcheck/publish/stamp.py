"""The version stamp in a published document's footer: which proposal file it was written from
(its SHA-256), when (the --as-of date), and by which collabcheck and rule packs, so that the
version certified can be identified (ABPI Code of Practice 2024, 8.3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Stamp:
    reference: str  # project.reference, or "" when the proposal gives none
    sha256: str  # of the proposal file's bytes
    generated: date  # the --as-of date: today unless given
    version: str  # collabcheck's
    rules: str  # `rule pack abpi-2024 3.0.0`

    def lines(self) -> list[tuple[str, str]]:
        """The stamp as (label, value) pairs, in the order every document shows them."""
        return [
            ("Proposal reference", self.reference or "not given in the proposal"),
            ("SHA-256 of the proposal file", self.sha256),
            ("Generated on", self.generated.isoformat()),
            ("Written by", f"collabcheck {self.version}, checked with the {self.rules}"),
        ]
