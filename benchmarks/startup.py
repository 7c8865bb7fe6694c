"""How long `collabcheck validate` takes to check one example, next to the import floor.

    python benchmarks/startup.py [--repeat 15]

The commands run interleaved, one of each per round, so that a busy moment slows all of them
alike; each row is the median. One untimed round comes first. This is a measurement, not a
test: it prints figures and checks nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "examples" / "heart-failure-joint-working.yaml")
# The installed command, as a user runs it; `python -m` would add the cost of runpy.
_SCRIPT = Path(sys.executable).with_name("collabcheck")
_COLLABCHECK = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "collabcheck"]
VALIDATE = [*_COLLABCHECK, "validate", "--as-of", "2026-11-22"]

# What validating with pydantic costs before any proposal is read: defining a first model
# loads pydantic's schema machinery, and the proposal format is some forty models.
ONE_MODEL = "import yaml, pydantic\nclass A(pydantic.BaseModel):\n    x: int"
PROPOSAL_MODELS = "import yaml, pydantic, collabcheck.proposal.model"

# The same run with the command line read by typer, as every command other than an ordinary
# `validate` is: what the launcher's typer-free reader saves.
THROUGH_TYPER = (
    "import sys; from collabcheck.cli.app import main; "
    f"sys.argv = ['collabcheck', 'validate', '--as-of', '2026-11-22', {EXAMPLE!r}]; main()"
)

COMMANDS = {
    "import yaml, pydantic": [sys.executable, "-c", "import yaml, pydantic"],
    "import yaml, pydantic, typer": [sys.executable, "-c", "import yaml, pydantic, typer"],
    "... + one pydantic model": [sys.executable, "-c", ONE_MODEL],
    "... + the proposal format's models": [sys.executable, "-c", PROPOSAL_MODELS],
    "validate (text)": [*VALIDATE, EXAMPLE],
    "validate (text), read by typer": [sys.executable, "-c", THROUGH_TYPER],
    "validate -f json": [*VALIDATE, "-f", "json", EXAMPLE],
}


def _seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, env=env, check=False, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    repeat = parser.parse_args().repeat
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode is written once, as after an install
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for round_ in range(repeat + 1):
        for name, command in COMMANDS.items():
            taken = _seconds(command, env)
            if round_:
                times[name].append(taken)
    for name, taken in times.items():
        print(f"{name:<36} {statistics.median(taken) * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
