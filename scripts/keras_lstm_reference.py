#!/usr/bin/env python3
"""Keras 3 reference cases for LSTM (`keras_cases_lstm.json`).

The default LSTM; return_sequences; return_state (h and c as further outputs); go_backwards (alone
and with return_sequences: Keras returns the sequence in reversed order); unit_forget_bias false (the
bias is set by hand, so this only checks that the configuration is accepted); use_bias false; other
activations; masks — a row with masked steps in the middle, a fully masked row, leading masked steps —
with and without return_sequences and go_backwards; initial states (their gradients included); masks
and initial states together; a case in training mode without dropout.

Run from the package root with the peer benchmark environment:

    /tmp/peerbench/venv/bin/python scripts/keras_lstm_reference.py
"""

import sys
import pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from keras_reference_cases import MASK, layer_case, write_family  # noqa: E402


def cases():
    lstm = "LSTM"
    x = [(3, 4, 2)]
    xm = [(4, 5, 3)]
    hc = [(3, 3), (3, 3)]
    hcm = [(4, 2), (4, 2)]
    return [
        layer_case("LSTM(3) default", lstm, {"units": 3}, x, seed=1),
        layer_case("LSTM(3) training mode", lstm, {"units": 3}, x, seed=2, training=True),
        layer_case("LSTM(3) return_sequences", lstm, {"units": 3, "return_sequences": True}, x, seed=3),
        layer_case("LSTM(3) return_state", lstm, {"units": 3, "return_state": True}, x, seed=4),
        layer_case("LSTM(3) return_sequences return_state", lstm,
                   {"units": 3, "return_sequences": True, "return_state": True}, x, seed=5),
        layer_case("LSTM(3) go_backwards", lstm, {"units": 3, "go_backwards": True}, x, seed=6),
        layer_case("LSTM(3) go_backwards return_sequences", lstm,
                   {"units": 3, "go_backwards": True, "return_sequences": True}, x, seed=7),
        layer_case("LSTM(3) unit_forget_bias false", lstm, {"units": 3, "unit_forget_bias": False}, x, seed=8),
        layer_case("LSTM(3) use_bias false", lstm, {"units": 3, "use_bias": False, "return_sequences": True}, x, seed=9),
        layer_case("LSTM(3) relu / hard tanh-free activations", lstm,
                   {"units": 3, "activation": "relu", "recurrent_activation": "tanh", "return_sequences": True}, x, seed=10),
        layer_case("LSTM(3) gelu, sigmoid", lstm, {"units": 3, "activation": "gelu"}, x, seed=11),
        layer_case("LSTM(18) two vectors of units", lstm, {"units": 18, "return_sequences": True}, [(2, 3, 4)], seed=12),
        layer_case("LSTM(2) mask", lstm, {"units": 2}, xm, seed=13, mask=MASK),
        layer_case("LSTM(2) mask return_sequences", lstm, {"units": 2, "return_sequences": True}, xm, seed=14, mask=MASK),
        layer_case("LSTM(2) mask return_state", lstm, {"units": 2, "return_state": True}, xm, seed=15, mask=MASK),
        layer_case("LSTM(2) mask go_backwards return_sequences", lstm,
                   {"units": 2, "go_backwards": True, "return_sequences": True}, xm, seed=16, mask=MASK),
        layer_case("LSTM(3) initial states", lstm, {"units": 3}, x, seed=17, initial_state_shapes=hc),
        layer_case("LSTM(3) initial states return_state", lstm, {"units": 3, "return_state": True, "return_sequences": True},
                   x, seed=18, initial_state_shapes=hc),
        layer_case("LSTM(2) mask initial states return_sequences return_state", lstm,
                   {"units": 2, "return_sequences": True, "return_state": True}, xm, seed=19, initial_state_shapes=hcm,
                   mask=MASK),
        layer_case("LSTM(2) mask initial states", lstm, {"units": 2}, xm, seed=20, initial_state_shapes=hcm, mask=MASK),
    ]


if __name__ == "__main__":
    write_family("lstm", cases(), generator="scripts/keras_lstm_reference.py")
