"""Compiling conditions: the condition vocabulary's operators, one module per family, each
registering its compilers in engine/compile.py's COMPILERS. Importing this package registers
every family, so compiling through it never meets an operator without its compiler.

A condition is compiled from plain data (engine/specs.py); a model, as a test may hold one, is
turned into that data first."""

from __future__ import annotations

from typing import Any

from collabcheck.common.yamlpath import YamlPath
from collabcheck.engine.compile import COMPILERS, Check, Checked, Compiled, operator_of
from collabcheck.engine.specs import plain


def compile_pair(cond: Any, scope: Checked, where: YamlPath) -> Compiled:
    """The condition compiled by its operator's registered compiler. Raises RuleError for a
    mistake the checks find, KeyError, TypeError or ValueError for what is not a condition."""
    name, args = operator_of(plain(cond))
    return COMPILERS[name](args, scope, where)


def compile_condition(cond: Any, scope: Checked, where: YamlPath) -> Check:
    return compile_pair(cond, scope, where).check


# The families register their compilers as they are imported; they compile the conditions
# inside theirs with compile_pair above, which is why it is defined first.
from collabcheck.engine.operators import dates, lists, logic, text, values  # noqa: E402

__all__ = ["compile_condition", "compile_pair", "dates", "lists", "logic", "text", "values"]
