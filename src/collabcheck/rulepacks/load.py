"""Finding and loading rule packs: a folder with pack.yaml and one or more rule files."""

from __future__ import annotations

import hashlib
import itertools
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from collabcheck.common.problems import FileProblem
from collabcheck.common.suggest import suggest
from collabcheck.engine.compile import RuleError
from collabcheck.engine.evaluate import CompiledRule, Needs, compile_rule, waits_for
from collabcheck.engine.rule import (
    NotCheckable,
    PackManifest,
    Requirement,
    RequirementsFile,
    RuleFile,
    explain_rule_error,
)
from collabcheck.loading.inputs import ReadError, read_text
from collabcheck.loading.schema_errors import problems
from collabcheck.loading.yamlload import Document, Mark, YamlError, parse
from collabcheck.results import PackInfo
from collabcheck.rulepacks import cache as packcache

BUILTIN_PACK = "abpi-2024"
_Model = TypeVar("_Model", PackManifest, RequirementsFile, RuleFile)
MANIFEST = "pack.yaml"


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
    not_checkable: tuple[NotCheckable, ...] = ()
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
    requirements: dict[Path, dict[str, Requirement]] = field(default_factory=dict)

    def implemented_by(self, rule_id: str) -> list[Requirement]:
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


def _load_yaml(path: Path) -> tuple[Document, bytes]:
    try:
        text = read_text(str(path))
        return parse(text), text.encode("utf-8")
    except (ReadError, YamlError) as exc:
        raise PackError([FileProblem(exc.message, str(path), exc.line, exc.column)]) from None


def _validate(model: type[_Model], doc: Document, file: str) -> _Model:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        found = problems(exc, doc, model, explain_rule_error)
        problems_found = [FileProblem(p.message, file, p.mark.line, p.mark.column) for p in found]
        raise PackError(problems_found) from None


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


@dataclass(frozen=True)
class ReadPack:
    """One pack as its own files give it, before requires and gates are resolved."""

    directory: Path
    manifest: PackManifest
    manifest_path: Path
    compiled: list[CompiledRule]
    places: dict[str, tuple[str, int]]  # rule id -> (file, index in its rules)
    sha256: str
    requirements: tuple[Requirement, ...]
    # The parsed files, for positions in messages. A pack from the cache has none: a file is
    # parsed again only if a message needs a position in it.
    docs: dict[str, Document] = field(default_factory=dict)

    def mark(self, file: str, path: tuple[str | int, ...]) -> Mark:
        doc = self.docs.get(file)
        if doc is None:
            doc = self.docs[file] = _load_yaml(Path(file))[0]
        return doc.mark_of(path)

    @property
    def info(self) -> PackInfo:
        return PackInfo(
            self.manifest.name,
            self.manifest.version,
            self.sha256,
            len(self.compiled),
            self.manifest.title,
            tuple(c.info for c in self.compiled),
        )

    def site(self, rule_id: str) -> str:
        """`file:line:column` of the rule's id."""
        file, index = self.places[rule_id]
        mark = self.mark(file, ("rules", index, "id"))
        return f"{file}:{mark.line}:{mark.column}"


def read_pack(directory: Path) -> ReadPack:
    """Read, check and compile one pack; references to other rules are checked by `combine`."""
    try:
        cached = packcache.read(directory)
        if cached is not None:
            try:
                return _from_cache(directory, *cached)
            except RuleError:  # the engine has changed what it accepts: read as usual
                pass
        return _read_pack(directory)
    except OSError as exc:
        raise PackError(
            [FileProblem(f"cannot be read: {exc.strerror or exc}", str(directory))]
        ) from None


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


def _read_pack(directory: Path) -> ReadPack:
    manifest_path = directory / MANIFEST
    if not manifest_path.is_file():
        if not os.path.lexists(directory):
            why = "does not exist: give the folder of a rule pack"
        elif not directory.is_dir():
            why = "is not a folder: give the folder that holds the pack's pack.yaml"
        else:
            why = f"a rule pack needs a {MANIFEST} file in this folder"
        raise PackError([FileProblem(why, str(directory))])
    digest = hashlib.sha256()
    doc_manifest, raw = _load_yaml(manifest_path)
    manifest = _validate(PackManifest, doc_manifest, str(manifest_path))
    packcache.add_file(digest, MANIFEST, raw)
    docs = {str(manifest_path): doc_manifest}
    requirements: RequirementsFile | None = None
    requirements_path = packcache.requirements_file(directory)
    if requirements_path is not None:
        doc_requirements, raw = _load_yaml(requirements_path)
        docs[str(requirements_path)] = doc_requirements
        packcache.add_file(digest, requirements_path.name, raw)
        requirements = _validate(RequirementsFile, doc_requirements, str(requirements_path))

    compiled: list[CompiledRule] = []
    validated: packcache.RuleFiles = []
    seen: dict[str, tuple[str, int]] = {}
    places: dict[str, tuple[str, int]] = {}
    errors: list[FileProblem] = []
    for path in packcache.pack_files(directory):
        doc, raw = _load_yaml(path)
        docs[str(path)] = doc
        packcache.add_file(digest, path.name, raw)
        rule_file = _validate(RuleFile, doc, str(path))
        validated.append((path.name, rule_file))
        for i, rule in enumerate(rule_file.rules):
            mark = doc.mark_of(("rules", i, "id"))
            if rule.id in seen:
                first_file, first_line = seen[rule.id]
                errors.append(
                    FileProblem(
                        f"duplicate rule id {rule.id!r}: already defined at "
                        f"{first_file}:{first_line}",
                        str(path),
                        mark.line,
                        mark.column,
                    )
                )
                continue
            seen[rule.id] = (str(path), mark.line)
            places[rule.id] = (str(path), i)
            try:
                compiled.append(compile_rule(rule, ("rules", i), str(path)))
            except RuleError as exc:
                at = doc.mark_of(exc.where)
                errors.append(
                    FileProblem(f"rule {rule.id!r}: {exc.message}", str(path), at.line, at.column)
                )
    if errors:
        raise PackError(errors)
    if not compiled:
        raise PackError([FileProblem("the rule pack holds no rules", str(directory))])
    listed = () if requirements is None else tuple(requirements.requirements)
    read = ReadPack(
        directory, manifest, manifest_path, compiled, places, digest.hexdigest(), listed, docs
    )
    if requirements_path is not None:
        errors = _requirement_problems(read, str(requirements_path))
        if errors:
            raise PackError(errors)
    packcache.write(directory, manifest, requirements, validated, digest.hexdigest())
    return read


def _requirement_problems(read: ReadPack, file: str) -> list[FileProblem]:
    """A pack with a requirements list: ids listed once, every `implements` and not_checkable
    entry naming a listed requirement, and every requirement implemented or not checkable."""
    errors: list[FileProblem] = []
    ids: dict[str, int] = {}
    for k, requirement in enumerate(read.requirements):
        if requirement.id in ids:
            first = read.mark(file, ("requirements", ids[requirement.id], "id"))
            errors.append(
                FileProblem(
                    f"requirement {requirement.id!r} is listed twice (first at line "
                    f"{first.line}); list each requirement once",
                    file,
                    *read.mark(file, ("requirements", k, "id")),
                )
            )
        ids.setdefault(requirement.id, k)
    covered: set[str] = set()
    for compiled in read.compiled:
        rule_file, index = read.places[compiled.rule.id]
        for j, requirement_id in enumerate(compiled.rule.implements):
            covered.add(requirement_id)
            if requirement_id not in ids:
                errors.append(
                    FileProblem(
                        f"rule {compiled.rule.id!r} implements {requirement_id!r}, which is not "
                        f"a requirement in {Path(file).name}: add it there or correct the id"
                        f"{suggest(requirement_id, list(ids))}",
                        rule_file,
                        *read.mark(rule_file, ("rules", index, "implements", j)),
                    )
                )
    manifest_file = str(read.manifest_path)
    for k, entry in enumerate(read.manifest.not_checkable):
        covered.add(entry.requirement)
        if entry.requirement not in ids:
            errors.append(
                FileProblem(
                    f"not_checkable names {entry.requirement!r}, which is not a requirement in "
                    f"{Path(file).name}{suggest(entry.requirement, list(ids))}",
                    manifest_file,
                    *read.mark(manifest_file, ("not_checkable", k, "requirement")),
                )
            )
    for k, requirement in enumerate(read.requirements):
        if requirement.id not in covered:
            errors.append(
                FileProblem(
                    f"requirement {requirement.id!r} is implemented by no rule and not listed "
                    f"under not_checkable in {MANIFEST}: add a rule that implements it, or "
                    "list it there with the reason it cannot be checked",
                    file,
                    *read.mark(file, ("requirements", k, "id")),
                )
            )
    return errors


def _from_cache(
    directory: Path,
    manifest: PackManifest,
    requirements: RequirementsFile | None,
    files: packcache.RuleFiles,
    sha256: str,
) -> ReadPack:
    """A pack whose validated files came from the cache: it read without errors before."""
    compiled = []
    places: dict[str, tuple[str, int]] = {}
    for name, rule_file in files:
        file = str(directory / name)
        for i, rule in enumerate(rule_file.rules):
            compiled.append(compile_rule(rule, ("rules", i), file))
            places[rule.id] = (file, i)
    listed = () if requirements is None else tuple(requirements.requirements)
    return ReadPack(directory, manifest, directory / MANIFEST, compiled, places, sha256, listed)


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
    """Each rule id -> the gates of its own pack (none for a gate), in the run's rule order."""
    gated_by: dict[str, tuple[str, ...]] = {}
    for read in reads:
        gates = tuple(sorted({g for g in read.manifest.gates if g in order}, key=order.__getitem__))
        for compiled in read.compiled:
            rule_id = compiled.rule.id
            gated_by[rule_id] = () if rule_id in gates else gates
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
    digest = hashlib.sha256()
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
