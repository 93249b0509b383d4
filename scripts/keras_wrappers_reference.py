#!/usr/bin/env python3
"""Keras reference cases for Embedding, Masking, TimeDistributed and Bidirectional
(`keras_cases_wrappers.json`): embeddings with and without `mask_zero` on index tensors of several
ranks, Masking with its default and another mask value on inputs with masked steps,
TimeDistributed around Dense and Conv1D (weights named under the wrapped layer, `dense.kernel`), and
Bidirectional(LSTM) in every merge mode (and Bidirectional(GRU) in some), with and without return_sequences, masks (Keras zeroes the
masked steps' outputs inside Bidirectional), return_state and initial states (weights named
`forward_lstm.kernel`, `backward_lstm.kernel`).

    /tmp/peerbench/venv/bin/python scripts/keras_wrappers_reference.py
"""

import numpy as np
import keras

from keras_reference_cases import layer_case, uniform, write_family


def indices(seed, shape, below):
    """Whole numbers in 0..<below as float32 (Synapse's index tensors)."""
    return np.random.RandomState(seed).randint(0, below, size=shape).astype(np.float32)


def masked_steps(seed, shape, value, steps):
    """Uniform values whose time steps `steps` (pairs of sample and step) all equal `value`."""
    x = uniform(seed, shape)
    for sample, step in steps:
        x[sample, step, ...] = value
    return x


def wrapped(class_name, config):
    """A layer configuration as TimeDistributed saves it (the JSON the Synapse side reads)."""
    return {"class_name": class_name, "config": config}


def time_distributed(name, class_name, config, shape, seed):
    inner = getattr(keras.layers, class_name)(**config)
    return layer_case(name, "TimeDistributed", {"layer": wrapped(class_name, config)}, [shape], seed,
                      layer=keras.layers.TimeDistributed(inner))


# Batch 3, 4 steps: row 0 keeps all steps, row 1 has masked steps in the middle and at the end, row 2
# has leading masked steps.
MASK = [[1, 1, 1, 1],
        [1, 0, 1, 0],
        [0, 0, 1, 1]]


def bidirectional(name, config, merge_mode, seed, mask=None, initial_state_shapes=(), class_name="LSTM"):
    """Bidirectional(LSTM(**config), merge_mode) (or another recurrent class) on [3, 4, 3]; the
    configuration as Synapse reads it."""
    inner = dict(config, name=class_name.lower())
    recorded = {"layer": wrapped(class_name, inner), "merge_mode": merge_mode}
    layer = keras.layers.Bidirectional(getattr(keras.layers, class_name)(**inner), merge_mode=merge_mode)
    return layer_case(name, "Bidirectional", recorded, [(3, 4, 3)], seed, layer=layer, mask=mask,
                      initial_state_shapes=initial_state_shapes)


def cases():
    return [
        layer_case("Embedding(6, 3) on [4]", "Embedding", {"input_dim": 6, "output_dim": 3}, None, 1,
                   inputs=[indices(1, (3, 4), 6)]),
        layer_case("Embedding(5, 2, mask_zero) on [3]", "Embedding", {"input_dim": 5, "output_dim": 2, "mask_zero": True}, None, 2,
                   inputs=[np.array([[0, 3, 3], [4, 0, 1]], dtype=np.float32)]),
        layer_case("Embedding(7, 4) on [2, 3]", "Embedding", {"input_dim": 7, "output_dim": 4}, None, 3,
                   inputs=[indices(3, (2, 2, 3), 7)]),
        layer_case("Masking default", "Masking", {}, None, 4,
                   inputs=[masked_steps(4, (2, 4, 3), 0.0, [(0, 1), (1, 0), (1, 3)])]),
        layer_case("Masking(0.5)", "Masking", {"mask_value": 0.5}, None, 5,
                   inputs=[masked_steps(5, (2, 3, 2), 0.5, [(0, 2), (1, 1)])]),
        time_distributed("TimeDistributed(Dense(3))", "Dense", {"units": 3, "name": "dense"}, (2, 4, 5), 6),
        time_distributed("TimeDistributed(Dense(2, relu)) on [3, 2, 4]", "Dense", {"units": 2, "activation": "relu", "name": "dense"},
                         (2, 3, 2, 4), 7),
        time_distributed("TimeDistributed(Conv1D(2, 3))", "Conv1D", {"filters": 2, "kernel_size": 3, "name": "conv1d"}, (2, 3, 6, 2), 8),
        bidirectional("Bidirectional(LSTM(2)) concat", {"units": 2}, "concat", 9),
        bidirectional("Bidirectional(LSTM(2)) concat mask", {"units": 2}, "concat", 10, mask=MASK),
        bidirectional("Bidirectional(LSTM(2) return_sequences) concat mask", {"units": 2, "return_sequences": True}, "concat", 11,
                      mask=MASK),
        bidirectional("Bidirectional(LSTM(2) return_sequences) sum mask", {"units": 2, "return_sequences": True}, "sum", 12, mask=MASK),
        bidirectional("Bidirectional(LSTM(3) return_sequences) mul", {"units": 3, "return_sequences": True}, "mul", 13),
        bidirectional("Bidirectional(LSTM(2)) ave mask", {"units": 2}, "ave", 14, mask=MASK),
        bidirectional("Bidirectional(LSTM(2) return_sequences) none mask", {"units": 2, "return_sequences": True}, None, 15, mask=MASK),
        bidirectional("Bidirectional(LSTM(2) return_state) concat", {"units": 2, "return_state": True}, "concat", 16),
        bidirectional("Bidirectional(LSTM(2) return_sequences return_state) mask initial states",
                      {"units": 2, "return_sequences": True, "return_state": True}, "concat", 17, mask=MASK,
                      initial_state_shapes=[(3, 2)] * 4),
        bidirectional("Bidirectional(GRU(2) return_sequences) concat mask", {"units": 2, "return_sequences": True}, "concat", 18,
                      mask=MASK, class_name="GRU"),
        bidirectional("Bidirectional(GRU(3)) sum mask", {"units": 3}, "sum", 19, mask=MASK, class_name="GRU"),
        bidirectional("Bidirectional(GRU(2) reset_after false return_state) ave", {"units": 2, "reset_after": False, "return_state": True},
                      "ave", 20, class_name="GRU"),
    ]


if __name__ == "__main__":
    write_family("wrappers", cases(), "scripts/keras_wrappers_reference.py")
