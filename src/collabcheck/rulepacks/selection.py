"""The rule packs of one run: the built-in pack and any others, with configuration applied.

Configuration may raise or lower a rule's severity and disable rules. Lowering a severity or
disabling a rule needs a written reason (checked where the configuration is read, and again
here, where the rule's own severity is known). A rule whose reference is unverified is never
raised to an error, as a pack may not make it one. A disabled rule gets no finding, but it is
still evaluated when a rule that requires it, or a pack it gates, needs its outcome: disabling
a rule removes its finding and changes nothing else.
"""

from __future__ import annotations

from collabcheck.common.problems import FileProblem
from collabcheck.common.suggest import suggest
from collabcheck.config.settings import PackSelection, RuleSetting
from collabcheck.engine.evaluate import CompiledRule
from collabcheck.results import PackInfo, RuleChange, Severity
from collabcheck.rulepacks.load import load_packs
from collabcheck.rulepacks.pack import Pack, PackError, builtin_pack_dir


def _problem(setting: RuleSetting, message: str) -> FileProblem:
    return FileProblem(message, setting.file, max(setting.line, 1), 0)


def _change(
    setting: RuleSetting, compiled: CompiledRule
) -> tuple[RuleChange | None, FileProblem | None]:
    """The change a setting makes to one rule, or the problem with it."""
    rule = compiled.rule
    original = Severity(rule.severity)
    reason = setting.reason.strip()
    if setting.severity is None:
        if not reason:
            return None, _problem(
                setting, f"disabling rule {rule.id!r} needs a reason: say why it does not apply"
            )
        return RuleChange(rule.id, original, None, reason, setting.source), None
    severity = Severity(setting.severity)
    if severity is original:
        return None, None
    if severity.rank < original.rank and not reason:
        return None, _problem(
            setting,
            f"lowering rule {rule.id!r} from {original} to {severity} needs a reason: write "
            f'level = "{severity}", reason = "..." in its [severity] entry',
        )
    if severity is Severity.ERROR and not compiled.reference.verified:
        return None, _problem(
            setting,
            f"rule {rule.id!r} cannot be raised to error: its reference is unverified "
            "(UNVERIFIED), and only a verified requirement can make a proposal fail as an error",
        )
    return RuleChange(rule.id, original, severity, reason, setting.source), None


def apply_settings(pack: Pack, settings: tuple[RuleSetting, ...]) -> Pack:
    """The pack with configuration's severity overrides and disabled rules applied."""
    if not settings:
        return pack
    by_id = {c.rule.id: c for c in pack.rules}
    ids = list(by_id)
    problems: list[FileProblem] = []
    changes: dict[str, RuleChange] = {}
    for setting in settings:
        compiled = by_id.get(setting.rule_id)
        if compiled is None:
            what = "disables" if setting.severity is None else "sets the severity of"
            problems.append(
                _problem(
                    setting,
                    f"configuration {what} {setting.rule_id!r}, which is not a rule in "
                    f"{pack.info.label()}{suggest(setting.rule_id, ids)} (collabcheck rules "
                    "list shows every rule; if --rules replaced the pack that has it, add "
                    "--no-config to leave the configuration out)",
                )
            )
            continue
        change, problem = _change(setting, compiled)
        if problem is not None:
            problems.append(problem)
        elif change is not None:
            changes[change.rule_id] = change
    if problems:
        raise PackError(problems, "configuration error")
    rules = []
    for compiled in pack.rules:
        change = changes.get(compiled.rule.id)
        if change is not None and change.severity is not None:
            rule = compiled.rule._replace(severity=change.severity.value)
            compiled = compiled._replace(rule=rule)
        rules.append(compiled)
    hidden = frozenset(c.rule_id for c in changes.values() if c.severity is None)
    reported = tuple(c.info for c in rules if c.rule.id not in hidden)
    ordered = tuple(changes[c.rule.id] for c in pack.rules if c.rule.id in changes)
    info = pack.info._replace(rules=reported, rule_count=len(reported), changes=ordered)
    return pack.adjusted(info, rules, hidden)


def load_selection(selection: PackSelection, *, apply_disabled: bool = True) -> Pack:
    """The packs a selection names, loaded together, with its settings applied. With
    `apply_disabled` False, disabled rules stay in (rule tests run every rule's cases)."""
    directories = selection.directories(builtin_pack_dir())
    if not directories:
        raise PackError(
            [
                FileProblem(
                    "no rule pack to use: the built-in pack is turned off and no other pack is "
                    "given; name one with --rules DIR or rules = [...] in the configuration",
                    "",
                )
            ],
            "configuration error",
        )
    settings = selection.settings
    if not apply_disabled:
        settings = tuple(s for s in settings if s.severity is not None)
    return apply_settings(load_packs(directories), settings)


def pack_infos(info: PackInfo) -> tuple[PackInfo, ...]:
    """Each pack a run uses: the one, or the several combined."""
    return info.packs or (info,)


__all__ = ["apply_settings", "load_selection", "pack_infos"]
