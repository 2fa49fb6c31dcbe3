"""The stored outputs do not depend on the CPU: nbval replays every chapter under other code paths.

The bits of a float sum depend on the order of the sum, and OpenBLAS picks its kernel (and numpy
its SIMD loops) from the CPU. `make test` replays the chapters with the machine's own choice (the
nbval run over chapters/); this file replays the same stored outputs under other choices, each
in a fresh pytest process, with the figure and metadata checks of `nbval_outputs`:

- OpenBLAS's Prescott kernel (SSE3, the oldest x86-64 one), with numpy's own SIMD loops;
- OpenBLAS's Sandybridge kernel (AVX, no FMA), with numpy's highest SIMD group that the machine
  has switched off (numpy refuses to switch off a group the machine lacks, or its baseline);
- OpenBLAS's Nehalem kernel (SSE4.2), with every numpy SIMD group above the baseline switched off,
  so numpy's loops run without AVX or fused multiply-adds, as on a machine without them.

A configuration is skipped, with the reason, only where the machine cannot run it.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys

import pytest

from conftest import ROOT

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


def probe(env: dict | None = None) -> dict:
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


CONFIGURATIONS = {"prescott": ("Prescott", None), "sandybridge-simd-down": ("Sandybridge", "highest"),
                  "nehalem-simd-baseline": ("Nehalem", "all")}


@pytest.mark.parametrize("name", CONFIGURATIONS)
def test_chapters_replay_under_another_cpu_code_path(name):
    if platform.machine() not in ("x86_64", "AMD64"):
        pytest.skip(f"the OpenBLAS kernels and numpy groups of this test are x86-64 ones; this is {platform.machine()}")
    kernel, simd = CONFIGURATIONS[name]
    if KERNEL_NEEDS[kernel] not in cpu_flags():
        pytest.skip(f"this CPU lacks {KERNEL_NEEDS[kernel]}, which OpenBLAS's {kernel} kernel needs")
    default = probe()
    env = os.environ | {"OPENBLAS_CORETYPE": kernel, "OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2"}
    env.pop("NPY_DISABLE_CPU_FEATURES", None)
    if simd:
        disabled = groups_to_disable(default, simd)
        if not disabled:
            pytest.skip(f"numpy has no SIMD group above its baseline {default['baseline']} on this machine")
        env["NPY_DISABLE_CPU_FEATURES"] = ",".join(disabled)
    forced = probe(env)
    # The configuration took effect: another BLAS kernel (Prescott reports itself as Katmai) and
    # numpy's groups off.
    assert forced["blas"] and (forced["blas"] != default["blas"] or default["blas"] == [kernel]), forced["blas"]
    for group in filter(None, env.get("NPY_DISABLE_CPU_FEATURES", "").split(",")):
        assert not forced["features"][group], f"numpy still uses {group}"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "chapters", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    setting = f"OPENBLAS_CORETYPE={kernel} NPY_DISABLE_CPU_FEATURES={env.get('NPY_DISABLE_CPU_FEATURES', '')}"
    assert result.returncode == 0, f"nbval under {setting} (BLAS {forced['blas']}):\n{result.stdout[-6000:]}"
