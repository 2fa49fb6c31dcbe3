"""Time the backpropagation chapter's training runs against their targets.

    python scripts/bench_training.py [--runs N]

The digits network must reach at least 95% test accuracy in under 10 seconds of training on the
2-core machine; the chapter itself prints no timings (its stored outputs must not change from run
to run), so they are measured here. Reports the median wall time over `--runs` runs of each
configuration, exactly as the chapter trains it, and exits non-zero if a target is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from backprop import MLP, accuracy, load_digits, make_spirals, train, train_test_split

DIGITS_TIME_LIMIT = 10.0
DIGITS_ACCURACY_TARGET = 0.95


def digits_run():
    images, labels = load_digits()
    X = images.reshape(len(images), 64) / 16
    X_train, X_test, y_train, y_test = train_test_split(X, labels, 0.2, seed=0)
    net = MLP([64, 32, 10], activation="tanh", seed=0)
    start = time.perf_counter()
    train(net, X_train, y_train, learning_rate=0.2, epochs=20, batch_size=32, seed=0)
    elapsed = time.perf_counter() - start
    return elapsed, accuracy(net.forward(X_test), y_test)


def spirals_run():
    X, y = make_spirals(600, noise=0.08, seed=0)
    X_train, X_test, y_train, y_test = train_test_split(X, y, 0.25, seed=0)
    net = MLP([2, 64, 64, 2], activation="relu", init="he", seed=0)
    start = time.perf_counter()
    train(net, X_train, y_train, learning_rate=0.1, epochs=60, batch_size=32, seed=0)
    elapsed = time.perf_counter() - start
    return elapsed, accuracy(net.forward(X_test), y_test)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per configuration (median reported)")
    runs = parser.parse_args(argv).runs
    failed = False
    print(f"{'run':<32}{'median time':>12}{'slowest':>10}{'test accuracy':>15}")
    for name, run in [("digits, 64-32-10, 20 epochs", digits_run), ("spirals, 2-64-64-2, 60 epochs", spirals_run)]:
        results = [run() for _ in range(runs)]
        times = [elapsed for elapsed, _ in results]
        test_accuracy = results[-1][1]
        print(f"{name:<32}{statistics.median(times):>11.3f}s{max(times):>9.3f}s{test_accuracy:>15.1%}")
        if run is digits_run and (max(times) >= DIGITS_TIME_LIMIT or test_accuracy < DIGITS_ACCURACY_TARGET):
            print(f"  target missed: {DIGITS_ACCURACY_TARGET:.0%} test accuracy in under {DIGITS_TIME_LIMIT:.0f} s")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
