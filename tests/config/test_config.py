"""Reading collabcheck.toml and [tool.collabcheck], and which setting wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from collabcheck.config.check import Config, read_config
from collabcheck.config.find import discover, find_config
from collabcheck.config.read import ConfigError, key_lines
from collabcheck.config.resolve import COMMAND_LINE, DEFAULT, CommandLine, effective
from collabcheck.config.settings import PackSelection, RuleSetting


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def found(start: Path) -> tuple[Path | None, Path | None]:
    """The file discovery would use from `start`, and the pyproject.toml it shadows."""
    search = discover(start)
    return search.found, search.shadowed


def problem(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        read_config(path)
    return str(caught.value)


# --- finding the file


def test_the_nearest_file_wins_walking_up(tmp_path: Path) -> None:
    top = write(tmp_path / "collabcheck.toml", 'fail_on = "never"\n')
    inner = write(tmp_path / "a" / "collabcheck.toml", 'fail_on = "info"\n')
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert found(deep) == (inner, None)
    assert found(tmp_path / "a") == (inner, None)
    assert found(tmp_path) == (top, None)


def test_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    top = write(tmp_path / "pyproject.toml", '[tool.collabcheck]\nfail_on = "warning"\n')
    write(
        tmp_path / "sub" / "pyproject.toml",
        '[project]\nname = "collabcheck"\n[project.scripts]\ncollabcheck = "collabcheck.cli.app:main"\n',
    )
    assert found(tmp_path / "sub") == (top, None)
    config = read_config(top)
    assert config.fail_on == "warning"
    assert config.source("fail_on") == f"{top}:2"


def test_collabcheck_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    own = write(tmp_path / "collabcheck.toml", 'fail_on = "info"\n')
    project = write(tmp_path / "pyproject.toml", '[tool.collabcheck]\nfail_on = "never"\n')
    assert found(tmp_path) == (own, project)
    write(tmp_path / "pyproject.toml", "[tool.black]\n")
    assert found(tmp_path) == (own, None)  # nothing shadowed: pyproject has no table


def test_no_file_up_to_the_root_is_no_configuration(tmp_path: Path) -> None:
    names = ("collabcheck.toml", "pyproject.toml")
    if any((folder / name).exists() for folder in tmp_path.parents for name in names):
        pytest.skip("a configuration file above the temporary folder")
    assert found(tmp_path) == (None, None)
    assert find_config(tmp_path)[0] is None


def test_relative_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    path = write(
        tmp_path / "collabcheck.toml",
        'rules = ["org-rules", "/abs/rules"]\nwaivers = ["board/waivers.yaml"]\n'
        'format = ["text", "markdown=reports/board.md"]\n',
    )
    config = read_config(path)
    assert config.rules == (tmp_path / "org-rules", Path("/abs/rules"))
    assert config.waivers == (str(tmp_path / "board" / "waivers.yaml"),)
    assert config.formats == ("text", f"markdown={tmp_path / 'reports' / 'board.md'}")


def test_a_full_configuration(tmp_path: Path) -> None:
    path = write(
        tmp_path / "collabcheck.toml",
        """\
builtin = false
rules = ["org"]
fail_on = "warning"

[severity]
raised-rule = "error"
lowered-rule = { level = "info", reason = "Checked by the PMO" }

[severity.tabled-rule]
level = "warning"
reason = "  Reviewed quarterly  "

[disabled]
off-rule = "Not our process"
other-off = { reason = "Handled centrally" }
""",
    )
    config = read_config(path)
    assert config.builtin is False
    assert config.settings == (
        RuleSetting("raised-rule", "error", "", str(path), 6),
        RuleSetting("lowered-rule", "info", "Checked by the PMO", str(path), 7),
        RuleSetting("tabled-rule", "warning", "Reviewed quarterly", str(path), 9),
        RuleSetting("off-rule", None, "Not our process", str(path), 14),
        RuleSetting("other-off", None, "Handled centrally", str(path), 15),
    )


# --- mistakes


def test_an_unknown_key_is_named_with_its_line_and_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path / "collabcheck.toml", 'builtin = true\nfail-on = "warning"\n')
    assert problem(path) == (
        f"{path}:2: unknown configuration key fail-on; did you mean 'fail_on'? "
        "(keys: builtin, rules, fail_on, format, waivers, severity, disabled)"
    )


def test_an_unknown_key_in_pyproject_names_the_table(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.collabcheck]\nbuiltin = true\nrule = ["org"]\n',
    )
    assert problem(path).startswith(
        f"{path}:6: unknown configuration key tool.collabcheck.rule; did you mean 'rules'?"
    )


def test_an_unknown_key_inside_an_override(tmp_path: Path) -> None:
    path = write(
        tmp_path / "collabcheck.toml",
        '[severity.some-rule]\nlevel = "info"\nreson = "typo"\n',
    )
    assert problem(path) == (
        f"{path}:3: unknown key severity.some-rule.reson; did you mean 'reason'? "
        "(keys: level, reason)"
    )


def test_bad_toml_gives_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "collabcheck.toml", 'builtin = true\nfail_on = "warning\n')
    message = problem(path)
    assert message.startswith(f"{path}:2:")
    assert "not valid TOML" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[disabled]\nsome-rule = ""\n', "disabling rule 'some-rule' needs a reason"),
        ('[disabled]\nsome-rule = "   "\n', "disabling rule 'some-rule' needs a reason"),
        ("[disabled]\nsome-rule = {}\n", "disabling rule 'some-rule' needs a reason"),
        (
            '[severity]\nsome-rule = {level = "info", reason = " "}\n',
            "the reason for changing the severity of 'some-rule' is empty",
        ),
        ('[severity]\nsome-rule = "fatal"\n', "must be one of error, warning, info, not 'fatal'"),
        ('[severity]\nsome-rule = {reason = "x"}\n', "must be one of error, warning, info"),
        ('fail_on = "warn"\n', "fail_on must be one of error, warning, info, never"),
        ('format = ["sarif", "html"]\n', "unknown format 'html' in format"),
        ('format = "text"\n', "format must be a list"),
        ("builtin = 1\n", "builtin must be true or false"),
        ("format = []\n", "format lists no format: give at least one"),
        ("rules = [1]\n", "rules must be a list"),
        (
            '[severity]\nsome-rule = "error"\n[disabled]\nsome-rule = "why"\n',
            "rule 'some-rule' is both disabled and given a severity",
        ),
    ],
)
def test_mistakes_are_one_line_naming_the_file(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path / "collabcheck.toml", text)
    message = problem(path)
    assert message.startswith(f"{path}:")
    assert expected in message
    assert "\n" not in message


def test_invalid_toml_in_a_pyproject_that_configures_collabcheck_is_an_error(
    tmp_path: Path,
) -> None:
    write(tmp_path / "pyproject.toml", "[tool.collabcheck]\nbuiltin = \n")
    with pytest.raises(ConfigError) as caught:
        discover(tmp_path)
    assert "not valid TOML" in str(caught.value)


def test_a_broken_pyproject_that_only_depends_on_collabcheck_is_passed_over(
    tmp_path: Path,
) -> None:
    write(tmp_path / "pyproject.toml", '[project]\ndependencies = ["collabcheck>=0.1"\n')
    assert found(tmp_path)[0] != tmp_path / "pyproject.toml"


def test_a_dotted_tool_collabcheck_key_counts_as_the_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", 'tool.collabcheck.fail_on = "info"\n')
    assert found(tmp_path) == (path, None)
    assert read_config(path).fail_on == "info"


def test_a_huge_or_non_utf8_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "collabcheck.toml", "# " + "x" * (1024 * 1024) + "\n")
    assert "the limit is 1,048,576 bytes (1 MiB)" in problem(path)
    path.write_bytes(b'fail_on = "error"\n# caf\xe9\n')
    assert problem(path) == f"{path}:2: is not UTF-8 text, which TOML requires"


@pytest.mark.parametrize("opening", ["[", "{a = "])
def test_deep_nesting_is_refused_not_a_crash(tmp_path: Path, opening: str) -> None:
    path = write(tmp_path / "collabcheck.toml", "fail_on = " + opening * 50_000 + "\n")
    assert problem(path) == f"{path}: arrays or inline tables are nested too deeply to read"


def test_key_lines_follow_tables_dotted_keys_and_quotes() -> None:
    lines = key_lines(
        'a = 1\n[severity]\n"quoted-id" = "info"\nplain = "x"\n[ tool . collabcheck ]\n'
        "severity.dotted = 1\n"
    )
    assert lines[("a",)] == 1
    assert lines[("severity", "quoted-id")] == 3
    assert lines[("severity", "plain")] == 4
    assert lines[("tool", "collabcheck", "severity", "dotted")] == 6


# --- which setting wins


def config_at(tmp_path: Path, text: str) -> Config:
    return read_config(write(tmp_path / "collabcheck.toml", text))


def test_defaults_without_a_configuration() -> None:
    chosen = effective(CommandLine(), None)
    assert (chosen.builtin.value, chosen.builtin.source) == (True, DEFAULT)
    assert (chosen.fail_on.value, chosen.fail_on.source) == ("error", DEFAULT)
    assert (chosen.formats.value, chosen.waivers.value) == (("text",), ())
    assert chosen.selection() == PackSelection()


def test_configuration_wins_over_defaults(tmp_path: Path) -> None:
    config = config_at(
        tmp_path, 'fail_on = "warning"\nformat = ["json"]\nrules = ["org"]\nwaivers = ["w.yaml"]\n'
    )
    chosen = effective(CommandLine(), config)
    path = tmp_path / "collabcheck.toml"
    assert (chosen.fail_on.value, chosen.fail_on.source) == ("warning", f"{path}:1")
    assert (chosen.formats.value, chosen.formats.source) == (("json",), f"{path}:2")
    assert [(p.value, p.source) for p in chosen.packs] == [(tmp_path / "org", f"{path}:3")]
    assert chosen.waivers.value == (str(tmp_path / "w.yaml"),)
    assert chosen.selection() == PackSelection(True, (tmp_path / "org",))


def test_the_command_line_wins_over_configuration(tmp_path: Path) -> None:
    config = config_at(tmp_path, 'fail_on = "warning"\nformat = ["json"]\nrules = ["org"]\n')
    chosen = effective(
        CommandLine(fail_on="never", formats=("sarif=out.sarif",), waivers=("cli.yaml",)),
        config,
    )
    assert (chosen.fail_on.value, chosen.fail_on.source) == ("never", COMMAND_LINE)
    assert (chosen.formats.value, chosen.formats.source) == (("sarif=out.sarif",), COMMAND_LINE)
    assert (chosen.waivers.value, chosen.waivers.source) == (("cli.yaml",), COMMAND_LINE)


def test_rules_on_the_command_line_replace_the_packs_and_add_rules_adds(tmp_path: Path) -> None:
    config = config_at(tmp_path, 'rules = ["org"]\n[disabled]\nsome-rule = "why"\n')
    replaced = effective(CommandLine(rules=(Path("mine"),)), config)
    assert replaced.selection().builtin is False
    assert [p.value for p in replaced.packs] == [Path("mine")]
    assert replaced.builtin.source == COMMAND_LINE
    added = effective(CommandLine(add_rules=(Path("extra"),)), config)
    assert added.selection().builtin is True
    assert [(p.value, p.source) for p in added.packs] == [
        (tmp_path / "org", f"{tmp_path / 'collabcheck.toml'}:1"),
        (Path("extra"), COMMAND_LINE),
    ]
    # Rule settings come from the configuration whichever packs are used.
    assert [s.rule_id for s in added.settings] == ["some-rule"]
