"""The rules of a run as one pack, where the shipped packs are, and the error for a pack that
cannot be used."""

from __future__ import annotations

from pathlib import Path
from typing import Final

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


class Pack:
    """The rules of one run: one pack, or several packs combined (see `load_packs`).

    A plain class, not a dataclass (cheaper to define at start-up), read-only once made."""

    __slots__ = (
        "_needs",
        "directories",
        "gated_by",
        "gates",
        "hidden",
        "homes",
        "info",
        "not_checkable",
        "requirements",
        "rules",
    )

    def __init__(
        self,
        info: PackInfo,
        rules: list[CompiledRule],
        gates: frozenset[str] = frozenset(),
        not_checkable: tuple[NotCheckableData, ...] = (),
        gated_by: dict[str, tuple[str, ...]] | None = None,
        hidden: frozenset[str] = frozenset(),
        directories: tuple[Path, ...] = (),
        homes: dict[str, Path] | None = None,
        requirements: dict[Path, dict[str, RequirementData]] | None = None,
    ) -> None:
        self.info: Final = info
        self.rules: Final = rules
        self.gates: Final = gates
        self.not_checkable: Final = not_checkable
        # With several packs, a pack's gates govern its own rules only: rule id -> the gates
        # that decide whether it applies. None: every gate governs every other rule (one pack).
        self.gated_by: Final = gated_by
        # Rules evaluated only so that the rules that require them can be settled, never
        # reported (rules that configuration disables).
        self.hidden: Final = hidden
        # The folder of each pack, in order, and the folder each rule comes from (its cases).
        self.directories: Final = directories
        self.homes: Final[dict[str, Path]] = {} if homes is None else homes
        # Each pack folder -> the requirements its requirements.yaml lists, by id (none: no
        # file).
        self.requirements: Final[dict[Path, dict[str, RequirementData]]] = (
            {} if requirements is None else requirements
        )
        self._needs: Needs | None = None

    def adjusted(self, info: PackInfo, rules: list[CompiledRule], hidden: frozenset[str]) -> Pack:
        """The same packs with their rules as configuration changed them."""
        return Pack(
            info,
            rules,
            self.gates,
            self.not_checkable,
            self.gated_by,
            hidden,
            self.directories,
            self.homes,
            self.requirements,
        )

    def implemented_by(self, rule_id: str) -> list[RequirementData]:
        """The requirements a rule implements, as its pack lists them (none without a list)."""
        listed = self.requirements.get(self.homes.get(rule_id, Path()), {})
        rule = next(c.rule for c in self.rules if c.rule.id == rule_id)
        return [listed[i] for i in rule.implements if i in listed]

    @property
    def needs(self) -> Needs:
        """What each rule waits for, worked out once per run rather than once per proposal."""
        if self._needs is None:
            self._needs = waits_for(self.rules, self.gates, self.gated_by)
        return self._needs


def rules_root() -> Path:
    """The shipped rules/ folder: inside the installed package, or at the top of a checkout."""
    package = Path(__file__).resolve().parents[1]  # src/collabcheck, or the installed package
    installed = package / "rules"
    return installed if installed.is_dir() else package.parents[1] / "rules"


def builtin_pack_dir() -> Path:
    return rules_root() / BUILTIN_PACK
