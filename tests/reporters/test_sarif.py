"""SARIF output, validated against the official OASIS schema (see ../shared/schemas/SOURCES.md).

The report builders here are shared with the JUnit and GitHub reporter tests.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest

from collabcheck.commands.run import repository_paths
from collabcheck.common.escape import inert
from collabcheck.common.yamlpath import YamlPath
from collabcheck.reporters import Report
from collabcheck.reporters.fingerprint import (
    INVALID_INPUT,
    RULE_ERROR,
    STALE_WAIVER,
    WAIVER_REFUSED,
    artifact_uri,
)
from collabcheck.reporters.sarif import (
    FINGERPRINT,
    SCHEMA_URI,
    SRCROOT,
    automation_id,
    message_text,
    render,
)
from collabcheck.results import (
    FileResult,
    Finding,
    InputProblem,
    Location,
    Outcome,
    PackInfo,
    Reference,
    RuleInfo,
    Severity,
)
from tests.conftest import Cli
from tests.helpers import AS_OF, EXAMPLES, official_schema

HOSTILE = (
    'a "quoted" back\\slash\r\nnew line </script><b>x</b> \x1b[31mred \x00\x7f\x9b '
    "\u202egnp.exe\u2066 \ud800 [here](1) {0} %0A ::error::fake, 100% :: end"
)
HOSTILE_FILE = "my proposals/100% caf\u00e9 \u2013 draft.yaml"
REF = Reference("ABPI Code of Practice 2024", "20.3", "main_text", "https://pmcpa.example/c20")
SHAKY = Reference("ABPI Code of Practice 2019", "20", "guidance", "https://pmcpa.example/c", False)

SYNTHETIC = [RULE_ERROR, INVALID_INPUT, WAIVER_REFUSED, STALE_WAIVER]


def make_rule(rule_id: str, severity: Severity, ref: Reference = REF, *also: str) -> RuleInfo:
    title = rule_id.replace("-", " ").capitalize()
    return RuleInfo(rule_id, title, severity, ref, "Why.", f"Fix {rule_id}.", (rule_id, *also))


RULES = (
    make_rule("summary-published", Severity.ERROR),
    make_rule("outcomes-measured", Severity.WARNING, SHAKY, "outcomes-documented"),
    make_rule("roles-named", Severity.INFO),
    make_rule("benefit-test", Severity.ERROR),
    make_rule("jw-only", Severity.ERROR),
    make_rule("broken", Severity.WARNING),
)
PACK = PackInfo("abpi-2024", "0.1.0", "f" * 64, len(RULES), "Test pack", RULES)


def finding(
    rule: str,
    outcome: Outcome,
    path: YamlPath = (),
    message: str = "It is wrong",
    file: str = "p.yaml",
    line: int = 12,
) -> Finding:
    info = next(r for r in RULES if r.id == rule)
    return Finding(
        info,
        outcome,
        message,
        file,
        line,
        5,
        path,
        "applies to joint working only" if outcome is Outcome.NOT_APPLICABLE else "",
    )


def checked(file: str = HOSTILE_FILE, message: str = HOSTILE) -> FileResult:
    """One of each outcome, failures at every severity."""
    findings = [
        finding("summary-published", Outcome.FAIL, ("governance", "summary"), message, file),
        finding("outcomes-measured", Outcome.FAIL, ("outcomes", "measures"), file=file),
        finding("roles-named", Outcome.FAIL, ("parties", 1, "role"), file=file),
        finding("benefit-test", Outcome.PASS, file=file),
        finding("jw-only", Outcome.NOT_APPLICABLE, file=file),
        finding(
            "broken",
            Outcome.ERROR,
            message=f"the rule could not be evaluated: {message}",
            file=file,
        ),
    ]
    return FileResult(file, findings, sha256="a" * 64)


def invalid(file: str = "bad.yaml") -> FileResult:
    problems = [
        InputProblem("yaml", f"invalid YAML: {HOSTILE}", Location(file, 3, 1)),
        InputProblem("schema", "project.title is missing", Location(file, 0, 0, ("project",))),
    ]
    return FileResult(file, problems=problems, sha256="b" * 64)


def report(*files: FileResult, pack: PackInfo = PACK) -> Report:
    return Report(list(files) or [checked(), invalid()], pack, date(2026, 11, 22), "0.1.0")


def schema_path(name: str) -> Path:
    path = official_schema(name)
    assert path is not None
    return path


@cache
def sarif_schema() -> Any:
    return json.loads(schema_path("sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@cache
def validator() -> jsonschema.Draft4Validator:
    jsonschema.Draft4Validator.check_schema(sarif_schema())
    return jsonschema.Draft4Validator(sarif_schema())


def assert_valid(log: Any) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(log)]
    assert errors == []


def sarif_text(rep: Report) -> str:
    out = io.StringIO()
    render(rep, out)
    return out.getvalue()


def sarif(rep: Report) -> Any:
    return json.loads(sarif_text(rep))


def run_of(log: Any) -> Any:
    assert len(log["runs"]) == 1
    return log["runs"][0]


def results(log: Any) -> Any:
    return run_of(log)["results"]


def rules(log: Any) -> Any:
    return run_of(log)["tool"]["driver"]["rules"]


def physical(result: Any) -> Any:
    return result["locations"][0]["physicalLocation"]


# A URI reference holds only these characters (RFC 3986), with % only in %XX.
URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*")


def test_hostile_report_is_valid_sarif_2_1_0() -> None:
    log = sarif(report())
    assert_valid(log)
    assert log["version"] == "2.1.0"
    assert log["$schema"] == SCHEMA_URI == sarif_schema()["id"]
    driver = run_of(log)["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["semanticVersion"]) == (
        "collabcheck",
        "0.1.0",
        "0.1.0",
    )
    assert "informationUri" not in driver


def test_every_pack_rule_is_described_in_pack_order_then_the_synthetic_ids() -> None:
    described = rules(sarif(report()))
    assert [r["id"] for r in described] == [r.id for r in RULES] + SYNTHETIC
    first, shaky, info = described[:3]
    assert first["name"] == "SummaryPublished"
    assert first["shortDescription"] == {"text": "Summary published"}
    assert first["fullDescription"] == {"text": "Why."}
    assert first["helpUri"] == "https://pmcpa.example/c20"
    assert first["help"]["text"].startswith(
        "Fix summary-published.\n\nReference: ABPI Code of Practice 2024, 20.3 (main text)"
    )
    assert [r["defaultConfiguration"]["level"] for r in (first, shaky, info)] == [
        "error",
        "warning",
        "note",
    ]
    assert shaky["properties"]["implements"] == ["outcomes-measured", "outcomes-documented"]
    assert "unverified-reference" in shaky["properties"]["tags"]
    assert "UNVERIFIED" in shaky["help"]["text"] and "UNVERIFIED" in shaky["help"]["markdown"]
    assert "UNVERIFIED" not in first["help"]["text"]


def test_every_result_names_a_described_rule_by_id_and_index() -> None:
    log = sarif(report())
    described = rules(log)
    for result in results(log):
        assert described[result["ruleIndex"]]["id"] == result["ruleId"]


def test_one_result_per_failure_error_and_input_problem_and_none_for_passes() -> None:
    rep = report()
    found = results(sarif(rep))
    expected = sum(
        r.count(Outcome.FAIL) + r.count(Outcome.ERROR) + len(r.problems) for r in rep.files
    )
    assert len(found) == expected == 6
    assert [(r["ruleId"], r["level"]) for r in found] == [
        ("summary-published", "error"),
        ("outcomes-measured", "warning"),
        ("roles-named", "note"),
        (RULE_ERROR, "error"),
        (INVALID_INPUT, "error"),
        (INVALID_INPUT, "error"),
    ]
    error = found[3]
    assert error["properties"] == {"yamlPath": "(document)", "rule": "broken"}
    assert error["message"]["text"].startswith("broken: the rule could not be evaluated")
    assert found[5]["properties"] == {"yamlPath": "project", "stage": "schema"}


def test_passes_and_not_applicable_are_counted_in_run_properties() -> None:
    properties = run_of(sarif(report()))["properties"]
    assert properties == {
        "asOf": "2026-11-22",
        "rulePack": {
            "name": "abpi-2024",
            "version": "0.1.0",
            "title": "Test pack",
            "sha256": "f" * 64,
            "ruleCount": 6,
        },
        "counts": {
            "pass": 1,
            "fail": 3,
            "notApplicable": 1,
            "error": 1,
            "files": 2,
            "invalidFiles": 1,
            "waived": 0,
        },
    }


def test_regions_are_1_based_and_columns_are_code_points() -> None:
    log = sarif(report())
    assert run_of(log)["columnKind"] == "unicodeCodePoints"
    regions = [physical(r)["region"] for r in results(log)]
    assert all(r["startLine"] >= 1 and r["startColumn"] >= 1 for r in regions)
    assert all(r["endLine"] == r["startLine"] and "endColumn" not in r for r in regions)
    # a problem reported at 0:0; with no endColumn the region runs to the end of its line
    assert regions[-1] == {"startLine": 1, "startColumn": 1, "endLine": 1}


def test_file_names_become_percent_encoded_relative_uris() -> None:
    log = sarif(report())
    uri = physical(results(log)[0])["artifactLocation"]["uri"]
    assert uri == "my%20proposals/100%25%20caf%C3%A9%20%E2%80%93%20draft.yaml"
    assert unquote(uri) == HOSTILE_FILE
    artifacts = run_of(log)["artifacts"]
    assert artifacts[0] == {"location": {"uri": uri}, "hashes": {"sha-256": "a" * 64}}
    for result in results(log):
        location = physical(result)["artifactLocation"]
        assert URI_REFERENCE.fullmatch(location["uri"])
        assert artifacts[location["index"]]["location"]["uri"] == location["uri"]


@pytest.mark.parametrize(
    ("name", "uri"),
    [
        ("examples/a.yaml", "examples/a.yaml"),
        ("./examples/a.yaml", "examples/a.yaml"),
        ("c:odd.yaml", "c%3Aodd.yaml"),  # not a scheme
        ("<stdin>", "%3Cstdin%3E"),
        ("a#b?.yaml", "a%23b%3F.yaml"),
        ("/abs/with space.yaml", "file:///abs/with%20space.yaml"),
        ("bad\udcffbyte.yaml", "bad%FFbyte.yaml"),  # an undecodable byte in a POSIX file name
    ],
)
def test_artifact_uri(name: str, uri: str) -> None:
    assert artifact_uri(name) == uri
    assert URI_REFERENCE.fullmatch(uri)


def test_fingerprints_are_stable_ignore_lines_and_differ_by_yaml_path() -> None:
    def print_of(path: YamlPath, line: int = 12, rule: str = "summary-published") -> str:
        result = FileResult("p.yaml", [finding(rule, Outcome.FAIL, path, line=line)])
        return str(results(sarif(report(result)))[0]["partialFingerprints"][FINGERPRINT])

    first = print_of(("governance", "summary"))
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert print_of(("governance", "summary")) == first
    assert print_of(("governance", "summary"), line=99) == first
    assert print_of(("governance", "summary", "url")) != first
    assert print_of(("parties", 0)) != print_of(("parties", "0"))
    assert print_of(("governance", "summary"), rule="roles-named") != first
    prints = [r["partialFingerprints"][FINGERPRINT] for r in results(sarif(report()))]
    assert len(set(prints)) == len(prints)


def test_output_is_deterministic_indented_json_with_a_trailing_newline() -> None:
    text = sarif_text(report())
    assert text == sarif_text(report())
    assert text.endswith("}\n") and text.startswith('{\n  "version": "2.1.0",\n')
    text.encode("utf-8")  # a lone surrogate in the input must not make the log unwritable


def test_hostile_text_is_shown_not_obeyed() -> None:
    text = sarif_text(report())
    for raw in ("\x1b", "\x00", "\x9b", "\u202e", "\u2066", "\ud800"):
        assert raw not in text
    assert "\\u00" not in text  # not even as a JSON escape: controls are shown as text
    message = results(json.loads(text))[0]["message"]["text"]
    assert message == message_text(HOSTILE)
    assert "\\[here\\](1)" in message  # not an embedded link to location 1
    assert "{{0}}" in message  # not a placeholder
    shown = re.sub(r"\\(.)", r"\1", message).replace("{{", "{").replace("}}", "}")
    assert shown == inert(HOSTILE).replace("\ud800", "\\ud800")
    assert "\\x1b[31mred" in shown and "\\u202egnp.exe" in shown and "\\x0d\\x0a" in shown
    assert "</script><b>x</b>" in shown  # JSON, not HTML: nothing to escape


def test_brackets_stay_plain_unless_they_could_read_as_a_link() -> None:
    assert message_text("parties[0].name is missing") == "parties[0].name is missing"
    assert message_text("see [a\\b](2)") == "see \\[a\\\\b\\](2)"
    assert message_text("{x}") == "{{x}}"


def test_a_finding_for_a_rule_the_pack_does_not_describe_still_has_a_descriptor() -> None:
    bare = PackInfo("abpi-2024", "0.1.0", "f" * 64, 0)
    log = sarif(report(FileResult("p.yaml", [finding("roles-named", Outcome.FAIL)]), pack=bare))
    assert_valid(log)
    assert [r["id"] for r in rules(log)] == ["roles-named", *SYNTHETIC]
    assert results(log)[0]["ruleIndex"] == 0


def test_no_files_is_still_a_valid_log() -> None:
    rep = Report([], PACK, date(2026, 11, 22), "0.1.0")
    log = sarif(rep)
    assert_valid(log)
    assert results(log) == []


def test_cli_writes_valid_sarif_for_an_example(cli: Cli) -> None:
    path = EXAMPLES / "failing-undeclared-interests.yaml"
    done = cli("validate", "--as-of", AS_OF, "--format", "sarif", str(path))
    assert done.returncode == 1, done.stderr
    log = json.loads(done.stdout)
    assert_valid(log)
    found = results(log)
    assert len(found) == run_of(log)["properties"]["counts"]["fail"] == 5
    assert {r["ruleId"] for r in found} == {
        "open-transparent",
        "nhs-coi-staff-declared",
        "nhs-coi-declared",
        "outcomes-measured",
        "tov-disclosed",
    }
    assert len(rules(log)) == run_of(log)["properties"]["rulePack"]["ruleCount"] + len(SYNTHETIC)


def test_cli_sarif_file_with_relative_odd_names_and_an_invalid_file(
    cli: Cli, write: Callable[..., Path], tmp_path: Path
) -> None:
    example = (EXAMPLES / "failing-undeclared-interests.yaml").read_text(encoding="utf-8")
    write(example, name="100% caf\u00e9 proposal.yaml")
    write("format_version: 1\nproject: [\n", name="bad.yaml")
    out = tmp_path / "out" / "report.sarif"
    out.parent.mkdir()
    done = cli(
        "validate",
        "--as-of",
        AS_OF,
        "--format",
        f"sarif={out}",
        "100% caf\u00e9 proposal.yaml",
        "bad.yaml",
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    log = json.loads(out.read_text(encoding="utf-8"))
    assert_valid(log)
    uris = {physical(r)["artifactLocation"]["uri"] for r in results(log)}
    assert uris == {"100%25%20caf%C3%A9%20proposal.yaml", "bad.yaml"}
    invalid_results = [r for r in results(log) if r["ruleId"] == INVALID_INPUT]
    assert len(invalid_results) == 1
    assert physical(invalid_results[0])["region"] == {
        "startLine": 3,
        "startColumn": 1,
        "endLine": 3,
    }


def test_cli_sarif_for_standard_input(cli: Cli) -> None:
    done = cli("validate", "--as-of", AS_OF, "--format", "sarif", "-")
    assert done.returncode == 2, done.stderr
    log = json.loads(done.stdout)
    assert_valid(log)
    [result] = results(log)
    assert (result["ruleId"], physical(result)["artifactLocation"]["uri"]) == (
        INVALID_INPUT,
        "%3Cstdin%3E",
    )


def test_the_validator_is_strict() -> None:
    log = sarif(report())
    physical(results(log)[0])["region"]["startLine"] = 0
    assert list(validator().iter_errors(log))


# What GitHub code scanning reads.


def judged_pack() -> PackInfo:
    judged = RuleInfo("benefit-test", "Benefit", Severity.ERROR, REF, "", "Fix.", (), True)
    return PackInfo("abpi-2024", "0.1.0", "f" * 64, 2, "Test pack", (RULES[0], judged, RULES[2]))


def test_the_run_is_categorised_by_pack_with_no_run_id() -> None:
    log = sarif(report())
    assert run_of(log)["automationDetails"]["id"] == "collabcheck/abpi-2024/"
    assert automation_id("abpi-2024+org-sops") == "collabcheck/abpi-2024+org-sops/"


def test_repository_files_are_relative_to_srcroot_which_has_no_absolute_uri() -> None:
    paths = {HOSTILE_FILE: "proposals/my proposals/caf\u00e9.yaml"}
    rep = report()._replace(repository_paths=paths)
    log = sarif(rep)
    assert_valid(log)
    run = run_of(log)
    assert set(run["originalUriBaseIds"]) == {SRCROOT}
    assert "uri" not in run["originalUriBaseIds"][SRCROOT]  # never the machine's own layout
    assert run["originalUriBaseIds"][SRCROOT]["description"]["text"]
    first, bad = run["artifacts"]
    assert first["location"] == {
        "uri": "proposals/my%20proposals/caf%C3%A9.yaml",
        "uriBaseId": SRCROOT,
    }
    assert bad["location"] == {"uri": "bad.yaml"}  # not in the map: as given, no base
    for result in results(log):
        location = physical(result)["artifactLocation"]
        assert location == {
            **run["artifacts"][location["index"]]["location"],
            "index": location["index"],
        }


def test_every_result_carries_the_yaml_path_fingerprint_as_github_line_hash() -> None:
    for result in results(sarif(report())):
        prints = result["partialFingerprints"]
        assert set(prints) == {FINGERPRINT, "primaryLocationLineHash"}
        assert prints["primaryLocationLineHash"] == prints[FINGERPRINT]


def test_fingerprints_follow_the_repository_path_not_the_name_given() -> None:
    def prints(name: str, paths: dict[str, str]) -> list[str]:
        rep = report(FileResult(name, [finding("roles-named", Outcome.FAIL, file=name)]))._replace(
            repository_paths=paths
        )
        return [r["partialFingerprints"][FINGERPRINT] for r in results(sarif(rep))]

    from_root = prints("proposals/p.yaml", {"proposals/p.yaml": "proposals/p.yaml"})
    assert prints("p.yaml", {"p.yaml": "proposals/p.yaml"}) == from_root
    assert prints("../proposals/p.yaml", {"../proposals/p.yaml": "proposals/p.yaml"}) == from_root


def test_the_invocation_says_what_could_not_be_checked() -> None:
    [invocation] = run_of(sarif(report()))["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["associatedRule"]["id"] for n in notes] == ["broken", INVALID_INPUT]
    assert all(n["level"] == "error" for n in notes)
    described = rules(sarif(report()))
    assert all(
        described[n["associatedRule"]["index"]]["id"] == n["associatedRule"]["id"] for n in notes
    )
    assert notes[1]["message"]["text"].startswith("bad.yaml could not be checked: invalid YAML: ")
    assert physical(notes[1])["artifactLocation"] == {"uri": "bad.yaml"}
    assert physical(notes[1])["region"] == {"startLine": 3, "startColumn": 1, "endLine": 3}
    assert notes[0]["message"]["text"].startswith(
        f"broken could not be evaluated in {message_text(HOSTILE_FILE)}: "
    )


def test_a_clean_run_is_a_successful_invocation() -> None:
    clean = FileResult(
        "p.yaml", [finding("roles-named", Outcome.FAIL), finding("benefit-test", Outcome.PASS)]
    )
    log = sarif(report(clean))
    assert_valid(log)
    assert run_of(log)["invocations"] == [
        {"executionSuccessful": True, "toolExecutionNotifications": []}
    ]


def test_descriptors_say_precision_and_problem_severity_and_no_security_severity() -> None:
    log = sarif(
        report(FileResult("p.yaml", [finding("roles-named", Outcome.FAIL)]), pack=judged_pack())
    )
    assert_valid(log)
    found = {r["id"]: r["properties"] for r in rules(log)}
    assert (
        found["summary-published"]["precision"],
        found["summary-published"]["problem.severity"],
    ) == ("very-high", "error")
    assert (found["benefit-test"]["precision"], found["benefit-test"]["problem.severity"]) == (
        "medium",
        "error",
    )
    assert found["roles-named"]["problem.severity"] == "recommendation"
    assert found[STALE_WAIVER]["problem.severity"] == "warning"
    assert found[INVALID_INPUT]["problem.severity"] == "error"
    assert all(p["precision"] in ("very-high", "medium") for p in found.values())
    assert not any("security-severity" in p for p in found.values())


def test_repository_paths_are_relative_to_the_nearest_git_folder(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    here = repo / "proposals" / "2026"
    here.mkdir(parents=True)
    (repo / ".git").write_text("gitdir: elsewhere\n")  # a worktree's .git is a file
    names = [
        "a.yaml",
        "../b.yaml",
        str(here / "c.yaml"),
        "../../../outside.yaml",
        str(tmp_path / "x.yaml"),
    ]
    assert repository_paths(names, here) == {
        "a.yaml": "proposals/2026/a.yaml",
        "../b.yaml": "proposals/b.yaml",
        str(here / "c.yaml"): "proposals/2026/c.yaml",
    }
    (repo / ".git").unlink()  # no repository: the working folder is the root
    assert repository_paths(names, here) == {"a.yaml": "a.yaml", str(here / "c.yaml"): "c.yaml"}


def test_cli_sarif_from_a_subfolder_is_the_same_bytes_wherever_the_repository_is(
    cli: Cli, tmp_path: Path
) -> None:
    example = (EXAMPLES / "failing-undeclared-interests.yaml").read_bytes()
    logs = []
    for where in ("one/checkout", "two"):
        repo = tmp_path / where
        (repo / ".git").mkdir(parents=True)
        (repo / "proposals").mkdir()
        (repo / "proposals" / "p.yaml").write_bytes(example)
        done = cli(
            "validate", "--as-of", AS_OF, "--format", "sarif", "p.yaml", cwd=repo / "proposals"
        )
        assert done.returncode == 1, done.stderr
        logs.append(done.stdout)
        absolute = cli(
            "validate",
            "--as-of",
            AS_OF,
            "--format",
            "sarif",
            str(repo / "proposals" / "p.yaml"),
            cwd=repo,
        )
        assert absolute.stdout == done.stdout  # however the file is named
    assert logs[0] == logs[1]
    assert str(tmp_path) not in logs[0]
    log = json.loads(logs[0])
    assert_valid(log)
    assert run_of(log)["artifacts"][0]["location"] == {
        "uri": "proposals/p.yaml",
        "uriBaseId": SRCROOT,
    }
    assert all(physical(r)["artifactLocation"]["uriBaseId"] == SRCROOT for r in results(log))
    assert run_of(log)["invocations"][0]["executionSuccessful"] is True


def test_cli_sarif_invocation_fails_for_a_file_that_could_not_be_checked(
    cli: Cli, write: Callable[..., Path], tmp_path: Path
) -> None:
    write("format_version: 1\nproject: [\n", name="bad.yaml")
    done = cli("validate", "--as-of", AS_OF, "--format", "sarif", "bad.yaml", cwd=tmp_path)
    assert done.returncode == 2
    [invocation] = run_of(json.loads(done.stdout))["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["message"]["text"].startswith("bad.yaml could not be checked: ")
