"""backprop: the small numpy library behind *Learning Neural Nets*.

Each module holds one idea of the book:

- `autograd`: scalar reverse-mode differentiation
- `activations`: activation functions beside their derivatives
- `losses`: losses beside their gradients
- `initializers`: weight initialization schemes
- `network`: the `MLP`
- `optimize`: gradient descent
- `gradcheck`: central differences
- `datasets`: generated and shipped data sets
- `selfcheck`: exercise feedback
- `plotting`: the book's figure style
- `descent`: loss surfaces, descent paths and their verdicts, cost counts, SGD
- `explorers`: kernel-free and live interactive explorers
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
from .descent import (
    SURFACES,
    OperationCounter,
    check_best_learning_rate,
    check_break_even_steps,
    check_descent_function,
    check_quadratic_rates,
    classify_run,
    descent_flops,
    descent_path,
    describe_run,
    learning_rate_explorer,
    least_squares_descent,
    least_squares_flops,
    minibatch_sgd,
    plot_descent_path,
    plot_surface,
    quadratic_surface,
    regression_loss,
    solve_normal_equations,
)
from .gradcheck import GradientCheck, gradient_check, numerical_gradient, relative_error
from .initializers import INITIALIZERS, init_variance, initialize_weights
from .losses import softmax, softmax_cross_entropy, softmax_cross_entropy_grad, squared_error, squared_error_grad
from .network import MLP
from .optimize import gradient_descent, sgd_update
from .plotting import COLORS, book_style, plot_loss_curve, use_book_style

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "COLORS",
    "INITIALIZERS",
    "MLP",
    "SURFACES",
    "GradientCheck",
    "OperationCounter",
    "Value",
    "book_style",
    "check_best_learning_rate",
    "check_break_even_steps",
    "check_descent_function",
    "check_quadratic_rates",
    "classify_run",
    "descent_flops",
    "descent_path",
    "describe_run",
    "get_activation",
    "gradient_check",
    "gradient_descent",
    "identity",
    "identity_grad",
    "init_variance",
    "initialize_weights",
    "leaky_relu",
    "leaky_relu_grad",
    "learning_rate_explorer",
    "least_squares_descent",
    "least_squares_flops",
    "make_regression",
    "minibatch_sgd",
    "numerical_gradient",
    "plot_descent_path",
    "plot_loss_curve",
    "plot_surface",
    "quadratic_surface",
    "regression_loss",
    "relative_error",
    "relu",
    "relu_grad",
    "sgd_update",
    "sigmoid",
    "sigmoid_grad",
    "softmax",
    "softmax_cross_entropy",
    "softmax_cross_entropy_grad",
    "solve_normal_equations",
    "squared_error",
    "squared_error_grad",
    "tanh",
    "tanh_grad",
    "use_book_style",
]
