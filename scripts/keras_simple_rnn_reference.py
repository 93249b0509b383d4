#!/usr/bin/env python3
"""Keras 3 reference cases for SimpleRNN (`keras_cases_simple_rnn.json`).

SimpleRNN on [batch, steps, features] inputs, with Keras's weights (`kernel` [F, u],
`recurrent_kernel` [u, u], `bias` [u]): the defaults (tanh), `return_sequences`, `go_backwards`,
`use_bias=False` and other activations.

Run from the package root with the peer benchmark environment:

    /tmp/peerbench/venv/bin/python scripts/keras_simple_rnn_reference.py
"""

import sys
import pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from keras_reference_cases import layer_case, write_family  # noqa: E402


def cases():
    rnn = "SimpleRNN"
    variants = [
        ({"units": 4}, "defaults", (2, 5, 3)),
        ({"units": 4, "return_sequences": True}, "return_sequences", (2, 4, 3)),
        ({"units": 3, "go_backwards": True}, "go_backwards", (2, 4, 3)),
        ({"units": 3, "go_backwards": True, "return_sequences": True}, "go_backwards return_sequences", (3, 4, 2)),
        ({"units": 4, "use_bias": False, "return_sequences": True}, "use_bias=false", (2, 3, 3)),
        ({"units": 4, "activation": "relu", "return_sequences": True}, "relu", (2, 4, 3)),
        ({"units": 2, "activation": "sigmoid"}, "sigmoid", (2, 3, 2)),
        ({"units": 5}, "one step", (3, 1, 4)),
    ]
    return [layer_case(f"SimpleRNN {label}", rnn, config, [shape], seed=40 + k)
            for k, (config, label, shape) in enumerate(variants)]


if __name__ == "__main__":
    write_family("simple_rnn", cases(), generator="scripts/keras_simple_rnn_reference.py")
