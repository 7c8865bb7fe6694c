"""The rule engine on its own, in one process: compiling the built-in pack's rules from their
plain data, and evaluating them over a folder of proposals already parsed and validated.

    python benchmarks/engine.py CORPUS_DIR [--repeat 5] [--profile evaluate|compile]

Compiling is timed as a run served from the rule-pack cache does it (without the
proposal-format checks) and as a run that reads the rule files does it (with them); evaluating
is `evaluate` for every proposal of the folder, as `validate` calls it. Each figure is the
median and the range of `--repeat` rounds of process CPU time, after one untimed round. With
`--profile`, one round runs under cProfile and the functions are listed by their own
time (or, with `--sort cumulative`, by the time spent in them and what they call).
This is a measurement, not a test: it prints figures and checks nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from collabcheck.engine.evaluate import compile_rule, evaluate
from collabcheck.loading.inputs import decode
from collabcheck.loading.yamlload import parse
from collabcheck.proposal.validate import to_proposal
from collabcheck.rulepacks.load import load_pack
from collabcheck.rulepacks.pack import Pack, builtin_pack_dir

AS_OF = date(2026, 11, 22)


def proposals(folder: Path) -> list[tuple[str, Any, Any]]:
    """(name, proposal, document) for every valid proposal in the folder."""
    found = []
    for path in sorted(folder.rglob("*.yaml")):
        doc = parse(decode(path.read_bytes()))
        proposal = to_proposal(doc)
        if not isinstance(proposal, list):
            found.append((str(path), proposal, doc))
    return found


def compiling(pack: Pack, checked: bool) -> Callable[[], object]:
    specs = [(c.rule, c.source) for c in pack.rules]

    def run() -> object:
        return [compile_rule(r, ("rules", i), s, checked=checked) for i, (r, s) in enumerate(specs)]

    return run


def evaluating(pack: Pack, found: list[tuple[str, Any, Any]]) -> Callable[[], object]:
    def run() -> object:
        for name, proposal, doc in found:
            evaluate(pack.rules, proposal, doc, name, AS_OF, pack.needs, pack.hidden)
        return None

    return run


def timed(work: Callable[[], object], repeat: int) -> list[float]:
    work()
    taken = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        taken.append(time.process_time() - start)
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", choices=("evaluate", "compile"))
    parser.add_argument("--sort", choices=("tottime", "cumulative"), default="tottime")
    args = parser.parse_args()
    pack = load_pack(builtin_pack_dir())
    found = proposals(args.corpus)
    works = {
        f"compile {len(pack.rules)} rules, from the cache": compiling(pack, False),
        f"compile {len(pack.rules)} rules, with checks": compiling(pack, True),
        f"evaluate, {len(found)} proposals": evaluating(pack, found),
    }
    if args.profile:
        work = works[next(n for n in works if n.startswith(args.profile))]
        profiler = cProfile.Profile()
        profiler.runcall(work)
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(40)
        return
    print(f"CPU time in ms, median [range] of {args.repeat} rounds")
    for name, work in works.items():
        taken = [t * 1000 for t in timed(work, args.repeat)]
        print(f"{name:<40} {statistics.median(taken):9.1f} [{min(taken):.1f}-{max(taken):.1f}]")


if __name__ == "__main__":
    main()
