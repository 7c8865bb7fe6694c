"""Finding and loading rule packs: a folder with pack.yaml and one or more rule files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from collabcheck import packcache
from collabcheck.engine.compile import RuleError
from collabcheck.engine.evaluate import CompiledRule, compile_rule
from collabcheck.engine.rule import NotCheckable, PackManifest, RuleFile, explain_rule_error
from collabcheck.inputs import ReadError, read_text
from collabcheck.results import PackInfo, RuleInfo, Severity
from collabcheck.schema_errors import problems
from collabcheck.yamlload import Document, YamlError, parse

BUILTIN_PACK = "abpi-2024"
MANIFEST = "pack.yaml"


@dataclass(frozen=True)
class PackProblem:
    message: str
    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class PackError(Exception):
    def __init__(self, found: list[PackProblem]) -> None:
        super().__init__("\n".join(map(str, found)))
        self.problems = found


@dataclass(frozen=True)
class Pack:
    info: PackInfo
    rules: list[CompiledRule]
    gates: frozenset[str] = frozenset()
    not_checkable: tuple[NotCheckable, ...] = ()


def rules_root() -> Path:
    """The shipped rules/ folder: inside the installed package, or at the top of a checkout."""
    installed = Path(__file__).parent / "rules"
    return installed if installed.is_dir() else Path(__file__).resolve().parents[2] / "rules"


def builtin_pack_dir() -> Path:
    return rules_root() / BUILTIN_PACK


def _load_yaml(path: Path) -> tuple[Document, bytes]:
    try:
        text = read_text(str(path))
        return parse(text), text.encode("utf-8")
    except (ReadError, YamlError) as exc:
        raise PackError([PackProblem(exc.message, str(path), exc.line, exc.column)]) from None


def _validate(model: type[RuleFile] | type[PackManifest], doc: Document, file: str) -> object:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        found = problems(exc, doc, model, explain_rule_error)
        problems_found = [PackProblem(p.message, file, p.mark.line, p.mark.column) for p in found]
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


def load_pack(directory: Path) -> Pack:
    try:
        cached = packcache.read(directory)
        if cached is not None:
            try:
                return _from_cache(directory, *cached)
            except RuleError:  # the engine has changed what it accepts: load as usual
                pass
        return _load_pack(directory)
    except OSError as exc:
        raise PackError(
            [PackProblem(f"cannot be read: {exc.strerror or exc}", str(directory))]
        ) from None


def _load_pack(directory: Path) -> Pack:
    manifest_path = directory / MANIFEST
    if not manifest_path.is_file():
        raise PackError([PackProblem(f"a rule pack needs a {MANIFEST} file", str(directory))])
    digest = hashlib.sha256()
    doc_manifest, raw = _load_yaml(manifest_path)
    manifest = _validate(PackManifest, doc_manifest, str(manifest_path))
    assert isinstance(manifest, PackManifest)
    digest.update(f"{MANIFEST}\0".encode() + raw + b"\0")

    compiled: list[CompiledRule] = []
    validated: packcache.RuleFiles = []
    seen: dict[str, tuple[str, int]] = {}
    places: dict[str, tuple[str, Document, int]] = {}
    errors: list[PackProblem] = []
    files = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml"))
    for path in (p for p in files if p.name != MANIFEST):
        doc, raw = _load_yaml(path)
        digest.update(f"{path.name}\0".encode() + raw + b"\0")
        rule_file = _validate(RuleFile, doc, str(path))
        assert isinstance(rule_file, RuleFile)
        validated.append((path.name, rule_file))
        for i, rule in enumerate(rule_file.rules):
            mark = doc.mark_of(("rules", i, "id"))
            if rule.id in seen:
                first_file, first_line = seen[rule.id]
                errors.append(
                    PackProblem(
                        f"duplicate rule id {rule.id!r}: already defined at "
                        f"{first_file}:{first_line}",
                        str(path),
                        mark.line,
                        mark.column,
                    )
                )
                continue
            seen[rule.id] = (str(path), mark.line)
            places[rule.id] = (str(path), doc, i)
            try:
                compiled.append(compile_rule(rule, ("rules", i), str(path)))
            except RuleError as exc:
                at = doc.mark_of(exc.where)
                errors.append(
                    PackProblem(f"rule {rule.id!r}: {exc.message}", str(path), at.line, at.column)
                )
    known = {c.rule.id for c in compiled}
    for rule in (c.rule for c in compiled):
        rule_id = rule.id
        file, doc, index = places[rule_id]
        for j, needed in enumerate(rule.requires):
            if needed not in known or needed == rule_id:
                at = doc.mark_of(("rules", index, "requires", j))
                why = "is this rule itself" if needed == rule_id else "is not a rule in this pack"
                errors.append(
                    PackProblem(f"rule {rule_id!r} requires {needed!r}, which {why}", file, *at)
                )
    cycle = _requires_cycle({c.rule.id: c.rule.requires for c in compiled})
    if cycle:
        file, doc, index = places[cycle[0]]
        at = doc.mark_of(("rules", index, "requires"))
        errors.append(
            PackProblem(f"rules require each other in a circle: {' -> '.join(cycle)}", file, *at)
        )
    for i, gate in enumerate(manifest.gates):
        if gate not in known:
            at = doc_manifest.mark_of(("gates", i))
            errors.append(
                PackProblem(f"gate {gate!r} is not a rule in this pack", str(manifest_path), *at)
            )
    if errors:
        raise PackError(errors)
    if not compiled:
        raise PackError([PackProblem("the rule pack holds no rules", str(directory))])
    packcache.write(directory, manifest, validated, digest.hexdigest())
    return _assemble(manifest, compiled, digest.hexdigest())


def _from_cache(
    directory: Path, manifest: PackManifest, files: packcache.RuleFiles, sha256: str
) -> Pack:
    """A pack whose validated files came from the cache: it loaded without errors before."""
    compiled = [
        compile_rule(rule, ("rules", i), str(directory / name))
        for name, rule_file in files
        for i, rule in enumerate(rule_file.rules)
    ]
    return _assemble(manifest, compiled, sha256)


def _assemble(manifest: PackManifest, compiled: list[CompiledRule], sha256: str) -> Pack:
    rules = tuple(
        RuleInfo(
            c.rule.id,
            c.rule.title,
            Severity(c.rule.severity),
            c.reference,
            c.rule.rationale,
            c.rule.remediation,
            tuple(c.rule.implements),
        )
        for c in compiled
    )
    info = PackInfo(manifest.name, manifest.version, sha256, len(compiled), manifest.title, rules)
    return Pack(info, compiled, frozenset(manifest.gates), tuple(manifest.not_checkable))
