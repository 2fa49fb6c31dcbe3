"""The stored outputs do not depend on the CPU: nbval replays every chapter under other code paths.

`make test` replays the chapters with the machine's own choice of BLAS kernel and SIMD loops (the
nbval run over chapters/). This file replays the same stored outputs under two other choices
(`cpu_paths`: Sandybridge's kernel with numpy's highest SIMD group off, and Nehalem's with every
group above the baseline off), each in a fresh pytest process, with the figure and metadata checks
of `nbval_outputs`. The third, Prescott's kernel, is the Colab simulation's (tests/test_colab.py):
that run compares every output with the stored one too, so the chapters are not executed once more
for it. A configuration is skipped, with the reason, only where the machine cannot run it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import cpu_paths
from conftest import ROOT

REPLAYED_HERE = ("sandybridge-simd-down", "nehalem-simd-baseline")
REPLAYED_ON_COLAB = "prescott"


def test_every_configuration_is_replayed_once():
    from test_colab import CPU_PATH

    assert CPU_PATH == REPLAYED_ON_COLAB
    assert sorted((*REPLAYED_HERE, REPLAYED_ON_COLAB)) == sorted(cpu_paths.CONFIGURATIONS)


@pytest.mark.parametrize("name", REPLAYED_HERE)
def test_chapters_replay_under_another_cpu_code_path(name):
    try:
        env = cpu_paths.environment(name)
    except cpu_paths.Unavailable as reason:
        pytest.skip(str(reason))
    forced = cpu_paths.check_in_effect(env)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "chapters", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, \
        f"nbval under {cpu_paths.describe(env)} (BLAS {forced['blas']}):\n{result.stdout[-6000:]}"
