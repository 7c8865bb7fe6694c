"""A per-user cache of validated rule packs, so that a run does not parse a pack's YAML again,
nor define the rule format's models.

An entry is found by a BLAKE2b of the pack's files (so the files are read and hashed on every
run) and one of the code that defines and checks the rule format. The pack's sha256, which
reports name it by, is stored in the entry: SHA-256 takes three times as long as BLAKE2b
without OpenSSL, whose loading would cost more than both. It holds
the manifest, requirements and rules as plain data in JSON (engine/specs.py: what the validated
models give, and what compiling them found out about the proposal format), checked against a
BLAKE2b of the entry, read back into plain objects that check each field's type, and compiled
without the proposal-format checks that they passed when the entry was written. Nothing from
the cache is executed or unpickled; patterns are compiled by RE2, as from a rule file.

Any problem (no usable cache folder, a missing, unreadable, foreign, oversized, corrupt or
stale entry, or something other than a regular file at its name: a symbolic link, a FIFO, a
device) only means the pack is loaded from its YAML as if there were no cache; nothing at an
entry's name is ever waited on. A fresh entry is then written, atomically, when the pack loads
without errors, replacing whatever was at its name. A pack with errors is never cached.
The folder is $XDG_CACHE_HOME/collabcheck, or ~/.cache/collabcheck.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from collabcheck.common import hashes
from collabcheck.engine.specs import ManifestData, RequirementData, RuleData
from collabcheck.loading.inputs import ReadError, read_text

FORMAT = 5
MANIFEST = "pack.yaml"
REQUIREMENTS = "requirements.yaml"  # optional: the requirements the pack implements
MAX_BYTES = 16 * 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")
KEEP = 16  # entries kept; older ones are removed when a new one is written

# The code that decides what a validated rule is and which checks it passed before it is
# stored, inside the package: every module of these packages, and these files. A change to any
# of it (as in a development checkout) makes every entry stale (see _code_digest). Found by
# name, never imported: a run served from the cache does not load the models.
_FORMAT_PACKAGES = ("engine", "proposal")
_FORMAT_FILES = (
    "loading/schema_errors.py",
    "rulepacks/cache.py",
    "rulepacks/read.py",  # the checks a pack passes before it is cached
)


def _format_files(package: str) -> list[str]:
    """The format's code by its path in the package (`engine/rule.py`). Listed with os.walk,
    which takes a third of the time of Path.rglob: every run hashes these files."""
    found: list[str] = []
    for name in _FORMAT_PACKAGES:
        modules = []
        for folder, _, files in os.walk(os.path.join(package, name)):
            below = os.path.relpath(folder, package).replace(os.sep, "/")
            modules += [f"{below}/{file}" for file in files if file.endswith(".py")]
        found += sorted(modules)
    return found + list(_FORMAT_FILES)


# Each rule file by name, with its rules as plain data (engine/specs.py's `plain`).
RuleFiles = list[tuple[str, list[dict[str, Any]]]]


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
    return _digests(directory, hashes.sha256())[1]


def _digests(directory: Path, sha256: Any = None) -> tuple[str, str]:
    """The BLAKE2b that finds the pack's entry, and the sha256 too when given one to fill
    (else ""). Raises ReadError or OSError."""
    digest = hashes.blake2b()
    for path in digest_order(directory):
        raw = read_text(str(path)).encode("utf-8")
        add_file(digest, path.name, raw)
        if sha256 is not None:
            add_file(sha256, path.name, raw)
    return digest.hexdigest(), "" if sha256 is None else sha256.hexdigest()


def _code_digest(package: str | None = None) -> str:
    """The identity of the code the entries depend on: each file's name, size and time of last
    change, as Python's own bytecode cache tells a changed module (reading and hashing the
    files' 270 KB would take ten times as long, on every run)."""
    # Not importlib.util.find_spec, whose import costs about 0.3 ms: the machinery is loaded.
    from importlib.machinery import PathFinder

    from collabcheck import __version__

    if package is None:
        package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    # The pydantic that validated the stored rules: its version file, found without importing
    # pydantic (which pins its pydantic-core).
    spec = PathFinder.find_spec("pydantic")
    if spec is None or spec.origin is None:
        raise OSError("pydantic is not installed")
    files = [(name, os.path.join(package, name)) for name in _format_files(package)]
    files.append(("pydantic/version.py", os.path.join(os.path.dirname(spec.origin), "version.py")))
    digest = hashes.blake2b(f"{FORMAT}\0{__version__}\0".encode())
    for name, path in files:
        found = os.stat(path)
        digest.update(f"{name}\0{found.st_size}\0{found.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _entry(pack_blake2b: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = hashes.blake2b(f"{_code_digest()}\0{pack_blake2b}".encode(), digest_size=32).hexdigest()
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


Cached = tuple[ManifestData, list[RequirementData] | None, list[tuple[str, list[RuleData]]], str]


def read(directory: Path) -> Cached | None:
    """The validated manifest, requirements and rules of the pack in `directory` and its
    sha256, from the cache; None when there is no good entry for the pack's files as they are
    now."""
    try:
        if not (directory / MANIFEST).is_file():
            return None
        identity, _ = _digests(directory)
        entry = _entry(identity)
        if entry is None:
            return None
        data = _read_own_file(entry)
        if data is None:
            return None
        head, _, payload = data.partition(b"\n")
        header = json.loads(head)
        sha256 = header.get("pack_sha256") if isinstance(header, dict) else None
        if not (isinstance(sha256, str) and _SHA256.fullmatch(sha256)) or header != {
            "format": FORMAT,
            "pack_blake2b": identity,
            "pack_sha256": sha256,
            "payload_blake2b": hashes.blake2b(payload).hexdigest(),
        }:
            return None
        body = json.loads(payload)
        manifest = ManifestData.of(body["manifest"])
        listed = body["requirements"]
        if (listed is None) != (requirements_file(directory) is None):
            return None
        requirements = None if listed is None else [RequirementData.of(r) for r in listed]
        files = [(str(name), [RuleData.of(r) for r in rules]) for name, rules in body["files"]]
        if [name for name, _ in files] != [p.name for p in pack_files(directory)]:
            return None
        return manifest, requirements, files, sha256
    except (OSError, ReadError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write(
    directory: Path,
    manifest: dict[str, Any],
    requirements: list[dict[str, Any]] | None,
    files: RuleFiles,
    sha256: str,
) -> None:
    """Store a pack that loaded without errors, as plain data; any failure leaves the cache as
    it was."""
    try:
        identity, now = _digests(directory, hashes.sha256())
        if now != sha256:  # changed while it was being loaded
            return
        entry = _entry(identity)
        if entry is None:
            return
        body = {"manifest": manifest, "requirements": requirements, "files": files}
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        header = {
            "format": FORMAT,
            "pack_blake2b": identity,
            "pack_sha256": sha256,
            "payload_blake2b": hashes.blake2b(payload).hexdigest(),
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
