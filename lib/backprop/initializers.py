"""Weight initialization schemes, by name.

Each returns a (fan_in, fan_out) array. Their variances decide whether a signal keeps its size
as it passes through many layers:

- "standard": uniform on [-1/sqrt(fan_in), 1/sqrt(fan_in)], variance 1/(3 fan_in).
- "xavier" (Glorot & Bengio, 2010, normalized): uniform on +-sqrt(6/(fan_in+fan_out)),
  variance 2/(fan_in+fan_out).
- "he" (He et al., 2015): normal with mean 0 and variance 2/fan_in, made for ReLU.
"""

from __future__ import annotations

import numpy as np

from .checks import choice, count, rng_from


def init_variance(init: str, fan_in: int, fan_out: int) -> float:
    """The variance of one weight drawn by scheme `init` for a layer of the given fans."""
    init = choice(init, "init", INITIALIZERS)
    fan_in = count(fan_in, "fan_in", minimum=1)
    fan_out = count(fan_out, "fan_out", minimum=1)
    if init == "standard":
        return 1.0 / (3.0 * fan_in)
    if init == "xavier":
        return 2.0 / (fan_in + fan_out)
    return 2.0 / fan_in


def initialize_weights(init: str, fan_in: int, fan_out: int, seed=0) -> np.ndarray:
    """Draw a (fan_in, fan_out) weight matrix by scheme `init` from `seed` (int or Generator)."""
    variance = init_variance(init, fan_in, fan_out)
    rng = rng_from(seed)
    if init == "he":
        return rng.normal(0.0, np.sqrt(variance), size=(fan_in, fan_out))
    limit = np.sqrt(3.0 * variance)  # a uniform on [-c, c] has variance c^2/3
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


INITIALIZERS = ("standard", "xavier", "he")
