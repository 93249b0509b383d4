#!/usr/bin/env python3
"""Reference values from Keras itself for Synapse's metrics and weight regularisers.

Writes two committed fixtures that Synapse's tests compare against:

* Tests/SynapseTests/Metrics/Fixtures/keras_metrics.json — every built-in metric computed by the
  Keras metric classes on fixed predictions and labels: once on all rows (one `update_state`) and
  once in two uneven batches (two `update_state` calls, rows [0, split) then [split, n)), which is
  what an epoch of `fit` does. The inputs are stored in the file too (as float32 values), so the
  Swift side needs no random generator of its own.
* Tests/SynapseTests/Layers/Fixtures/keras_regularization.json — a two-layer model with L1, L2 and
  L1L2 kernel/bias regularisers and fixed weights: the penalty Keras adds (`sum(model.losses)`),
  the loss `evaluate` reports, the loss of one full-batch `fit` step, and the weights after that
  step with SGD (so the gradient of the penalty is checked too).

Run from the package root with TensorFlow installed (CPU is enough):

    python3 -m venv /tmp/kerasenv && /tmp/kerasenv/bin/pip install tensorflow-cpu
    /tmp/kerasenv/bin/python scripts/keras_metric_reference.py
"""
import json
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
METRICS_OUT = ROOT / "Tests/SynapseTests/Metrics/Fixtures/keras_metrics.json"
REGULARIZATION_OUT = ROOT / "Tests/SynapseTests/Layers/Fixtures/keras_regularization.json"

rng = np.random.default_rng(20240611)


def f32(a):
    """A nested list of Python floats that are exactly the float32 values."""
    return np.asarray(a, dtype=np.float32).astype(np.float64).tolist()


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# --- Metric cases -----------------------------------------------------------------------------
# Each metric: an id the Swift test maps to a Synapse metric, and a function making the Keras
# metric object. Keras's own `name` is recorded, so the tests check that the log keys agree.
METRICS = {
    "binary_accuracy": lambda: keras.metrics.BinaryAccuracy(),
    "binary_accuracy_t0.7": lambda: keras.metrics.BinaryAccuracy(threshold=0.7),
    "categorical_accuracy": lambda: keras.metrics.CategoricalAccuracy(),
    "sparse_categorical_accuracy": lambda: keras.metrics.SparseCategoricalAccuracy(),
    "top_k_categorical_accuracy": lambda: keras.metrics.TopKCategoricalAccuracy(),
    "top_k_categorical_accuracy_k1": lambda: keras.metrics.TopKCategoricalAccuracy(k=1),
    "top_k_categorical_accuracy_k2": lambda: keras.metrics.TopKCategoricalAccuracy(k=2),
    "sparse_top_k_categorical_accuracy": lambda: keras.metrics.SparseTopKCategoricalAccuracy(),
    "sparse_top_k_categorical_accuracy_k1": lambda: keras.metrics.SparseTopKCategoricalAccuracy(k=1),
    "sparse_top_k_categorical_accuracy_k2": lambda: keras.metrics.SparseTopKCategoricalAccuracy(k=2),
    "precision": lambda: keras.metrics.Precision(),
    "recall": lambda: keras.metrics.Recall(),
    "precision_t0.3": lambda: keras.metrics.Precision(thresholds=0.3),
    "recall_t0.3": lambda: keras.metrics.Recall(thresholds=0.3),
    "auc": lambda: keras.metrics.AUC(),
    "auc_n7": lambda: keras.metrics.AUC(num_thresholds=7),
    "mean_absolute_error": lambda: keras.metrics.MeanAbsoluteError(),
    "mean_squared_error": lambda: keras.metrics.MeanSquaredError(),
    "root_mean_squared_error": lambda: keras.metrics.RootMeanSquaredError(),
}

BINARY_METRICS = ["binary_accuracy", "binary_accuracy_t0.7", "precision", "recall", "precision_t0.3",
                  "recall_t0.3", "auc", "auc_n7", "mean_absolute_error", "mean_squared_error",
                  "root_mean_squared_error"]
ONE_HOT_METRICS = ["categorical_accuracy", "top_k_categorical_accuracy", "top_k_categorical_accuracy_k1",
                   "top_k_categorical_accuracy_k2"]
SPARSE_METRICS = ["sparse_categorical_accuracy", "sparse_top_k_categorical_accuracy",
                  "sparse_top_k_categorical_accuracy_k1", "sparse_top_k_categorical_accuracy_k2"]
REGRESSION_METRICS = ["mean_absolute_error", "mean_squared_error", "root_mean_squared_error"]


def binary_case():
    n = 23
    p = rng.uniform(0, 1, size=(n, 1))
    # Values on the edges: exactly 0, 1, the 0.5 threshold, a Keras AUC threshold (100/199) and
    # values next to it, which test how predictions fall into AUC's buckets.
    p[:7, 0] = [0.0, 1.0, 0.5, 100 / 199, 0.7, 0.3, 3 / 6]
    y = (rng.uniform(0, 1, size=(n, 1)) < 0.45).astype(np.float32)
    return "binary", p, y, 9, BINARY_METRICS


def multilabel_case():
    n = 14
    p = 1 / (1 + np.exp(-rng.normal(0, 1.5, size=(n, 3))))
    y = (rng.uniform(0, 1, size=(n, 3)) < 0.5).astype(np.float32)
    return "multilabel", p, y, 5, BINARY_METRICS


def categorical_case():
    n, classes = 19, 10
    p = softmax(rng.normal(0, 1.2, size=(n, classes)))
    # Labels drawn from the predicted distributions, so that every accuracy is well above zero.
    labels = np.array([rng.choice(classes, p=row / row.sum()) for row in p])
    return "categorical", p, labels, 8, None


def ties_case():
    # Ties straddling the top-k boundary: in_top_k counts every class tied with the k-th value.
    p = np.array([
        [0.3, 0.3, 0.3, 0.1],
        [0.3, 0.3, 0.3, 0.1],
        [0.4, 0.2, 0.2, 0.2],
        [0.4, 0.2, 0.2, 0.2],
        [0.25, 0.25, 0.25, 0.25],
        [0.1, 0.2, 0.3, 0.4],
        [0.1, 0.2, 0.3, 0.4],
    ])
    labels = np.array([2, 3, 3, 0, 1, 0, 2])
    return "ties", p, labels, 3, None


def regression_case():
    n = 17
    p = rng.normal(0, 2, size=(n, 4))
    y = p + rng.normal(0, 1, size=(n, 4))
    return "regression", p, y, 6, REGRESSION_METRICS


def degenerate_case():
    # No positive labels and no prediction above 0.5: precision, recall and AUC divide 0 by 0
    # (Keras returns 0).
    p = np.array([[0.1], [0.2], [0.45], [0.05], [0.3]])
    y = np.zeros((5, 1))
    return "no_positives", p, y, 2, BINARY_METRICS


def evaluate(metric_id, p, y, split):
    keras.backend.clear_session()  # so that Keras names the metric as it would in a fresh model
    whole = METRICS[metric_id]()
    whole.update_state(y, p)
    batched = METRICS[metric_id]()
    batched.update_state(y[:split], p[:split])
    batched.update_state(y[split:], p[split:])
    return {"id": metric_id, "keras_name": whole.name,
            "whole": float(whole.result().numpy()), "batched": float(batched.result().numpy())}


def metric_cases():
    cases = []
    for make in [binary_case, multilabel_case, regression_case, degenerate_case]:
        name, p, y, split, ids = make()
        p, y = np.asarray(p, np.float32), np.asarray(y, np.float32)
        cases.append({"name": name, "predictions": f32(p), "labels": f32(y), "split": split,
                      "metrics": [evaluate(i, p, y, split) for i in ids]})
    for make in [categorical_case, ties_case]:
        name, p, labels, split, _ = make()
        p = np.asarray(p, np.float32)
        one_hot = np.eye(p.shape[1], dtype=np.float32)[labels]
        sparse = labels.astype(np.float32)
        cases.append({"name": name + "_one_hot", "predictions": f32(p), "labels": f32(one_hot), "split": split,
                      "metrics": [evaluate(i, p, one_hot, split) for i in ONE_HOT_METRICS]})
        cases.append({"name": name + "_sparse", "predictions": f32(p), "labels": f32(sparse), "split": split,
                      "metrics": [evaluate(i, p, sparse, split) for i in SPARSE_METRICS]})
        column = sparse.reshape(-1, 1)
        cases.append({"name": name + "_sparse_column", "predictions": f32(p), "labels": f32(column), "split": split,
                      "metrics": [evaluate(i, p, column, split) for i in SPARSE_METRICS]})
    return cases


# --- Regularisation ---------------------------------------------------------------------------
def regularization_reference():
    n, features = 6, 4
    x = rng.normal(0, 1, size=(n, features)).astype(np.float32)
    labels = np.array([0, 1, 1, 0, 1, 0], dtype=np.float32)
    kernel_1 = rng.uniform(-1, 1, size=(features, 3)).astype(np.float32)
    bias_1 = rng.uniform(-0.5, 0.5, size=(3,)).astype(np.float32)
    kernel_2 = rng.uniform(-1, 1, size=(3, 2)).astype(np.float32)
    bias_2 = rng.uniform(-0.5, 0.5, size=(2,)).astype(np.float32)

    def model(learning_rate):
        m = keras.Sequential([
            keras.Input((features,)),
            keras.layers.Dense(3, activation="tanh",
                               kernel_regularizer=keras.regularizers.L1L2(l1=0.01, l2=0.02),
                               bias_regularizer=keras.regularizers.L1(0.05)),
            keras.layers.Dense(2, activation="softmax",
                               kernel_regularizer=keras.regularizers.L2(0.03),
                               bias_regularizer=keras.regularizers.L2(0.1)),
        ])
        m.set_weights([kernel_1, bias_1, kernel_2, bias_2])
        m.compile(loss="sparse_categorical_crossentropy",
                  optimizer=keras.optimizers.SGD(learning_rate=learning_rate))
        return m

    m = model(0.0)
    penalty = float(sum(loss.numpy() for loss in m.losses))
    data_loss = float(keras.losses.sparse_categorical_crossentropy(labels, m.predict(x, verbose=0)).numpy().mean())
    evaluate_loss = float(m.evaluate(x, labels, batch_size=n, verbose=0))
    trained = model(0.5)
    fit_loss = float(trained.fit(x, labels, batch_size=n, epochs=1, shuffle=False, verbose=0).history["loss"][0])
    after = trained.get_weights()
    return {
        "x": f32(x), "labels": f32(labels),
        "layers": [
            {"units": 3, "activation": "tanh", "kernel": f32(kernel_1), "bias": f32(bias_1),
             "kernel_regularizer": {"l1": 0.01, "l2": 0.02}, "bias_regularizer": {"l1": 0.05, "l2": 0.0}},
            {"units": 2, "activation": "softmax", "kernel": f32(kernel_2), "bias": f32(bias_2),
             "kernel_regularizer": {"l1": 0.0, "l2": 0.03}, "bias_regularizer": {"l1": 0.0, "l2": 0.1}},
        ],
        "penalty": penalty,
        "data_loss": data_loss,
        "evaluate_loss": evaluate_loss,
        "learning_rate": 0.5,
        "fit_loss": fit_loss,
        "weights_after_one_step": [f32(w) for w in after],
    }


def write(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=1) + "\n")
    print(f"wrote {path.relative_to(ROOT)}")


versions = {"producer": "scripts/keras_metric_reference.py", "keras": keras.__version__, "tensorflow": tf.__version__}
write(METRICS_OUT, {**versions, "cases": metric_cases()})
reg = regularization_reference()
assert abs(reg["evaluate_loss"] - (reg["data_loss"] + reg["penalty"])) < 1e-5, "evaluate includes the penalty"
write(REGULARIZATION_OUT, {**versions, **reg})
