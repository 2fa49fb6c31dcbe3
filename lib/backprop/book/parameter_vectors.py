"""A network's weights and biases as one vector, and the name of each entry (chapter 4's gradient checks).

`flatten_parameters` lays them out W1 row by row, b1, W2, b2, ...; `unflatten_parameters` undoes it;
`parameter_names` names each entry in the same order, ``w(x1→h2)`` or ``b(o1)``.
"""

from __future__ import annotations

import numpy as np


def parameter_names(sizes=(2, 2, 2)) -> list[str]:
    """Readable names of every weight and bias, in the order `flatten_parameters` lays them out.

    Units are named x1.. (inputs), h1.. (hidden) and o1.. (outputs): ``w(x1→h2)`` is the weight
    from input 1 to hidden unit 2 and ``b(o1)`` the bias of output unit 1.
    """
    layers = [[f"x{i + 1}" for i in range(sizes[0])]]
    layers += [[f"h{j + 1}" for j in range(width)] for width in sizes[1:-1]]
    layers += [[f"o{k + 1}" for k in range(sizes[-1])]]
    names = []
    for source, target in zip(layers, layers[1:]):
        names += [f"w({s}→{t})" for s in source for t in target]
        names += [f"b({t})" for t in target]
    return names


def flatten_parameters(weights, biases) -> np.ndarray:
    """All weights and biases (or their gradients) in one vector: W1 row by row, b1, W2, b2, ..."""
    parts = []
    for W, b in zip(weights, biases):
        parts += [np.asarray(W, dtype=np.float64).ravel(), np.asarray(b, dtype=np.float64).ravel()]
    return np.concatenate(parts)


def unflatten_parameters(vector, sizes=(2, 2, 2)):
    """Undo `flatten_parameters`: ``(weights, biases)`` lists of arrays for layer widths `sizes`."""
    vector = np.asarray(vector, dtype=np.float64)
    expected = sum(n_in * n_out + n_out for n_in, n_out in zip(sizes, sizes[1:]))
    if vector.shape != (expected,):
        raise ValueError(f"vector must hold the {expected} parameters of a {list(sizes)} network, got {vector.shape}")
    weights, biases, start = [], [], 0
    for n_in, n_out in zip(sizes, sizes[1:]):
        weights.append(vector[start : start + n_in * n_out].reshape(n_in, n_out).copy())
        start += n_in * n_out
        biases.append(vector[start : start + n_out].copy())
        start += n_out
    return weights, biases
