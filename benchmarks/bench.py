"""Side-by-side timings of collabcheck, its import floor, the YAML parsing floor and
check-jsonschema on generated corpora of 1, 100, 1,000 and 10,000 proposals.

    python benchmarks/bench.py [--sizes 1,100,1000,10000] [--repeat 5] [--out FILE]
                               [--checker-up-to N]

Needs collabcheck installed in the running Python, and check-jsonschema on PATH for the
comparison (benchmarks/requirements.txt); without it those rows are reported as skipped.
This is a measurement, not a test: it prints figures and writes them to a results file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

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


def generate(directory: Path, count: int) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    sources = [parse(read_text(str(p))).data for p in EXAMPLES]
    paths = []
    for n in range(count):
        rng = random.Random(n)
        data = _vary(sources[n % len(sources)], rng, n)
        data["project"]["reference"] = f"BENCH-{n:05}"
        path = directory / f"proposal-{n:05}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
        paths.append(path)
    return paths


# Measured as installed software runs: with its bytecode cached. An environment that forbids
# writing .pyc files would make every run compile collabcheck's sources again.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# Linux counts the memory a process had when it forked into its child's peak RSS, so a
# child of this (by then large) benchmark would report at least the benchmark's own size. GNU
# time, a small process, starts each command itself and reports that command's own peak.
GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def _measure(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in MB and exit code of one run."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        wrapped = [GNU_TIME, "-q", "-f", "%M", "-o", rss.name, *command] if GNU_TIME else command
        start = time.perf_counter()
        proc = subprocess.Popen(
            wrapped,
            cwd=cwd,
            env={**ENV, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        reported = rss.read().split()
    peak_kb = int(reported[-1]) if GNU_TIME and reported else usage.ru_maxrss
    return elapsed, peak_kb // 1024, os.waitstatus_to_exitcode(status)


@dataclass
class Timed:
    name: str
    command: list[str]
    repeat: int
    env: dict[str, str] | None = None


def measure(commands: list[Timed], cwd: Path) -> list[dict[str, Any]]:
    """Each command's median of its runs. The commands take turns, one run of each per round,
    so that a slow minute on a shared machine slows all of them alike rather than one of them,
    and the ratios between them stay fair."""
    for timed in commands:
        if timed.repeat > 1:  # a warm-up run, not counted: bytecode, file system, rule-pack cache
            _measure(timed.command, cwd, timed.env)
    runs: dict[str, list[tuple[float, int, int]]] = {timed.name: [] for timed in commands}
    for round_ in range(max(timed.repeat for timed in commands)):
        for timed in commands:
            if round_ < timed.repeat:
                runs[timed.name].append(_measure(timed.command, cwd, timed.env))
    rows = []
    for timed in commands:
        times = [t for t, _, _ in runs[timed.name]]
        row = {
            "name": timed.name,
            "median_s": round(statistics.median(times), 4),
            "min_s": round(min(times), 4),
            "runs": timed.repeat,
            "peak_rss_mb": max(m for _, m, _ in runs[timed.name]),
            "exit_code": runs[timed.name][0][2],
        }
        print(f"  {timed.name:<58} {row['median_s']:>9.3f} s  {row['peak_rss_mb']:>5} MB")
        rows.append(row)
    return rows


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
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    checker = shutil.which("check-jsonschema")
    if not checker:
        print("check-jsonschema is not installed: its rows are skipped", flush=True)
    collabcheck = [sys.executable, "-m", "collabcheck", "validate", "--as-of", AS_OF]
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
            corpus = generate(work / str(size), size)
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
                commands: list[Timed] = commands,
            ) -> None:
                commands.append(Timed(name, command, repeat, env))

            if size == 1:
                add(
                    "import floor: python -c 'import yaml, pydantic'",
                    [sys.executable, "-c", "import yaml, pydantic"],
                )
            add("collabcheck validate (text)", [*collabcheck, target])
            if size == 1:
                # A cache folder that cannot exist: the rule pack is read from its YAML, as on
                # the first run after an install or upgrade.
                add(
                    "collabcheck validate (text), rule-pack cache unusable",
                    [*collabcheck, target],
                    env={"XDG_CACHE_HOME": str(schema)},
                )
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
            if checker and (args.checker_up_to is None or size <= args.checker_up_to):
                add(
                    "check-jsonschema --schemafile proposal.schema.json",
                    [checker, "--schemafile", str(schema), *files],
                    repeat=max(1, repeat // 2),
                )
            rows += [{"size": size, **row} for row in measure(commands, work)]
            sys.stdout.flush()
            if size > 1:
                serial = subprocess.run([*collabcheck, "-f", "json", target], capture_output=True)
                parallel = subprocess.run(
                    [*collabcheck, "-f", "json", "-j", "2", target], capture_output=True
                )
                same = serial.stdout == parallel.stdout
                summary = json.loads(serial.stdout)["summary"]
                # A corpus of invalid files would time error reporting, not rule checking.
                print(f"  outcomes: {summary}", flush=True)
                rows.append({"size": size, "name": "outcomes", "value": summary})
                print(f"  --jobs 2 output identical to serial: {same}", flush=True)
                rows.append({"size": size, "name": "jobs 2 output identical", "value": same})
    result = {
        "collabcheck_version": __version__,
        "python": platform.python_version(),
        "machine": _machine(),
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "peak_rss_from": "GNU time" if GNU_TIME else "wait4 (includes the benchmark's own size)",
        "check_jsonschema": checker is not None,
        "rows": rows,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    summarise(rows)
    print(f"\nfigures written to {out}")
    return 0


def summarise(rows: list[dict[str, Any]]) -> None:
    def time_of(size: int, prefix: str) -> float | None:
        for row in rows:
            if row["size"] == size and row["name"].startswith(prefix) and "median_s" in row:
                return float(row["median_s"])
        return None

    print("\nsummary (medians)")
    one = time_of(1, "collabcheck validate (text)")
    floor = time_of(1, "import floor")
    cj1 = time_of(1, "check-jsonschema")
    if one and floor:
        over = 1000 * (one - floor)
        print(f"  1 proposal: collabcheck {one:.3f} s, {over:+.0f} ms over the import floor")
    cold = time_of(1, "collabcheck validate (text), rule-pack cache unusable")
    if cold and floor:
        over = 1000 * (cold - floor)
        print(f"  1 proposal, no rule-pack cache: {cold:.3f} s, {over:+.0f} ms over the floor")
    if one and cj1:
        print(f"  1 proposal: collabcheck / check-jsonschema = {one / cj1:.2f} (target <= 0.8)")
    for size in (s for s in (1000, 10000) if time_of(s, "collabcheck validate --format json")):
        ours = time_of(size, "collabcheck validate --format json")
        text = time_of(size, "collabcheck validate (text)")
        parsing = time_of(size, "parsing floor")
        cj = time_of(size, "check-jsonschema")
        par = time_of(size, "collabcheck validate --format json --jobs 2")
        bare = time_of(size, "collabcheck json, one-rule pack")
        assert ours is not None
        if cj:
            print(f"  {size}: check-jsonschema / collabcheck json = {cj / ours:.1f}x (target >= 6)")
        if parsing:
            ratio = ours / parsing
            print(f"  {size}: collabcheck json / parsing floor = {ratio:.2f} (target <= 1.5)")
            if text:
                print(f"  {size}: collabcheck (text) / parsing floor = {text / parsing:.2f}")
            if bare:
                print(
                    f"  {size}: collabcheck json with a one-rule pack / parsing floor = "
                    f"{bare / parsing:.2f} (all but the rules)"
                )
        if par:
            print(f"  {size}: --jobs 2 speed-up = {ours / par:.2f}x (target >= 1.7 at 10,000)")
        peak = max(r.get("peak_rss_mb", 0) for r in rows if r["size"] == size)
        print(f"  {size}: peak memory of any collabcheck run = {peak} MB (target < 200 at 10,000)")


if __name__ == "__main__":
    sys.exit(main())
