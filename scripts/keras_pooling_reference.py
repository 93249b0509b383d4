#!/usr/bin/env python3
"""Keras reference cases for the pooling layers (`keras_cases_pooling.json`).

Max and average pooling, 1-D and 2-D, with pool sizes 2 and 3, strides 1/2/3, 'valid' and 'same'
padding on odd input sizes (7 × 5), and the global pools with and without `keepdims`. Max pooling
cases use pairwise distinct inputs (no ties), except the "ties" cases, whose inputs take only three
values, to pin where TensorFlow sends the gradient of a window with several maxima.

    /tmp/peerbench/venv/bin/python scripts/keras_pooling_reference.py
"""

from keras_reference_cases import layer_case, write_family

TIES = (0.0, 0.0002)  # inputs on the 1e-4 grid in [0, 2e-4]: three values, many ties


def cases():
    out = []
    seed = 1
    local2d = [
        ({"pool_size": 2}, "pool 2"),
        ({"pool_size": 3}, "pool 3"),
        ({"pool_size": 2, "strides": 1}, "pool 2 stride 1"),
        ({"pool_size": 3, "strides": 2, "padding": "same"}, "pool 3 stride 2 same"),
        ({"pool_size": 2, "padding": "same"}, "pool 2 same"),
        ({"pool_size": 3, "strides": 3, "padding": "same"}, "pool 3 stride 3 same"),
        ({"pool_size": 3, "strides": 1, "padding": "same"}, "pool 3 stride 1 same"),
        ({"pool_size": [2, 3], "strides": [3, 1]}, "pool (2, 3) strides (3, 1)"),
        ({"pool_size": [3, 2], "strides": [1, 2], "padding": "same"}, "pool (3, 2) strides (1, 2) same"),
    ]
    local1d = [
        ({"pool_size": 2}, "pool 2"),
        ({"pool_size": 3}, "pool 3"),
        ({"pool_size": 2, "strides": 1}, "pool 2 stride 1"),
        ({"pool_size": 3, "strides": 2, "padding": "same"}, "pool 3 stride 2 same"),
        ({"pool_size": 2, "padding": "same"}, "pool 2 same"),
        ({"pool_size": 3, "strides": 1, "padding": "same"}, "pool 3 stride 1 same"),
    ]
    for kind in ["Max", "Average"]:
        distinct = kind == "Max"
        for config, label in local2d:
            out.append(layer_case(f"{kind}Pooling2D {label} on 7×5×3", f"{kind}Pooling2D", config, [(2, 7, 5, 3)], seed,
                                  distinct_inputs=distinct))
            seed += 1
        for config, label in local1d:
            out.append(layer_case(f"{kind}Pooling1D {label} on 7×3", f"{kind}Pooling1D", config, [(2, 7, 3)], seed,
                                  distinct_inputs=distinct))
            seed += 1
        for rank, shape in [(1, (2, 7, 3)), (2, (2, 7, 5, 3))]:
            for keepdims in [False, True]:
                config = {"keepdims": True} if keepdims else {}
                name = f"Global{kind}Pooling{rank}D{' keepdims' if keepdims else ''}"
                out.append(layer_case(name, f"Global{kind}Pooling{rank}D", config, [shape], seed, distinct_inputs=distinct))
                seed += 1
    # Ties within max windows: TensorFlow's CPU kernel sends the gradient to the first maximum in
    # row-major order.
    for config, label in [({"pool_size": 2}, "pool 2"), ({"pool_size": 3, "strides": 1, "padding": "same"}, "pool 3 stride 1 same")]:
        out.append(layer_case(f"MaxPooling2D {label} with ties", "MaxPooling2D", config, [(2, 7, 5, 3)], seed, input_range=TIES))
        seed += 1
    out.append(layer_case("MaxPooling1D pool 3 stride 2 with ties", "MaxPooling1D", {"pool_size": 3, "strides": 2}, [(2, 7, 3)], seed,
                          input_range=TIES))
    seed += 1
    # Eleven channels: the kernels' eight-channel SIMD path and its scalar tail.
    for config, label in [({"pool_size": 2}, "pool 2"), ({"pool_size": 3, "strides": 2, "padding": "same"}, "pool 3 stride 2 same")]:
        out.append(layer_case(f"MaxPooling2D {label} on 5×5×11", "MaxPooling2D", config, [(2, 5, 5, 11)], seed, distinct_inputs=True))
        out.append(layer_case(f"AveragePooling2D {label} on 5×5×11", "AveragePooling2D", config, [(2, 5, 5, 11)], seed + 1))
        out.append(layer_case(f"MaxPooling2D {label} with ties on 5×5×11", "MaxPooling2D", config, [(2, 5, 5, 11)], seed + 2,
                              input_range=TIES))
        seed += 3
    # Global max pooling is TensorFlow's reduce_max, which shares the gradient among tied maxima.
    out.append(layer_case("GlobalMaxPooling1D with ties", "GlobalMaxPooling1D", {}, [(2, 7, 3)], seed, input_range=TIES))
    out.append(layer_case("GlobalMaxPooling2D keepdims with ties", "GlobalMaxPooling2D", {"keepdims": True}, [(2, 4, 3, 2)], seed + 1,
                          input_range=TIES))
    return out


if __name__ == "__main__":
    write_family("pooling", cases(), generator="scripts/keras_pooling_reference.py")
