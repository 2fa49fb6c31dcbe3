"""How fast the live explorers answer: compute and draw per control change, against the 50 ms target.

    python scripts/bench_explorers.py [--changes N] [--seed S]

Each change sets one random control of an explorer to a random new value, as a reader moving a
slider does, and is timed from the value change to the redrawn image and caption. Prints, for
every explorer of the book (`book_explorers`), the median, 95th percentile and worst time.
(`make bench` includes the same measurement in its table.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

import numpy as np

TARGET_MS = 50.0


def book_explorers() -> dict:
    """Every explorer the chapters show, by name, as a function of no arguments."""
    from backprop.book.gradient_descent import learning_rate_explorer
    from backprop.book.vanishing_gradients import vanishing_gradient_explorer

    return {"learning rate": learning_rate_explorer, "vanishing gradients": vanishing_gradient_explorer}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=60, help="control changes per explorer (at least 30)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.changes < 30:
        parser.error("--changes must be at least 30")

    from backprop.book.live import benchmark_explorers

    print(f"{os.cpu_count()} cores; {args.changes} changes per explorer; target < {TARGET_MS:g} ms")
    print(f"{'explorer':<20} {'median':>9} {'p95':>9} {'worst':>9}  verdict")
    missed = False
    for name, times in benchmark_explorers(book_explorers(), changes=args.changes, seed=args.seed):
        milliseconds = 1e3 * np.asarray(times)
        median, p95 = statistics.median(milliseconds), float(np.percentile(milliseconds, 95))
        verdict = "ok" if p95 < TARGET_MS else "MISSED"
        missed |= verdict != "ok"
        print(f"{name:<20} {median:>6.1f} ms {p95:>6.1f} ms {milliseconds.max():>6.1f} ms  {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
