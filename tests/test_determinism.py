"""Outputs do not depend on the number of BLAS threads.

The stored notebook outputs are written with one thread (`make notebooks`) and replayed by nbval
with two (`make test`); this test checks the library's heavy path directly on shapes large
enough for OpenBLAS to split the work.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import hashlib
import numpy as np
from backprop import MLP, sgd_update, softmax_cross_entropy, softmax_cross_entropy_grad
rng = np.random.default_rng(0)
X, labels = rng.normal(size=(512, 256)), rng.integers(0, 10, size=512)
net = MLP([256, 256, 256, 10], activation="relu", init="he", seed=0)
for _ in range(5):
    logits = net.forward(X)
    weight_grads, bias_grads = net.backward(softmax_cross_entropy_grad(logits, labels))
    sgd_update(net.weights, weight_grads, 0.1)
    sgd_update(net.biases, bias_grads, 0.1)
digest = hashlib.sha256(b"".join(W.tobytes() for W in net.weights)).hexdigest()
print(digest, repr(softmax_cross_entropy(net.forward(X), labels)))
"""


def run_with_threads(threads: int) -> str:
    env = os.environ | {name: str(threads) for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    return subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True).stdout


def test_training_is_bitwise_identical_with_one_and_two_threads():
    assert run_with_threads(1) == run_with_threads(2)
