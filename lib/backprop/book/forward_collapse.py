"""Chapter 5 (vanishing gradients): the forward pass of a deep network, and what it leaves the top layer.

A deep sigmoid network fails forwards as well as backwards: each layer shrinks how much its outputs
differ from one example to the next by about the same factor that shrinks the backward signal, so
the last hidden layer sees nearly the same vector for every input. Three measurements on an `MLP`:

- `forward_statistics`: per hidden layer, the *spread* of its outputs across the examples (each
  unit's standard deviation over the batch, averaged over the layer's units) and their mean.
- `top_layer_fit`: the loss of the best output layer for the last hidden layer's outputs, by
  least squares. It says whether those outputs still carry what the targets need.
- `top_layer_curvatures`: for the output layer alone, the largest curvature of the squared-error
  loss (it caps the learning rate at 2 divided by it) and the largest curvature along a direction
  in which the last hidden layer's outputs vary across examples (how fast gradient descent can
  learn anything that depends on the input). At the largest stable learning rate, one step
  shrinks the input-dependent part of the error by at most a fraction 2 varying / largest, so the
  ratio largest / varying is, to within a factor of 2, the fewest steps that part needs.

The loss is the chapter's squared error (`backprop.squared_error`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import as_finite_array
from ..losses import squared_error
from .layer_gradients import _check_mlp, _hidden_outputs, _regression_pair


@dataclass(frozen=True)
class ForwardStatistics:
    """Per hidden layer (shape (n_layers - 1,) each): `spread`, the standard deviation of each unit's
    output across the examples, averaged over the layer's units; `mean`, the mean output over the
    examples and units."""

    spread: np.ndarray
    mean: np.ndarray


def _inputs(mlp, X) -> np.ndarray:
    X = as_finite_array(X, "X", ndim=2)
    if X.shape[1] != mlp.sizes[0]:
        raise ValueError(f"X must have {mlp.sizes[0]} columns (the network's input width), got shape {X.shape}")
    return X


def forward_statistics(mlp, X) -> ForwardStatistics:
    """How much every hidden layer's outputs vary across the examples of `X`, and their mean.

    `X` has shape (batch, sizes[0]); see `ForwardStatistics`.
    """
    mlp = _check_mlp(mlp)
    outputs = _hidden_outputs(mlp, _inputs(mlp, X))
    return ForwardStatistics(spread=np.array([float(np.mean(np.std(a, axis=0))) for a in outputs]),
                             mean=np.array([float(np.mean(a)) for a in outputs]))


def _last_hidden(mlp, X) -> np.ndarray:
    """The last hidden layer's outputs (the inputs themselves for a network of one layer)."""
    return _hidden_outputs(mlp, X)[-1] if mlp.n_layers > 1 else X


def top_layer_fit(mlp, X, y) -> float:
    """The smallest loss any output layer (weights and bias) can reach on the last hidden layer's outputs.

    The squared error (`backprop.squared_error`) of the least-squares fit of `y` (shape
    (n, sizes[-1]) or (n,)) on those outputs and a constant: what training the top layer alone could reach at best. The
    network's output layer must be linear (the chapter's networks' is).
    """
    X, y = _regression_pair(_check_mlp(mlp), X, y)
    features = _last_hidden(mlp, X)
    design = np.hstack([features, np.ones((len(features), 1))])
    weights, *_ = np.linalg.lstsq(design, y, rcond=None)
    return squared_error(design @ weights, y)


def top_layer_curvatures(mlp, X) -> tuple[float, float]:
    """(largest curvature, largest curvature along the input-dependent directions) of the output layer's loss.

    For a linear output layer on features F (the last hidden layer's outputs and a constant 1), the
    loss's Hessian in the layer's weights is F^T F / n. Its largest eigenvalue bounds the stable
    learning rate; the largest eigenvalue of the features' covariance across the examples is the
    largest curvature along any direction in which the output changes from one example to another.
    """
    mlp = _check_mlp(mlp)
    features = _last_hidden(mlp, _inputs(mlp, X))
    design = np.hstack([features, np.ones((len(features), 1))])
    largest = float(np.linalg.eigvalsh(design.T @ design / len(design))[-1])
    centered = features - features.mean(axis=0)
    varying = float(np.linalg.eigvalsh(centered.T @ centered / len(centered))[-1])
    return largest, varying
