"""Benchmark the optimiser (calc/optimise.py) on a generated catalogue.

    .venv/bin/python bench/optimise.py [--initiatives 500] [--scenarios 4] [--years 5] [--runs 5]
        [--no-frontier]

Builds one problem: N initiatives in 4 priority steps, each with S scenarios whose cost runs
over Y budget years (dearer scenarios give more expected effect, with diminishing returns and
noise), a frame per step and year at about 40 % of what the dearest scenarios would cost, a few
must-includes, must-excludes and dependencies. Times ``optimise`` (two HiGHS solves: the best
effect, then the cheapest selection with it) and one ``frontier`` (11 scales) and prints p50/max.
Pure calculation: no database. The goal is under 2 s for one optimisation at 500 × 4 × 5.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from indsats.calc.optimise import Item, Must, Option, Problem, frontier, optimise  # noqa: E402

YEAR = 2026


def build(initiatives: int, scenarios: int, years: int, seed: int = 16) -> Problem:
    rnd = random.Random(seed)
    span = [YEAR + k for k in range(years)]
    items = []
    dearest = {}
    for i in range(initiatives):
        step = 1 + i % 4
        base = Decimal(rnd.randrange(20_000, 800_000))
        one_time = Decimal(rnd.randrange(0, 200_000))
        effect = Decimal(rnd.randrange(1, 40))
        first, last = rnd.randrange(0, years), years - 1
        options = []
        for k in range(1, scenarios + 1):
            cost = {
                y: (base * k + (one_time if n == first else 0)).quantize(Decimal("0.01"))
                for n, y in enumerate(span)
                if first <= n <= last
            }
            gain = (effect * Decimal(k).sqrt() * Decimal(rnd.uniform(0.8, 1.2))).quantize(
                Decimal("0.1")
            )
            options.append(Option(f"{i}.{k}", f"{k}", cost, {"haender": gain}))
        for y, c in options[-1].cost.items():
            dearest[(step, y)] = dearest.get((step, y), Decimal(0)) + c
        must = Must.FREE
        if i % 97 == 0:
            must = Must.INCLUDE
        elif i % 89 == 0:
            must = Must.EXCLUDE
        requires = (str(i - 4),) if i >= 4 and i % 23 == 0 else ()
        items.append(Item(str(i), f"{i}", step, tuple(options), must, requires))
    frames = {k: (v * Decimal("0.4")).quantize(Decimal("1")) for k, v in dearest.items()}
    return Problem(items=tuple(items), frames=frames, weights={"haender": Decimal(1)})


def timed(fn, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    timed.cpu = []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - start)
        timed.cpu.append(time.process_time() - cpu)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=500)
    parser.add_argument("--scenarios", type=int, default=4)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-frontier", action="store_true", help="Time optimise only.")
    args = parser.parse_args()
    problem = build(args.initiatives, args.scenarios, args.years)
    print(
        f"{args.initiatives} initiatives × {args.scenarios} scenarios × {args.years} years: "
        f"{len(problem.items) * args.scenarios} binaries, {len(problem.frames)} frames"
    )
    times, proposal = timed(lambda: optimise(problem), args.runs)
    chosen = sum(1 for c in proposal.choices.values() if c)
    print(
        f"optimise  p50 {statistics.median(times):.3f} s  max {max(times):.3f} s  "
        f"(CPU p50 {statistics.median(timed.cpu):.3f} s; wall time counts the shared machine)  "
        f"({chosen} selected, effect {proposal.value}, feasible {proposal.feasible})"
    )
    if args.no_frontier:
        return
    times, points = timed(lambda: frontier(problem), 1)
    print(f"frontier  {times[0]:.3f} s for {len(points)} efficient points (11 scales)")


if __name__ == "__main__":
    main()
