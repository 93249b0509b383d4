#!/usr/bin/env python3
"""Keras 3 reference cases for GRU (`keras_cases_gru.json`).

GRU on [batch, steps, features] inputs, with Keras's weights (`kernel` [F, 3u], `recurrent_kernel`
[u, 3u], `bias` [2, 3u] with `reset_after=True`, the default, or [3u] with `reset_after=False`; gates
z, r, h): the defaults, `reset_after` both ways, `return_sequences`, `go_backwards`, `use_bias=False`,
other activations (gelu through the kernels' lane-by-lane path), 18 units (a full vector and a tail);
and for both forms `return_state`, masks — a row with masked steps in the middle and at the end, a
fully masked row, leading masked steps — with and without `return_sequences` and `go_backwards`,
initial states (with their gradients), and masks with initial states.

Run from the package root with the peer benchmark environment:

    /tmp/peerbench/venv/bin/python scripts/keras_gru_reference.py
"""

import sys
import pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from keras_reference_cases import MASK, layer_case, write_family  # noqa: E402


def cases():
    gru = "GRU"
    out = []
    seed = 1
    for reset_after in (True, False):
        tag = f"reset_after={'true' if reset_after else 'false'}"
        variants = [
            ({}, "defaults", (2, 5, 3)),
            ({"return_sequences": True}, "return_sequences", (2, 4, 3)),
            ({"go_backwards": True}, "go_backwards", (2, 4, 3)),
            ({"go_backwards": True, "return_sequences": True}, "go_backwards return_sequences", (3, 4, 2)),
            ({"use_bias": False, "return_sequences": True}, "use_bias=false", (2, 3, 3)),
            ({"activation": "relu", "recurrent_activation": "tanh", "return_sequences": True}, "relu/tanh", (2, 4, 3)),
            ({"activation": "linear", "recurrent_activation": "sigmoid"}, "linear", (2, 3, 2)),
            ({}, "one step", (3, 1, 4)),
        ]
        for extra, label, shape in variants:
            config = {"units": 4, "reset_after": reset_after, **extra}
            units = 5 if label == "one step" else 4
            config["units"] = units
            out.append(layer_case(f"GRU {label} {tag}", gru, config, [shape], seed=seed))
            seed += 1
        xm, h = [(4, 5, 3)], [(4, 3)]
        stateful = [
            ({"return_state": True}, "return_state", {}),
            ({"return_sequences": True, "return_state": True}, "return_sequences return_state", {}),
            ({"activation": "gelu", "return_sequences": True}, "gelu", {}),
            ({"units": 18, "return_sequences": True}, "18 units", {}),
            ({}, "mask", {"mask": MASK}),
            ({"return_sequences": True}, "mask return_sequences", {"mask": MASK}),
            ({"return_state": True}, "mask return_state", {"mask": MASK}),
            ({"go_backwards": True, "return_sequences": True}, "mask go_backwards return_sequences", {"mask": MASK}),
            ({}, "initial state", {"initial_state_shapes": h}),
            ({"return_sequences": True, "return_state": True}, "initial state return_sequences return_state",
             {"initial_state_shapes": h}),
            ({"return_sequences": True, "return_state": True}, "mask initial state return_sequences return_state",
             {"initial_state_shapes": h, "mask": MASK}),
            ({"go_backwards": True}, "mask initial state go_backwards", {"initial_state_shapes": h, "mask": MASK}),
        ]
        for extra, label, keywords in stateful:
            config = {"units": 3, "reset_after": reset_after, **extra}
            out.append(layer_case(f"GRU {label} {tag}", gru, config, xm, seed=seed, **keywords))
            seed += 1
    out.append(layer_case("GRU training mode", gru, {"units": 3, "return_sequences": True}, [(2, 4, 3)], seed=seed,
                          training=True))
    return out


if __name__ == "__main__":
    write_family("gru", cases(), generator="scripts/keras_gru_reference.py")
