#!/usr/bin/env python3
"""Reference values for Synapse's loss reductions, sample weights and class weights, from Keras 3.

Prints the values that Tests/SynapseTests/Losses/LossReductionTests.swift and
Tests/SynapseTests/Model/SampleWeightTests.swift hold as constants:

- each built-in loss on fixed labels and predictions, with and without sample weights, under the
  reductions "sum_over_batch_size", "sum" and None;
- `fit` (SGD, no shuffling, two epochs of batches 4 + 2) of one Dense layer with fixed initial
  weights, for each loss path Synapse has (softmax + sparse CCE fused, sigmoid + BCE fused, linear +
  MSE), with sample weights or class weights: the loss per epoch, the final kernel and bias, and
  `evaluate` with sample weights. (Synapse's tape path is checked against the MSE case with a custom
  loss. A sigmoid output into categorical cross-entropy is no use here: Keras's TensorFlow backend
  takes the sigmoid's logits and computes a softmax cross-entropy from them.)

Usage (TensorFlow backend, CPU): /tmp/peerbench/venv/bin/python scripts/keras_sample_weight_reference.py
"""

import json
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import keras  # noqa: E402

np.set_printoptions(precision=8)


def show(name, value):
    print(name, json.dumps(np.asarray(value, dtype=np.float64).round(7).tolist()))


# Loss-level cases: 4 samples.
P_REG = np.array([[0.5, -1.0], [2.0, 0.25], [-0.5, 1.5], [1.0, 1.0]], dtype=np.float32)
Y_REG = np.array([[0.0, -0.5], [1.5, 1.0], [0.5, 1.0], [2.0, -1.0]], dtype=np.float32)
P_PROB = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.25, 0.5, 0.25]], dtype=np.float32)
Y_ONEHOT = np.array([[1, 0, 0], [0, 0, 1], [0, 0, 1], [0, 1, 0]], dtype=np.float32)
Y_SPARSE = np.array([0, 2, 2, 1], dtype=np.float32)
P_BIN = np.array([[0.9, 0.2], [0.4, 0.6], [0.1, 0.7], [0.5, 0.95]], dtype=np.float32)
Y_BIN = np.array([[1, 0], [1, 1], [0, 1], [0, 0]], dtype=np.float32)
SW = np.array([0.5, 2.0, 0.0, 1.0], dtype=np.float32)

LOSSES = [
    ("mse", keras.losses.MeanSquaredError, Y_REG, P_REG),
    ("bce", keras.losses.BinaryCrossentropy, Y_BIN, P_BIN),
    ("cce", keras.losses.CategoricalCrossentropy, Y_ONEHOT, P_PROB),
    ("scce", keras.losses.SparseCategoricalCrossentropy, Y_SPARSE, P_PROB),
]
for name, cls, y, p in LOSSES:
    for reduction in ["sum_over_batch_size", "sum", None]:
        loss = cls(reduction=reduction)
        show(f"{name} {reduction} unweighted", loss(y, p))
        show(f"{name} {reduction} weighted", loss(y, p, sample_weight=SW))

# Sequences: MSE on [2, 3, 2] with one weight per time step. (Keras refuses weights of shape [2]
# here; Synapse broadcasts them over the steps.)
P_SEQ = np.arange(12, dtype=np.float32).reshape(2, 3, 2) / 4
Y_SEQ = np.ones((2, 3, 2), dtype=np.float32)
mse = keras.losses.MeanSquaredError()
show("seq per-step", mse(Y_SEQ, P_SEQ, sample_weight=np.array([[1, 0, 2], [0.5, 1, 1]], dtype=np.float32)))

# fit: 6 rows of 4 features, one Dense layer from fixed weights.
X = np.array([[0.5, -1.0, 0.25, 2.0], [1.0, 0.5, -0.5, 0.0], [-1.5, 0.25, 1.0, 0.5],
              [0.0, 1.0, -1.0, 1.5], [2.0, -0.5, 0.5, -1.0], [0.25, 0.75, -0.25, 0.5]], dtype=np.float32)
FIT_SW = np.array([1.0, 0.5, 2.0, 0.0, 1.5, 3.0], dtype=np.float32)
SPARSE = np.array([0, 2, 1, 1, 0, 2], dtype=np.float32)
BINARY = np.array([[1], [0], [1], [1], [0], [0]], dtype=np.float32)
TARGET = np.array([[0.5], [-1.0], [2.0], [0.0], [1.0], [-0.5]], dtype=np.float32)
CLASS_WEIGHT = {0: 1.0, 1: 3.0, 2: 0.5}


def kernel(units):
    return (np.arange(4 * units, dtype=np.float32).reshape(4, units) % 5 - 2) / 10


def run(name, units, activation, loss, y, **weights):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(units, activation=activation)])
    model.layers[0].set_weights([kernel(units), np.linspace(-0.1, 0.1, units).astype(np.float32)])
    model.compile(loss=loss, optimizer=keras.optimizers.SGD(learning_rate=0.5))
    history = model.fit(X, y, epochs=2, batch_size=4, shuffle=False, verbose=0, **weights)
    show(f"fit {name} loss", history.history["loss"])
    kernel_after, bias_after = model.layers[0].get_weights()
    show(f"fit {name} kernel", kernel_after)
    show(f"fit {name} bias", bias_after)
    show(f"fit {name} evaluate", model.evaluate(X, y, sample_weight=FIT_SW, verbose=0))


run("softmax-scce sw", 3, "softmax", "sparse_categorical_crossentropy", SPARSE, sample_weight=FIT_SW)
run("softmax-scce cw", 3, "softmax", "sparse_categorical_crossentropy", SPARSE, class_weight=CLASS_WEIGHT)
run("sigmoid-bce sw", 1, "sigmoid", "binary_crossentropy", BINARY, sample_weight=FIT_SW)
run("linear-mse sw", 1, None, "mean_squared_error", TARGET, sample_weight=FIT_SW)
