"""Side-by-side timings of collabcheck, its import floor, the YAML parsing floor, yamllint and
check-jsonschema on generated corpora of 1, 100, 1,000 and 10,000 proposals, and of the
commands that check nothing (--version, --help, rules list) beside `python -c pass`.

    python benchmarks/bench.py [--sizes 1,100,1000,10000] [--repeat 5] [--out FILE]
                               [--checker-up-to N] [--baseline PYTHON]
    python benchmarks/bench.py --summarise FILE

Needs collabcheck installed in the running Python, and yamllint and check-jsonschema on PATH
for the comparisons (benchmarks/requirements.txt); without them those rows are reported as
skipped. Every row gives the CPU time (user + sys) and the wall time, each as a median with its
range. The summary compares each figure with its target. This is a measurement, not a test:
it prints figures and writes them to a results file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from measure import GNU_TIME, Run, peak_of_all_processes, run_once, spread, tool

from collabcheck import __version__
from collabcheck.loading.inputs import read_text
from collabcheck.loading.yamlload import parse
from collabcheck.proposal.model import Proposal

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
AS_OF = "2026-11-22"

PARSE_FLOOR = """
import sys, yaml
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        yaml.load(handle.read(), Loader=loader)
"""


def _vary(data: Any, rng: random.Random, n: int) -> Any:
    """Change prose and amounts so that no two generated proposals are the same. Names from the
    format's fixed lists (`joint_working`, `nhs_trust`), dates and addresses stay as they are,
    so every generated proposal is as valid as the example it comes from (years stay too)."""
    if isinstance(data, dict):
        return {k: _vary(v, rng, n) for k, v in data.items()}
    if isinstance(data, list):
        return [_vary(v, rng, n) for v in data]
    if isinstance(data, str) and len(data) > 20 and " " in data and "://" not in data:
        return f"{data} (variant {n}-{rng.randint(0, 9999)})"
    if isinstance(data, int) and not isinstance(data, bool) and data > 100 and data // 100 != 20:
        return data + rng.randint(0, 5000)
    return data


# One rule that every proposal passes: timing collabcheck with it shows what everything but
# the rule pack's content costs (reading, YAML, validation, findings, report).
ONE_RULE_PACK = {
    "pack.yaml": "name: one-rule\nversion: 1.0.0\ntitle: One rule, for timing\n",
    "rules.yaml": """\
rules:
  - id: title-given
    title: The project has a title
    severity: error
    reference:
      edition: ABPI Code of Practice 2024
      clause: "20"
      part: main_text
      source_url: https://www.pmcpa.org.uk/
      verified: true
    rationale: Only for timing.
    remediation: Give project.title.
    message: The project needs a title
    implements: [written-agreement]
    check:
      present: project.title
""",
}


def generate(directory: Path, count: int, examples: list[Path] | None = None) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    sources = [parse(read_text(str(p))).data for p in examples or EXAMPLES]
    paths = []
    for n in range(count):
        rng = random.Random(n)
        data = _vary(sources[n % len(sources)], rng, n)
        data["project"]["reference"] = f"BENCH-{n:05}"
        path = directory / f"proposal-{n:05}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
        paths.append(path)
    return paths


@dataclass
class Timed:
    name: str
    command: list[str]
    repeat: int
    env: dict[str, str] | None = None
    # Each run with a cache folder of its own, new and empty: the first run after an install.
    empty_cache: bool = False


def _run(timed: Timed, cwd: Path) -> Run:
    if not timed.empty_cache:
        return run_once(timed.command, cwd, timed.env)
    with tempfile.TemporaryDirectory(prefix="collabcheck-cache-") as cache:
        return run_once(timed.command, cwd, {**(timed.env or {}), "XDG_CACHE_HOME": cache})


def measure(commands: list[Timed], cwd: Path) -> list[dict[str, Any]]:
    """Each command's median and range of its runs. The commands take turns, one run of each
    per round, so that a slow minute on a shared machine slows all of them alike rather than
    one of them, and the ratios between them stay fair."""
    for timed in commands:
        if timed.repeat > 1:  # a warm-up run, not counted: bytecode, file system, rule-pack cache
            _run(timed, cwd)
    runs: dict[str, list[Run]] = {timed.name: [] for timed in commands}
    for round_ in range(max(timed.repeat for timed in commands)):
        for timed in commands:
            if round_ < timed.repeat:
                runs[timed.name].append(_run(timed, cwd))
    rows = []
    for timed in commands:
        done = runs[timed.name]
        cpu, wall = spread([r.cpu_s for r in done]), spread([r.wall_s for r in done])
        row = {
            "name": timed.name,
            "median_s": wall["median"],
            "min_s": wall["min"],
            "max_s": wall["max"],
            "cpu_median_s": cpu["median"],
            "cpu_min_s": cpu["min"],
            "cpu_max_s": cpu["max"],
            "runs": timed.repeat,
            "cpu_runs_s": [round(r.cpu_s, 4) for r in done],  # in round order, for paired ratios
            "peak_rss_mb": max(r.peak_rss_mb for r in done),
            "exit_code": done[0].exit_code,
        }
        print(
            f"  {timed.name:<58} {_range(row, 'cpu_')} CPU  {_range(row, '')} wall  "
            f"{row['peak_rss_mb']:>5} MB",
            flush=True,
        )
        rows.append(row)
    return rows


def _range(row: dict[str, Any], kind: str) -> str:
    """`0.123 s [0.110-0.140]`."""
    median, low, high = (row[f"{kind}{k}_s"] for k in ("median", "min", "max"))
    return f"{median:>7.3f} s [{low:.3f}-{high:.3f}]"


def _machine() -> str:
    """CPU model, CPU count and operating system: enough to compare figures, nothing more."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            ]
        model = names[0] if names else model
    except OSError:
        pass
    return f"{model} ({platform.machine()}), {os.cpu_count()} CPUs, {platform.system()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,100,1000,10000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "latest.json"))
    parser.add_argument(
        "--checker-up-to",
        type=int,
        default=None,
        metavar="N",
        help="time check-jsonschema only on corpora of at most N files (it needs about a minute "
        "per 1,000 files on a small machine)",
    )
    parser.add_argument(
        "--baseline",
        metavar="PYTHON",
        help="the Python of another installation of collabcheck (another version, in its own "
        "virtualenv): its one-proposal runs, with the cache and with an empty one, are timed "
        "beside this one's",
    )
    parser.add_argument(
        "--examples",
        metavar="DIR",
        help="make the corpora from the proposals in DIR instead of examples/ (with --baseline: "
        "the examples of the older version, which both versions can read)",
    )
    parser.add_argument(
        "--summarise",
        metavar="FILE",
        help="print the summary of a results file written before, and run nothing",
    )
    args = parser.parse_args()
    if args.summarise:
        summarise(json.loads(Path(args.summarise).read_text("utf-8"))["rows"])
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    checker = tool("check-jsonschema")
    if not checker:
        print("check-jsonschema is not installed: its rows are skipped", flush=True)
    yamllint = tool("yamllint")
    if not yamllint:
        print("yamllint is not installed: its rows are skipped", flush=True)
    # The console script, as a user runs it; `python -m` would add the cost of runpy.
    script = Path(sys.executable).with_name("collabcheck")
    program = [str(script)] if script.is_file() else [sys.executable, "-m", "collabcheck"]
    collabcheck = [*program, "validate", "--as-of", AS_OF]
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="collabcheck-bench-") as tmp:
        work = Path(tmp)
        schema = work / "proposal.schema.json"
        schema.write_text(json.dumps(Proposal.model_json_schema()), "utf-8")
        one_rule = work / "one-rule-pack"
        one_rule.mkdir()
        for name, text in ONE_RULE_PACK.items():
            (one_rule / name).write_text(text, "utf-8")
        for size in sizes:
            examples = sorted(Path(args.examples).glob("*.yaml")) if args.examples else None
            corpus = generate(work / str(size), size, examples)
            files = [str(p) for p in corpus]
            target = files[0] if size == 1 else str(work / str(size))
            repeat = args.repeat if size <= 1000 else max(1, args.repeat // 2)
            print(f"{size} proposal(s), {repeat} rounds:", flush=True)
            commands: list[Timed] = []

            def add(
                name: str,
                command: list[str],
                repeat: int = repeat,
                env: dict[str, str] | None = None,
                empty_cache: bool = False,
                commands: list[Timed] = commands,
            ) -> None:
                commands.append(Timed(name, command, repeat, env, empty_cache))

            if size == 1:
                add("python -c pass", [sys.executable, "-c", "pass"])
                add(
                    "import floor: python -c 'import yaml, pydantic'",
                    [sys.executable, "-c", "import yaml, pydantic"],
                )
                add("collabcheck --version", [*program, "--version"])
                add("collabcheck --help", [*program, "--help"])
                add("collabcheck rules list", [*program, "rules", "list", "--no-config"])
            add("collabcheck validate (text)", [*collabcheck, target])
            if size == 1:
                add("first run, empty cache", [*collabcheck, target], empty_cache=True)
                # A cache folder that cannot exist: the rule pack is read from its YAML.
                add(
                    "collabcheck validate (text), rule-pack cache unusable",
                    [*collabcheck, target],
                    env={"XDG_CACHE_HOME": str(schema)},
                )
                if args.baseline:
                    other = Path(args.baseline).with_name("collabcheck")
                    start = (
                        [str(other)] if other.is_file() else [args.baseline, "-m", "collabcheck"]
                    )
                    before = [*start, "validate", "--as-of", AS_OF]
                    add("baseline: collabcheck validate (text)", [*before, target])
                    add("baseline: first run, empty cache", [*before, target], empty_cache=True)
            add("collabcheck validate --format json", [*collabcheck, "-f", "json", target])
            if size > 1:
                markdown = [*collabcheck, "-f", "markdown", target]
                add("collabcheck validate --format markdown", markdown)
                add(
                    "collabcheck validate --format json --jobs 2",
                    [*collabcheck, "-f", "json", "-j", "2", target],
                )
                # --no-waivers: the examples' waivers name rules that this pack does not have
                add(
                    "collabcheck json, one-rule pack, no waivers",
                    [*collabcheck, "-f", "json", "--rules", str(one_rule), "--no-waivers", target],
                )
                add(
                    "parsing floor: yaml.load(CSafeLoader) over the files",
                    [sys.executable, "-c", PARSE_FLOOR, *files],
                )
            if yamllint:
                # Its default configuration, as a pre-commit hook without a .yamllint has it.
                add("yamllint (default configuration)", [yamllint, *files])
            if checker and (args.checker_up_to is None or size <= args.checker_up_to):
                add(
                    "check-jsonschema --schemafile proposal.schema.json",
                    [checker, "--schemafile", str(schema), *files],
                    repeat=max(1, repeat // 2),
                )
            rows += [{"size": size, **row} for row in measure(commands, work)]
            if size > 1:
                rows += _outcomes(size, [*collabcheck, "-f", "json"], target, work)
    result = {
        "collabcheck_version": __version__,
        "python": platform.python_version(),
        "machine": _machine(),
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "peak_rss_from": "GNU time" if GNU_TIME else "wait4 (includes the benchmark's own size)",
        "check_jsonschema": checker is not None,
        "yamllint": yamllint is not None,
        "rows": rows,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    summarise(rows)
    print(f"\nfigures written to {out}")
    return 0


def _outcomes(size: int, json_run: list[str], target: str, work: Path) -> list[dict[str, Any]]:
    """What the corpus gave, whether --jobs 2 writes the same, and the memory of all of a
    --jobs 2 run's processes together (one more run, not timed)."""
    serial = subprocess.run([*json_run, target], capture_output=True)
    parallel = subprocess.run([*json_run, "-j", "2", target], capture_output=True)
    same = serial.stdout == parallel.stdout
    summary = json.loads(serial.stdout)["summary"]
    # A corpus of invalid files would time error reporting, not rule checking.
    print(f"  outcomes: {summary}", flush=True)
    print(f"  --jobs 2 output identical to serial: {same}", flush=True)
    memory = peak_of_all_processes([*json_run, "-j", "2", target], work)
    print(
        f"  --jobs 2, all {memory['processes']} processes together: "
        f"{memory['peak_together_mb']} MB at the highest moment seen, "
        f"{memory['sum_of_peaks_mb']} MB as the sum of each one's peak",
        flush=True,
    )
    return [
        {"size": size, "name": "outcomes", "value": summary},
        {"size": size, "name": "jobs 2 output identical", "value": same},
        {"size": size, "name": "jobs 2 memory, all processes", "value": memory},
    ]


def _figure(rows: list[dict[str, Any]], size: int, prefix: str, kind: str) -> float | None:
    for row in rows:
        if row["size"] == size and row["name"].startswith(prefix) and f"{kind}median_s" in row:
            return float(row[f"{kind}median_s"])
    return None


def targets(rows: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """Each target of the start-up and throughput work, what was measured against it (CPU, then
    wall time), and whether it is met (by CPU time, the steadier of the two)."""
    found: list[tuple[str, str, str]] = []

    def ratio(what: str, size: int, ours: str, base: str, limit: float) -> None:
        cpu = [_figure(rows, size, name, "cpu_") for name in (ours, base)]
        wall = [_figure(rows, size, name, "") for name in (ours, base)]
        if None in cpu or None in wall:
            return
        r_cpu, r_wall = cpu[0] / cpu[1], wall[0] / wall[1]  # type: ignore[operator]
        met = "yes" if r_cpu <= limit else "no"
        measured = f"{r_cpu:.2f} x (wall {r_wall:.2f} x{_paired(rows, size, ours, base)})"
        found.append((f"{what} <= {limit} x", measured, met))

    text, json_run = "collabcheck validate (text)", "collabcheck validate --format json"
    floor, yamllint = "import floor", "yamllint"
    for name, ours in (("text", text), ("json", json_run)):
        ratio(f"1 proposal ({name}) / import floor", 1, ours, floor, 1.5)
        ratio(f"1 proposal ({name}) / yamllint", 1, ours, yamllint, 1.0)
    ratio("--version / python -c pass", 1, "collabcheck --version", "python -c pass", 2.0)
    for other in ("--help", "rules list"):
        cpu = _figure(rows, 1, f"collabcheck {other}", "cpu_")
        bare = _figure(rows, 1, "python -c pass", "cpu_")
        floor_cpu = _figure(rows, 1, floor, "cpu_")
        if cpu and bare and floor_cpu:
            found.append(
                (
                    f"{other}: builds only what it prints (no figure)",
                    f"{cpu / bare:.1f} x python -c pass, {cpu / floor_cpu:.2f} x import floor",
                    "see startup.py",
                )
            )
    ratio("1,000 proposals (json) / parsing floor", 1000, json_run, "parsing floor", 1.8)
    ratio("1,000 proposals (json) / yamllint", 1000, json_run, yamllint, 1.0)
    grown = [_figure(rows, n, json_run, "cpu_") for n in (1000, 10000)]
    floors = [_figure(rows, n, "parsing floor", "cpu_") for n in (1000, 10000)]
    if None not in grown and None not in floors:
        ours_x = grown[1] / grown[0]  # type: ignore[operator]
        floor_x = floors[1] / floors[0]  # type: ignore[operator]
        met = "yes" if ours_x <= 1.1 * floor_x else "no"
        found.append(
            (
                "10,000 / 1,000 proposals: linear",
                f"{ours_x:.1f} x (parsing floor {floor_x:.1f} x)",
                met,
            )
        )
    largest = max((r["size"] for r in rows), default=0)
    peaks = [r["peak_rss_mb"] for r in rows if r["size"] == largest and "collabcheck" in r["name"]]
    together = [
        r["value"]["sum_of_peaks_mb"]
        for r in rows
        if r["size"] == largest and r["name"] == "jobs 2 memory, all processes"
    ]
    if peaks and largest > 1:
        worst = max(peaks + together)
        found.append(
            (
                f"{largest:,} proposals: peak memory < 200 MB (--jobs 2: all processes)",
                f"{max(peaks)} MB one process, {together[0] if together else '-'} MB --jobs 2",
                ("yes" if worst < 200 else "no") + ("" if largest >= 10000 else " (not 10,000)"),
            )
        )
    first = _figure(rows, 1, "first run, empty cache", "cpu_")
    before = _figure(rows, 1, "baseline: first run, empty cache", "cpu_")
    if first and before:
        # Within 5%: two runs of the same code differ by that much on a shared machine.
        met = "yes" if first <= 1.05 * before else "no"
        found.append(
            ("first run, empty cache: no slower than the baseline", f"{first / before:.2f} x", met)
        )
    elif first:
        found.append(
            (
                "first run, empty cache: no slower than before",
                f"{1000 * first:.0f} ms CPU",
                "run with --baseline",
            )
        )
    return found


def _paired(rows: list[dict[str, Any]], size: int, ours: str, base: str) -> str:
    """The median and range of the two commands' CPU-time ratios round by round, when both ran
    in every round: runs of one round are seconds apart, so a change in the machine's speed
    over a run moves both alike. Shown beside the ratio of the medians, which decides."""
    found = [
        next(
            (r.get("cpu_runs_s") for r in rows if r["size"] == size and r["name"].startswith(n)),
            None,
        )
        for n in (ours, base)
    ]
    if not found[0] or not found[1] or len(found[0]) != len(found[1]) or len(found[0]) < 3:
        return ""
    ratios = spread([a / b for a, b in zip(found[0], found[1], strict=True)])
    return f"; round by round {ratios['median']:.2f} x [{ratios['min']:.2f}-{ratios['max']:.2f}]"


def summarise(rows: list[dict[str, Any]]) -> None:
    print("\ntargets (medians; CPU time decides, wall time in brackets)\n")
    print("| target | measured | met? |\n| --- | --- | --- |")
    for target, measured, met in targets(rows):
        print(f"| {target} | {measured} | {met} |")


if __name__ == "__main__":
    sys.exit(main())
