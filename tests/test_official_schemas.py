"""Where the official SARIF schema and JUnit XSD are missing: skipped in a lone clone, a failure
in CI, so CI always validates the reports against them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import helpers


@pytest.fixture
def no_schemas(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(helpers, "SCHEMAS", tmp_path / "schemas")
    return tmp_path / "schemas" / "JUnit.xsd"


def test_a_missing_schema_skips_with_its_name(
    no_schemas: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as caught:
        helpers.official_schema("JUnit.xsd")
    assert str(no_schemas) in str(caught.value)
    assert helpers.official_schema("JUnit.xsd", required=False) is None


def test_a_missing_schema_fails_in_ci(no_schemas: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    for required in (True, False):
        with pytest.raises(pytest.fail.Exception) as caught:
            helpers.official_schema("JUnit.xsd", required=required)
        assert str(no_schemas) in str(caught.value)


def test_a_present_schema_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(helpers, "SCHEMAS", tmp_path)
    (tmp_path / "JUnit.xsd").write_text("<xs:schema/>")
    monkeypatch.setenv("CI", "true")
    assert helpers.official_schema("JUnit.xsd") == tmp_path / "JUnit.xsd"
