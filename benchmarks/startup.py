"""How long collabcheck takes to start: one example checked, --version, --help and rules
list, next to `python -c pass`, the import floor and yamllint.

    python benchmarks/startup.py [--repeat 15] [--baseline OTHER/bin/collabcheck]

The commands run interleaved, one of each per round, so that a busy moment slows all of them
alike; each row is the median and the range of the CPU time (user + sys) and of the wall time.
One untimed round comes first. `--baseline` adds a row for each collabcheck command run by
another installation (another version, in its own virtualenv), for a before-and-after. This is a
measurement, not a test: it prints figures and checks nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from measure import Run, run_once, shown, spread, tool

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
    "python -c pass": [sys.executable, "-c", "pass"],
    "import yaml, pydantic": [sys.executable, "-c", "import yaml, pydantic"],
    "import yaml, pydantic, typer": [sys.executable, "-c", "import yaml, pydantic, typer"],
    "... + one pydantic model": [sys.executable, "-c", ONE_MODEL],
    "... + the proposal format's models": [sys.executable, "-c", PROPOSAL_MODELS],
    "validate (text)": [*VALIDATE, EXAMPLE],
    "validate (text), read by typer": [sys.executable, "-c", THROUGH_TYPER],
    "validate -f json": [*VALIDATE, "-f", "json", EXAMPLE],
}

# The commands that do not check a proposal, by what follows `collabcheck`.
OTHERS = {
    "--version": ["--version"],
    "--help": ["--help"],
    "validate --help": ["validate", "--help"],
    "rules list": ["rules", "list", "--no-config"],
    "rules list -f json": ["rules", "list", "--no-config", "-f", "json"],
}


def commands(baseline: str | None) -> dict[str, list[str]]:
    chosen = dict(COMMANDS)
    chosen.update({name: [*_COLLABCHECK, *args] for name, args in OTHERS.items()})
    yamllint = tool("yamllint")
    if yamllint:
        chosen["yamllint (default configuration)"] = [yamllint, EXAMPLE]
    else:
        print("yamllint is not installed: its row is skipped", flush=True)
    if baseline:
        ours = {"validate (text)": ["validate", "--as-of", "2026-11-22", EXAMPLE]}
        ours.update(OTHERS)
        chosen.update({f"{name} (baseline)": [baseline, *args] for name, args in ours.items()})
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--baseline",
        metavar="COMMAND",
        help="another installation's collabcheck command, timed beside this one",
    )
    args = parser.parse_args()
    chosen = commands(args.baseline)
    runs: dict[str, list[Run]] = {name: [] for name in chosen}
    for round_ in range(args.repeat + 1):
        for name, command in chosen.items():
            run = run_once(command, ROOT)
            if round_:
                runs[name].append(run)
    print(f"medians [ranges] of {args.repeat} rounds")
    print(f"{'':<40} {'CPU (user + sys)':>20} {'wall':>20}")
    for name, taken in runs.items():
        cpu = shown(spread([r.cpu_s for r in taken]))
        wall = shown(spread([r.wall_s for r in taken]))
        print(f"{name:<40} {cpu:>20} {wall:>20}")


if __name__ == "__main__":
    main()
