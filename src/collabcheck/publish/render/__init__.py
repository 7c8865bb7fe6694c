"""A published document (publish/document.py) written out in one format, every piece of text
from the proposal escaped for it: markdown (markdown.py) or one self-contained HTML page
(html.py)."""

from __future__ import annotations

from collections.abc import Callable

from collabcheck.publish.document import Published
from collabcheck.publish.render import html, markdown

RENDERERS: dict[str, Callable[[Published], str]] = {
    "markdown": markdown.render,
    "html": html.render,
}
