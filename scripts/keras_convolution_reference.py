#!/usr/bin/env python3
"""Keras 3 reference cases for Conv1D, Conv2D and Conv2DTranspose (`keras_cases_convolution.json`).

Run from the package root with the peer benchmark environment:

    /tmp/peerbench/venv/bin/python scripts/keras_convolution_reference.py

Each case is a layer made from Keras constructor kwargs on batch-2 inputs with fixed weights; see
`keras_reference_cases.py` for what a case records.
"""

import sys
import pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from keras_reference_cases import layer_case, write_family  # noqa: E402


def conv2d_cases():
    cases = []
    grid = [
        ("valid 3x3", dict(filters=3, kernel_size=3), (2, 6, 5, 2)),
        ("same 3x3", dict(filters=3, kernel_size=3, padding="same"), (2, 6, 5, 2)),
        ("valid 3x2 on 7x5", dict(filters=2, kernel_size=(3, 2)), (2, 7, 5, 3)),
        ("same 3x2 on 7x5", dict(filters=2, kernel_size=[3, 2], padding="same"), (2, 7, 5, 3)),
        ("valid stride 2", dict(filters=3, kernel_size=3, strides=2), (2, 7, 5, 2)),
        ("same stride 2", dict(filters=3, kernel_size=3, strides=2, padding="same"), (2, 7, 5, 2)),
        ("same stride 2 even kernel", dict(filters=2, kernel_size=2, strides=2, padding="same"), (2, 7, 5, 2)),
        ("valid stride (2,1)", dict(filters=2, kernel_size=(3, 2), strides=(2, 1)), (2, 7, 5, 2)),
        ("same stride (2,1)", dict(filters=2, kernel_size=(3, 2), strides=(2, 1), padding="same"), (2, 7, 5, 2)),
        ("valid dilation 2", dict(filters=2, kernel_size=3, dilation_rate=2), (2, 7, 6, 2)),
        ("same dilation (2,1)", dict(filters=2, kernel_size=(3, 2), dilation_rate=(2, 1), padding="same"), (2, 7, 5, 2)),
        ("groups 2", dict(filters=4, kernel_size=3, groups=2), (2, 5, 5, 4)),
        ("groups 2 same stride 2", dict(filters=6, kernel_size=(2, 3), groups=2, strides=2, padding="same"), (2, 5, 6, 4)),
        ("no bias", dict(filters=3, kernel_size=2, use_bias=False), (2, 5, 4, 2)),
        ("relu", dict(filters=3, kernel_size=3, activation="relu", padding="same"), (2, 5, 4, 2)),
        ("relu 17 filters", dict(filters=17, kernel_size=2, activation="relu"), (2, 4, 3, 3)),
        ("1x1", dict(filters=3, kernel_size=1), (2, 4, 3, 5)),
        ("1x1 groups", dict(filters=4, kernel_size=1, groups=2, activation="tanh"), (2, 4, 3, 4)),
        ("1x1 stride 2", dict(filters=2, kernel_size=1, strides=2), (2, 5, 4, 3)),
        ("sigmoid channels_last", dict(filters=2, kernel_size=2, activation="sigmoid", data_format="channels_last"), (2, 4, 4, 1)),
    ]
    for k, (name, config, shape) in enumerate(grid):
        cases.append(layer_case(f"Conv2D {name}", "Conv2D", config, [shape], seed=100 + k))
    return cases


def conv1d_cases():
    grid = [
        ("valid", dict(filters=3, kernel_size=3), (2, 9, 2)),
        ("same", dict(filters=3, kernel_size=4, padding="same"), (2, 9, 2)),
        ("causal", dict(filters=2, kernel_size=3, padding="causal"), (2, 8, 3)),
        ("causal dilation 2", dict(filters=2, kernel_size=3, padding="causal", dilation_rate=2), (2, 8, 3)),
        ("valid stride 2", dict(filters=2, kernel_size=3, strides=2), (2, 10, 2)),
        ("same stride 2", dict(filters=2, kernel_size=[3], strides=[2], padding="same"), (2, 10, 2)),
        ("causal stride 3", dict(filters=2, kernel_size=2, strides=3, padding="causal"), (2, 10, 2)),
        ("valid dilation 2", dict(filters=2, kernel_size=3, dilation_rate=2), (2, 9, 2)),
        ("groups 3", dict(filters=6, kernel_size=2, groups=3, activation="relu"), (2, 7, 6)),
        ("no bias 1x1", dict(filters=4, kernel_size=1, use_bias=False), (2, 5, 3)),
    ]
    return [layer_case(f"Conv1D {name}", "Conv1D", config, [shape], seed=200 + k)
            for k, (name, config, shape) in enumerate(grid)]


def conv2d_transpose_cases():
    # No dilation cases: TensorFlow's CPU Conv2DBackpropInput refuses dilation rates above 1, so Keras
    # (TF backend) cannot compute them here. Synapse's dilated Conv2DTranspose is checked as the
    # adjoint of a dilated Conv2D in ConvolutionTests instead.
    grid = [
        ("valid stride 1", dict(filters=2, kernel_size=3), (2, 4, 3, 2)),
        ("same stride 1", dict(filters=2, kernel_size=3, padding="same"), (2, 4, 3, 2)),
        ("valid stride 2", dict(filters=3, kernel_size=3, strides=2), (2, 4, 3, 2)),
        ("same stride 2", dict(filters=3, kernel_size=3, strides=2, padding="same"), (2, 4, 3, 2)),
        ("same stride 2 even kernel", dict(filters=2, kernel_size=4, strides=2, padding="same"), (2, 3, 3, 2)),
        ("valid stride 3", dict(filters=2, kernel_size=(3, 2), strides=3), (2, 3, 4, 2)),
        ("same stride 3", dict(filters=2, kernel_size=(2, 3), strides=3, padding="same"), (2, 3, 4, 2)),
        ("valid kernel below stride", dict(filters=2, kernel_size=2, strides=3), (2, 3, 2, 2)),
        ("valid stride (2,1)", dict(filters=2, kernel_size=(3, 2), strides=(2, 1)), (2, 3, 4, 2)),
        ("valid output_padding 1", dict(filters=2, kernel_size=3, strides=2, output_padding=1), (2, 3, 4, 2)),
        ("same output_padding 1", dict(filters=2, kernel_size=3, strides=2, output_padding=1, padding="same"), (2, 3, 4, 2)),
        ("same output_padding (2,0)", dict(filters=2, kernel_size=3, strides=3, output_padding=(2, 0), padding="same"), (2, 3, 2, 2)),
        ("valid output_padding 0", dict(filters=2, kernel_size=2, strides=2, output_padding=0), (2, 3, 2, 2)),
        ("no bias relu", dict(filters=3, kernel_size=2, strides=2, use_bias=False, activation="relu"), (2, 3, 3, 2)),
        ("1x1", dict(filters=3, kernel_size=1), (2, 3, 3, 4)),
    ]
    return [layer_case(f"Conv2DTranspose {name}", "Conv2DTranspose", config, [shape], seed=300 + k)
            for k, (name, config, shape) in enumerate(grid)]


if __name__ == "__main__":
    cases = conv2d_cases() + conv1d_cases() + conv2d_transpose_cases()
    write_family("convolution", cases, generator="scripts/keras_convolution_reference.py")
