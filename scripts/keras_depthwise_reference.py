#!/usr/bin/env python3
"""Keras reference cases for the depthwise family: DepthwiseConv1D, DepthwiseConv2D and SeparableConv2D.

Writes `Tests/SynapseTests/Layers/Fixtures/keras_cases_depthwise.json` through the shared machinery
of `keras_reference_cases.py` (see there for the schema). Covers strides 1 and 2, 'valid' and 'same'
padding, depth multipliers 1, 2 and 3 (TensorFlow's depthwise op takes equal strides only, so
the cases have equal strides; unequal ones are covered by the harness), dilation 2, odd and non-square sizes, no bias and ReLU.
Keras 3.15 accepts strides > 1 together with dilation > 1 for both layers; so do these cases.

Run from the package root with the peer benchmark environment:

    /tmp/peerbench/venv/bin/python scripts/keras_depthwise_reference.py
"""

import sys
import pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from keras_reference_cases import layer_case, write_family, keras, tf  # noqa: E402


def accepts_strides_with_dilation(class_name, **config):
    """Whether Keras accepts strides > 1 with dilation > 1 (Keras 3.15 does, for both layers: its
    TensorFlow backend runs the dilated convolution at stride 1 and subsamples)."""
    layer = getattr(keras.layers, class_name)(strides=2, dilation_rate=2, **config)
    return tuple(layer(tf.zeros((1, 7, 7, 2))).shape)


def main():
    cases = [
        layer_case("DepthwiseConv2D 3x3 valid", "DepthwiseConv2D", {"kernel_size": 3}, [(2, 5, 5, 3)], seed=1),
        layer_case("DepthwiseConv2D 3x3 same stride 2 dm 2", "DepthwiseConv2D",
                   {"kernel_size": [3, 3], "strides": 2, "padding": "same", "depth_multiplier": 2}, [(2, 5, 6, 2)], seed=2),
        layer_case("DepthwiseConv2D 2x3 same dilation 2", "DepthwiseConv2D",
                   {"kernel_size": [2, 3], "padding": "same", "dilation_rate": 2}, [(1, 7, 6, 3)], seed=3),
        layer_case("DepthwiseConv2D valid stride 2 dm 3 relu no bias", "DepthwiseConv2D",
                   {"kernel_size": [3, 2], "strides": [2, 2], "depth_multiplier": 3, "activation": "relu", "use_bias": False},
                   [(2, 7, 5, 2)], seed=4),
        layer_case("DepthwiseConv2D 4x4 same stride 3 odd", "DepthwiseConv2D",
                   {"kernel_size": 4, "strides": 3, "padding": "same"}, [(1, 7, 8, 2)], seed=5),
        layer_case("DepthwiseConv2D valid dilation (2, 1) dm 2", "DepthwiseConv2D",
                   {"kernel_size": 3, "dilation_rate": [2, 1], "depth_multiplier": 2, "data_format": "channels_last"},
                   [(2, 6, 5, 2)], seed=6),
        layer_case("DepthwiseConv2D same stride 2 dilation 2 dm 2", "DepthwiseConv2D",
                   {"kernel_size": 3, "strides": 2, "padding": "same", "dilation_rate": 2, "depth_multiplier": 2},
                   [(2, 7, 6, 2)], seed=7),
        layer_case("DepthwiseConv2D valid stride 2 dilation (2, 1)", "DepthwiseConv2D",
                   {"kernel_size": [2, 3], "strides": 2, "dilation_rate": [2, 1]}, [(1, 8, 7, 3)], seed=8),
        layer_case("DepthwiseConv1D 3 valid", "DepthwiseConv1D", {"kernel_size": 3}, [(2, 7, 3)], seed=21),
        layer_case("DepthwiseConv1D same stride 2 dm 2 relu", "DepthwiseConv1D",
                   {"kernel_size": [4], "strides": 2, "padding": "same", "depth_multiplier": 2, "activation": "relu"},
                   [(2, 9, 2)], seed=22),
        layer_case("DepthwiseConv1D same dilation 2 stride 2 no bias", "DepthwiseConv1D",
                   {"kernel_size": 3, "strides": [2], "padding": "same", "dilation_rate": 2, "use_bias": False}, [(1, 8, 3)], seed=23),
        layer_case("SeparableConv2D 3x3 valid", "SeparableConv2D", {"filters": 4, "kernel_size": 3}, [(2, 5, 5, 3)], seed=11),
        layer_case("SeparableConv2D 3x3 same stride 2 dm 2", "SeparableConv2D",
                   {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same", "depth_multiplier": 2}, [(2, 5, 6, 2)], seed=12),
        layer_case("SeparableConv2D same dilation 2 relu no bias", "SeparableConv2D",
                   {"filters": 5, "kernel_size": [3, 2], "padding": "same", "dilation_rate": 2, "activation": "relu",
                    "use_bias": False}, [(1, 7, 6, 3)], seed=13),
        layer_case("SeparableConv2D valid stride 2 dm 3 relu", "SeparableConv2D",
                   {"filters": 2, "kernel_size": [2, 3], "strides": [2, 2], "depth_multiplier": 3, "activation": "relu"},
                   [(2, 5, 7, 2)], seed=14),
        layer_case("SeparableConv2D same stride 2 dilation 2", "SeparableConv2D",
                   {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same", "dilation_rate": 2}, [(2, 7, 6, 2)], seed=16),
        layer_case("SeparableConv2D 1x1 same", "SeparableConv2D",
                   {"filters": 3, "kernel_size": 1, "padding": "same"}, [(2, 3, 3, 4)], seed=15),
    ]
    print("strides 2 with dilation 2, output shapes:", accepts_strides_with_dilation("DepthwiseConv2D", kernel_size=3),
          accepts_strides_with_dilation("SeparableConv2D", filters=3, kernel_size=3))
    write_family("depthwise", cases, generator="scripts/keras_depthwise_reference.py")


if __name__ == "__main__":
    main()
