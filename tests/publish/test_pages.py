"""What every written document is, checked on the golden files (which tests/test_golden.py
keeps equal to what the commands write): plain English without the format's field names, and
HTML that is one self-contained, print-ready page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.publish.test_format_fields import field_names
from tests.test_golden import golden

DOCUMENTS = [golden.document_path(*case) for case in golden.document_cases()]
PAGES = [path for path in DOCUMENTS if path.suffix == ".html"]


def _name(path: Path) -> str:
    return path.relative_to(ROOT / "tests" / "golden").as_posix()


@pytest.mark.parametrize("path", DOCUMENTS, ids=_name)
def test_no_field_names_or_codes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    # Field names and vocabulary values with an underscore (start_date, lead_contact,
    # joint_working, nhs_trust) are shown as words; none is left in the text.
    assert [name for name in field_names() if name in text] == []
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text)


@pytest.mark.parametrize("path", PAGES, ids=_name)
def test_an_html_page_is_self_contained_and_ready_to_print(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>\n")
    for tag in ("<script", "<link", "<img", "<iframe", "<object", "<embed", "<form", "@import"):
        assert tag not in text
    assert " src=" not in text and "url(" not in text
    assert "@media print {" in text
    assert "default-src 'none'; style-src 'unsafe-inline'" in text
    links = re.findall(r'href="([^"]*)"', text)
    assert all(link.startswith("https://") and ".example/" in link for link in links), links
    assert "http://" not in text
