import Foundation
import Synapse
import Testing

/// Issue 10, defect 2: a small model file whose configuration declares huge weights is refused before
/// the model is built, instead of allocating (and randomly filling) what the configuration claims.
@Suite struct ModelFileAllocationTests {
    /// Declared shapes are checked against the file's tensors before any weight is allocated: a kernel
    /// of 2⁵³ values used to abort with "failed to allocate", one of 16384² to allocate (and randomly
    /// fill) 1 GiB before the shape error.
    @Test(arguments: [(1 << 14, 1 << 14), (1 << 29, 1 << 24)])
    func declaredShapeThatDisagreesWithTheFileIsRefusedBeforeBuilding(features: Int, units: Int) throws {
        try ModelFiles.withFolder { folder in
            let path = folder + "/small.safetensors"
            try ModelFiles.save(Sequential { Input(4); Dense(3) }, to: path) { configuration in
                configuration["input_shape"] = [features]
                ModelFiles.setLayer(0, "units", to: units, in: &configuration)
            }
            expectSynapseError(.fileError, mentioning: ["'\(path)'", "dense.kernel", "[\(features), \(units)]", "[4, 3]",
                                                        "the configuration declares"]) {
                _ = try Sequential.load(from: path)
            }
        }
    }

    /// Weights the file does not hold under the declared names still count against what it holds.
    @Test func declaredWeightsBeyondWhatTheFileHoldsAreRefusedBeforeBuilding() throws {
        try ModelFiles.withFolder { folder in
            let path = folder + "/renamed.safetensors"
            try ModelFiles.save(Sequential { Input(4); Dense(3) }, to: path) { configuration in
                configuration["input_shape"] = [1 << 29]
                var layers = configuration["layers"] as! [[String: Any]]
                layers[0]["name"] = "renamed"
                configuration["layers"] = layers
                ModelFiles.setLayer(0, "units", to: 1 << 24, in: &configuration)
            }
            expectSynapseError(.fileError, mentioning: ["'\(path)'", "renamed.kernel", "15 values"]) {
                _ = try Sequential.load(from: path)
            }
        }
    }

    /// A functional model's layers are checked the same way.
    @Test func functionalModelDeclaringHugeWeightsIsRefused() throws {
        try ModelFiles.withFolder { folder in
            let path = folder + "/functional.safetensors"
            let input = Input(shape: [4], name: "features")
            let model = try Model(inputs: [input], outputs: [try Dense(3, name: "head")(input)])
            try ModelFiles.save(model, to: path) { configuration in
                configuration["inputs"] = [["name": "features", "shape": [1 << 29]]]
                ModelFiles.setLayer(0, "units", to: 1 << 24, in: &configuration)
            }
            expectSynapseError(.fileError, mentioning: ["'\(path)'", "head.kernel", "the configuration declares"]) {
                _ = try Model.load(from: path)
            }
        }
    }
}
