"""backprop: the small numpy library behind *Learning Neural Nets*.

Each module holds one idea of the book: `autograd` (scalar reverse-mode differentiation),
`activations`, `losses`, `initializers`, `network` (the `MLP`), `optimize` (gradient descent),
`gradcheck` (central differences), `datasets`, `selfcheck` (exercise feedback) and `plotting`
(the book's figure style).
"""

from .activations import (
    ACTIVATIONS,
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
from .autograd import Value
from .datasets import make_regression
from .gradcheck import GradientCheck, gradient_check, numerical_gradient, relative_error
from .initializers import INITIALIZERS, init_variance, initialize_weights
from .losses import (
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
    squared_error,
    squared_error_grad,
)
from .network import MLP
from .optimize import gradient_descent, sgd_update
from .plotting import COLORS, book_style, plot_loss_curve, use_book_style

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "COLORS",
    "INITIALIZERS",
    "MLP",
    "GradientCheck",
    "Value",
    "book_style",
    "get_activation",
    "gradient_check",
    "gradient_descent",
    "identity",
    "identity_grad",
    "make_regression",
    "init_variance",
    "initialize_weights",
    "leaky_relu",
    "leaky_relu_grad",
    "numerical_gradient",
    "plot_loss_curve",
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
    "use_book_style",
]
