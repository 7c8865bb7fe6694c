from __future__ import annotations

import io
import json
from datetime import date

from collabcheck.commands.run import run
from collabcheck.config.settings import Options, Output
from tests.helpers import AS_OF, EXAMPLES


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_goes_to_a_terminal_stderr_and_never_into_machine_output() -> None:
    out, err = io.StringIO(), Terminal()
    options = Options(
        [str(EXAMPLES)],
        date.fromisoformat(AS_OF),
        outputs=(Output("json"),),
        stdout=out,
        stderr=err,
    )
    run(options)
    assert "Checking proposals" in err.getvalue()
    assert len(json.loads(out.getvalue())["files"]) == len(list(EXAMPLES.glob("*.yaml")))


def test_no_progress_when_stderr_is_not_a_terminal() -> None:
    out, err = io.StringIO(), io.StringIO()
    run(
        Options(
            [str(EXAMPLES)],
            date.fromisoformat(AS_OF),
            outputs=(Output("json"),),
            stdout=out,
            stderr=err,
        )
    )
    assert err.getvalue() == ""
