"""Benchmarks: how fast the book builds, tests and answers, against its targets.

    python scripts/bench.py [--runs N] [--only SECTION ...]      (make bench runs it)

Prints a table and writes it as JSON to _build/bench.json. Times are medians over `--runs` runs
(build and test sections) or over many repetitions (the in-process sections); where a ratio is
fairer than seconds (engine against engine, achieved against attainable FLOP rate) it is the ratio
that is compared with the target. Sections: build, tests, import, explorers, jupyterlab, training, value,
mlp.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECTIONS = ("build", "tests", "import", "explorers", "jupyterlab", "training", "value", "mlp")


# ---------------------------------------------------------------- helpers


def run(command, **kwargs) -> float:
    """Run a command to completion (failing loudly) and return its wall time in seconds."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, **kwargs)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        output = result.stdout[-3000:] + result.stderr[-3000:]
        sys.exit(f"benchmark command failed: {' '.join(map(str, command))}\n{output}")
    return elapsed


def repeat(function, repetitions: int) -> list[float]:
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def percentile(values, q) -> float:
    return float(np.percentile(np.asarray(values), q))


class Table:
    def __init__(self):
        self.rows = []

    def add(self, section, metric, value, unit, target=None, met=None, note=""):
        self.rows.append(
            {"section": section, "metric": metric, "value": value, "unit": unit, "target": target, "met": met,
             "note": note}
        )

    def print(self):
        header = f"{'metric':<66} {'value':>12}  {'target':<12} {'':<6}"
        print(header)
        print("-" * len(header))
        for row in self.rows:
            status = {True: "ok", False: "MISSED", None: ""}[row["met"]]
            value = f"{row['value']:.3g} {row['unit']}"
            print(f"{row['metric']:<66} {value:>12}  {row['target'] or '':<12} {status:<6} {row['note']}")


# ---------------------------------------------------------------- build and tests


def bench_build(table: Table, runs: int):
    """`make book` as a writer meets it: both editions from the stored outputs (``--stored-outputs``, so
    that no chapter is executed), cold, after a paragraph's edit and with nothing changed. The edit is a
    chapter's file touched: Sphinx reads and writes that page again in both editions, as after an edit."""
    build = [str(BIN / "python"), "-m", "booktools.build_book", "--stored-outputs"]
    chapter = ROOT / "chapters" / "03_chain_rule.ipynb"
    with tempfile.TemporaryDirectory() as output:
        cold = [run([*build, "--fresh", output]) for _ in range(runs)]
        edited = []
        for _ in range(runs):
            os.utime(chapter)
            edited.append(run([*build, output]))
        unchanged = [run([*build, output]) for _ in range(runs)]
    # ru_maxrss of waited-for descendants: the largest single process of the builds.
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    for metric, times, limit in (("make book, cold: both editions, every page (FRESH=1)", cold, 30),
                                 ("make book after one paragraph's edit: both editions", edited, 10),
                                 ("make book with nothing changed: both editions", unchanged, 10)):
        table.add("build", metric, statistics.median(times), "s", f"<= {limit} s", statistics.median(times) <= limit)
    table.add("build", "peak memory of one build process (max RSS)", peak_mib, "MiB")


def bench_tests(table: Table, runs: int):
    env = os.environ | {"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2", "MKL_NUM_THREADS": "2"}
    pytest = [str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadfile"]
    nbval = [run([*pytest, "chapters"], env=env) for _ in range(runs)]
    table.add("tests", "nbval over every chapter (2 workers)", statistics.median(nbval), "s", "<= 30 s",
              statistics.median(nbval) <= 30)
    whole = [run(["make", "test"], env=env) for _ in range(runs)]
    table.add("tests", "make test, environment already installed", statistics.median(whole), "s", "<= 300 s",
              statistics.median(whole) <= 300)


# ---------------------------------------------------------------- explorers


def bench_explorers(table: Table, runs: int):
    """Median and 95th percentile of one live explorer update (compute + draw) per control change."""
    from bench_explorers import book_explorers

    from backprop.book.live import benchmark_explorers

    for name, times in benchmark_explorers(book_explorers(), changes=60):
        median_ms, p95_ms = 1e3 * statistics.median(times), 1e3 * percentile(times, 95)
        table.add("explorers", f"{name}: update, median", median_ms, "ms", "< 50 ms", median_ms < 50)
        table.add("explorers", f"{name}: update, 95th percentile", p95_ms, "ms", "< 50 ms", p95_ms < 50)


# ---------------------------------------------------------------- import


def bench_import(table: Table, runs: int):
    """What `import backprop` adds to numpy's own import, in a fresh interpreter each time."""
    python = [str(BIN / "python"), "-c"]
    repetitions = max(runs, 7)
    numpy_alone = [run([*python, "import numpy"]) for _ in range(repetitions)]
    engine = [run([*python, "import backprop"]) for _ in range(repetitions)]
    added = statistics.median(engine) - statistics.median(numpy_alone)
    table.add("import", "import backprop: time added to numpy's own import", added, "s", "< 0.3 s", added < 0.3)


# ---------------------------------------------------------------- the explorers in JupyterLab


def bench_jupyterlab(table: Table, runs: int):
    """Key press on an explorer's slider to the new image, in real JupyterLab driven by Chromium."""
    from booktools.jupyterlab_session import measure_latency

    for notebook, result in measure_latency().items():
        name = Path(notebook).stem
        table.add("jupyterlab", f"{name}: key press to new image in JupyterLab, median", result["median_ms"], "ms",
                  "<= 50 ms", result["median_ms"] <= 50)
        table.add("jupyterlab", f"{name}: key press to new image in JupyterLab, 95th percentile", result["p95_ms"],
                  "ms", "<= 100 ms", result["p95_ms"] <= 100)


# ---------------------------------------------------------------- training


def bench_training(table: Table, runs: int):
    """The backpropagation chapter's digits network, trained exactly as the chapter trains it."""
    from bench_training import DIGITS_ACCURACY_TARGET, DIGITS_TIME_LIMIT, digits_run

    results = [digits_run() for _ in range(max(runs, 3))]
    seconds = statistics.median(elapsed for elapsed, _ in results)
    test_accuracy = results[-1][1]
    table.add("training", "digits 64-32-10, 20 epochs: training time", seconds, "s",
              f"< {DIGITS_TIME_LIMIT:g} s", seconds < DIGITS_TIME_LIMIT)
    table.add("training", "digits 64-32-10: test accuracy", 100 * test_accuracy, "%",
              f">= {DIGITS_ACCURACY_TARGET:.0%}", test_accuracy >= DIGITS_ACCURACY_TARGET)


# ---------------------------------------------------------------- Value against a closure engine


class ClosureValue:
    """The plain closure-based scalar engine (micrograd's design) that `Value` is compared with.

    It gets `__slots__` and an iterative topological sort too, so that only the per-node design differs.
    """

    __slots__ = ("data", "grad", "_backward", "_prev")

    def __init__(self, data, _prev=()):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = _prev

    def __add__(self, other):
        other = other if isinstance(other, ClosureValue) else ClosureValue(other)
        out = ClosureValue(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, ClosureValue) else ClosureValue(other)
        out = ClosureValue(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def backward(self):
        order, visited, stack = [], set(), [(self, False)]
        while stack:
            node, done = stack.pop()
            if done:
                order.append(node)
            elif node not in visited:
                visited.add(node)
                stack.append((node, True))
                stack.extend((child, False) for child in node._prev if child not in visited)
        self.grad = 1.0
        for node in reversed(order):
            node._backward()


def wide_graph(cls, n):
    """sum_i x_i * w_i over n pairs: a wide, shallow graph of about 4n nodes."""
    total = cls(0.0)
    for i in range(n):
        total = total + cls(0.001 * i) * cls(0.5)
    return total


def deep_chain(cls, n):
    """y <- y * 1.0 + 0.5, n times: a chain about 4n nodes deep."""
    y = cls(0.1)
    for _ in range(n):
        y = y * 1.0 + 0.5
    return y


def bench_value(table: Table, runs: int):
    from backprop import Value

    n = 50_000
    for shape, build in (("wide graph", wide_graph), ("deep chain", deep_chain)):
        per_engine = {}
        for name, cls in (("Value", Value), ("closure engine", ClosureValue)):
            times = []
            for _ in range(max(runs, 5)):
                start = time.perf_counter()
                out = build(cls, n)
                out.backward()
                times.append(time.perf_counter() - start)
            per_engine[name] = statistics.median(times)
        nodes = 4 * n
        ours, theirs = per_engine["Value"], per_engine["closure engine"]
        table.add("value", f"Value, {shape}: build + backward per node", 1e9 * ours / nodes, "ns")
        table.add("value", f"Value / closure engine time, {shape}", ours / theirs, "x", "<= 1.0", ours / theirs <= 1.0)


# ---------------------------------------------------------------- MLP against numpy matmul


def measure_mlp(sizes, batch, activation, rng):
    """Median seconds of one forward+backward step, of the same matrix products alone, and of the
    hidden activations with their derivatives alone."""
    from backprop import MLP

    net = MLP(sizes, activation=activation, init="he", seed=0)
    X, grad_output = rng.normal(size=(batch, sizes[0])), rng.normal(size=(batch, sizes[-1]))
    activations = [X] + [rng.normal(size=(batch, width)) for width in sizes[1:]]
    deltas = [rng.normal(size=(batch, width)) for width in sizes[1:]]

    def step():
        net.forward(X)
        net.backward(grad_output)

    def matmuls_alone():  # the same products with nothing around them: the practical limit
        for layer, W in enumerate(net.weights):
            activations[layer] @ W
            activations[layer].T @ deltas[layer]
            if layer > 0:
                deltas[layer] @ W.T

    hidden = [rng.normal(size=(batch, width)) for width in sizes[1:-1]]

    def activations_alone():  # the hidden layers' activation and its derivative, which the limit leaves out
        for z in hidden:
            a = net.activation.function(z)
            net.activation.derivative_from_output(a)

    step_times, limit_times, activation_times = [], [], []
    for _ in range(5):  # interleaved, so that load on the machine hits all alike
        step_times += repeat(step, 20)
        limit_times += repeat(matmuls_alone, 20)
        activation_times += repeat(activations_alone, 20)
    return statistics.median(step_times), statistics.median(limit_times), statistics.median(activation_times)


# glibc hands freed memory at the top of the heap back to the kernel, and every step then faults
# fresh pages in again; on a virtual machine that costs as much as a (256, 256) tanh. Run once more
# with the heap kept, to show how much of a gap is the allocator rather than the network's code.
KEEP_HEAP = {"MALLOC_TRIM_THRESHOLD_": str(1 << 30), "MALLOC_MMAP_THRESHOLD_": str(1 << 30)}


def bench_mlp(table: Table, runs: int):
    note = "heap kept" if all(os.environ.get(k) == v for k, v in KEEP_HEAP.items()) else ""
    rng = np.random.default_rng(0)
    shapes = (([64, 256, 256, 10], 256, "relu"), ([64, 256, 256, 10], 256, "tanh"),
              ([784, 512, 512, 10], 256, "relu"), ([64, 256, 256, 10], 32, "relu"))
    for sizes, batch, activation in shapes:
        step_s, limit_s, activation_s = measure_mlp(sizes, batch, activation, rng)
        # forward X @ W, backward a.T @ delta, and delta @ W.T for every layer but the first
        flops = sum(2 * batch * a * b * (3 if layer > 0 else 2) for layer, (a, b) in enumerate(zip(sizes, sizes[1:])))
        label = f"MLP {'-'.join(map(str, sizes))} {activation}, batch {batch}"
        table.add("mlp", f"{label}: forward+backward", 1e3 * step_s, "ms", note=note)
        table.add("mlp", f"{label}: achieved rate", flops / step_s / 1e9, "GFLOP/s", note=note)
        table.add("mlp", f"{label}: activations + derivatives alone", 1e3 * activation_s, "ms", note=note)
        fraction = limit_s / step_s
        target = ">= 60%" if batch == 256 else None
        table.add("mlp", f"{label}: share of matmul-only rate", 100 * fraction, "%", target,
                  fraction >= 0.6 if target else None, note)
    if not note:
        with tempfile.TemporaryDirectory() as scratch:
            result = Path(scratch) / "mlp.json"
            script = [sys.executable, str(Path(__file__).resolve()), "--only", "mlp", "--json", str(result)]
            subprocess.run(script, cwd=ROOT, env=os.environ | KEEP_HEAP, check=True, capture_output=True)
            table.rows += json.loads(result.read_text())["results"]


# ---------------------------------------------------------------- main


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(), "numpy": np.__version__,
            "platform": platform.platform()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per build/test measurement (median taken)")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--json", type=Path, default=ROOT / "_build" / "bench.json")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    table = Table()
    benches = {"build": bench_build, "tests": bench_tests, "import": bench_import, "explorers": bench_explorers,
               "jupyterlab": bench_jupyterlab,
               "training": bench_training, "value": bench_value, "mlp": bench_mlp}
    for section in SECTIONS:
        if section in args.only:
            print(f"measuring {section} ...", file=sys.stderr, flush=True)
            benches[section](table, args.runs)

    print(f"\nmachine: {json.dumps(machine())}\n")
    table.print()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"machine": machine(), "runs": args.runs, "results": table.rows}, indent=2) + "\n")
    print(f"\nwritten to {args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
