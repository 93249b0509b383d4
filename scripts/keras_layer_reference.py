#!/usr/bin/env python3
"""Reference values from Keras 3 for Synapse's merge layers, Dense and a small functional model.

Writes Tests/SynapseTests/Layers/Fixtures/keras_layers.json, with these groups of cases:

* "merge" — Add, Subtract, Multiply, Average, Maximum, Minimum and Concatenate (axis −1 and 1, with
  inputs of different sizes along the concatenation axis) on two and, for Add/Average/Concatenate,
  three inputs. Each case holds the inputs, the output, a fixed upstream tensor W of the output's
  shape, and the gradient of sum(output · W) with respect to every input (tf.GradientTape). The
  inputs of every case differ pairwise by at least MIN_GAP element by element, so Maximum/Minimum
  never see a tie. "merge_ties" holds a separate probe of what Keras does at exact ties.
* "dense" — Dense(5) with fixed kernel and bias (set with `set_weights`) for each built-in
  activation by its string name, one without bias, and one on a rank-3 input (Dense works on the
  last axis): output and the gradients of sum(output · W) w.r.t. the input, kernel and bias.
* "model" — Input(4) → Dense(6, relu) "dense" = h; Dense(6, tanh) "dense_1"(h) = g;
  Add "add"([h, g]) = s; Dense(3, softmax) "dense_2"(s) = out, with fixed weights, compiled with
  loss="sparse_categorical_crossentropy": the output, the loss `compute_loss` gives (mean over the
  batch; Keras takes the logits from the softmax and uses its fused path) and its gradient with
  respect to every weight.
* "dropout" — booleans checked (and asserted) here: Dropout is the identity at inference and scales
  the kept units by 1/(1 − rate) in training. Nothing random is stored.

"facts" records Keras behaviour the Swift side mirrors (activation defaults, what a 3-input Subtract
does, who gets the gradient at a Maximum/Minimum tie, ...). Each is checked here, not assumed.

Tensors are stored as {"shape": [...], "scalars": [...]} (row-major, as `Tensor(shape:scalars:)`
takes them). Inputs, weights and upstreams are multiples of 1e-4 written with at most 4
decimals, so parsing them as Float gives exactly the float32 values Keras was fed; computed values
are rounded to 7 significant digits (relative error at most 5e-7).

Run from the package root with TensorFlow installed (CPU is enough; takes a few seconds):

    python3 -m venv /tmp/kerasenv && /tmp/kerasenv/bin/pip install tensorflow-cpu
    /tmp/kerasenv/bin/python scripts/keras_layer_reference.py
"""

import json
import math
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

OUT = (pathlib.Path(__file__).resolve().parent.parent
       / "Tests/SynapseTests/Layers/Fixtures/keras_layers.json")

BATCH = 3
MIN_GAP = 0.02  # smallest |difference| between any two merge inputs at the same position
SIGNIFICANT = 7


# --- Helpers ----------------------------------------------------------------------------------

def uniform(seed, shape, low=-1.0, high=1.0):
    """Deterministic float32 values on a 1e-4 grid (so their decimals are exact in the fixture).

    Seeds live in separate ranges per group (merge 100_000+, upstreams 200_000+, dense 300_000+,
    model 400_000+, dropout 500_000+) so no two tensors in the fixture share a stream."""
    values = np.random.RandomState(seed).uniform(low, high, size=shape)
    return np.round(values, 4).astype(np.float32)


def rounded(x):
    """x to SIGNIFICANT significant digits (−0 becomes 0); the fixture holds only finite values."""
    x = float(x)
    assert math.isfinite(x), x
    return float(f"{x:.{SIGNIFICANT}g}") + 0.0


def tensor(a):
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "scalars": [rounded(v) for v in a.reshape(-1)]}


def distinct_inputs(seed, shapes):
    """Inputs whose same-position elements differ by at least MIN_GAP (no Maximum/Minimum ties)."""
    attempt = 0
    while True:
        xs = [uniform(100_000 + seed * 1000 + attempt * 10 + i, shape)
              for i, shape in enumerate(shapes)]
        if len(set(map(tuple, shapes))) > 1:
            return xs  # different shapes: only Concatenate, where ties do not matter
        gaps = [np.abs(xs[i] - xs[j]).min() for i in range(len(xs)) for j in range(i + 1, len(xs))]
        if min(gaps) >= MIN_GAP:
            return xs
        attempt += 1


def input_gradients(layer, xs, upstream):
    xs = [tf.constant(x) for x in xs]
    with tf.GradientTape() as tape:
        tape.watch(xs)
        out = layer(xs)
        objective = tf.reduce_sum(out * upstream)
    return out.numpy(), [g.numpy() for g in tape.gradient(objective, xs)]


# --- Merge layers -----------------------------------------------------------------------------

# (case name, Keras layer class, config, input shapes)
S2 = [[BATCH, 4], [BATCH, 4]]
S3 = [[BATCH, 4], [BATCH, 4], [BATCH, 4]]
MERGE_CASES = [
    ("add_2", "Add", {}, S2),
    ("add_3", "Add", {}, S3),
    ("subtract_2", "Subtract", {}, S2),
    ("multiply_2", "Multiply", {}, S2),
    ("average_2", "Average", {}, S2),
    ("average_3", "Average", {}, S3),
    ("maximum_2", "Maximum", {}, S2),
    ("minimum_2", "Minimum", {}, S2),
    ("concatenate_2", "Concatenate", {"axis": -1}, S2),
    ("concatenate_3", "Concatenate", {"axis": -1}, S3),
    ("concatenate_axis1_uneven", "Concatenate", {"axis": 1}, [[BATCH, 2, 4], [BATCH, 3, 4]]),
    ("concatenate_last_uneven", "Concatenate", {"axis": -1}, [[BATCH, 2, 4], [BATCH, 2, 5]]),
]


def merge_cases():
    cases = []
    for seed, (name, class_name, config, shapes) in enumerate(MERGE_CASES, start=1):
        xs = distinct_inputs(seed, shapes)
        layer = getattr(keras.layers, class_name)(**config)
        out_shape = layer.compute_output_shape([tuple(s) for s in shapes])
        upstream = uniform(200_000 + seed, out_shape)
        out, grads = input_gradients(layer, xs, upstream)
        assert list(out.shape) == list(out_shape), (name, out.shape, out_shape)
        cases.append({
            "name": name, "layer": class_name, "config": config,
            "inputs": [tensor(x) for x in xs],
            "output": tensor(out),
            "upstream": tensor(upstream),
            "input_gradients": [tensor(g) for g in grads],
        })
    return cases


def merge_tie_cases():
    """What Keras does at exact ties: inputs equal at some positions (kept apart from "merge")."""
    a = np.array([[0.5, -0.25, 1.0, 0.0]], dtype=np.float32)
    b = np.array([[0.5, 0.75, 1.0, -0.5]], dtype=np.float32)
    c = np.array([[0.5, 0.75, -1.0, 0.0]], dtype=np.float32)
    cases = []
    for class_name in ("Maximum", "Minimum", "Average"):
        for xs in ([a, b], [a, b, c]):
            upstream = np.ones_like(a)
            out, grads = input_gradients(getattr(keras.layers, class_name)(), xs, upstream)
            cases.append({
                "name": f"{class_name.lower()}_{len(xs)}_ties", "layer": class_name, "config": {},
                "inputs": [tensor(x) for x in xs], "output": tensor(out),
                "upstream": tensor(upstream), "input_gradients": [tensor(g) for g in grads],
            })
    return cases


def merge_facts(ties):
    facts = {}
    try:
        keras.layers.Subtract()([tf.zeros([BATCH, 4])] * 3)
        facts["subtract_three_inputs"] = "accepted"
    except ValueError as error:
        facts["subtract_three_inputs"] = f"ValueError: {error}"
    one = tf.constant(uniform(250_000, [BATCH, 4]))
    facts["single_input_merge_is_identity"] = {
        name: bool(np.array_equal(getattr(keras.layers, name)()([one]).numpy(), one.numpy()))
        for name in ("Add", "Multiply", "Average", "Maximum", "Minimum", "Concatenate")
    }
    # At a tie the whole upstream gradient goes to the earliest tied input (Keras folds
    # ops.maximum/minimum left to right and TF's gradient favours the first operand on >=/<=).
    earliest = True
    for case in ties:
        if case["layer"] == "Average":
            continue
        xs = [np.array(t["scalars"]) for t in case["inputs"]]
        out = np.array(case["output"]["scalars"])
        grads = [np.array(t["scalars"]) for t in case["input_gradients"]]
        for k in range(out.size):
            first = next(i for i, x in enumerate(xs) if x[k] == out[k])
            earliest &= all(g[k] == (1.0 if i == first else 0.0) for i, g in enumerate(grads))
    assert earliest, "tie rule changed"
    facts["maximum_minimum_tie_gradient_goes_to_earliest_input"] = bool(earliest)
    facts["average_gradient_is_one_over_n_at_ties"] = all(
        all(v == rounded(np.float32(1) / np.float32(len(c["inputs"])))
            for t in c["input_gradients"] for v in t["scalars"])
        for c in ties if c["layer"] == "Average")
    return facts


# --- Dense ------------------------------------------------------------------------------------

ACTIVATIONS = ["linear", "relu", "sigmoid", "tanh", "softmax", "elu", "gelu", "softplus", "swish",
               "leaky_relu"]

KERNEL = uniform(300_001, [4, 5])
BIAS = uniform(300_002, [5], -0.5, 0.5)
DENSE_X = uniform(300_003, [BATCH, 4], -2.0, 2.0)
DENSE_UPSTREAM = uniform(300_004, [BATCH, 5])


def dense_case(name, activation, use_bias, x, upstream):
    layer = keras.layers.Dense(5, activation=activation, use_bias=use_bias, name="dense")
    layer.build((None,) + x.shape[1:])
    layer.set_weights([KERNEL, BIAS] if use_bias else [KERNEL])
    xt = tf.constant(x)
    variables = [layer.kernel] + ([layer.bias] if use_bias else [])
    with tf.GradientTape() as tape:
        tape.watch(xt)
        out = layer(xt)
        objective = tf.reduce_sum(out * upstream)
    grads = tape.gradient(objective, [xt] + variables)
    case = {
        "name": name, "activation": activation, "units": 5, "use_bias": use_bias,
        "kernel": tensor(KERNEL),
        "bias": tensor(BIAS) if use_bias else None,
        "input": tensor(x), "output": tensor(out.numpy()), "upstream": tensor(upstream),
        "gradients": {"input": tensor(grads[0].numpy()), "kernel": tensor(grads[1].numpy()),
                      "bias": tensor(grads[2].numpy()) if use_bias else None},
    }
    return case, out.numpy()


def dense_cases():
    cases, outputs = [], {}
    for activation in ACTIVATIONS:
        case, outputs[activation] = dense_case(activation, activation, True, DENSE_X,
                                               DENSE_UPSTREAM)
        cases.append(case)
    cases.append(dense_case("linear_no_bias", "linear", False, DENSE_X, DENSE_UPSTREAM)[0])
    rank3_x = uniform(300_005, [BATCH, 2, 4], -2.0, 2.0)
    rank3_upstream = uniform(300_006, [BATCH, 2, 5])
    cases.append(dense_case("rank3_linear", "linear", True, rank3_x, rank3_upstream)[0])
    return cases, outputs


def activation_facts(outputs):
    """Which formula each string activation uses, checked against numpy on the Dense outputs."""
    z = DENSE_X.astype(np.float64) @ KERNEL + BIAS
    erf = np.vectorize(math.erf)
    gelu_exact = 0.5 * z * (1 + erf(z / math.sqrt(2)))
    gelu_tanh = 0.5 * z * (1 + np.tanh(math.sqrt(2 / math.pi) * (z + 0.044715 * z ** 3)))
    close = lambda a, b: bool(np.allclose(a, b, rtol=1e-5, atol=1e-6))  # noqa: E731
    slope = float(np.median((outputs["leaky_relu"] / z)[z < 0]))
    facts = {
        "leaky_relu_activation_negative_slope": rounded(slope),
        "leaky_relu_layer_default_negative_slope": rounded(keras.layers.LeakyReLU().negative_slope),
        "gelu_string_is_exact_erf": close(outputs["gelu"], gelu_exact),
        "gelu_string_is_tanh_approximation": close(outputs["gelu"], gelu_tanh),
        "elu_alpha_1": close(outputs["elu"], np.where(z > 0, z, np.expm1(z))),
        "swish_is_x_sigmoid_x": close(outputs["swish"], z / (1 + np.exp(-z))),
        "softplus_is_log1p_exp": close(outputs["softplus"], np.log1p(np.exp(z))),
        "softmax_over_last_axis": close(outputs["softmax"],
                                        np.exp(z) / np.exp(z).sum(-1, keepdims=True)),
    }
    assert facts["gelu_string_is_exact_erf"] and not facts["gelu_string_is_tanh_approximation"]
    assert abs(slope - 0.2) < 1e-6, slope
    assert all(facts[k] for k in ("elu_alpha_1", "swish_is_x_sigmoid_x", "softplus_is_log1p_exp",
                                  "softmax_over_last_axis"))
    return facts


# --- Functional model -------------------------------------------------------------------------

MODEL_X = uniform(400_001, [5, 4], -2.0, 2.0)
MODEL_LABELS = np.array([0, 2, 1, 2, 0], dtype=np.int32)
MODEL_LAYERS = [  # (name, units, activation, fan-in, seed)
    ("dense", 6, "relu", 4, 400_011),
    ("dense_1", 6, "tanh", 6, 400_012),
    ("add", None, None, None, None),
    ("dense_2", 3, "softmax", 6, 400_013),
]


def model_case():
    inputs = keras.Input(shape=(4,), name="input")
    h = keras.layers.Dense(6, activation="relu", name="dense")(inputs)
    g = keras.layers.Dense(6, activation="tanh", name="dense_1")(h)
    s = keras.layers.Add(name="add")([h, g])
    out = keras.layers.Dense(3, activation="softmax", name="dense_2")(s)
    model = keras.Model(inputs, out, name="merge_model")
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    assert [layer.name for layer in model.layers[1:]] == [n for n, *_ in MODEL_LAYERS]

    layers = []
    for name, units, activation, fan_in, seed in MODEL_LAYERS:
        if units is None:
            layers.append({"name": name, "class_name": "Add", "weights": {}})
            continue
        kernel = uniform(seed, [fan_in, units])
        bias = uniform(seed + 50, [units], -0.5, 0.5)
        model.get_layer(name).set_weights([kernel, bias])
        layers.append({"name": name, "class_name": "Dense", "units": units,
                       "activation": activation,
                       "weights": {"kernel": tensor(kernel), "bias": tensor(bias)}})

    x, y = tf.constant(MODEL_X), tf.constant(MODEL_LABELS)
    variables = model.trainable_variables
    with tf.GradientTape() as tape:
        y_pred = model(x, training=True)
        loss = model.compute_loss(x=x, y=y, y_pred=y_pred)
    grads = tape.gradient(loss, variables)
    fused = hasattr(y_pred, "_keras_logits")

    # Cross-checks: evaluate agrees, and the loss is the batch mean of −log softmax(logits)[label].
    evaluated = model.evaluate(MODEL_X, MODEL_LABELS, batch_size=len(MODEL_X), verbose=0)
    logits = y_pred._keras_logits.numpy() if fused else None
    by_hand = float(tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=MODEL_LABELS, logits=logits))) if fused else None
    assert fused and abs(by_hand - float(loss)) <= 1e-6 * abs(by_hand)
    assert abs(evaluated - float(loss)) <= 1e-6 * abs(evaluated), (evaluated, float(loss))

    gradients = {}
    for variable, grad in zip(variables, grads):
        layer_name, weight_name = variable.path.split("/")
        gradients.setdefault(layer_name, {})[weight_name] = tensor(grad.numpy())
    return {
        "name": "dense_add_softmax",
        "loss_function": "sparse_categorical_crossentropy",
        "layers": layers,
        "weight_order": [v.path for v in model.weights],
        "x": tensor(MODEL_X), "labels": MODEL_LABELS.tolist(),
        "logits": tensor(logits), "output": tensor(y_pred.numpy()),
        "loss": rounded(loss), "evaluate_loss": rounded(evaluated),
        "loss_uses_softmax_logits": bool(fused),
        "gradients": gradients,
    }


# --- Dropout ----------------------------------------------------------------------------------

def dropout_facts():
    rate = 0.4
    # No zeros in x, so the dropped units are visible in the training output.
    x = tf.constant(uniform(500_001, [BATCH, 200], 0.5, 2.0))
    layer = keras.layers.Dropout(rate, seed=1234)
    inference = layer(x, training=False).numpy()
    default_call = layer(x).numpy()
    trained = layer(x, training=True).numpy()
    kept = trained != 0
    scaled = bool(np.allclose(trained[kept], x.numpy()[kept] / (1 - rate), rtol=1e-6, atol=0))
    facts = {
        "rate": rate,
        "inference_is_identity": bool(np.array_equal(inference, x.numpy())),
        "call_without_training_is_identity": bool(np.array_equal(default_call, x.numpy())),
        "training_drops_some_units": bool((~kept).any() and kept.any()),
        "training_scales_kept_by_inverse_keep_probability": scaled,
    }
    assert all(v for k, v in facts.items() if k != "rate"), facts
    return facts


# --- Output -----------------------------------------------------------------------------------

def write(path, fixture):
    """Compact but diff-friendly: one line per case, one line per other top-level key."""
    parts = []
    for key, value in fixture.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            items = ",\n  ".join(json.dumps(v, separators=(",", ":")) for v in value)
            parts.append(f"{json.dumps(key)}: [\n  {items}\n ]")
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(value, separators=(',', ':'))}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{\n " + ",\n ".join(parts) + "\n}\n")


def main():
    keras.utils.set_random_seed(0)
    merge = merge_cases()
    ties = merge_tie_cases()
    dense, dense_outputs = dense_cases()
    model = model_case()
    fixture = {
        "generator": "scripts/keras_layer_reference.py",
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
        "backend": keras.backend.backend(),
        "dtype": "float32",
        "objective": "sum(output * upstream); gradients are d objective / d input (or weight)",
        "facts": {"merge": merge_facts(ties), "activations": activation_facts(dense_outputs)},
        "merge": merge,
        "merge_ties": ties,
        "dense": dense,
        "model": model,
        "dropout": dropout_facts(),
    }
    json.loads(json.dumps(fixture))  # plain JSON only
    write(OUT, fixture)
    print(f"wrote {OUT}: {len(merge)} merge cases, {len(ties)} tie probes,"
          f" {len(dense)} dense cases, 1 model case, dropout facts")


if __name__ == "__main__":
    main()
