"""The XOR network of chapter 1, for chapter 2's sections on convexity and random starts.

`xor_network` builds the 2-2-1 sigmoid network, `train_xor` trains it by full-batch gradient
descent on the four XOR examples, `xor_loss` measures it; `swap_hidden_units` and
`blend_networks` show that a network's loss is not convex: two networks that differ only by the
order of their hidden units have the same loss, and the networks between them a higher one.
"""

from __future__ import annotations

import copy

import numpy as np

from ..checks import count, positive_finite, real
from ..losses import squared_error
from ..network import MLP
from ..training import train

XOR_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
"""The four inputs of exclusive-or, one per row (as in chapter 1)."""

XOR_TARGETS = np.array([[0.0], [1.0], [1.0], [0.0]])
"""Their targets: 1 when exactly one input is 1."""


def xor_network(seed=0) -> MLP:
    """Chapter 1's XOR network: `MLP([2, 4, 1])`, tanh hidden units, a sigmoid output, weights from `seed`."""
    return MLP([2, 4, 1], activation="tanh", output_activation="sigmoid", seed=seed)


def _network(network, name="network") -> MLP:
    if not isinstance(network, MLP):
        raise TypeError(f"{name} must be an MLP, got {type(network).__name__}")
    return network


def xor_loss(network) -> float:
    """The squared error of `network` (an `MLP` with 2 inputs and 1 output) on the four XOR examples."""
    return squared_error(_network(network).forward(XOR_INPUTS), XOR_TARGETS)


def train_xor(network, steps=3000, learning_rate=2.0) -> float:
    """Chapter 1's loop on XOR: `steps` full-batch gradient steps, changing `network` in place.

    Each step is forward, loss, backward, update: the engine's `train` with the squared error on
    all four examples at once (one epoch is one step). Returns the final `xor_loss`.
    """
    network = _network(network)
    steps = count(steps, "steps")
    learning_rate = positive_finite(learning_rate, "learning_rate")
    if steps:
        train(network, XOR_INPUTS, XOR_TARGETS, loss="squared_error", learning_rate=learning_rate, epochs=steps,
              batch_size=None)
    return xor_loss(network)


def swap_hidden_units(network, i, j) -> MLP:
    """A copy of `network` with hidden units i and j of its first hidden layer swapped.

    Their incoming weights (columns of W1), biases and outgoing weights (rows of W2) trade places,
    so the copy computes the same function with different weights.
    """
    network = _network(network)
    if network.n_layers < 2:
        raise ValueError("network must have a hidden layer to swap units of")
    width = network.sizes[1]
    i, j = (count(k, name) for k, name in ((i, "i"), (j, "j")))
    if max(i, j) >= width:
        raise ValueError(f"i and j must be hidden units 0..{width - 1}, got {i} and {j}")
    swapped = copy.deepcopy(network)
    order = np.arange(width)
    order[[i, j]] = order[[j, i]]
    swapped.weights[0][...] = network.weights[0][:, order]
    swapped.biases[0][...] = network.biases[0][order]
    swapped.weights[1][...] = network.weights[1][order]
    return swapped


def blend_networks(first, second, t) -> MLP:
    """The network whose every parameter is (1 - t) * first's + t * second's (t = 0.5: halfway).

    `first` and `second` must have the same layer sizes; the result has `first`'s activations.
    """
    first, second = _network(first, "first"), _network(second, "second")
    if first.sizes != second.sizes:
        raise ValueError(f"first and second must have the same sizes, got {first.sizes} and {second.sizes}")
    t = real(t, "t")
    blended = copy.deepcopy(first)
    for mine, a, b in zip(blended.weights + blended.biases, first.weights + first.biases,
                          second.weights + second.biases):
        mine[...] = (1 - t) * a + t * b
    return blended
