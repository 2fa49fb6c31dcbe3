"""The stored outputs do not depend on the CPU: nbval replays every chapter under other code paths.

`make test` replays the chapters with the machine's own choice of BLAS kernel and SIMD loops (the
nbval run over chapters/). This file replays the same stored outputs under two other choices
(`cpu_paths`: Sandybridge's kernel with numpy's highest SIMD group off, and Nehalem's with every
group above the baseline off), each in a fresh pytest process, with the figure and metadata checks
of `nbval_outputs`; the two processes run at once. The third, Prescott's kernel, is the Colab
simulation's (tests/test_colab.py): that run compares every output with the stored one too, so the
chapters are not executed once more for it. A configuration is skipped, with the reason, only
where the machine cannot run it.
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


@pytest.fixture(scope="module")
def replays():
    """Both replays, started at once (two processes, so the two run side by side on two cores
    while this file holds one xdist worker): {name: (process, environment, probe) or the reason
    the machine cannot run it}."""
    started = {}
    for name in REPLAYED_HERE:
        try:
            env = cpu_paths.environment(name)
        except cpu_paths.Unavailable as reason:
            started[name] = str(reason)
            continue
        forced = cpu_paths.check_in_effect(env)
        process = subprocess.Popen([sys.executable, "-m", "pytest", "chapters", "-q", "-p", "no:cacheprovider"],
                                   cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        started[name] = (process, env, forced)
    yield started
    for entry in started.values():
        if not isinstance(entry, str) and entry[0].poll() is None:
            entry[0].kill()


@pytest.mark.parametrize("name", REPLAYED_HERE)
def test_chapters_replay_under_another_cpu_code_path(replays, name):
    if isinstance(replays[name], str):
        pytest.skip(replays[name])
    process, env, forced = replays[name]
    output, _ = process.communicate(timeout=900)
    assert process.returncode == 0, f"nbval under {cpu_paths.describe(env)} (BLAS {forced['blas']}):\n{output[-6000:]}"
