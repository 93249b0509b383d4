#!/usr/bin/env python3
"""Keras reference cases for the activation layers (`keras_cases_activation_layers.json`):
Activation with each activation function, ReLU with its maximum, negative slope and threshold,
LeakyReLU (default negative_slope 0.3, and another), and Softmax along the last and other axes.

    /tmp/peerbench/venv/bin/python scripts/keras_activation_layers_reference.py
"""

from keras_reference_cases import layer_case, write_family


def cases():
    specs = [
        ("Activation relu", "Activation", {"activation": "relu"}, (2, 6), (-1.0, 1.0)),
        ("Activation tanh", "Activation", {"activation": "tanh"}, (2, 3, 2), (-2.0, 2.0)),
        ("Activation sigmoid", "Activation", {"activation": "sigmoid"}, (2, 5), (-3.0, 3.0)),
        ("Activation softmax", "Activation", {"activation": "softmax"}, (2, 3, 4), (-2.0, 2.0)),
        ("Activation gelu", "Activation", {"activation": "gelu"}, (2, 5), (-2.0, 2.0)),
        ("Activation leaky_relu", "Activation", {"activation": "leaky_relu"}, (2, 5), (-1.0, 1.0)),
        ("Activation elu", "Activation", {"activation": "elu"}, (2, 5), (-2.0, 2.0)),
        ("Activation softplus", "Activation", {"activation": "softplus"}, (2, 5), (-3.0, 3.0)),
        ("Activation swish", "Activation", {"activation": "swish"}, (2, 5), (-3.0, 3.0)),
        ("ReLU default", "ReLU", {}, (2, 6), (-1.0, 1.0)),
        ("ReLU max_value 6", "ReLU", {"max_value": 6.0}, (2, 8), (-3.0, 9.0)),
        ("ReLU max_value 1, negative_slope 0.1, threshold 0.5", "ReLU",
         {"max_value": 1.0, "negative_slope": 0.1, "threshold": 0.5}, (2, 3, 3), (-1.0, 2.0)),
        ("ReLU negative_slope 0.2", "ReLU", {"negative_slope": 0.2}, (2, 6), (-1.0, 1.0)),
        ("ReLU threshold 0.3", "ReLU", {"threshold": 0.3}, (2, 6), (-1.0, 1.0)),
        ("ReLU max_value 0.8, threshold 0.2", "ReLU", {"max_value": 0.8, "threshold": 0.2}, (2, 6), (-1.0, 1.5)),
        ("LeakyReLU default", "LeakyReLU", {}, (2, 6), (-1.0, 1.0)),
        ("LeakyReLU negative_slope 0.05", "LeakyReLU", {"negative_slope": 0.05}, (2, 3, 2), (-1.0, 1.0)),
        ("Softmax default", "Softmax", {}, (2, 5), (-2.0, 2.0)),
        ("Softmax of [3, 4]", "Softmax", {}, (2, 3, 4), (-2.0, 2.0)),
        ("Softmax axis 1", "Softmax", {"axis": 1}, (2, 3, 4), (-2.0, 2.0)),
        ("Softmax axis -2 of [2, 3, 2]", "Softmax", {"axis": -2}, (2, 2, 3, 2), (-2.0, 2.0)),
    ]
    return [layer_case(name, cls, config, [shape], seed, input_range=value_range)
            for seed, (name, cls, config, shape, value_range) in enumerate(specs, start=1)]


if __name__ == "__main__":
    write_family("activation_layers", cases(), generator="scripts/keras_activation_layers_reference.py")
