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
- `diagnostics`: per-layer gradient statistics, dead units, variance propagation
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
from .diagnostics import (
    GradientRecord,
    backward_signal_rms,
    backward_signals,
    check_explosion_factor,
    check_leaky_gain,
    check_sigmoid_depth,
    check_variance_factor,
    dead_unit_fraction,
    deep_network,
    derivative_product_bound,
    gradient_profile,
    hidden_net_inputs,
    layer_gradient_norms,
    mean_squared_derivative,
    measured_variance_factors,
    plot_layer_bars,
    regression_problem,
    square_stack,
    train_recording_gradients,
    vanishing_gradient_explorer,
    variance_factor,
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
    "GradientRecord",
    "OperationCounter",
    "TrainingHistory",
    "Value",
    "accuracy",
    "backward_frames",
    "backward_in_order",
    "backward_player",
    "backward_signal_rms",
    "backward_signals",
    "book_style",
    "breadth_first_order",
    "check_backward_order",
    "check_best_learning_rate",
    "check_break_even_steps",
    "check_descent_function",
    "check_explosion_factor",
    "check_hand_gradient",
    "check_leaky_gain",
    "check_quadratic_rates",
    "check_sigmoid_depth",
    "check_variance_factor",
    "check_work_counts",
    "classify_run",
    "count_paths",
    "dead_unit_fraction",
    "deep_network",
    "derivative_product_bound",
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
    "gradient_profile",
    "graph_edges",
    "graph_layout",
    "graph_nodes",
    "graph_table",
    "hidden_net_inputs",
    "identity",
    "identity_grad",
    "init_variance",
    "initialize_weights",
    "iterate_minibatches",
    "layer_gradient_norms",
    "leaky_relu",
    "leaky_relu_grad",
    "learning_rate_explorer",
    "least_squares_descent",
    "least_squares_flops",
    "load_digits",
    "make_regression",
    "make_spirals",
    "max_gate",
    "mean_squared_derivative",
    "measured_variance_factors",
    "minibatch_sgd",
    "node_depths",
    "numerical_gradient",
    "path_counts",
    "path_sum_work",
    "plot_descent_path",
    "plot_layer_bars",
    "plot_loss_curve",
    "plot_surface",
    "quadratic_surface",
    "regression_loss",
    "regression_problem",
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
    "square_stack",
    "squared_error",
    "squared_error_grad",
    "stacked_diamonds",
    "tanh",
    "tanh_grad",
    "train",
    "train_recording_gradients",
    "train_test_split",
    "use_book_style",
    "vanishing_gradient_explorer",
    "variance_factor",
]
