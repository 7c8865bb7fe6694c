"""The rules of a run as one pack, where the shipped packs are, and the error for a pack that
cannot be used."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from collabcheck.common.problems import FileProblem
from collabcheck.engine.evaluate import CompiledRule, Needs, waits_for
from collabcheck.engine.specs import NotCheckableData, RequirementData
from collabcheck.results import PackInfo

BUILTIN_PACK = "abpi-2024"


class PackError(Exception):
    def __init__(self, found: list[FileProblem], kind: str = "rule file error") -> None:
        super().__init__("\n".join(map(str, found)))
        self.problems = found
        self.kind = kind  # how messages start: a rule file, or the configuration


@dataclass(frozen=True)
class Pack:
    """The rules of one run: one pack, or several packs combined (see `load_packs`)."""

    info: PackInfo
    rules: list[CompiledRule]
    gates: frozenset[str] = frozenset()
    not_checkable: tuple[NotCheckableData, ...] = ()
    # With several packs, a pack's gates govern its own rules only: rule id -> the gates that
    # decide whether it applies. None: every gate governs every other rule (one pack).
    gated_by: dict[str, tuple[str, ...]] | None = None
    # Rules evaluated only so that the rules that require them can be settled, never reported
    # (rules that configuration disables).
    hidden: frozenset[str] = frozenset()
    # The folder of each pack, in order, and the folder each rule comes from (its cases).
    directories: tuple[Path, ...] = ()
    homes: dict[str, Path] = field(default_factory=dict)
    # Each pack folder -> the requirements its requirements.yaml lists, by id (none: no file).
    requirements: dict[Path, dict[str, RequirementData]] = field(default_factory=dict)

    def implemented_by(self, rule_id: str) -> list[RequirementData]:
        """The requirements a rule implements, as its pack lists them (none without a list)."""
        listed = self.requirements.get(self.homes.get(rule_id, Path()), {})
        rule = next(c.rule for c in self.rules if c.rule.id == rule_id)
        return [listed[i] for i in rule.implements if i in listed]

    @cached_property
    def needs(self) -> Needs:
        """What each rule waits for, worked out once per run rather than once per proposal."""
        return waits_for(self.rules, self.gates, self.gated_by)


def rules_root() -> Path:
    """The shipped rules/ folder: inside the installed package, or at the top of a checkout."""
    package = Path(__file__).resolve().parents[1]  # src/collabcheck, or the installed package
    installed = package / "rules"
    return installed if installed.is_dir() else package.parents[1] / "rules"


def builtin_pack_dir() -> Path:
    return rules_root() / BUILTIN_PACK
