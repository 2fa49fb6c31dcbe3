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
- `graphs`: computational-graph walks, path counts, forward and reverse mode
- `graph_drawing`: drawing `Value` graphs and stepping through the backward pass
- `training`: mini-batch training, splits and accuracy
- `worked_example`: the 2-2-2 network worked by hand
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
from .datasets import load_digits, make_regression, make_spirals
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
from .graph_drawing import BackwardPlayer, backward_player, draw_graph
from .graphs import (
    backward_frames,
    backward_in_order,
    breadth_first_order,
    check_backward_order,
    check_hand_gradient,
    check_work_counts,
    count_paths,
    first_order_violation,
    format_graph_table,
    forward_mode_gradient,
    gradient_by_paths,
    graph_edges,
    graph_layout,
    graph_nodes,
    graph_table,
    max_gate,
    node_depths,
    path_counts,
    path_sum_work,
    reverse_mode_gradient,
    stacked_diamonds,
)
from .initializers import INITIALIZERS, init_variance, initialize_weights
from .losses import softmax, softmax_cross_entropy, softmax_cross_entropy_grad, squared_error, squared_error_grad
from .network import MLP
from .optimize import gradient_descent, sgd_update
from .plotting import COLORS, book_style, plot_loss_curve, use_book_style
from .training import TrainingHistory, accuracy, iterate_minibatches, train, train_test_split

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "COLORS",
    "INITIALIZERS",
    "MLP",
    "SURFACES",
    "BackwardPlayer",
    "GradientCheck",
    "OperationCounter",
    "TrainingHistory",
    "Value",
    "accuracy",
    "backward_frames",
    "backward_in_order",
    "backward_player",
    "book_style",
    "breadth_first_order",
    "check_backward_order",
    "check_best_learning_rate",
    "check_break_even_steps",
    "check_descent_function",
    "check_hand_gradient",
    "check_quadratic_rates",
    "check_work_counts",
    "classify_run",
    "count_paths",
    "descent_flops",
    "descent_path",
    "describe_run",
    "draw_graph",
    "first_order_violation",
    "format_graph_table",
    "forward_mode_gradient",
    "get_activation",
    "gradient_by_paths",
    "gradient_check",
    "gradient_descent",
    "graph_edges",
    "graph_layout",
    "graph_nodes",
    "graph_table",
    "identity",
    "identity_grad",
    "init_variance",
    "initialize_weights",
    "iterate_minibatches",
    "leaky_relu",
    "leaky_relu_grad",
    "learning_rate_explorer",
    "least_squares_descent",
    "least_squares_flops",
    "load_digits",
    "make_regression",
    "make_spirals",
    "max_gate",
    "minibatch_sgd",
    "node_depths",
    "numerical_gradient",
    "path_counts",
    "path_sum_work",
    "plot_descent_path",
    "plot_loss_curve",
    "plot_surface",
    "quadratic_surface",
    "regression_loss",
    "relative_error",
    "relu",
    "relu_grad",
    "reverse_mode_gradient",
    "sgd_update",
    "sigmoid",
    "sigmoid_grad",
    "softmax",
    "softmax_cross_entropy",
    "softmax_cross_entropy_grad",
    "solve_normal_equations",
    "squared_error",
    "squared_error_grad",
    "stacked_diamonds",
    "tanh",
    "tanh_grad",
    "train",
    "train_test_split",
    "use_book_style",
]
