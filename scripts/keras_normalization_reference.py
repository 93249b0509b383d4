#!/usr/bin/env python3
"""Keras 3 reference cases for the normalization layers (`keras_cases_normalization.json`).

BatchNormalization in training (`training=True`: batch statistics; `weights_after` holds the moving
statistics Keras computed) and in inference (moving statistics), on [N, C], [N, H, W, C] and with
`axis=1` on a rank-3 sample, with center/scale off and other momentum/epsilon values;
LayerNormalization on rank-2 and rank-4 inputs, over the last axis and over a list of trailing axes,
with center/scale off.

Run from the package root with the peer benchmark environment:

    /tmp/peerbench/venv/bin/python scripts/keras_normalization_reference.py
"""

import sys
import pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from keras_reference_cases import layer_case, write_family  # noqa: E402


def cases():
    bn = "BatchNormalization"
    ln = "LayerNormalization"
    out = []
    for training in (True, False):
        mode = "training" if training else "inference"
        out += [
            layer_case(f"BN [6, 4] {mode}", bn, {}, [(6, 4)], seed=1, training=training),
            layer_case(f"BN [3, 4, 3, 2] {mode}", bn, {}, [(3, 4, 3, 2)], seed=2, training=training),
            layer_case(f"BN axis=1 [2, 3, 4, 2] {mode}", bn, {"axis": 1}, [(2, 3, 4, 2)], seed=3, training=training),
            layer_case(f"BN axis=1 [4, 3, 5] {mode}", bn, {"axis": 1, "momentum": 0.9}, [(4, 3, 5)], seed=4, training=training),
            layer_case(f"BN no center/scale [5, 3] {mode}", bn, {"center": False, "scale": False}, [(5, 3)], seed=5,
                       training=training),
            layer_case(f"BN no center [4, 2, 2, 3] {mode}", bn, {"center": False, "momentum": 0.5, "epsilon": 0.01},
                       [(4, 2, 2, 3)], seed=6, training=training),
            layer_case(f"BN no scale [6, 3] {mode}", bn, {"scale": False, "momentum": 0.7, "epsilon": 1e-5}, [(6, 3)],
                       seed=7, training=training),
        ]
    out += [
        layer_case("LN [4, 6]", ln, {}, [(4, 6)], seed=11),
        layer_case("LN [4, 6] training", ln, {"epsilon": 0.01}, [(4, 6)], seed=12, training=True),
        layer_case("LN [2, 3, 4, 5]", ln, {}, [(2, 3, 4, 5)], seed=13),
        layer_case("LN axes [1, 2, 3] [2, 3, 2, 4]", ln, {"axis": [1, 2, 3]}, [(2, 3, 2, 4)], seed=14),
        layer_case("LN axes [-2, -1] [2, 3, 4, 2]", ln, {"axis": [-2, -1]}, [(2, 3, 4, 2)], seed=15),
        layer_case("LN no center [3, 5]", ln, {"center": False}, [(3, 5)], seed=16),
        layer_case("LN no scale [3, 5]", ln, {"scale": False, "epsilon": 1e-5}, [(3, 5)], seed=17),
        layer_case("LN no center/scale [2, 2, 3, 4]", ln, {"center": False, "scale": False}, [(2, 2, 3, 4)], seed=18),
    ]
    return out


if __name__ == "__main__":
    write_family("normalization", cases(), generator="scripts/keras_normalization_reference.py")
