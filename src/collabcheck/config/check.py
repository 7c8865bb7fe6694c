"""Checking a configuration: every key known and of its type, every value one that a run can
use, with the file and line of each problem."""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from collabcheck.common.suggest import suggest
from collabcheck.config.read import (
    PYPROJECT,
    TOOL_TABLE,
    ConfigError,
    key_lines,
    parse_toml,
    read_text,
)
from collabcheck.config.settings import FailOn, RuleSetting
from collabcheck.reporters import REPORTERS
from collabcheck.results import Severity

SEVERITIES = tuple(severity.value for severity in Severity)
FAIL_ON: tuple[str, ...] = get_args(FailOn)
FORMATS = tuple(REPORTERS)

# Every key a configuration may hold, and what it is, for messages.
KEYS = {
    "builtin": "true or false: use the built-in rule pack",
    "rules": "a list of rule pack folders to use as well",
    "fail_on": f"one of {', '.join(FAIL_ON)}",
    "format": "a list of output formats, each FORMAT or FORMAT=FILE",
    "waivers": "a list of waiver files",
    "severity": "a table: rule id = severity, or rule id = {level = ..., reason = ...}",
    "disabled": "a table: rule id = the reason it is disabled",
}
RULE_KEYS = ("level", "reason")


@dataclass(frozen=True)
class Config:
    """What one configuration file sets; None: not set, so the default applies."""

    path: Path
    builtin: bool | None = None
    rules: tuple[Path, ...] | None = None
    fail_on: str | None = None
    formats: tuple[str, ...] | None = None  # FORMAT or FORMAT=FILE, FILE resolved
    waivers: tuple[str, ...] | None = None
    settings: tuple[RuleSetting, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)  # top-level key -> its line
    shadowed: Path | None = None  # a pyproject.toml beside it with [tool.collabcheck], unused

    @property
    def folder(self) -> Path:
        return self.path.parent

    def source(self, key: str) -> str:
        """Where a key is set: the file and its line."""
        line = self.lines.get(key, 0)
        return f"{self.path}:{line}" if line else str(self.path)


class _Reader:
    """Checks one configuration table, with lines for messages."""

    def __init__(self, path: Path, text: str, prefix: tuple[str, ...]) -> None:
        self.path = path
        self.prefix = prefix
        self.lines = key_lines(text)
        self.name = ".".join(prefix)

    def line(self, *keys: str) -> int:
        full = (*self.prefix, *keys)
        while full:
            if full in self.lines:
                return self.lines[full]
            full = full[:-1]
        return 0

    def error(self, message: str, *keys: str) -> ConfigError:
        return ConfigError(message, str(self.path), self.line(*keys))

    def shown(self, *keys: str) -> str:
        parts = [*self.prefix, *keys]
        return ".".join(p if re.fullmatch(r"[A-Za-z0-9_-]+", p) else repr(p) for p in parts)

    def strings(self, value: Any, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(f'{self.shown(key)} must be {KEYS[key]}, such as ["..."]', key)
        return tuple(value)

    def read(self, data: dict[str, Any]) -> Config:
        unknown = [k for k in data if k not in KEYS]
        if unknown:
            key = unknown[0]
            raise self.error(
                f"unknown configuration key {self.shown(key)}{suggest(key, list(KEYS))} "
                f"(keys: {', '.join(KEYS)})",
                key,
            )
        found: dict[str, Any] = {}
        if "builtin" in data:
            if not isinstance(data["builtin"], bool):
                raise self.error(f"{self.shown('builtin')} must be true or false", "builtin")
            found["builtin"] = data["builtin"]
        if "rules" in data:
            folders = self.strings(data["rules"], "rules")
            found["rules"] = tuple(self.path.parent / p for p in folders)
        if "fail_on" in data:
            value = data["fail_on"]
            if value not in FAIL_ON:
                raise self.error(
                    f"{self.shown('fail_on')} must be one of {', '.join(FAIL_ON)}, not "
                    f"{value!r}{suggest(str(value), list(FAIL_ON))}",
                    "fail_on",
                )
            found["fail_on"] = value
        if "format" in data:
            formats = self.strings(data["format"], "format")
            if not formats:
                raise self.error(
                    f'{self.shown("format")} lists no format: give at least one, such as ["text"]',
                    "format",
                )
            found["formats"] = tuple(self._format(f) for f in formats)
        if "waivers" in data:
            found["waivers"] = tuple(
                str(self.path.parent / p) for p in self.strings(data["waivers"], "waivers")
            )
        settings = [*self._severity(data.get("severity")), *self._disabled(data.get("disabled"))]
        both = {s.rule_id for s in settings if s.severity is None} & {
            s.rule_id for s in settings if s.severity is not None
        }
        if both:
            rule_id = sorted(both)[0]
            raise self.error(
                f"rule {rule_id!r} is both disabled and given a severity: keep one",
                "disabled",
                rule_id,
            )
        lines = {k: self.line(k) for k in data}
        return Config(self.path, settings=tuple(settings), lines=lines, **found)

    def _format(self, spec: str) -> str:
        name, eq, target = spec.partition("=")
        if name not in FORMATS:
            raise self.error(
                f"unknown format {name!r} in {self.shown('format')}{suggest(name, list(FORMATS))}"
                f" (formats: {', '.join(FORMATS)})",
                "format",
            )
        if eq and not target:
            raise self.error(f"{spec!r} in {self.shown('format')} names no file", "format")
        if not target:
            return name
        # A configuration file may be someone else's: its reports stay inside its own folder,
        # and never go through a symbolic link it could have planted.
        folder = os.path.realpath(self.path.parent)
        place = self.path.parent / target
        inside = os.path.realpath(place).startswith(os.path.join(folder, ""))
        if target == "-" or not inside or os.path.islink(place):
            raise self.error(
                f"{spec!r} in {self.shown('format')} must name a file inside the folder of "
                f"{self.path.name} (not '-', not outside it, not a symbolic link); write to "
                "another place with --format FORMAT=FILE on the command line",
                "format",
            )
        return f"{name}={place}"

    def _table(self, value: Any, key: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(f"{self.shown(key)} must be {KEYS[key]}", key)
        return value

    def _severity(self, value: Any) -> list[RuleSetting]:
        found = []
        for rule_id, entry in self._table(value, "severity").items():
            level, reason = entry, ""
            if isinstance(entry, dict):
                unknown = [k for k in entry if k not in RULE_KEYS]
                if unknown:
                    raise self.error(
                        f"unknown key {self.shown('severity', rule_id, unknown[0])}"
                        f"{suggest(unknown[0], list(RULE_KEYS))} (keys: level, reason)",
                        "severity",
                        rule_id,
                        unknown[0],
                    )
                level, reason = entry.get("level"), entry.get("reason", "")
            if level not in SEVERITIES:
                raise self.error(
                    f"the severity of {rule_id!r} must be one of {', '.join(SEVERITIES)}, not "
                    f'{level!r}: write {self.shown("severity", rule_id)} = "warning", or '
                    '{level = "warning", reason = "..."} when lowering it',
                    "severity",
                    rule_id,
                )
            if not isinstance(reason, str):
                raise self.error(
                    f"the reason for {rule_id!r} must be text", "severity", rule_id, "reason"
                )
            if isinstance(entry, dict) and "reason" in entry and not reason.strip():
                raise self.error(
                    f"the reason for changing the severity of {rule_id!r} is empty: say why",
                    "severity",
                    rule_id,
                )
            line = self.line("severity", rule_id)
            found.append(RuleSetting(rule_id, level, reason.strip(), str(self.path), line))
        return found

    def _disabled(self, value: Any) -> list[RuleSetting]:
        found = []
        for rule_id, entry in self._table(value, "disabled").items():
            reason = entry
            if isinstance(entry, dict):
                unknown = [k for k in entry if k != "reason"]
                if unknown:
                    raise self.error(
                        f"unknown key {self.shown('disabled', rule_id, unknown[0])}"
                        f"{suggest(unknown[0], ['reason'])} (key: reason)",
                        "disabled",
                        rule_id,
                    )
                reason = entry.get("reason", "")
            if not isinstance(reason, str) or not reason.strip():
                raise self.error(
                    f"disabling rule {rule_id!r} needs a reason: write "
                    f'{self.shown("disabled", rule_id)} = "why it does not apply here"',
                    "disabled",
                    rule_id,
                )
            line = self.line("disabled", rule_id)
            found.append(RuleSetting(rule_id, None, reason.strip(), str(self.path), line))
        return found


def read_config(path: Path, shadowed: Path | None = None) -> Config:
    """Read and check one configuration file; raise ConfigError with the file and line."""
    text = read_text(path)
    data = parse_toml(text, path)
    prefix: tuple[str, ...] = ()
    if path.name == PYPROJECT:
        prefix = TOOL_TABLE
        tool = data.get("tool")
        table = tool.get("collabcheck") if isinstance(tool, dict) else None
        if table is None:
            raise ConfigError(
                "has no [tool.collabcheck] table: add one, or name a collabcheck.toml", str(path)
            )
        if not isinstance(table, dict):
            raise ConfigError("tool.collabcheck must be a table", str(path))
        data = table
    config = _Reader(path, text, prefix).read(data)
    return dataclasses.replace(config, shadowed=shadowed) if shadowed else config
