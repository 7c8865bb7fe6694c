"""A per-user cache of validated rule packs, so that a run does not parse a pack's YAML again.

An entry is found by the sha256 of the pack's files (the pack's own digest, so the files are
read and hashed on every run) and of the code that defines the rule format. It holds the
manifest and rule files as the validated models wrote them in JSON, and they are read back
through the same models' strict JSON validation, never trusted further than a rule file is.
Nothing from the cache is executed or unpickled.

Any problem (no usable cache folder, a missing, unreadable, foreign, oversized, corrupt or
stale entry, or something other than a regular file at its name: a symbolic link, a FIFO, a
device) only means the pack is loaded from its YAML as if there were no cache; nothing at an
entry's name is ever waited on. A fresh entry is then written, atomically, when the pack loads
without errors, replacing whatever was at its name. A pack with errors is never cached.
The folder is $XDG_CACHE_HOME/collabcheck, or ~/.cache/collabcheck.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import stat
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from collabcheck.engine.rule import PackManifest, RequirementsFile, RuleFile
from collabcheck.loading.inputs import ReadError, read_text

FORMAT = 2
MANIFEST = "pack.yaml"
REQUIREMENTS = "requirements.yaml"  # optional: the requirements the pack implements
MAX_BYTES = 16 * 1024 * 1024
KEEP = 16  # entries kept; older ones are removed when a new one is written

# The modules whose code decides what a validated rule file is: a change to any of them (as in
# a development checkout) makes every entry stale.
_FORMAT_MODULES = (
    "collabcheck.engine.conditions",
    "collabcheck.engine.rule",
    "collabcheck.proposal.model",
    "collabcheck.proposal.types",
    "collabcheck.proposal.vocabulary",
    "collabcheck.rulepacks.read",  # the checks a pack passes before it is cached
    __name__,
)

RuleFiles = list[tuple[str, RuleFile]]


def cache_dir() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder
            return None
    return Path(base) / "collabcheck"


def pack_files(directory: Path) -> list[Path]:
    """The rule files of a pack, in the order rulepacks/read.py reads them (the manifest and the
    requirements file not included)."""
    found = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml"))
    return [p for p in found if p.name not in (MANIFEST, REQUIREMENTS)]


def requirements_file(directory: Path) -> Path | None:
    path = directory / REQUIREMENTS
    return path if os.path.lexists(path) else None


def digest_order(directory: Path) -> list[Path]:
    """Every file of a pack, in the order its sha256 takes them."""
    requirements = requirements_file(directory)
    return [directory / MANIFEST, *([requirements] if requirements else []), *pack_files(directory)]


def add_file(digest: Any, name: str, raw: bytes) -> None:
    """One file's part of a pack's sha256 (the manifest first, then pack_files in order)."""
    digest.update(f"{name}\0".encode() + raw + b"\0")


def pack_digest(directory: Path) -> str:
    """The pack's sha256, as PackInfo.sha256 reports it. Raises ReadError or OSError."""
    digest = hashlib.sha256()
    for path in digest_order(directory):
        add_file(digest, path.name, read_text(str(path)).encode("utf-8"))
    return digest.hexdigest()


def _code_digest() -> str:
    import pydantic

    from collabcheck import __version__

    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{pydantic.VERSION}\0".encode())
    for name in _FORMAT_MODULES:
        # Found, not imported: a run checks proposals without importing the proposal models.
        spec = importlib.util.find_spec(name)
        source = spec.origin if spec else None
        if not source:
            raise OSError(f"{name} has no source file")
        digest.update(Path(source).read_bytes())
    return digest.hexdigest()


def _entry(pack_sha256: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(f"{_code_digest()}\0{pack_sha256}".encode()).hexdigest()
    return folder / f"pack-{key}.json"


def _read_own_file(path: Path) -> bytes | None:
    """The file's bytes if it is a regular file of this user's that no one else can write, of at
    most MAX_BYTES. The open never follows a symbolic link and never waits: a FIFO or a device
    planted at the name is opened without blocking, and then refused as not a regular file."""
    flags = os.O_RDONLY
    for name in ("O_NOFOLLOW", "O_NONBLOCK", "O_NOCTTY"):
        flags |= getattr(os, name, 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
            return None
        chunks, size = [], 0
        while size <= MAX_BYTES and (chunk := os.read(fd, MAX_BYTES + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks) if size <= MAX_BYTES else None
    finally:
        os.close(fd)


def read(
    directory: Path,
) -> tuple[PackManifest, RequirementsFile | None, RuleFiles, str] | None:
    """The validated manifest and rule files of the pack in `directory` and its sha256, from
    the cache; None when there is no good entry for the pack's files as they are now."""
    try:
        if not (directory / MANIFEST).is_file():
            return None
        sha256 = pack_digest(directory)
        entry = _entry(sha256)
        if entry is None:
            return None
        data = _read_own_file(entry)
        if data is None:
            return None
        head, _, payload = data.partition(b"\n")
        header = json.loads(head)
        if header != {
            "format": FORMAT,
            "pack_sha256": sha256,
            "payload_sha256": hashlib.sha256(payload).hexdigest(),
        }:
            return None
        body = json.loads(payload)
        manifest = PackManifest.model_validate_json(body["manifest"])
        requirements = body["requirements"]
        if (requirements is None) != (requirements_file(directory) is None):
            return None
        if requirements is not None:
            requirements = RequirementsFile.model_validate_json(requirements)
        files = [(str(name), RuleFile.model_validate_json(text)) for name, text in body["files"]]
        if [name for name, _ in files] != [p.name for p in pack_files(directory)]:
            return None
        return manifest, requirements, files, sha256
    except (OSError, ReadError, ValueError, ValidationError, KeyError, TypeError):
        return None


def write(
    directory: Path,
    manifest: PackManifest,
    requirements: RequirementsFile | None,
    files: RuleFiles,
    sha256: str,
) -> None:
    """Store a pack that loaded without errors; any failure leaves the cache as it was."""
    try:
        if pack_digest(directory) != sha256:  # changed while it was being loaded
            return
        entry = _entry(sha256)
        if entry is None:
            return
        payload = json.dumps(
            {
                "manifest": manifest.model_dump_json(by_alias=True, exclude_unset=True),
                "requirements": None
                if requirements is None
                else requirements.model_dump_json(by_alias=True, exclude_unset=True),
                "files": [
                    [name, rule_file.model_dump_json(by_alias=True, exclude_unset=True)]
                    for name, rule_file in files
                ],
            },
            ensure_ascii=False,
        ).encode("utf-8")
        header = {
            "format": FORMAT,
            "pack_sha256": sha256,
            "payload_sha256": hashlib.sha256(payload).hexdigest(),
        }
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _replace(entry, json.dumps(header).encode("utf-8") + b"\n" + payload)
        _prune(entry.parent)
    except (OSError, ReadError, ValueError):
        return


def _replace(entry: Path, data: bytes) -> None:
    """Write `data` to a new file of a name no one can foresee (created 0600, never through an
    existing name), then rename it to `entry`: whatever was planted at the entry's name (a
    symbolic link, a FIFO, another user's file) is replaced, never written through or waited on.
    Raises OSError."""
    import tempfile  # only a run that fills the cache pays for it

    fd, partial = tempfile.mkstemp(prefix=f".{entry.name}.", suffix=".partial", dir=entry.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(partial, entry)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise


def _prune(folder: Path) -> None:
    """Keep the KEEP newest entries. Names are looked at, never followed: a planted symbolic
    link counts by its own time, and removing it removes the link."""
    entries = []
    for path in folder.glob("pack-*.json"):
        with contextlib.suppress(OSError):
            entries.append((path.lstat().st_mtime, path))
    entries.sort(reverse=True)
    for _, old in entries[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
