"""What least squares costs, for the chapter on gradient descent (chapter 2): flops counted, not timed.

- `OperationCounter` does array arithmetic and tallies the floating-point operations it executes.
- `solve_normal_equations` solves least squares in closed form (its own Cholesky factorisation and
  triangular solves, so that every flop is counted); `least_squares_descent` takes gradient steps.
- `least_squares_flops` and `descent_flops` are the same counts as formulas.
- `regression_arrays` checks a regression's X (n, d) and y (n,).
"""

from __future__ import annotations

import numpy as np

from ..checks import as_finite_array, count, positive_finite
from ..optimize import Descent, blew_up


class OperationCounter:
    """Does array arithmetic and counts its floating-point operations (flops) exactly.

    Each method computes with numpy and adds what a plain loop would spend: a dot product of
    length m is m multiplications and m - 1 additions, so an (r, m) @ (m, c) product costs
    r * c * (2m - 1). Elementwise operations cost one flop per entry; square roots count as one.
    Counting flops measures an algorithm's work independently of the machine that runs it.
    """

    def __init__(self):
        self.flops = 0

    def matmul(self, A, B):
        """A @ B for vectors and matrices (1-D or 2-D each), counting r * c * (2m - 1) flops."""
        A, B = as_finite_array(A, "A"), as_finite_array(B, "B")
        if A.ndim not in (1, 2) or B.ndim not in (1, 2):
            raise ValueError(f"matmul counts products of vectors and matrices only, got shapes {A.shape} and {B.shape}")
        inner = A.shape[-1]
        if B.shape[0] != inner:
            raise ValueError(f"A's last axis ({inner}) must match B's first ({B.shape[0]}), "
                             f"got shapes {A.shape} and {B.shape}")
        outputs = (A.shape[0] if A.ndim == 2 else 1) * (B.shape[-1] if B.ndim == 2 else 1)
        self.flops += outputs * max(2 * inner - 1, 0)
        return A @ B

    def _elementwise(self, operation, *operands):
        arrays = [as_finite_array(x, name) for x, name in zip(operands, ("a", "b"))]
        try:
            shape = np.broadcast_shapes(*(x.shape for x in arrays))
        except ValueError:
            raise ValueError(f"the operands' shapes {[x.shape for x in arrays]} do not broadcast together") from None
        with np.errstate(divide="raise", invalid="raise", over="raise"):
            try:
                result = operation(*arrays)
            except FloatingPointError as error:
                raise ValueError(f"{operation.__name__} of these operands is not finite ({error})") from None
        self.flops += int(np.prod(shape, dtype=np.int64))
        return result

    def subtract(self, a, b):
        return self._elementwise(np.subtract, a, b)

    def multiply(self, a, b):
        return self._elementwise(np.multiply, a, b)

    def divide(self, a, b):
        return self._elementwise(np.divide, a, b)

    def sqrt(self, a):
        return self._elementwise(np.sqrt, a)

    def __repr__(self):
        return f"OperationCounter(flops={self.flops})"


def regression_arrays(X, y):
    """X of shape (n, d) and y of shape (n,), checked and as float arrays."""
    X = as_finite_array(X, "X", ndim=2)
    y = as_finite_array(y, "y", ndim=1)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have one entry per row of X ({X.shape[0]}), got {y.shape[0]}")
    return X, y


def _counter(counter):
    if counter is None:
        return OperationCounter()
    if not isinstance(counter, OperationCounter):
        raise TypeError(f"counter must be an OperationCounter or None, got {type(counter).__name__}")
    return counter


def _cholesky(G, ops):
    """Lower-triangular L with L @ L.T = G, column by column, every flop counted."""
    d = G.shape[0]
    L = np.zeros_like(G)
    for j in range(d):
        pivot = G[j, j]
        if j > 0:
            pivot = ops.subtract(pivot, ops.matmul(L[j, :j], L[j, :j]))
        if not pivot > 1e-12 * max(abs(G[j, j]), 1.0):
            raise ValueError("X must have full column rank (at least as many independent rows as columns)")
        L[j, j] = ops.sqrt(pivot)
        if j < d - 1:
            column = G[j + 1 :, j]
            if j > 0:
                column = ops.subtract(column, ops.matmul(L[j + 1 :, :j], L[j, :j]))
            L[j + 1 :, j] = ops.divide(column, L[j, j])
    return L


def _solve_triangular(L, b, ops, lower):
    """Solve L x = b by substitution (forward if `lower`, else backward), every flop counted."""
    d = b.shape[0]
    x = np.zeros(d)
    order = range(d) if lower else range(d - 1, -1, -1)
    for i in order:
        known = slice(0, i) if lower else slice(i + 1, d)
        total = b[i]
        if (i if lower else d - 1 - i) > 0:
            total = ops.subtract(total, ops.matmul(L[i, known], x[known]))
        x[i] = ops.divide(total, L[i, i])
    return x


def solve_normal_equations(X, y, counter=None):
    """The least-squares weights w minimising ||X w - y||², in closed form; shape (d,).

    Solves the normal equations (X^T X) w = X^T y with a Cholesky factorisation, as a textbook
    direct solver does, and adds every flop to `counter` (an `OperationCounter`), which then holds
    `least_squares_flops(n, d)`. X has shape (n, d) with full column rank, y shape (n,).
    """
    X, y = regression_arrays(X, y)
    ops = _counter(counter)
    gram = ops.matmul(X.T, X)  # (d, d): the step that grows like n * d**2
    rhs = ops.matmul(X.T, y)
    L = _cholesky(gram, ops)  # about d**3 / 3 flops
    return _solve_triangular(L.T, _solve_triangular(L, rhs, ops, lower=True), ops, lower=False)


def least_squares_descent(X, y, learning_rate, steps, counter=None) -> Descent:
    """`steps` gradient steps on L(w) = ||X w - y||² / (2n) from w = 0, as a `backprop.optimize.Descent`.

    Its `path` holds every iterate (w = 0 first) and `w` the last, shape (d,). A run that blows
    up stops there with ``diverged=True``, by the rule of `backprop.optimize.BLOW_UP` that every
    descent of the book follows.

    Each step computes the gradient X^T (X w - y) / n and moves against it, adding its flops to
    `counter`: 4 n d + d per step, `descent_flops(n, d, steps)` in all. (The scalar
    learning_rate / n is set up once and not counted.)

    This is a hand loop, not the engine's `train` (as `minibatch_sgd` is): every operation has to
    go through `counter` to be counted, and numpy's products inside the engine would not be.
    """
    X, y = regression_arrays(X, y)
    learning_rate = positive_finite(learning_rate, "learning_rate")
    steps = count(steps, "steps")
    ops = _counter(counter)
    n, d = X.shape
    scale = learning_rate / n
    w = np.zeros(d)
    path = [w]
    for _ in range(steps):
        residual = ops.subtract(ops.matmul(X, w), y)
        w = ops.subtract(w, ops.multiply(scale, ops.matmul(X.T, residual)))
        path.append(w)
        if blew_up(w):
            return Descent(np.array(path), True)
    return Descent(np.array(path), False)


def least_squares_flops(n_samples, n_features) -> int:
    """The exact flops of `solve_normal_equations` for X of shape (n_samples, n_features).

    Forming X^T X costs d²(2n - 1), X^T y costs d(2n - 1), the Cholesky factorisation
    d(d - 1)(d - 2)/3 + 3d(d - 1)/2 + d (about d³/3), and the two triangular solves 2d².
    For n much larger than d the first term, about 2 n d², dominates.
    """
    n = count(n_samples, "n_samples", minimum=1)
    d = count(n_features, "n_features", minimum=1)
    cholesky = d * (d - 1) * (d - 2) // 3 + 3 * d * (d - 1) // 2 + d
    return d * d * (2 * n - 1) + d * (2 * n - 1) + cholesky + 2 * d * d


def descent_flops(n_samples, n_features, steps) -> int:
    """The exact flops of `least_squares_descent`: (4 n d + d) per step, linear in n, d and steps."""
    n = count(n_samples, "n_samples", minimum=1)
    d = count(n_features, "n_features", minimum=1)
    return count(steps, "steps") * (4 * n * d + d)
