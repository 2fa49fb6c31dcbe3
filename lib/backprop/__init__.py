"""backprop: the small numpy engine behind *Learning Neural Nets*.

The engine needs numpy alone and imports nothing else heavy; each module holds one idea:

- `autograd`: `Value`, scalar reverse-mode differentiation, and its graph read publicly
  (`Value.inputs`, `local_grads`, `op`, `topological_order`, the backward pass as
  `backward_steps`) (standard library only)
- `activations`: activation functions beside their derivatives
- `losses`: losses beside their gradients
- `initializers`: weight initialization schemes
- `network`: `MLP`, a fully connected network with `forward` and `backward`
- `optimize`: gradient descent, and the update rules `SGD` (with momentum) and `Adam`, as PyTorch's
- `gradcheck`: central differences and gradient checks
- `training`: one training loop (`train`), splits, mini-batches and accuracy
- `datasets`: generated and shipped data sets
- `checks`: the argument checks behind the engine's clear errors, for code built on it

The book's own helpers (figures, explorers, exercise checks, one module per chapter) live in
`backprop.book`, which this package never imports.
"""

from .activations import (
    ACTIVATIONS,
    LEAKY_SLOPE,
    get_activation,
    identity,
    identity_grad,
    leaky_relu,
    leaky_relu_grad,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    tanh,
    tanh_grad,
)
from .autograd import BackwardStep, Value, backward_steps, topological_order
from .datasets import load_digits, make_regression, make_spirals
from .gradcheck import ROUNDING_LEVEL, GradientCheck, below_or_value, gradient_check, numerical_gradient, relative_error
from .initializers import INITIALIZERS, init_variance, initialize_weights
from .losses import softmax, softmax_cross_entropy, softmax_cross_entropy_grad, squared_error, squared_error_grad
from .network import MLP
from .optimize import SGD, Adam, Descent, blew_up, gradient_descent, minimize, sgd_update
from .training import Step, TrainingHistory, accuracy, iterate_minibatches, train, train_test_split

__version__ = "0.2.0"

__all__ = [
    "ACTIVATIONS",
    "Adam",
    "BackwardStep",
    "Descent",
    "LEAKY_SLOPE",
    "backward_steps",
    "blew_up",
    "topological_order",
    "INITIALIZERS",
    "MLP",
    "ROUNDING_LEVEL",
    "SGD",
    "GradientCheck",
    "Step",
    "TrainingHistory",
    "Value",
    "accuracy",
    "below_or_value",
    "get_activation",
    "gradient_check",
    "gradient_descent",
    "identity",
    "identity_grad",
    "init_variance",
    "initialize_weights",
    "iterate_minibatches",
    "leaky_relu",
    "leaky_relu_grad",
    "load_digits",
    "make_regression",
    "make_spirals",
    "minimize",
    "numerical_gradient",
    "relative_error",
    "relu",
    "relu_grad",
    "sgd_update",
    "sigmoid",
    "sigmoid_grad",
    "softmax",
    "softmax_cross_entropy",
    "softmax_cross_entropy_grad",
    "squared_error",
    "squared_error_grad",
    "tanh",
    "tanh_grad",
    "train",
    "train_test_split",
]
