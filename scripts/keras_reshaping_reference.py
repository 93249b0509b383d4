#!/usr/bin/env python3
"""Keras reference cases for the reshaping layers (`keras_cases_reshaping.json`): Flatten of rank-3
and rank-4 samples, Reshape (with −1), UpSampling1D/2D (nearest and bilinear), ZeroPadding1D/2D and
Cropping1D/2D in every form of their amounts (a number, a pair, a pair of pairs).

    /tmp/peerbench/venv/bin/python scripts/keras_reshaping_reference.py
"""

from keras_reference_cases import layer_case, write_family


def cases():
    specs = [
        ("Flatten of [3, 4]", "Flatten", {}, (2, 3, 4)),
        ("Flatten of [3, 2, 2]", "Flatten", {}, (2, 3, 2, 2)),
        ("Flatten of [2, 3, 2, 2]", "Flatten", {}, (2, 2, 3, 2, 2)),
        ("Reshape [12] to [-1, 3]", "Reshape", {"target_shape": [-1, 3]}, (2, 12)),
        ("Reshape [4, 3] to [2, -1, 2]", "Reshape", {"target_shape": [2, -1, 2]}, (2, 4, 3)),
        ("Reshape [2, 3] to [6]", "Reshape", {"target_shape": [6]}, (2, 2, 3)),
        ("UpSampling1D default", "UpSampling1D", {}, (2, 5, 3)),
        ("UpSampling1D size 3", "UpSampling1D", {"size": 3}, (2, 4, 2)),
        ("UpSampling2D default", "UpSampling2D", {}, (2, 3, 4, 2)),
        ("UpSampling2D size (2, 3)", "UpSampling2D", {"size": [2, 3]}, (2, 3, 2, 2)),
        ("UpSampling2D size 3 nearest", "UpSampling2D", {"size": 3, "interpolation": "nearest"}, (2, 2, 3, 1)),
        ("UpSampling2D bilinear default", "UpSampling2D", {"interpolation": "bilinear"}, (2, 3, 4, 2)),
        ("UpSampling2D bilinear size (3, 2)", "UpSampling2D", {"size": [3, 2], "interpolation": "bilinear"}, (2, 3, 2, 3)),
        ("UpSampling2D bilinear size 4", "UpSampling2D", {"size": 4, "interpolation": "bilinear"}, (2, 2, 3, 1)),
        ("ZeroPadding1D default", "ZeroPadding1D", {}, (2, 5, 3)),
        ("ZeroPadding1D 2", "ZeroPadding1D", {"padding": 2}, (2, 4, 2)),
        ("ZeroPadding1D (1, 3)", "ZeroPadding1D", {"padding": [1, 3]}, (2, 4, 2)),
        ("ZeroPadding2D default", "ZeroPadding2D", {}, (2, 3, 4, 2)),
        ("ZeroPadding2D 2", "ZeroPadding2D", {"padding": 2}, (2, 3, 2, 2)),
        ("ZeroPadding2D (1, 2)", "ZeroPadding2D", {"padding": [1, 2]}, (2, 3, 4, 2)),
        ("ZeroPadding2D ((1, 2), (3, 0))", "ZeroPadding2D", {"padding": [[1, 2], [3, 0]]}, (2, 3, 4, 2)),
        ("Cropping1D default", "Cropping1D", {}, (2, 5, 3)),
        ("Cropping1D 2", "Cropping1D", {"cropping": 2}, (2, 7, 2)),
        ("Cropping1D (0, 3)", "Cropping1D", {"cropping": [0, 3]}, (2, 7, 2)),
        ("Cropping2D default", "Cropping2D", {}, (2, 3, 4, 2)),
        ("Cropping2D 1", "Cropping2D", {"cropping": 1}, (2, 7, 5, 2)),
        ("Cropping2D (2, 1)", "Cropping2D", {"cropping": [2, 1]}, (2, 7, 5, 2)),
        ("Cropping2D ((1, 2), (0, 3))", "Cropping2D", {"cropping": [[1, 2], [0, 3]]}, (2, 7, 5, 2)),
    ]
    return [layer_case(name, cls, config, [shape], seed) for seed, (name, cls, config, shape) in enumerate(specs, start=1)]


if __name__ == "__main__":
    write_family("reshaping", cases(), generator="scripts/keras_reshaping_reference.py")
