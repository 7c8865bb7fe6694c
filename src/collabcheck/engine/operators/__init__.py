"""The condition vocabulary's operators, one module per family, each compiler registered in
engine/compile.py's COMPILERS by the condition model it compiles. Importing this package
registers them all."""

from collabcheck.engine.operators import dates, lists, logic, values

__all__ = ["dates", "lists", "logic", "values"]
