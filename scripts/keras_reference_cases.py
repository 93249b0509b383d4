#!/usr/bin/env python3
"""Shared machinery for the Keras reference fixtures of single layers (`keras_cases_<family>.json`).

A family script (for example `scripts/keras_convolution_reference.py`) lists cases and calls
`write_family(family, cases)`; each case comes from `layer_case(...)`, which asks Keras 3 itself
(TensorFlow backend, CPU, float32) for:

* the layer's output on fixed inputs, in training or inference mode;
* its weights, set to fixed values before the call, by Keras's own weight names (`kernel`, `bias`,
  `gamma`, `moving_mean`, `depthwise_kernel`, ...) and shapes;
* the gradient of sum(output · upstream) for a fixed upstream tensor, with respect to every input and
  every trainable weight (tf.GradientTape);
* the non-trainable weights after the call (a batch normalization's moving statistics in training).

Recurrent layers add three optional parts: initial states (`initial_state_shapes`: further inputs,
passed to Keras as `initial_state=`, whose gradients are listed after the sequence's), a mask
(`mask`: a [batch, steps] 0/1 array passed as Keras's `mask=`, stored as "mask", no gradient), and
several outputs (`return_state`): "output"/"upstream" hold the first, "extra_outputs"/
"extra_upstreams" the others (the objective sums over all of them).

The case's "config" is the keyword arguments the Keras layer was made with (snake_case, as Keras
names them), which Synapse's `LayerRegistry.layer(ofType:named:configuration:)` must accept as is:
weights and configurations move between Keras and Synapse by name alone.

Tensors are {"shape": [...], "scalars": [...]}, row-major. Inputs, weights and upstreams are on a
1e-4 grid (exact as Float32 in decimal); computed values are rounded to 7 significant digits.
The Swift side is `Tests/SynapseTests/Layers/KerasLayerCaseTests.swift`, which reads every
`keras_cases_*.json` beside it.

Run with the peer benchmark environment (`bash ../shared/bench/peers/setup.sh`), from the package root:

    /tmp/peerbench/venv/bin/python scripts/keras_convolution_reference.py
"""

import json
import math
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "Tests/SynapseTests/Layers/Fixtures"
SIGNIFICANT = 7


# Batch 4, 5 steps: row 0 keeps all steps, row 1 has masked steps in the middle and at the end, row 2
# is fully masked, row 3 has leading masked steps.
MASK = [[1, 1, 1, 1, 1],
        [1, 0, 1, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 1, 1, 1]]


def uniform(seed, shape, low=-1.0, high=1.0):
    """Deterministic float32 values on a 1e-4 grid."""
    values = np.random.RandomState(seed).uniform(low, high, size=shape)
    return np.round(values, 4).astype(np.float32)


def distinct(seed, shape, low=-1.0, high=1.0):
    """Values on a 1e-4 grid that are pairwise different by at least 1e-3 (no ties for a max)."""
    count = int(np.prod(shape))
    steps = int(round((high - low) / 1e-3))
    assert count <= steps, (shape, "too many values for distinct grid points")
    chosen = np.random.RandomState(seed).choice(steps, size=count, replace=False)
    return np.round(low + chosen * 1e-3, 4).astype(np.float32).reshape(shape)


def rounded(x):
    x = float(x)
    assert math.isfinite(x), x
    return float(f"{x:.{SIGNIFICANT}g}") + 0.0


def tensor(a):
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "scalars": [rounded(v) for v in a.reshape(-1)]}


def weight_value(seed, variable):
    """A fixed value for a weight: variances in [0.5, 1.5], everything else in ±0.5."""
    name = variable.name
    if "variance" in name:
        return uniform(seed, variable.shape, 0.5, 1.5)
    return uniform(seed, variable.shape, -0.5, 0.5)


def synapse_weight_name(variable):
    """Synapse's name for a Keras weight: its path below the layer, with '.' for '/' and without the
    cell of a recurrent layer — `conv2d/kernel` → `kernel`, `time_distributed/dense/kernel` →
    `dense.kernel`, `bidirectional/forward_lstm/lstm_cell/kernel` → `forward_lstm.kernel`."""
    parts = variable.path.split("/")[1:]
    return ".".join(part for part in parts if not part.endswith("_cell"))


def layer_case(name, class_name, config, input_shapes, seed, training=False, distinct_inputs=False,
               input_range=(-1.0, 1.0), initial_state_shapes=(), mask=None, inputs=None, layer=None):
    """One case: `class_name(**config)` on inputs of `input_shapes` (batch axis included), optionally
    with initial states of `initial_state_shapes` (Keras's `initial_state=`) and a [batch, steps] 0/1
    `mask` (Keras's `mask=`).

    `inputs` gives the input arrays instead (indices for an Embedding, steps to mask for Masking);
    `layer` gives the Keras layer instead, for configurations that hold layers (`TimeDistributed`'s
    `{"layer": {"class_name": …, "config": …}}`), which `config` then records as JSON."""
    layer = layer if layer is not None else getattr(keras.layers, class_name)(**config)
    make = distinct if distinct_inputs else uniform
    xs = inputs if inputs is not None else [make(seed * 100 + i, shape, *input_range) for i, shape in enumerate(input_shapes)]
    states = [uniform(seed * 100 + 40 + i, shape, -0.5, 0.5) for i, shape in enumerate(initial_state_shapes)]
    single = len(xs) == 1
    layer_input = (lambda ts: ts[0]) if single else (lambda ts: ts)
    keywords = {}
    if mask is not None:
        mask = np.asarray(mask, dtype=np.float32)
        keywords["mask"] = tf.constant(mask.astype(bool))

    def call(constants, **extra):
        inputs, initial = constants[:len(xs)], constants[len(xs):]
        if initial:
            extra["initial_state"] = list(initial)
        return layer(layer_input(inputs), **keywords, **extra)

    call([tf.constant(x) for x in xs + states])  # builds the weights
    weights = {}
    for k, variable in enumerate(layer.weights):
        value = weight_value(seed * 100 + 50 + k, variable)
        variable.assign(value)
        assert synapse_weight_name(variable) not in weights, (name, variable.path)
        weights[synapse_weight_name(variable)] = value
    constants = [tf.constant(x) for x in xs + states]
    with tf.GradientTape() as tape:
        tape.watch(constants)
        out = call(constants, training=training)
        outs = list(out) if isinstance(out, (list, tuple)) else [out]
        upstreams = [uniform(seed * 100 + 99 - k, o.shape) for k, o in enumerate(outs)]
        objective = tf.add_n([tf.reduce_sum(o * u) for o, u in zip(outs, upstreams)])
    trainable = list(layer.trainable_weights)
    gradients = tape.gradient(objective, constants + trainable)
    input_gradients = gradients[:len(constants)]
    weight_gradients = {synapse_weight_name(v): g for v, g in zip(trainable, gradients[len(constants):])}
    case = {
        "name": name,
        "layer": class_name,
        "config": config,
        "training": training,
        "inputs": [tensor(x) for x in xs + states],
        "weights": {k: tensor(v) for k, v in weights.items()},
        "output": tensor(outs[0].numpy()),
        "upstream": tensor(upstreams[0]),
        "input_gradients": [tensor(g.numpy() if g is not None else np.zeros_like(x))
                            for g, x in zip(input_gradients, xs + states)],
        "weight_gradients": {k: tensor(tf.convert_to_tensor(g).numpy()) for k, g in weight_gradients.items()},
        "weights_after": {synapse_weight_name(v): tensor(v.numpy()) for v in layer.non_trainable_weights},
    }
    if mask is not None:
        case["mask"] = tensor(mask)
    if len(outs) > 1:
        case["extra_outputs"] = [tensor(o.numpy()) for o in outs[1:]]
        case["extra_upstreams"] = [tensor(u) for u in upstreams[1:]]
    return case


def write_family(family, cases, generator):
    """Writes `keras_cases_<family>.json` with `cases` (names must be unique)."""
    names = [c["name"] for c in cases]
    assert len(set(names)) == len(names), "case names must be unique"
    document = {
        "generator": generator,
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
        "backend": keras.backend.backend(),
        "objective": "sum(output * upstream)",
        "cases": cases,
    }
    path = FIXTURES / f"keras_cases_{family}.json"
    path.write_text(json.dumps(document, separators=(",", ":")) + "\n")
    print(f"wrote {path} ({len(cases)} cases, {path.stat().st_size} bytes)")
