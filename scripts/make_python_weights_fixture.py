#!/usr/bin/env python3
"""Writes Tests/SynapseTests/Saving/Fixtures/python_weights.safetensors with Python's safetensors
package: the weights of a 3-2-1 dense network under Synapse's stable names, with values chosen so the
test can compute the network's output by hand. Run once by hand (pip install safetensors numpy)."""
import os
import numpy as np
from safetensors.numpy import save_file

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "Tests", "SynapseTests", "Saving", "Fixtures", "python_weights.safetensors")
tensors = {
    "dense.kernel": np.array([[1.0, -1.0], [0.5, 2.0], [-0.25, 0.75]], dtype=np.float32),
    "dense.bias": np.array([0.1, -0.2], dtype=np.float32),
    "dense_1.kernel": np.array([[2.0], [-3.0]], dtype=np.float32),
    "dense_1.bias": np.array([0.5], dtype=np.float32),
}
save_file(tensors, out, metadata={"written_by": "python safetensors"})
print("wrote", os.path.normpath(out))
