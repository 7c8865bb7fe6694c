"""The sdist and the wheel are what a release would publish, and the wheel installs a working tool.

The distributions are built once per session, as `python -m build` does for a release: the sdist
from this tree, the wheel from the sdist. The wheel is then installed into a virtualenv of its
own and run from a folder outside the repository, so the built-in rule pack must come from the
wheel and nowhere else. Nothing is downloaded: the build uses the hatchling installed with the
test extras, and the fresh virtualenv sees the dependencies already installed here.
"""

from __future__ import annotations

import email.parser
import email.policy
import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path, PurePosixPath

import pytest

from tests.helpers import AS_OF, EXAMPLES, ROOT

SUPPORTED_PYTHONS = ("3.11", "3.12", "3.13")
PROJECT_URLS = ("Homepage", "Documentation", "Issues", "Changelog")
# Folders that are made by working in a checkout, never part of a release.
NEVER_SHIPPED = {
    ".git",
    ".venv",
    "venv",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    "dist",
    "build",
}


@dataclass(frozen=True)
class Dists:
    sdist: Path
    wheel: Path


def _files_under(folder: Path) -> list[str]:
    """The files a release takes from `folder`, as POSIX paths relative to it."""
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file()
        and not NEVER_SHIPPED.intersection(path.relative_to(folder).parts)
        and path.suffix not in (".pyc", ".pyo")
    )


@pytest.fixture(scope="session")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    if importlib.util.find_spec("build") is None:
        pytest.skip("the 'build' package is not installed (it is in the test extras)")
    out = tmp_path_factory.mktemp("dist")
    command = [sys.executable, "-m", "build", "--outdir", str(out)]
    if importlib.util.find_spec("hatchling") is not None:
        # The installed hatchling, so that no build environment has to be downloaded; build
        # still checks it against [build-system] requires.
        command.append("--no-isolation")
    done = subprocess.run(
        [*command, str(ROOT)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return Dists(sdist, wheel)


@pytest.fixture(scope="session")
def wheel_files(dists: Dists) -> set[str]:
    with zipfile.ZipFile(dists.wheel) as archive:
        return set(archive.namelist())


@pytest.fixture(scope="session")
def sdist_files(dists: Dists) -> set[str]:
    with tarfile.open(dists.sdist) as archive:
        names = [PurePosixPath(member.name) for member in archive.getmembers() if member.isfile()]
    # Every member is inside one top folder, collabcheck-VERSION/.
    assert {name.parts[0] for name in names} == {dists.sdist.name.removesuffix(".tar.gz")}
    return {PurePosixPath(*name.parts[1:]).as_posix() for name in names}


@pytest.fixture(scope="session")
def metadata(dists: Dists, wheel_files: set[str]) -> EmailMessage:
    (name,) = (n for n in wheel_files if n.endswith(".dist-info/METADATA"))
    with zipfile.ZipFile(dists.wheel) as archive:
        text = archive.read(name).decode("utf-8")
    message = email.parser.Parser(policy=email.policy.default).parsestr(text)
    assert isinstance(message, EmailMessage)
    return message


def test_the_wheel_holds_the_rule_pack_the_licence_and_py_typed(wheel_files: set[str]) -> None:
    rules = _files_under(ROOT / "rules")
    assert "abpi-2024/pack.yaml" in rules
    assert [f for f in rules if f"collabcheck/rules/{f}" not in wheel_files] == []
    assert "collabcheck/py.typed" in wheel_files
    assert "collabcheck/__main__.py" in wheel_files
    # The package data the commands read (the starter template, the field descriptions).
    package = [f for f in _files_under(ROOT / "src" / "collabcheck") if "__pycache__" not in f]
    assert "templates/starter.yaml" in package and "proposal/descriptions.yaml" in package
    assert [f for f in package if f"collabcheck/{f}" not in wheel_files] == []
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in wheel_files), wheel_files
    assert [n for n in wheel_files if NEVER_SHIPPED.intersection(n.split("/"))] == []


def test_the_metadata_says_where_the_project_lives_and_what_it_runs_on(
    metadata: EmailMessage,
) -> None:
    urls = dict(value.split(", ", 1) for value in metadata.get_all("Project-URL", []))
    assert sorted(urls) == sorted(PROJECT_URLS)
    assert all(url.startswith("https://") for url in urls.values()), urls
    classifiers = metadata.get_all("Classifier", [])
    for version in SUPPORTED_PYTHONS:
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert "Typing :: Typed" in classifiers
    assert metadata["Requires-Python"] == f">={SUPPORTED_PYTHONS[0]}"
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]


def test_the_sdist_holds_what_it_takes_to_build_and_test(sdist_files: set[str]) -> None:
    for name in (
        "pyproject.toml",
        "README.md",
        "CHANGELOG.md",
        "LICENSE",
        "action.yml",
        ".pre-commit-hooks.yaml",
        "PKG-INFO",
    ):
        assert name in sdist_files, name
    for folder in ("src", "rules", "tests", "examples", "docs", "tools"):
        missing = [f for f in _files_under(ROOT / folder) if f"{folder}/{f}" not in sdist_files]
        assert missing == [], folder
    shipped_by_mistake = [
        name
        for name in sdist_files
        if NEVER_SHIPPED.intersection(name.split("/"))
        or name.endswith((".pyc", ".pyo"))
        or name.startswith(("benchmarks/results/", "benchmarks/corpus/"))
    ]
    assert shipped_by_mistake == []


def test_the_installed_wheel_checks_a_proposal_with_its_own_rule_pack(
    dists: Dists, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    # No pip in the new virtualenv: the pip running these tests installs into it (--python).
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    site_packages = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    installed = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "--python", str(python), "install"),
            *("--no-deps", "--no-index", "--disable-pip-version-check", "--quiet"),
            str(dists.wheel),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    # The dependencies are the ones installed here: their folders come after the virtualenv's
    # own site-packages, so collabcheck is the wheel's, never this checkout's or a copy installed
    # here. They are added only now: had pip seen a collabcheck of the same version installed
    # here, it would have installed nothing.
    # (Not the checkout's own source folder, nor the checkout itself; a virtualenv inside the
    # checkout, as .ci/run makes, is where the dependencies are.)
    source = (ROOT / "src").resolve()
    here = [
        p
        for p in sys.path
        if p
        and Path(p).is_dir()
        and Path(p).resolve() != ROOT.resolve()
        and not Path(p).resolve().is_relative_to(source)
    ]
    (site_packages / "zz_test_dependencies.pth").write_text("\n".join(here) + "\n")

    elsewhere = tmp_path / "proposals"
    elsewhere.mkdir()
    shutil.copy(EXAMPLES / "heart-failure-joint-working.yaml", elsewhere)
    collabcheck = str(scripts / "collabcheck")
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args,
            capture_output=True,
            text=True,
            cwd=elsewhere,
            env=environment,
            timeout=60,
            stdin=subprocess.DEVNULL,
            check=False,
        )

    where = run(
        str(python),
        "-c",
        "from collabcheck.rulepacks.pack import builtin_pack_dir; print(builtin_pack_dir())",
    )
    assert Path(where.stdout.strip()).is_relative_to(site_packages / "collabcheck"), where

    listed = run(collabcheck, "rules", "list", "--no-config")
    assert listed.returncode == 0, listed.stderr
    assert "rule pack abpi-2024" in listed.stdout
    assert "written-agreement-before-start" in listed.stdout

    checked = run(
        collabcheck, "validate", "--no-config", "-q", "--as-of", AS_OF,
        "heart-failure-joint-working.yaml",
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 failed" in checked.stdout
    assert "rule pack abpi-2024" in checked.stdout
