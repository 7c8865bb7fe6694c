"""Compiling conditions: the condition vocabulary's operators, one module per family, each
registering its compilers in engine/compile.py's COMPILERS. Importing this package registers
every family, so compiling through it never meets an operator without its compiler."""

from __future__ import annotations

from collabcheck.common.yamlpath import YamlPath
from collabcheck.engine import conditions as c
from collabcheck.engine.compile import COMPILERS, Check, Compiled, Scope


def compile_pair(cond: c.Condition, scope: Scope, where: YamlPath) -> Compiled:
    """The condition compiled by its operator's registered compiler."""
    return COMPILERS[type(cond)](cond, scope, where)


def compile_condition(cond: c.Condition, scope: Scope, where: YamlPath) -> Check:
    return compile_pair(cond, scope, where).check


# The families register their compilers as they are imported; they compile the conditions
# inside theirs with compile_pair above, which is why it is defined first.
from collabcheck.engine.operators import dates, lists, logic, text, values  # noqa: E402

__all__ = ["compile_condition", "compile_pair", "dates", "lists", "logic", "text", "values"]
