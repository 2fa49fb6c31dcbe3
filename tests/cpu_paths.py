"""Other CPUs, simulated: the environment that makes OpenBLAS and numpy take another code path.

The bits of a float sum depend on the order of the sum, and OpenBLAS picks its kernel (and numpy
its SIMD loops) from the CPU. A chapter replayed under another choice must give its stored
outputs (tests/test_portability.py, and the Colab simulation of tests/test_colab.py, which runs
under one of these paths). The configurations:

- ``prescott``: OpenBLAS's Prescott kernel (SSE3, the oldest x86-64 one), with numpy's own SIMD loops;
- ``sandybridge-simd-down``: OpenBLAS's Sandybridge kernel (AVX, no FMA), with numpy's highest
  SIMD group that the machine has switched off (numpy refuses to switch off a group the machine
  lacks, or its baseline);
- ``nehalem-simd-baseline``: OpenBLAS's Nehalem kernel (SSE4.2), with every numpy SIMD group above
  the baseline switched off, so numpy's loops run without AVX or fused multiply-adds.

`environment(name)` gives a configuration's environment, or says in words why this machine cannot
run it; `check_in_effect` proves a process started with it took that path.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys

PROBE = """
import json
import threadpoolctl
from numpy._core._multiarray_umath import __cpu_baseline__, __cpu_dispatch__, __cpu_features__
print(json.dumps({
    "blas": [i.get("architecture") for i in threadpoolctl.threadpool_info() if i["internal_api"] == "openblas"],
    "baseline": list(__cpu_baseline__), "dispatch": list(__cpu_dispatch__),
    "features": {name: bool(on) for name, on in __cpu_features__.items()},
}))
"""
# The CPU flag (as /proc/cpuinfo names it; SSE3 is "pni") each OpenBLAS kernel needs: forcing a
# kernel the CPU lacks crashes the process.
KERNEL_NEEDS = {"Prescott": "pni", "Nehalem": "sse4_2", "Sandybridge": "avx"}
GROUPS = ("X86_V4", "X86_V3", "X86_V2")
CONFIGURATIONS = {"prescott": ("Prescott", None), "sandybridge-simd-down": ("Sandybridge", "highest"),
                  "nehalem-simd-baseline": ("Nehalem", "all")}


class Unavailable(Exception):
    """This machine cannot run a configuration (the message says why)."""


def probe(env: dict | None = None) -> dict:
    """The BLAS kernel and numpy's SIMD groups of a Python started with `env`."""
    result = subprocess.run([sys.executable, "-c", PROBE], env=env or os.environ.copy(), capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def cpu_flags() -> set[str]:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            return {flag for line in info if line.startswith("flags") for flag in line.split(":", 1)[1].split()}
    except OSError:
        return set()


def groups_to_disable(machine: dict, how_many: str) -> list[str]:
    """numpy's SIMD groups to switch off: the highest the machine has ("highest") or all above the
    baseline ("all"), each with the dispatch targets above it that the machine has (AVX512_ICL is
    a target of its own beside X86_V4)."""
    features, baseline, dispatch = machine["features"], set(machine["baseline"]), machine["dispatch"]
    present = [group for group in GROUPS if features.get(group) and group not in baseline]
    chosen = present[:1] if how_many == "highest" else present
    if not chosen:
        return []
    lowest = min(dispatch.index(group) for group in chosen if group in dispatch)
    return [name for name in dispatch[lowest:] if features.get(name)]


def environment(name: str, base: dict | None = None) -> dict:
    """`base` (this process's environment by default) set for configuration `name`; raises
    `Unavailable` where the machine cannot run it."""
    if platform.machine() not in ("x86_64", "AMD64"):
        raise Unavailable(f"the OpenBLAS kernels and numpy groups of {name} are x86-64 ones; "
                          f"this is {platform.machine()}")
    kernel, simd = CONFIGURATIONS[name]
    if KERNEL_NEEDS[kernel] not in cpu_flags():
        raise Unavailable(f"this CPU lacks {KERNEL_NEEDS[kernel]}, which OpenBLAS's {kernel} kernel needs")
    env = dict(os.environ if base is None else base) | {"OPENBLAS_CORETYPE": kernel, "OPENBLAS_NUM_THREADS": "2",
                                                        "OMP_NUM_THREADS": "2"}
    env.pop("NPY_DISABLE_CPU_FEATURES", None)
    if simd:
        disabled = groups_to_disable(probe(), simd)
        if not disabled:
            raise Unavailable(f"numpy has no SIMD group above its baseline on this machine, for {name}")
        env["NPY_DISABLE_CPU_FEATURES"] = ",".join(disabled)
    return env


def check_in_effect(env: dict) -> dict:
    """Assert that a process started with `env` takes its path: another BLAS kernel (Prescott
    reports itself as Katmai) and numpy's groups off. Returns that process's probe."""
    default, forced = probe(), probe(env)
    kernel = env["OPENBLAS_CORETYPE"]
    assert forced["blas"] and (forced["blas"] != default["blas"] or default["blas"] == [kernel]), forced["blas"]
    for group in filter(None, env.get("NPY_DISABLE_CPU_FEATURES", "").split(",")):
        assert not forced["features"][group], f"numpy still uses {group}"
    return forced


def describe(env: dict) -> str:
    return (f"OPENBLAS_CORETYPE={env['OPENBLAS_CORETYPE']} "
            f"NPY_DISABLE_CPU_FEATURES={env.get('NPY_DISABLE_CPU_FEATURES', '')}")
