"""Chapter 4's layer-level drawing of the backward pass (backprop.book.layer_flow)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from backprop import MLP, softmax_cross_entropy_grad  # noqa: E402
from backprop.book.layer_flow import draw_layer_backward, layer_flow_boxes  # noqa: E402


@pytest.mark.parametrize("sizes, batch", [([64, 32, 10], 50), ([3, 5, 4, 2], 6), ([2, 1], 1)])
def test_every_box_has_the_shape_of_the_array_the_engine_computes(sizes, batch):
    """The shapes the drawing writes are those of MLP.forward's activations, MLP.backward's
    weight gradients and the deltas (shaped like the net inputs) for the same batch."""
    net = MLP(sizes, seed=0)
    X = np.random.default_rng(0).normal(size=(batch, sizes[0]))
    net.forward(X)
    weight_grads, _ = net.backward(softmax_cross_entropy_grad(net.forward(X), np.zeros(batch, dtype=int)))
    net_inputs = net.net_inputs(X)
    boxes = {box.name: box for box in layer_flow_boxes(sizes, batch)}
    shape = lambda array: "×".join(map(str, array.shape))  # noqa: E731
    assert boxes["X"].shape == shape(X)
    for layer, (dW, z) in enumerate(zip(weight_grads, net_inputs), start=1):
        assert boxes[f"A{layer}"].shape == shape(z)
        assert boxes[f"Delta{layer}"].shape == shape(z)
        assert boxes[f"dW{layer}"].shape == shape(dW)
    assert len(boxes) == 3 * (len(sizes) - 1) + 2  # X, the loss, and per layer its output, delta and gradient


def test_the_drawing_holds_every_box_with_its_label():
    ax = draw_layer_backward([64, 32, 10], 50)
    gids = {patch.get_gid() for patch in ax.patches if patch.get_gid()}
    assert gids == {f"box-{box.name}" for box in layer_flow_boxes([64, 32, 10], 50)}
    texts = [text.get_text() for text in ax.texts]
    assert "64×32" in texts and "32×10" in texts and r"$\Delta_2 = (P - Y)/B$" in texts


@pytest.mark.parametrize("sizes, batch, error, match", [
    ([64], 50, ValueError, "2 to 5 layer widths"),
    ([1, 2, 3, 4, 5, 6], 5, ValueError, "2 to 5"),
    ("64-32-10", 5, TypeError, "list of layer widths"),
    ([64, 0, 10], 5, ValueError, "every layer width must be at least 1"),
    ([64, 32, 10], 0, ValueError, "batch must be at least 1"),
    ([64, 32.5, 10], 5, TypeError, "every layer width must be an integer"),
])
def test_bad_input_raises_a_clear_error(sizes, batch, error, match):
    with pytest.raises(error, match=match):
        layer_flow_boxes(sizes, batch)
