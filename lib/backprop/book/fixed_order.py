"""Arithmetic whose last digit is the same on every machine, for the figure that measures rounding itself.

A BLAS library chooses the order of a matrix product's sums (and whether to fuse multiply-adds) from
the CPU it runs on, and numpy's and the C library's tanh pick their polynomial the same way, so their
last digit can differ between machines. IEEE 754 rounds each basic operation the same way on all of
them: `fixed_order_matmul` sums in one fixed order and `fixed_order_tanh` uses additions,
multiplications and divisions only. Chapter 4 compares them with the engine's own results.
"""

from __future__ import annotations

import numpy as np

_LN2 = 0.6931471805599453
_EXP_TERMS = tuple(1.0 / np.prod(np.arange(1.0, k + 1.0)) for k in range(18))  # 1/k!, k = 0..17


def fixed_order_matmul(A, B) -> np.ndarray:
    """A @ B with each entry summed in one fixed order, so its rounding is the same on every machine.

    A BLAS library chooses the order (and whether to fuse multiply-adds) from the CPU it runs on.
    """
    A, B = np.asarray(A, dtype=np.float64), np.asarray(B, dtype=np.float64)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError(f"A and B must be matrices with A's columns matching B's rows, got {A.shape} and {B.shape}")
    return (A[:, :, None] * B[None, :, :]).sum(axis=1)


def fixed_order_tanh(z) -> np.ndarray:
    """tanh from additions, multiplications and divisions only, so its rounding is the same everywhere.

    numpy's and the C library's tanh pick their polynomial and their use of fused multiply-adds
    from the CPU, so their last digit can differ from machine to machine; IEEE 754 rounds each
    basic operation the same way on all of them. Accurate to a few units in 1e-16 of tanh's
    range; only for the figure that measures rounding itself.
    """
    z = np.asarray(z, dtype=np.float64)
    if not np.all(np.isfinite(z)):
        raise ValueError("z must be finite")
    y = np.minimum(2.0 * np.abs(z), 80.0)  # tanh(40) is 1 to double precision
    k = np.rint(y / _LN2)
    r = y - k * _LN2  # |r| <= ln 2 / 2: the series below converges fast
    series = np.zeros_like(r)
    for coefficient in reversed(_EXP_TERMS):
        series = series * r + coefficient
    exp_y = np.ldexp(series, k.astype(np.int64))  # exp(2|z|)
    return np.sign(z) * (1.0 - 2.0 / (exp_y + 1.0))
