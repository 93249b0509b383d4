#!/usr/bin/env python3
"""Writes Tests/SynapseTests/IO/Fixtures/reference.safetensors with Python's `safetensors` package.

The file is an independent reference for Synapse's safetensors reader: a few F32 tensors of known
values (including a scalar and an empty tensor), one tensor of each other dtype that numpy can store
(F64, F16, I64, I32, I16, I8, U64, U32, U16, U8, BOOL), and string metadata. The expected values are
spelled out in Tests/SynapseTests/IO/SafeTensorsFixtureTests.swift. Run from the package root:

    pip install safetensors numpy
    python3 scripts/make_safetensors_fixture.py
"""
import pathlib

import numpy as np
from safetensors.numpy import load_file, save_file

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/SynapseTests/IO/Fixtures/reference.safetensors"

tensors = {
    # F32, read exactly.
    "dense_1.kernel": np.array([[0.5, -1.25, 3.0], [0.1, -0.0, 1e-30]], dtype=np.float32),
    "dense_1.bias": np.array([1.0, -2.0, 4.5], dtype=np.float32),
    "scale": np.array(2.75, dtype=np.float32),            # rank 0
    "empty": np.zeros((0, 3), dtype=np.float32),           # no values
    "specials": np.array([np.inf, -np.inf, np.nan, 3.4028235e38], dtype=np.float32),
    # Other dtypes, converted to Float.
    "float64": np.array([[1.0 / 3.0, -2.5], [1e40, 0.1]], dtype=np.float64),
    "float16": np.array([1.0, -0.5, 65504.0, 2.0 ** -24], dtype=np.float16),
    "int64": np.array([-7, 0, 2 ** 40 + 1], dtype=np.int64),
    "int32": np.array([-2147483648, 123456], dtype=np.int32),
    "int16": np.array([-32768, 32767], dtype=np.int16),
    "int8": np.array([-128, 127, 0], dtype=np.int8),
    "uint64": np.array([18446744073709551615, 5], dtype=np.uint64),
    "uint32": np.array([4294967295, 7], dtype=np.uint32),
    "uint16": np.array([65535, 9], dtype=np.uint16),
    "uint8": np.array([[0, 255], [17, 42]], dtype=np.uint8),
    "bool": np.array([True, False, True], dtype=np.bool_),
}
metadata = {"format": "np", "producer": "scripts/make_safetensors_fixture.py", "unicode": "héllo ✓ \"quoted\""}

OUT.parent.mkdir(parents=True, exist_ok=True)
save_file(tensors, str(OUT), metadata=metadata)

# Check the file reads back as written.
back = load_file(str(OUT))
assert set(back) == set(tensors)
for name, value in tensors.items():
    assert back[name].dtype == value.dtype and back[name].shape == value.shape, name
    assert np.array_equal(back[name], value, equal_nan=(value.dtype.kind == "f")), name
print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
