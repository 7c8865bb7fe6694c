"""A Record behaves as the typing.NamedTuple it is declared as, compared side by side."""

import copy
import pickle
import subprocess
import sys
from typing import Any, Generic, NamedTuple, TypeVar

import pytest

from collabcheck.common.records import Record

T = TypeVar("T")


class Plain(NamedTuple):
    """A line of a file."""

    file: str
    line: int
    column: int = 1
    note: str | None = None

    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    @property
    def first(self) -> bool:
        return self.line == 1


class Light(Record):
    """A line of a file."""

    file: str
    line: int
    column: int = 1
    note: str | None = None

    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    @property
    def first(self) -> bool:
        return self.line == 1


class PlainBox(NamedTuple, Generic[T]):
    value: T
    source: str


class LightBox(Record, Generic[T]):
    value: T
    source: str


class Bare(Record):
    only: int


CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    (("a.yaml", 3), {}),
    (("a.yaml", 3, 7, "n"), {}),
    (("a.yaml",), {"line": 4}),
    ((), {"file": "b", "line": 1, "note": "x"}),
    (("a.yaml", 3), {"note": None}),
]

BAD_CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    (("a.yaml",), {}),
    ((), {"note": "n"}),
    ((), {}),
    (("a", 1, 2, "n", "extra"), {}),
    (("a", 1), {"line": 2}),
    (("a", 1), {"colour": 2}),
]


def _both(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Plain, Light]:
    return Plain(*args, **kwargs), Light(*args, **kwargs)


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_a_record_is_the_named_tuple_it_is_declared_as(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    plain, light = _both(args, kwargs)
    assert isinstance(light, tuple)
    assert tuple(light) == tuple(plain) and light == plain and hash(light) == hash(plain)
    assert repr(light) == repr(plain).replace("Plain(", "Light(")
    assert light._asdict() == plain._asdict()
    assert light._replace(line=9) == plain._replace(line=9)
    assert type(light._replace(line=9)) is Light
    assert Light._make(tuple(plain)) == light and type(Light._make(plain)) is Light
    assert (light.file, light.line, light.column, light.note) == tuple(plain)
    assert light.where() == plain.where() and light.first == plain.first
    file, line, column, note = light
    assert (file, line, column, note) == tuple(plain)
    assert light[1:] == plain[1:]


def test_the_class_says_what_a_named_tuple_says() -> None:
    assert Light._fields == Plain._fields
    assert Light._field_defaults == Plain._field_defaults
    assert Light.__match_args__ == Plain.__match_args__
    assert Light.__doc__ == Plain.__doc__ == "A line of a file."
    assert Bare.__doc__ == "Bare(only)"
    assert Light.__module__ == Plain.__module__ == __name__
    assert Light.__qualname__ == "Light"
    assert Light.__annotations__.keys() == Plain.__annotations__.keys()
    assert Light.line.__doc__ == Plain.line.__doc__
    assert Light.__mro__ == (Light, tuple, object)


def test_a_record_matches_a_class_pattern() -> None:
    match Light("a", 2, 5):
        case Light(file, line, column):
            assert (file, line, column) == ("a", 2, 5)
        case _:  # pragma: no cover
            pytest.fail("no match")


def test_a_record_survives_pickle_and_copy() -> None:
    light = Light("a.yaml", 3, 4, "n")
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(light, protocol))
        assert back == light and type(back) is Light
    assert copy.copy(light) == light and copy.deepcopy(light) == light


@pytest.mark.parametrize(("args", "kwargs"), BAD_CALLS)
def test_a_wrong_call_is_refused_as_a_named_tuple_refuses_it(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    with pytest.raises(TypeError) as plain:
        Plain(*args, **kwargs)
    with pytest.raises(TypeError) as light:
        Light(*args, **kwargs)
    assert str(light.value).replace("Light.", "Plain.") == str(plain.value)


def test_every_missing_field_is_named_as_python_names_it() -> None:
    class Three(NamedTuple):
        a: int
        b: int
        c: int

    class LightThree(Record):
        a: int
        b: int
        c: int

    for args in [(), (1,), (1, 2), (1, 2, 3, 4)]:
        with pytest.raises(TypeError) as plain:
            Three(*args)
        with pytest.raises(TypeError) as light:
            LightThree(*args)
        assert str(light.value).replace("LightThree.", "Three.") == str(plain.value)


def test_replace_refuses_a_field_the_record_does_not_have() -> None:
    with pytest.raises(ValueError, match="unexpected field names: \\['colour'\\]"):
        Light("a", 1)._replace(colour=2)
    with pytest.raises(TypeError, match="Expected 4 arguments, got 2"):
        Light._make(("a", 1))


def test_a_generic_record_is_subscripted_as_typing_subscripts_it() -> None:
    assert LightBox(True, "default") == PlainBox(True, "default")
    assert LightBox.__parameters__ == PlainBox.__parameters__ == (T,)
    assert type(LightBox[bool]) is type(PlainBox[bool])
    assert LightBox[bool]("x", "y") == ("x", "y")


def test_a_class_body_is_checked_as_typing_checks_it() -> None:
    with pytest.raises(TypeError, match="Non-default namedtuple field line cannot follow"):

        class Backwards(Record):
            file: str = "a"
            line: int

    with pytest.raises(AttributeError, match="Cannot overwrite NamedTuple attribute _replace"):

        class Overwrites(Record):
            file: str

            def _replace(self) -> None: ...

    with pytest.raises(TypeError, match="only inherit from Record and Generic"):

        class Mixed(Record, int):  # type: ignore[misc]
            file: str


def test_defining_a_record_compiles_nothing() -> None:
    """The point of Record: no compile() (collections.namedtuple evals each `__new__`)."""
    code = (
        "import builtins\n"
        "from collabcheck.common.records import Record\n"
        "def refuse(*args, **kwargs):\n"
        "    raise AssertionError('compiled')\n"
        "builtins.eval = builtins.compile = builtins.exec = refuse\n"
        "class Point(Record):\n"
        "    x: int\n"
        "    y: int = 0\n"
        "print(Point(1), Point(x=2, y=3))\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert found.stdout == "Point(x=1, y=0) Point(x=2, y=3)\n"
