"""Text from a proposal is data in every document format: it cannot add markup, links, script,
headings, list items or table cells, and control and bidirectional-override characters are
shown as escapes."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it.token import Token

from tests.conftest import Cli
from tests.helpers import AS_OF, EXAMPLES
from tests.hostile.formats import MD, assert_markdown_is_inert
from tests.publish.conftest import Changed

HOSTILE = (
    "Evil <script>alert(1)</script> \"onload=alert(1) x=' & co \u202e\x1b[31m | cell | "
    "[link](https://evil.example) ![i](https://evil.example/i.png) www.evil.example "
    "someone@evil.example ::error::pwned ##[group]"
)
LINES = "first line\n# heading\n- item\n| a | b |\n---\n<b>bold</b>\n::error::x"
EXAMPLE = "heart-failure-joint-working"


def _hostile(data: dict[str, Any]) -> None:
    data["project"]["title"] = HOSTILE
    data["project"]["rationale"] = LINES
    data["objectives"][0] = HOSTILE
    data["benefits"]["patients"][0] = LINES
    party = data["parties"][0]
    party["name"] = HOSTILE
    party["lead_contact"]["name"] = HOSTILE
    party["lead_contact"]["email"] = HOSTILE
    party["responsibilities"][0] = HOSTILE
    data["contributions"][0]["description"] = HOSTILE
    data["governance"]["summary"]["published_url"] = "javascript:alert(1)"


def _write(cli: Cli, path: Path, fmt: str) -> str:
    done = cli("summary", "--no-config", "--as-of", AS_OF, "--draft", "-f", fmt, str(path))
    assert done.returncode == 0, done.stderr
    return done.stdout


def _shape(tokens: list[Token]) -> list[tuple[str, int]]:
    """Headings, list items and table cells, by kind and depth: what markup could add."""
    kinds = ("heading_open", "list_item_open", "td_open", "th_open", "hr", "blockquote_open")
    return [(t.type, t.level) for t in tokens if t.type in kinds]


@pytest.fixture
def hostile(changed: Changed) -> Path:
    return changed(EXAMPLE, _hostile)


def test_markdown_escapes_every_piece_of_proposal_text(cli: Cli, hostile: Path) -> None:
    benign = MD.parse(_write(cli, EXAMPLES / f"{EXAMPLE}.yaml", "markdown"))
    text = _write(cli, hostile, "markdown")
    tokens = assert_markdown_is_inert(text)  # no HTML, image, link, autolink or raw control
    assert _shape(tokens) == _shape(benign)
    assert not [t for t in tokens if t.type == "link_open"]  # javascript: is never a link
    rendered = MD.render(text)
    assert "<script" not in rendered and "<b>" not in rendered
    assert "Evil &lt;script&gt;alert(1)&lt;/script&gt;" in rendered  # shown as written
    assert "\\u202e\\x1b" in text
    assert "##[" not in text and "\n::" not in text


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


ALLOWED = {
    "html": {"lang"},
    "head": set(),
    "meta": {"charset", "http-equiv", "content", "name"},
    "title": set(),
    "style": set(),
    "body": set(),
    "div": {"class", "aria-hidden"},
    "p": {"class"},
    "h1": set(),
    "h2": set(),
    "section": set(),
    "strong": set(),
    "ul": set(),
    "li": set(),
    "table": set(),
    "thead": set(),
    "tbody": set(),
    "tr": set(),
    "th": set(),
    "td": set(),
    "a": {"href"},
    "footer": set(),
    "dl": set(),
    "dt": set(),
    "dd": set(),
}


def test_html_escapes_every_piece_of_proposal_text(cli: Cli, hostile: Path) -> None:
    text = _write(cli, hostile, "html")
    page = _Page()
    page.feed(text)
    for tag, attrs in page.tags:
        assert tag in ALLOWED, tag
        assert {name for name, _ in attrs} <= ALLOWED[tag], (tag, attrs)
    hrefs = [value for tag, attrs in page.tags for name, value in attrs if name == "href"]
    assert hrefs == []  # the only address given is javascript:, never a link
    assert "<script" not in text
    assert (
        "Evil &lt;script&gt;alert(1)&lt;/script&gt; &quot;onload=alert(1) x=&#x27; &amp; co" in text
    )
    assert "\u202e" not in text and "\x1b" not in text
    assert "\\u202e\\x1b[31m" in text
    assert "##[" not in text and "\n::" not in text
    assert "first line # heading - item | a | b | --- &lt;b&gt;bold&lt;/b&gt;" in text
