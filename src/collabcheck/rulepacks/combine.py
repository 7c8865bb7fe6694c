"""Packs used together: rule ids unique across them, requires and gates resolved, and no
rules that need each other in a circle."""

from __future__ import annotations

import itertools

from collabcheck.common import hashes
from collabcheck.common.problems import FileProblem
from collabcheck.results import PackInfo
from collabcheck.rulepacks.pack import (
    Pack,
    PackError,
)
from collabcheck.rulepacks.read import (
    ReadPack,
)


def _requires_cycle(requires: dict[str, list[str]]) -> list[str]:
    """A circle of rules that require each other, as ids from start back to start; or []."""
    state: dict[str, int] = {}  # 1: being visited, 2: done

    def visit(rule_id: str, trail: list[str]) -> list[str]:
        if state.get(rule_id) == 1:
            return [*trail[trail.index(rule_id) :], rule_id]
        if state.get(rule_id) == 2 or rule_id not in requires:
            return []
        state[rule_id] = 1
        for needed in requires[rule_id]:
            found = visit(needed, [*trail, rule_id])
            if found:
                return found
        state[rule_id] = 2
        return []

    for rule_id in requires:
        found = visit(rule_id, [])
        if found:
            return found
    return []


def _unique(reads: list[ReadPack]) -> dict[str, ReadPack]:
    """Each rule id -> the pack that defines it; raise PackError on a pack name or a rule id
    used twice, naming both places."""
    errors: list[FileProblem] = []
    named: dict[str, ReadPack] = {}
    for read in reads:
        first = named.setdefault(read.manifest.name, read)
        if first is not read:  # the same pack twice, or two packs that cannot be told apart
            at = read.mark(str(read.manifest_path), ("name",))
            errors.append(
                FileProblem(
                    f"two packs are named {read.manifest.name!r}: this one and "
                    f"{first.manifest_path}; use each pack once, and give each its own name",
                    str(read.manifest_path),
                    at.line,
                    at.column,
                )
            )
    if errors:
        raise PackError(errors)
    owner: dict[str, ReadPack] = {}
    for read in reads:
        for compiled in read.compiled:
            rule_id = compiled.rule.id
            first = owner.setdefault(rule_id, read)
            if first is not read:
                file, index = read.places[rule_id]
                mark = read.mark(file, ("rules", index, "id"))
                errors.append(
                    FileProblem(
                        f"duplicate rule id {rule_id!r}: pack {read.manifest.name} defines it "
                        f"here and pack {first.manifest.name} at {first.site(rule_id)}; rule ids "
                        "must be unique across the packs used together, so rename one",
                        file,
                        mark.line,
                        mark.column,
                    )
                )
    if errors:
        raise PackError(errors)
    return owner


def _unknown_references(reads: list[ReadPack], known: set[str]) -> list[FileProblem]:
    """`requires:` and `gates:` that name no rule of any pack in the run."""
    single = len(reads) == 1
    names = ", ".join(r.manifest.name for r in reads)
    elsewhere = "this pack" if single else f"any pack used ({names})"
    gate_home = "this pack" if single else f"this pack or another pack used ({names})"
    errors: list[FileProblem] = []
    for read in reads:
        for compiled in read.compiled:
            rule = compiled.rule
            file, index = read.places[rule.id]
            for j, needed in enumerate(rule.requires):
                if needed not in known or needed == rule.id:
                    at = read.mark(file, ("rules", index, "requires", j))
                    why = (
                        "is this rule itself"
                        if needed == rule.id
                        else f"is not a rule in {elsewhere}"
                    )
                    errors.append(
                        FileProblem(f"rule {rule.id!r} requires {needed!r}, which {why}", file, *at)
                    )
        for i, gate in enumerate(read.manifest.gates):
            if gate not in known:
                at = read.mark(str(read.manifest_path), ("gates", i))
                errors.append(
                    FileProblem(
                        f"gate {gate!r} is not a rule in {gate_home}", str(read.manifest_path), *at
                    )
                )
    return errors


def _gated_by(reads: list[ReadPack], order: dict[str, int]) -> dict[str, tuple[str, ...]]:
    """Each rule id -> the gates of its own pack, in the run's rule order: none for a gate, and
    none for a rule that binds any company activity, which no gate may silence."""
    gated_by: dict[str, tuple[str, ...]] = {}
    for read in reads:
        gates = tuple(sorted({g for g in read.manifest.gates if g in order}, key=order.__getitem__))
        for compiled in read.compiled:
            rule_id = compiled.rule.id
            free = rule_id in gates or compiled.rule.any_activity
            gated_by[rule_id] = () if free else gates
    return gated_by


def combine(reads: list[ReadPack]) -> Pack:
    """Packs used together. Rule ids are unique across them; a rule may require, and a pack may
    be gated by, a rule of any pack in the run; a pack's gates govern its own rules only."""
    owner = _unique(reads)
    errors = _unknown_references(reads, set(owner))
    compiled_all = [c for read in reads for c in read.compiled]
    gated_by = _gated_by(reads, {c.rule.id: i for i, c in enumerate(compiled_all)})
    needs = {c.rule.id: [*gated_by[c.rule.id], *c.rule.requires] for c in compiled_all}
    cycle = _requires_cycle(needs)
    if cycle:
        file, index = owner[cycle[0]].places[cycle[0]]
        at = owner[cycle[0]].mark(file, ("rules", index, "requires"))
        requires = {c.rule.id: c.rule.requires for c in compiled_all}
        by_gate = any(b not in requires[a] for a, b in itertools.pairwise(cycle))
        note = " (a pack's other rules need its gates)" if by_gate else ""
        errors.append(
            FileProblem(
                f"rules require each other in a circle: {' -> '.join(cycle)}{note}", file, *at
            )
        )
    if errors:
        raise PackError(errors)
    infos = [read.info for read in reads]
    return Pack(
        infos[0] if len(infos) == 1 else combined_info(infos),
        compiled_all,
        frozenset(g for read in reads for g in read.manifest.gates),
        tuple(n for read in reads for n in read.manifest.not_checkable),
        gated_by,
        frozenset(),
        tuple(read.directory for read in reads),
        {c.rule.id: read.directory for read in reads for c in read.compiled},
        {
            read.directory: {r.id: r for r in read.requirements}
            for read in reads
            if read.requirements
        },
    )


def combined_info(infos: list[PackInfo]) -> PackInfo:
    """Several packs described as one: names and versions joined with '+', a SHA-256 over each
    pack's name, version and SHA-256, and the packs themselves listed in `packs`."""
    digest = hashes.sha256()
    for info in infos:
        digest.update(f"{info.name}\0{info.version}\0{info.sha256}\0".encode())
    return PackInfo(
        "+".join(i.name for i in infos),
        "+".join(i.version for i in infos),
        digest.hexdigest(),
        sum(i.rule_count for i in infos),
        " + ".join(i.title for i in infos),
        tuple(r for i in infos for r in i.rules),
        packs=tuple(infos),
    )
