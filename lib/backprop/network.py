"""A fully connected network whose forward and backward passes are a few matrix products.

Layer l computes ``z = a_prev @ W + b`` and ``a = activation(z)``. The backward pass walks the
layers in reverse with ``delta = dL/dz``:

    dW = a_prev.T @ delta,   db = delta summed over the batch,   dL/da_prev = delta @ W.T
"""

from __future__ import annotations

import numpy as np

from .activations import get_activation
from .checks import as_finite_array, batch, choice, count, rng_from
from .initializers import INITIALIZERS, initialize_weights


class MLP:
    """A multi-layer perceptron with layer sizes `sizes`, e.g. ``MLP([2, 8, 1])``.

    Hidden layers use `activation`, the last layer `output_activation` (names from
    `backprop.activations.ACTIVATIONS`). Weights are drawn by `init` ("standard", "xavier" or
    "he") from `seed` (int or numpy Generator); biases start at zero. ``weights[l]`` has shape
    ``(sizes[l], sizes[l+1])`` and ``biases[l]`` shape ``(sizes[l+1],)``; both may be edited in place.
    """

    def __init__(self, sizes, activation="tanh", output_activation="identity", init="xavier", seed=0):
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
            raise TypeError(f"sizes must be a list of layer widths, got {type(sizes).__name__}")
        if len(sizes) < 2:
            raise ValueError(f"sizes must list at least an input and an output width, got {list(sizes)}")
        self.sizes = [count(width, f"sizes[{i}]", minimum=1) for i, width in enumerate(sizes)]
        self.activation = get_activation(activation)
        self.output_activation = get_activation(output_activation)
        self.init = choice(init, "init", INITIALIZERS)
        rng = rng_from(seed)
        self.weights = [initialize_weights(init, n_in, n_out, rng) for n_in, n_out in zip(self.sizes, self.sizes[1:])]
        self.biases = [np.zeros(n_out) for n_out in self.sizes[1:]]
        self._cache = None

    @property
    def n_layers(self) -> int:
        return len(self.weights)

    def activation_of_layer(self, layer: int):
        return self.output_activation if layer == self.n_layers - 1 else self.activation

    def forward(self, X) -> np.ndarray:
        """Outputs for inputs `X` of shape (batch, sizes[0]); returns (batch, sizes[-1]).

        Remembers each layer's input, net input `z` and output, and the weights used, for `backward`.
        A net input beyond the largest float is a FloatingPointError that names the layer (`train`
        reports it as divergence), never a warning and an infinity.
        """
        inputs, net_inputs, outputs = self._layers(X)
        # Copies: the backward pass must use the input and weights of this forward pass even if the
        # caller changes `X` or updates `self.weights` in place before calling `backward`, and the
        # caller gets an output of its own (changing it changes nothing here). The first layer's
        # weights are only needed for dL/dX (`keep_signals`), so they are not copied.
        if inputs[0] is X:
            inputs[0] = X.copy()
        self._cache = (inputs, net_inputs, outputs, [self.weights[0]] + [W.copy() for W in self.weights[1:]])
        return outputs[-1].copy()

    def net_inputs(self, X) -> list:
        """The net inputs z = a_prev @ W + b of every layer, output layer included, for inputs `X`.

        Returns a list of n_layers new arrays, entry l of shape (batch, sizes[l + 1]). Leaves what
        `forward` remembered for `backward` alone.
        """
        return self._layers(X)[1]

    def _layers(self, X):
        X = batch(X, "X")
        if X.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have {self.sizes[0]} columns (sizes[0]), got shape {X.shape}")
        self._check_parameters()
        inputs, net_inputs, outputs = [], [], []
        a = X
        with np.errstate(over="ignore", invalid="ignore"):
            for layer, (W, b) in enumerate(zip(self.weights, self.biases)):
                inputs.append(a)
                z = a @ W
                z += b
                if not np.isfinite(z).all():
                    raise FloatingPointError(
                        f"the forward pass overflows in layer {layer + 1}: its net inputs go beyond the largest "
                        "number a float can hold (the weights or the inputs are too large)")
                net_inputs.append(z)
                a = self.activation_of_layer(layer).function(z)
                outputs.append(a)
        return inputs, net_inputs, outputs

    __call__ = forward

    def backward(self, grad_output, keep_signals=False):
        """Gradients of the loss for dL/d(output) `grad_output`, shape (batch, sizes[-1]).

        Returns ``(weight_grads, bias_grads)``, lists shaped like ``weights`` and ``biases``. With
        `keep_signals`, also returns the signal dL/da at every layer boundary, from the input
        (entry 0, dL/dX, which uses the first layer's weights as they are now) to the output (the
        last entry, `grad_output`). A gradient beyond the largest float is a FloatingPointError, never
        a warning and an infinity.
        """
        if not isinstance(keep_signals, (bool, np.bool_)):
            raise TypeError("keep_signals must be True or False")
        if self._cache is None:
            raise ValueError("backward() needs a forward() call first: it differentiates the last forward pass")
        inputs, net_inputs, outputs, weights = self._cache
        grad = as_finite_array(grad_output, "grad_output", ndim=2)
        if grad is grad_output:
            grad = grad.copy()  # the signals returned must not be the caller's array
        if grad.shape != outputs[-1].shape:
            raise ValueError(f"grad_output must have the output's shape {outputs[-1].shape}, got {grad.shape}")
        weight_grads = [None] * self.n_layers
        bias_grads = [None] * self.n_layers
        signals = [grad]
        with np.errstate(over="ignore", invalid="ignore"):
            for layer in reversed(range(self.n_layers)):
                activation = self.activation_of_layer(layer)
                if activation.name == "identity":
                    delta = grad
                elif activation.derivative_from_output is not None:
                    delta = grad * activation.derivative_from_output(outputs[layer])
                else:
                    delta = grad * activation.derivative(net_inputs[layer])
                weight_grads[layer] = inputs[layer].T @ delta
                bias_grads[layer] = delta.sum(axis=0)
                if layer > 0 or keep_signals:
                    grad = delta @ weights[layer].T
                    signals.append(grad)
        if not all(np.isfinite(g).all() for g in weight_grads + bias_grads + signals):
            raise FloatingPointError("the backward pass overflows: a gradient goes beyond the largest number a float "
                                     "can hold (grad_output, the weights or the inputs are too large)")
        if keep_signals:
            return weight_grads, bias_grads, signals[::-1]
        return weight_grads, bias_grads

    def _check_parameters(self):
        """The weights and biases, which a caller may edit in place, still fit the network."""
        if len(self.weights) == self.n_layers and len(self.biases) == self.n_layers and all(
            type(W) is np.ndarray and type(b) is np.ndarray and W.dtype == np.float64 and b.dtype == np.float64
            and W.shape == (m, n) and b.shape == (n,)
            for W, b, m, n in zip(self.weights, self.biases, self.sizes, self.sizes[1:])
        ):
            return  # the usual case, checked at the cost of one pass; otherwise, find what is wrong
        if len(self.weights) != self.n_layers or len(self.biases) != len(self.sizes) - 1:
            raise ValueError(f"the network has {len(self.sizes) - 1} layers, but weights holds {len(self.weights)} "
                             f"arrays and biases {len(self.biases)}")
        for layer, (W, b) in enumerate(zip(self.weights, self.biases)):
            expected = (self.sizes[layer], self.sizes[layer + 1])
            if np.shape(W) != expected or np.shape(b) != expected[1:]:
                raise ValueError(
                    f"layer {layer} parameters must have shapes W {expected} and b {expected[1:]}, "
                    f"got W {np.shape(W)} and b {np.shape(b)}"
                )
            for name, p in (("weights", W), ("biases", b)):
                if not isinstance(p, np.ndarray) or p.dtype != np.float64:
                    raise TypeError(f"{name}[{layer}] must be a float64 numpy array, got "
                                    f"{getattr(p, 'dtype', type(p).__name__)}")
                if not np.all(np.isfinite(p)):
                    raise ValueError(f"{name}[{layer}] holds NaN or infinity: training diverged, or it was set so")

    def __repr__(self):
        return (
            f"MLP(sizes={self.sizes}, activation={self.activation.name!r}, "
            f"output_activation={self.output_activation.name!r}, init={self.init!r})"
        )
