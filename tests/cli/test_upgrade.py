"""`collabcheck upgrade`, run as a user runs it: the upgraded proposal on standard output, or in
another file, and the input never changed."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli
from tests.helpers import AS_OF, MINIMAL

VERSION_1 = MINIMAL + "safeguards:\n  # Confirmed by the board.\n  linked_to_prescribing: false\n"


def test_upgrade_prints_a_version_2_proposal_that_validates(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(VERSION_1, encoding="utf-8")
    before = cli("validate", "--as-of", AS_OF, "old.yaml", cwd=tmp_path)
    assert "proposal-format-current" in before.stdout
    assert "collabcheck upgrade FILE" in before.stdout

    done = cli("upgrade", "old.yaml", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert "format_version: 2\n" in done.stdout
    assert "  # Confirmed by the board.\n  prescribing_link:\n    kind: none\n" in done.stdout
    assert (tmp_path / "old.yaml").read_text(encoding="utf-8") == VERSION_1

    (tmp_path / "new.yaml").write_text(done.stdout, encoding="utf-8")
    after = cli("validate", "--as-of", AS_OF, "--format", "json", "new.yaml", cwd=tmp_path)
    assert after.returncode in (0, 1), after.stderr
    report = json.loads(after.stdout)["files"][0]
    assert report["problems"] == []
    outcomes = {f["rule_id"]: f["outcome"] for f in report["findings"]}
    assert outcomes["proposal-format-current"] == "pass"


def test_upgrade_to_a_file_and_never_over_the_input(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(VERSION_1, encoding="utf-8")
    done = cli("upgrade", "old.yaml", "-o", "new.yaml", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == "collabcheck: wrote the format version 2 form of old.yaml to new.yaml\n"
    assert "format_version: 2" in (tmp_path / "new.yaml").read_text(encoding="utf-8")

    refused = cli("upgrade", "old.yaml", "--output", "old.yaml", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.startswith("collabcheck: will not write over the input old.yaml")
    assert (tmp_path / "old.yaml").read_text(encoding="utf-8") == VERSION_1


def test_upgrade_reports_an_invalid_proposal_and_needs_a_file(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(VERSION_1.replace("kind: nhs_trust", "kind: trust"))
    done = cli("upgrade", "bad.yaml", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("bad.yaml:11:11: parties[0].kind: 'trust' is not one of")
    missing = cli("upgrade", cwd=tmp_path)
    assert missing.returncode == 2 and "FILE" in missing.stderr
