"""`--help` and `-h` for every command: plain words and metavars, never typer's type names."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from collabcheck.cli.app import app
from collabcheck.cli.helptext import HelpGroup
from collabcheck.cli.lazy import LazyGroup, declare
from tests.conftest import Cli

# Typer's internal names for a parameter's type: <bool>, <str>, <int range>, <list[str]>, <path>.
INTERNAL_TYPE = re.compile(r"<[a-z_ ]+(\[.*?\])?>")


def _command_lines(command: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield prefix
    for name, sub in getattr(command, "commands", {}).items():
        yield from _command_lines(sub, (*prefix, name))


# Every command and group of the application, read from the application itself.
COMMANDS = list(_command_lines(typer.main.get_command(app)))


def _help(*args: str) -> typer.testing.Result:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "100"})


def test_the_commands_are_found() -> None:
    for expected in [
        (),
        ("validate",),
        ("rules",),
        ("rules", "show"),
        ("init",),
        ("config",),
        ("upgrade",),
    ]:
        assert expected in COMMANDS


@pytest.mark.parametrize("words", COMMANDS, ids=lambda words: " ".join(words) or "collabcheck")
def test_help_shows_no_internal_type_names(words: tuple[str, ...]) -> None:
    done = _help(*words, "--help")
    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"Usage: {' '.join(('collabcheck', *words))} [OPTIONS]")
    assert not INTERNAL_TYPE.search(done.output), done.output
    assert "<list[" not in done.output
    assert "<bool>" not in done.output
    assert re.search(r"^  --help, -h +Show this message and exit\.$", done.output, re.M)


@pytest.mark.parametrize("words", COMMANDS, ids=lambda words: " ".join(words) or "collabcheck")
def test_dash_h_is_help(words: tuple[str, ...]) -> None:
    long, short = _help(*words, "--help"), _help(*words, "-h")
    assert short.exit_code == long.exit_code == 0
    assert short.output == long.output


def test_flags_show_nothing_and_options_their_metavar() -> None:
    output = _help("validate", "--help").output
    assert re.search(r"^  --quiet, -q +Show failures", output, re.M)
    assert re.search(r"^  --no-waivers +Apply no waivers", output, re.M)
    assert re.search(r"^  --as-of YYYY-MM-DD +The date", output, re.M)
    assert re.search(r"^  --jobs, -j N +Check files", output, re.M)
    assert re.search(r"^  --fail-on \[error\|warning\|info\|never\]$", output, re.M)
    assert re.search(r"^  PROPOSAL\.\.\. +Proposal files", output, re.M)
    assert "Usage: collabcheck validate [OPTIONS] PROPOSAL...\n" in output


def test_the_installed_command_answers_dash_h(cli: Cli) -> None:
    # `validate` is first read without typer (launch.py); -h must reach typer as --help does.
    for words in (("validate",), ("rules", "show"), ()):
        short, long = cli(*words, "-h"), cli(*words, "--help")
        assert short.returncode == long.returncode == 0, short.stderr
        assert short.stdout == long.stdout
        assert short.stdout.startswith("Usage: ")


def test_a_group_given_nothing_shows_its_help(cli: Cli) -> None:
    for words in (("rules",), ()):
        bare, shown = cli(*words), cli(*words, "--help")
        assert bare.returncode == 2
        assert bare.stdout == shown.stdout
        assert bare.stderr == ""


def _eager(lazy: typer.Typer) -> typer.Typer:
    """The application as typer builds it with every command registered at once, as it was
    before its groups built each command only when it is used."""
    eager = copy.copy(lazy)
    eager.info = copy.copy(lazy.info)
    eager.info.cls = HelpGroup
    eager.registered_commands, eager.registered_groups = [], []
    for entry in lazy.info.cls.entries.values():  # type: ignore[union-attr]
        holder = declare(entry)
        eager.registered_commands += holder.registered_commands
        for group in holder.registered_groups:
            group = copy.copy(group)
            group.typer_instance = _eager(group.typer_instance)  # type: ignore[arg-type]
            eager.registered_groups.append(group)
    return eager


@pytest.mark.parametrize("words", COMMANDS, ids=lambda words: " ".join(words) or "collabcheck")
@pytest.mark.parametrize("columns", ["60", "100", "200"])
def test_every_page_is_the_one_typer_prints_with_every_command_built(
    words: tuple[str, ...], columns: str
) -> None:
    eager = _eager(app)
    for asked in ([*words, "--help"], [*words, "-h"], list(words)):
        lazily = CliRunner().invoke(app, asked, env={"COLUMNS": columns})
        at_once = CliRunner().invoke(eager, asked, env={"COLUMNS": columns})
        assert (lazily.exit_code, lazily.output) == (at_once.exit_code, at_once.output)


def test_a_help_page_builds_only_the_commands_it_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    build = LazyGroup.build

    def spy(group: LazyGroup, name: str) -> object:
        built.append(name)
        return build(group, name)

    monkeypatch.setattr(LazyGroup, "build", spy)
    for words, shown in [
        ((), []),
        (("validate",), ["validate"]),
        (("rules",), ["rules"]),
        (("rules", "show"), ["rules", "show"]),
        (("config",), ["config"]),
    ]:
        built.clear()
        assert _help(*words, "--help").exit_code == 0
        assert built == shown
