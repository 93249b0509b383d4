import Foundation
import Synapse
import Testing

/// One layer on fixed inputs and weights, as Keras 3 computed it: a case of a
/// `Fixtures/keras_cases_<family>.json` file, written by `scripts/keras_reference_cases.py` and the
/// family scripts beside it (convolution, pooling, normalization, …).
struct KerasLayerCase: Decodable, Sendable, CustomStringConvertible {
    struct Values: Decodable, Sendable {
        let shape: [Int]
        let scalars: [Float]
        func tensor() throws -> Tensor { try Tensor(shape: shape, scalars: scalars) }
    }

    let name: String
    /// Keras's class name, which is also Synapse's configuration type name.
    let layer: String
    /// The keyword arguments Keras made the layer with.
    let config: [String: JSONValue]
    let training: Bool
    /// Batch first.
    let inputs: [Values]
    /// By Keras's weight name (`kernel`, `moving_mean`).
    let weights: [String: Values]
    let output: Values
    let upstream: Values
    /// d sum(output · upstream) / d input, per input.
    let inputGradients: [Values]
    /// d sum(output · upstream) / d weight, for the trainable weights.
    let weightGradients: [String: Values]
    /// The non-trainable weights after the call (moving statistics).
    let weightsAfter: [String: Values]
    /// A recurrent layer's mask `[batch, steps]` (1 = keep), passed to Keras as `mask=`; no gradient.
    let mask: Values?
    /// The outputs after the first (a recurrent layer's states with `return_state`) and their upstreams.
    let extraOutputs: [Values]?
    let extraUpstreams: [Values]?

    enum CodingKeys: String, CodingKey {
        case name, layer, config, training, inputs, weights, output, upstream, mask
        case inputGradients = "input_gradients", weightGradients = "weight_gradients", weightsAfter = "weights_after"
        case extraOutputs = "extra_outputs", extraUpstreams = "extra_upstreams"
    }

    /// Every output and its upstream, the first one included.
    var allOutputs: [Values] { [output] + (extraOutputs ?? []) }
    var allUpstreams: [Values] { [upstream] + (extraUpstreams ?? []) }

    var description: String { name }

    /// The layer's inputs: the case's inputs, then the mask when there is one.
    var layerInputs: [Values] { inputs + (mask.map { [$0] } ?? []) }

    struct File: Decodable { let cases: [KerasLayerCase] }

    /// Every case of every `keras_cases_*.json` fixture, in file and case order.
    static func loadAll() throws -> [KerasLayerCase] {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("keras_cases_") && $0.hasSuffix(".json") }.sorted()
        return try files.flatMap { file in
            try JSONDecoder().decode(File.self, from: Data(contentsOf: directory.appendingPathComponent(file))).cases
        }
    }
}

/// Synapse's layers against Keras, case by case: the layer is made from Keras's own configuration
/// through the registry, gets Keras's weights by name (the names and shapes must be Keras's), and
/// must give Keras's output and gradients through the tape, and its output through a model's plan
/// (the layer's kernels). Tolerance: 1e-4 relative to the largest magnitude of each expected tensor
/// (Keras sums in another order; the fixture rounds to 7 digits).
@Suite("Keras layer cases")
struct KerasLayerCaseTests {
    static let cases: [KerasLayerCase] = (try? KerasLayerCase.loadAll()) ?? []

    @Test func theFixturesLoad() throws {
        let cases = try KerasLayerCase.loadAll()
        #expect(Set(cases.map(\.name)).count == cases.count, "case names must be unique across the fixtures")
        // A missing or emptied fixture file would make the parameterised tests below run no case at
        // all and pass: every family must be there.
        let families: Set<String> = ["Conv1D", "Conv2D", "Conv2DTranspose", "DepthwiseConv2D", "SeparableConv2D", "MaxPooling2D",
                                     "AveragePooling2D", "GlobalMaxPooling2D", "Flatten", "Reshape", "UpSampling2D", "ZeroPadding2D",
                                     "Cropping2D", "BatchNormalization", "LayerNormalization", "LSTM",
                                     "Embedding", "Masking", "TimeDistributed", "Bidirectional",
                                     "GRU", "SimpleRNN", "Activation", "ReLU", "LeakyReLU", "Softmax"]
        #expect(families.isSubset(of: Set(cases.map(\.layer))), "missing: \(families.subtracting(cases.map(\.layer)).sorted())")
        #expect(Self.cases.count == cases.count)
    }

    static func expectMatches(_ actual: Tensor, _ expected: KerasLayerCase.Values, tolerance: Float = 1e-4, _ what: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape), Keras \(expected.shape)", sourceLocation: sourceLocation)
        guard actual.count == expected.scalars.count else { return }
        let largest = expected.scalars.map(abs).max() ?? 0
        let allowed = tolerance * (largest > 0 ? largest : 1)
        var reported = 0
        for (i, (a, e)) in zip(actual.scalars, expected.scalars).enumerated() where !(abs(a - e) <= allowed) {
            reported += 1
            if reported <= 5 { Issue.record("\(what), value \(i): \(a), Keras \(e) (±\(allowed))", sourceLocation: sourceLocation) }
        }
    }

    /// The case's layer, made from Keras's configuration and built for its sample shapes, with
    /// Keras's weights assigned by name.
    static func makeLayer(_ c: KerasLayerCase) throws -> any Layer {
        let layer = try makeUnbuiltLayer(c)
        var generator = RandomGenerator(seed: 1)
        _ = try layer.build(inputShapes: c.layerInputs.map { Array($0.shape.dropFirst()) }, generator: &generator)
        try assignWeights(c, to: layer)
        return layer
    }

    /// The case's layer from Keras's configuration, not built yet (told that it receives a mask when
    /// the case has one).
    static func makeUnbuiltLayer(_ c: KerasLayerCase) throws -> any Layer {
        let layer = try LayerRegistry.layer(ofType: c.layer, named: "probe", configuration: c.config)
        if c.mask != nil {
            let consumer = try #require(layer as? any MaskConsumingLayer, "\(c): a case with a mask needs a mask-consuming layer")
            consumer.receivesMask = true
        }
        return layer
    }

    /// Assigns Keras's weights by name to the built `layer`, checking names and shapes.
    static func assignWeights(_ c: KerasLayerCase, to layer: any Layer) throws {
        #expect(Set(layer.parameters.map(\.name)) == Set(c.weights.keys), "\(c): weight names \(layer.parameters.map(\.name)), Keras \(c.weights.keys.sorted())")
        for parameter in layer.parameters {
            let value = try #require(c.weights[parameter.name], "\(c): Keras has no weight '\(parameter.name)'")
            #expect(parameter.shape == value.shape, "\(c): \(parameter.name) shape \(parameter.shape), Keras \(value.shape)")
            try parameter.assign(value.tensor())
        }
    }

    @Test(arguments: cases)
    func tapeMatchesKeras(_ c: KerasLayerCase) throws {
        let layer = try Self.makeLayer(c)
        let inputs = try c.inputs.map { try $0.tensor() }
        let mask = try c.mask.map { [try $0.tensor()] } ?? []
        let upstreams = try c.allUpstreams.map { try $0.tensor() }
        let trainable = layer.parameters.filter { c.weightGradients[$0.name] != nil }
        let n = inputs.count
        var outputs: [Tensor] = []
        let (_, gradients) = try valueWithGradient(at: inputs + trainable.map(\.value)) { t in
            for (parameter, value) in zip(trainable, t[n...]) { try parameter.assign(value) }
            let ys = try layer.forward(Array(t[..<n]) + mask, training: c.training)
            outputs = ys.map(\.detached)
            guard ys.count == upstreams.count else {
                throw SynapseError.invalidState("\(c): \(ys.count) outputs, Keras \(upstreams.count)")
            }
            var total = try (ys[0] * upstreams[0]).sum()
            for (y, upstream) in zip(ys.dropFirst(), upstreams.dropFirst()) { total = try total + (y * upstream).sum() }
            return total
        }
        for (k, expected) in c.allOutputs.enumerated() {
            Self.expectMatches(outputs[k], expected, "\(c): output \(k)")
        }
        for (k, expected) in c.inputGradients.enumerated() {
            Self.expectMatches(gradients[k], expected, "\(c): gradient of input \(k)")
        }
        for (k, parameter) in trainable.enumerated() {
            Self.expectMatches(gradients[n + k], c.weightGradients[parameter.name]!, "\(c): gradient of \(parameter.name)")
        }
        for (name, expected) in c.weightsAfter {
            let parameter = try #require(layer.parameters.first { $0.name == name })
            Self.expectMatches(parameter.value, expected, "\(c): \(name) after the call")
        }
    }

    /// In inference mode, a model made of the layer alone predicts Keras's output through its plan
    /// (the layer's own kernels) and through the tape.
    @Test(arguments: cases.filter { !$0.training })
    func planMatchesKeras(_ c: KerasLayerCase) throws {
        // Built by its call, then given Keras's weights. With a mask, the sequence gets it from the
        // tests' `PaddingMarker` (steps whose features are all 0 are masked), so the masked steps'
        // features are zeroed — Keras's output does not depend on them.
        let layer = try Self.makeUnbuiltLayer(c)
        let inputs = c.inputs.map { Input(shape: Array($0.shape.dropFirst())) }
        let sequence: SymbolicTensor = c.mask == nil ? inputs[0] : try PaddingMarker()(inputs[0])
        let outputs = try layer.callReturningAll([sequence] + inputs.dropFirst().map { $0 as SymbolicTensor })
        try Self.assignWeights(c, to: layer)
        let model = try Model(inputs: inputs, outputs: outputs)
        var x = try c.inputs.map { try $0.tensor() }
        if let mask = c.mask {
            let width = x[0].shape[2]
            x[0] = try Tensor(shape: x[0].shape, scalars: x[0].scalars.enumerated().map { i, v in mask.scalars[i / width] == 0 ? 0 : v })
        }
        for usesKernels in [true, false] {
            model.usesKernels = usesKernels
            let predicted = try model.predict(x)
            for (k, expected) in c.allOutputs.enumerated() {
                Self.expectMatches(predicted[k], expected, "\(c): predict output \(k) \(usesKernels ? "with kernels" : "through the tape")")
            }
        }
    }
}
