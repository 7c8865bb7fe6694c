"""Reading one pack: its manifest, its requirements and its rule files, validated by the rule
format's models, checked and compiled; or, as plain data, from the cache, which defines no
model (the models are imported only when a pack is read from its files)."""

import os
from pathlib import Path
from typing import Any

from collabcheck.common import hashes
from collabcheck.common.problems import FileProblem
from collabcheck.common.records import Record
from collabcheck.common.suggest import suggest
from collabcheck.engine.compile import RuleError
from collabcheck.engine.evaluate import CompiledRule, compile_rule
from collabcheck.engine.specs import ManifestData, RequirementData, RuleData, plain
from collabcheck.loading.inputs import ReadError, read_text
from collabcheck.loading.yamlload import Document, Mark, YamlError, parse
from collabcheck.results import PackInfo
from collabcheck.rulepacks import cache as packcache
from collabcheck.rulepacks.cache import MANIFEST
from collabcheck.rulepacks.pack import PackError


def load_yaml(path: Path) -> tuple[Document, bytes]:
    try:
        text = read_text(str(path))
        return parse(text), text.encode("utf-8")
    except (ReadError, YamlError) as exc:
        raise PackError([FileProblem(exc.message, str(path), exc.line, exc.column)]) from None


def _validate(model: Any, doc: Document, file: str) -> Any:
    """The file's data as plain data, once the rule format's `model` has validated it."""
    from pydantic import ValidationError

    from collabcheck.engine.rule import explain_rule_error
    from collabcheck.loading.schema_errors import problems

    try:
        return plain(model.model_validate(doc.data))
    except ValidationError as exc:
        found = problems(exc, doc, model, explain_rule_error)
        problems_found = [FileProblem(p.message, file, p.mark.line, p.mark.column) for p in found]
        raise PackError(problems_found) from None


class ReadPack(Record):
    """One pack as its own files give it, before requires and gates are resolved."""

    directory: Path
    manifest: ManifestData
    manifest_path: Path
    compiled: list[CompiledRule]
    places: dict[str, tuple[str, int]]  # rule id -> (file, index in its rules)
    sha256: str
    requirements: tuple[RequirementData, ...]
    # The parsed files, for positions in messages. A pack from the cache has none: a file is
    # parsed again only if a message needs a position in it.
    docs: dict[str, Document]

    def mark(self, file: str, path: tuple[str | int, ...]) -> Mark:
        doc = self.docs.get(file)
        if doc is None:
            doc = self.docs[file] = load_yaml(Path(file))[0]
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
            except (RuleError, KeyError, TypeError, ValueError, AttributeError):
                pass  # not rules the engine compiles (a damaged entry): read as usual
        return _read_pack(directory)
    except OSError as exc:
        raise PackError(
            [FileProblem(f"cannot be read: {exc.strerror or exc}", str(directory))]
        ) from None


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
    from collabcheck.engine.rule import PackManifest, RequirementsFile, RuleFile

    digest = hashes.sha256()
    doc_manifest, raw = load_yaml(manifest_path)
    manifest_data = _validate(PackManifest, doc_manifest, str(manifest_path))
    manifest = ManifestData.of(manifest_data)
    packcache.add_file(digest, MANIFEST, raw)
    docs = {str(manifest_path): doc_manifest}
    requirements: list[dict[str, Any]] | None = None
    requirements_path = packcache.requirements_file(directory)
    if requirements_path is not None:
        doc_requirements, raw = load_yaml(requirements_path)
        docs[str(requirements_path)] = doc_requirements
        packcache.add_file(digest, requirements_path.name, raw)
        listed_file = _validate(RequirementsFile, doc_requirements, str(requirements_path))
        requirements = listed_file["requirements"]

    compiled: list[CompiledRule] = []
    validated: packcache.RuleFiles = []
    seen: dict[str, tuple[str, int]] = {}
    places: dict[str, tuple[str, int]] = {}
    errors: list[FileProblem] = []
    for path in packcache.pack_files(directory):
        doc, raw = load_yaml(path)
        docs[str(path)] = doc
        packcache.add_file(digest, path.name, raw)
        rules_data: list[dict[str, Any]] = _validate(RuleFile, doc, str(path))["rules"]
        validated.append((path.name, rules_data))
        for i, rule in enumerate(map(RuleData.of, rules_data)):
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
    listed = () if requirements is None else tuple(map(RequirementData.of, requirements))
    read = ReadPack(
        directory, manifest, manifest_path, compiled, places, digest.hexdigest(), listed, docs
    )
    if requirements_path is not None:
        errors = _requirement_problems(read, str(requirements_path))
        if errors:
            raise PackError(errors)
    # Written after compiling, which adds what it learnt of the proposal format to the rules.
    packcache.write(directory, manifest_data, requirements, validated, digest.hexdigest())
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
    manifest: ManifestData,
    requirements: list[RequirementData] | None,
    files: list[tuple[str, list[RuleData]]],
    sha256: str,
) -> ReadPack:
    """A pack whose rules came from the cache: it read without errors, and its rules passed
    the proposal-format checks, when the entry was written."""
    compiled = []
    places: dict[str, tuple[str, int]] = {}
    for name, rules in files:
        file = str(directory / name)
        for i, rule in enumerate(rules):
            compiled.append(compile_rule(rule, ("rules", i), file, checked=False))
            places[rule.id] = (file, i)
    listed = () if requirements is None else tuple(requirements)
    return ReadPack(directory, manifest, directory / MANIFEST, compiled, places, sha256, listed, {})
