#!/usr/bin/env python3
"""Reference values for Synapse's optimizers and learning-rate schedules, computed by Keras 3.

Runs every Keras optimizer — with its defaults and with each option (amsgrad, momentum, nesterov,
centered, clipnorm, clipvalue, global_clipnorm, weight_decay, a schedule) — for five steps on one
fixed tiny problem, and evaluates each learning-rate schedule at chosen steps. The results are
written to Tests/SynapseTests/Optimizers/Fixtures/keras_optimizers.json, which
Tests/SynapseTests/Optimizers/KerasReference*Tests.swift replay through Synapse.

The problem: a 3×2 weight W and a 2-vector bias b with fixed initial values, and the loss
sum((x·W + b − t)²) on a fixed 4×3 input x and 4×2 target t.

Usage (TensorFlow backend, CPU):
    python3 -m venv /tmp/kerasenv && /tmp/kerasenv/bin/pip install tensorflow-cpu
    /tmp/kerasenv/bin/python scripts/keras_optimizer_reference.py
"""

import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

STEPS = 5

X = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-1.0, 0.75, 1.0], [0.2, -0.3, 0.4]]
T = [[1.0, -1.0], [0.5, 2.0], [-1.5, 0.25], [0.3, -0.7]]
W0 = [[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]]
B0 = [0.05, -0.1]

S = keras.optimizers.schedules

# (case name, Keras optimizer class name, keyword arguments). A schedule is given as
# ("schedule", class name, config) and built below, so the fixture can record it as data.
CASES = [
    ("sgd_default", "SGD", {}),
    ("sgd_lr", "SGD", {"learning_rate": 0.05}),
    ("sgd_momentum", "SGD", {"learning_rate": 0.05, "momentum": 0.9}),
    ("sgd_nesterov", "SGD", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True}),
    ("sgd_clipnorm", "SGD", {"learning_rate": 0.05, "clipnorm": 3.0}),
    ("sgd_clipvalue", "SGD", {"learning_rate": 0.05, "clipvalue": 0.5}),
    ("sgd_global_clipnorm", "SGD", {"learning_rate": 0.05, "global_clipnorm": 2.0}),
    ("sgd_weight_decay", "SGD", {"learning_rate": 0.05, "weight_decay": 0.5}),
    ("sgd_piecewise", "SGD", {"learning_rate": ("schedule", "PiecewiseConstantDecay",
                                                {"boundaries": [1, 3], "values": [0.05, 0.02, 0.01]}),
                              "momentum": 0.5}),
    ("adam_default", "Adam", {}),
    ("adam_lr", "Adam", {"learning_rate": 0.05}),
    ("adam_beta", "Adam", {"learning_rate": 0.05, "beta_1": 0.8, "beta_2": 0.5, "epsilon": 0.01}),
    ("adam_amsgrad", "Adam", {"learning_rate": 0.05, "beta_1": 0.8, "beta_2": 0.5, "epsilon": 0.01,
                              "amsgrad": True}),
    ("adam_clipnorm", "Adam", {"learning_rate": 0.05, "clipnorm": 3.0}),
    ("adam_global_clipnorm", "Adam", {"learning_rate": 0.05, "global_clipnorm": 2.0}),
    ("adam_weight_decay", "Adam", {"learning_rate": 0.05, "weight_decay": 0.5}),
    ("adam_exponential", "Adam", {"learning_rate": ("schedule", "ExponentialDecay",
                                                    {"initial_learning_rate": 0.1, "decay_steps": 2,
                                                     "decay_rate": 0.5})}),
    ("adamw_default", "AdamW", {}),
    ("adamw_lr", "AdamW", {"learning_rate": 0.05, "weight_decay": 0.5}),
    ("adamw_amsgrad", "AdamW", {"learning_rate": 0.05, "weight_decay": 0.1, "beta_2": 0.5,
                                "amsgrad": True}),
    ("adamw_cosine", "AdamW", {"learning_rate": ("schedule", "CosineDecay",
                                                 {"initial_learning_rate": 0.01, "decay_steps": 3,
                                                  "alpha": 0.1, "warmup_target": 0.1,
                                                  "warmup_steps": 2}),
                               "weight_decay": 0.5}),
    ("rmsprop_default", "RMSprop", {}),
    ("rmsprop_lr", "RMSprop", {"learning_rate": 0.01}),
    ("rmsprop_momentum", "RMSprop", {"learning_rate": 0.01, "momentum": 0.9}),
    ("rmsprop_centered", "RMSprop", {"learning_rate": 0.01, "centered": True}),
    ("rmsprop_centered_momentum", "RMSprop", {"learning_rate": 0.01, "rho": 0.8, "momentum": 0.5,
                                              "centered": True, "epsilon": 0.01}),
    ("rmsprop_clipvalue", "RMSprop", {"learning_rate": 0.01, "clipvalue": 0.5}),
    ("rmsprop_weight_decay", "RMSprop", {"learning_rate": 0.01, "weight_decay": 0.5}),
    ("adagrad_default", "Adagrad", {}),
    ("adagrad_lr", "Adagrad", {"learning_rate": 0.1}),
    ("adagrad_accumulator", "Adagrad", {"learning_rate": 0.1, "initial_accumulator_value": 2.0,
                                        "epsilon": 0.5}),
    ("adagrad_global_clipnorm", "Adagrad", {"learning_rate": 0.1, "global_clipnorm": 2.0}),
    ("adadelta_default", "Adadelta", {}),
    ("adadelta_lr", "Adadelta", {"learning_rate": 1.0}),
    ("adadelta_rho", "Adadelta", {"learning_rate": 1.0, "rho": 0.5, "epsilon": 1e-3}),
    ("adadelta_weight_decay", "Adadelta", {"learning_rate": 1.0, "weight_decay": 0.1}),
    ("adamax_default", "Adamax", {}),
    ("adamax_lr", "Adamax", {"learning_rate": 0.05}),
    ("adamax_beta", "Adamax", {"learning_rate": 0.05, "beta_1": 0.7, "beta_2": 0.5, "epsilon": 0.1}),
    ("adamax_clipnorm", "Adamax", {"learning_rate": 0.05, "clipnorm": 3.0}),
    ("nadam_default", "Nadam", {}),
    ("nadam_lr", "Nadam", {"learning_rate": 0.05}),
    ("nadam_beta", "Nadam", {"learning_rate": 0.05, "beta_1": 0.8, "beta_2": 0.5, "epsilon": 0.01}),
    ("nadam_weight_decay", "Nadam", {"learning_rate": 0.05, "weight_decay": 0.5}),
    ("nadam_inverse_time", "Nadam", {"learning_rate": ("schedule", "InverseTimeDecay",
                                                       {"initial_learning_rate": 0.1, "decay_steps": 1,
                                                        "decay_rate": 0.5, "staircase": True})}),
]

# (case name, Keras schedule class name, config), each evaluated at SCHEDULE_STEPS.
SCHEDULES = [
    ("exponential", "ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 10,
                                         "decay_rate": 0.5}),
    ("exponential_staircase", "ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 10,
                                                   "decay_rate": 0.5, "staircase": True}),
    ("piecewise", "PiecewiseConstantDecay", {"boundaries": [10, 20, 100],
                                             "values": [1.0, 0.5, 0.1, 0.01]}),
    ("piecewise_single", "PiecewiseConstantDecay", {"boundaries": [5], "values": [0.3, 0.03]}),
    ("polynomial_default", "PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 100}),
    ("polynomial", "PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 100,
                                       "end_learning_rate": 0.001, "power": 2.0}),
    ("polynomial_cycle", "PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 30,
                                             "end_learning_rate": 0.01, "power": 0.5, "cycle": True}),
    ("inverse_time", "InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 10,
                                          "decay_rate": 0.5}),
    ("inverse_time_staircase", "InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 10,
                                                    "decay_rate": 0.5, "staircase": True}),
    ("cosine", "CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 100}),
    ("cosine_alpha", "CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 100, "alpha": 0.2}),
    ("cosine_warmup", "CosineDecay", {"initial_learning_rate": 0.0, "decay_steps": 100, "alpha": 0.1,
                                      "warmup_target": 0.1, "warmup_steps": 20}),
    ("cosine_restarts", "CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 10}),
    ("cosine_restarts_constant", "CosineDecayRestarts", {"initial_learning_rate": 0.1,
                                                         "first_decay_steps": 10, "t_mul": 1.0,
                                                         "m_mul": 0.5, "alpha": 0.1}),
    ("cosine_restarts_geometric", "CosineDecayRestarts", {"initial_learning_rate": 0.1,
                                                          "first_decay_steps": 8, "t_mul": 1.5,
                                                          "m_mul": 0.9, "alpha": 0.05}),
]

SCHEDULE_STEPS = [0, 1, 2, 3, 5, 7, 9, 10, 11, 15, 19, 20, 21, 25, 29, 30, 31, 45, 50, 69, 70, 71,
                  99, 100, 101, 119, 120, 121, 149, 150, 151, 200, 1000]


def schedule(class_name, config):
    return getattr(S, class_name)(**config)


def optimizer(class_name, kwargs):
    built = dict(kwargs)
    rate = built.get("learning_rate")
    if isinstance(rate, tuple):
        built["learning_rate"] = schedule(rate[1], rate[2])
    return getattr(keras.optimizers, class_name)(**built)


def run_case(class_name, kwargs):
    x = tf.constant(X, dtype=tf.float32)
    t = tf.constant(T, dtype=tf.float32)
    w = keras.Variable(np.array(W0, dtype=np.float32), name="kernel")
    b = keras.Variable(np.array(B0, dtype=np.float32), name="bias")
    opt = optimizer(class_name, kwargs)
    steps = []
    for _ in range(STEPS):
        with tf.GradientTape() as tape:
            d = tf.matmul(x, w.value) + b.value - t
            loss = tf.reduce_sum(tf.square(d))
        grads = tape.gradient(loss, [w.value, b.value])
        steps.append({
            "learning_rate": float(np.float32(opt.learning_rate)),
            "loss": float(loss.numpy()),
            "gradients": {"kernel": grads[0].numpy().tolist(), "bias": grads[1].numpy().tolist()},
        })
        opt.apply(grads, [w, b])
        steps[-1]["kernel"] = w.numpy().tolist()
        steps[-1]["bias"] = b.numpy().tolist()
    return steps


def as_json_config(kwargs):
    result = {}
    for key, value in kwargs.items():
        if isinstance(value, tuple):
            result[key] = {"class_name": value[1], "config": value[2]}
        else:
            result[key] = value
    return result


def main():
    fixture = {
        "generator": "scripts/keras_optimizer_reference.py",
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
        "backend": keras.backend.backend(),
        "problem": {"x": X, "t": T, "kernel": W0, "bias": B0, "steps": STEPS,
                    "loss": "sum((x·kernel + bias − t)²)"},
        "optimizers": [
            {"name": name, "optimizer": class_name, "config": as_json_config(kwargs),
             "steps": run_case(class_name, kwargs)}
            for name, class_name, kwargs in CASES
        ],
        "schedules": [
            {"name": name, "schedule": class_name, "config": config, "steps": SCHEDULE_STEPS,
             "values": [float(np.float32(schedule(class_name, config)(step))) for step in SCHEDULE_STEPS]}
            for name, class_name, config in SCHEDULES
        ],
    }
    out = (pathlib.Path(__file__).resolve().parent.parent
           / "Tests/SynapseTests/Optimizers/Fixtures/keras_optimizers.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {out}: {len(CASES)} optimizer cases, {len(SCHEDULES)} schedules")


if __name__ == "__main__":
    main()
