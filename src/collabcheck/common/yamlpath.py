"""A place in a YAML document as a path of keys and list indexes, and its written form."""

from __future__ import annotations

import re

YamlPath = tuple[str | int, ...]


def format_path(path: YamlPath) -> str:
    """`("parties", 0, "name")` -> `parties[0].name`; the empty path is the document root."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(document)"


_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
YAML_PATH_PATTERN = rf"^{_NAME}(?:\.{_NAME}|\[(?:0|[1-9][0-9]{{0,8}})\])*$"
_PATH_PART = rf"({_NAME})|\[([0-9]+)\]"


def parse_yaml_path(text: str) -> YamlPath | None:
    """The inverse of format_path: `parties[0].name` -> `("parties", 0, "name")`; None if
    the text is not a path."""
    # Compiled when first used (re keeps it), not at import: only waivers with a path need it.
    if not re.fullmatch(YAML_PATH_PATTERN, text):
        return None
    return tuple(name if name else int(index) for name, index in re.findall(_PATH_PART, text))
