"""What a board reads is clean prose: no doubled punctuation, no parenthetical said twice, and
no pointer to a document the reader does not have, in every rule's texts and in the board
report."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest

from collabcheck.loading.yamlload import parse
from collabcheck.rulepacks.cache import pack_files
from tests.conftest import Cli
from tests.helpers import AS_OF, EXAMPLES, ROOT

PACK = ROOT / "rules" / "abpi-2024"
TEXTS = ("title", "message", "rationale", "remediation")
REFERENCE_TEXTS = ("edition", "clause", "note")

DOUBLED = re.compile(r"(?<!\.)\.\.(?!\.)|,,|;;|::|\s[.,;:](?=\s|$)")
PARENTHETICAL = re.compile(r"\(([^()]+)\)")
# The research notes behind the pack are not published with it: a reader cannot look them up.
UNSEEN = re.compile(r"(?i)\bcatalogue\b|\brow \d+\b|\bsection 1\.4\b|\bstep [1-5]\b")


@cache
def rules() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in pack_files(PACK):
        found.update((r["id"], r) for r in parse(path.read_text(encoding="utf-8")).data["rules"])
    return found


def rule_ids() -> list[str]:
    """Read without parsing the rules, so that collecting the tests holds no rule in memory."""
    ids = []
    for path in pack_files(PACK):
        ids += re.findall(r"(?m)^  - id: ([a-z0-9-]+)$", path.read_text(encoding="utf-8"))
    return ids


def texts_of(rule: dict[str, Any]) -> dict[str, str]:
    texts = {field: str(rule.get(field, "")) for field in TEXTS}
    reference = rule["reference"]
    texts.update({f"reference.{f}": str(reference.get(f, "")) for f in REFERENCE_TEXTS})
    # As reports print the reference: "edition, clause (part)".
    part = str(reference["part"]).replace("_", " ")
    texts["reference (printed)"] = f"{reference['edition']}, {reference['clause']} ({part})"
    return texts


def repeated_parenthetical(text: str) -> str | None:
    seen = [m.group(1).strip().lower() for m in PARENTHETICAL.finditer(text)]
    twice = {p for p in seen if seen.count(p) > 1}
    return min(twice) if twice else None


def defects(text: str) -> list[str]:
    found = []
    if m := DOUBLED.search(text):
        found.append(f"doubled punctuation at {text[max(0, m.start() - 30) : m.end() + 5]!r}")
    if p := repeated_parenthetical(text):
        found.append(f"the parenthetical ({p}) twice")
    if m := UNSEEN.search(text):
        found.append(f"refers to {m.group(0)!r}, which the reader does not have")
    return found


def test_the_ids_read_are_every_rule() -> None:
    assert sorted(rule_ids()) == sorted(rules())


@pytest.mark.parametrize("rule_id", rule_ids())
def test_every_rule_text_reads_cleanly(rule_id: str) -> None:
    texts = texts_of(rules()[rule_id])
    problems = [f"{field}: {d}" for field, text in texts.items() for d in defects(text)]
    assert problems == []


def test_not_checkable_reasons_read_cleanly() -> None:
    manifest = parse((PACK / "pack.yaml").read_text(encoding="utf-8")).data
    problems = [
        f"{entry['requirement']}: {d}"
        for entry in manifest["not_checkable"]
        for d in defects(str(entry["reason"]))
    ]
    assert problems == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ends twice..", "doubled punctuation"),
        ("23.2 (supplementary information) (supplementary information)", "twice"),
        ("As the requirements catalogue notes.", "reader does not have"),
        ("Ends once. Then (a) and (b).", None),
        ("An ellipsis... is fine.", None),
    ],
)
def test_the_defects_are_found(text: str, expected: str | None) -> None:
    found = defects(text)
    assert (expected is None and found == []) or any(expected in d for d in found if expected)


def test_the_board_report_has_no_doubled_full_stops(cli: Cli) -> None:
    done = cli("validate", "--as-of", AS_OF, "-f", "markdown", str(EXAMPLES))
    prose = [line for line in done.stdout.splitlines() if not line.startswith(("    ", "```"))]
    assert [line for line in prose if re.search(r"(?<!\.)\.\.(?!\.)", line)] == []
    said_twice = re.compile(r"\(([^()]+)\) \(\1\)")
    assert [line for line in done.stdout.splitlines() if said_twice.search(line)] == []
