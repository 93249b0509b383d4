import Foundation
import Synapse
import Testing

/// `ActivationLayer` (Keras's `Activation`), `ReLU`, `LeakyReLU` and `Softmax`: values, configuration,
/// errors, fusion with cross-entropy, and a model that trains, saves and loads.
///
/// Expected values are computed by hand from Keras 3's definitions (keras/src/layers/activations/*.py
/// and keras/src/activations/activations.py: `relu` keeps x > threshold, clips to max_value and
/// subtracts negative_slope·relu(threshold − x); LeakyReLU's default negative_slope is 0.3), and
/// the ReLU and LeakyReLU rows were checked against Keras 3.15.1 itself. Outputs and gradients on
/// random inputs against Keras are in `Fixtures/keras_cases_activation_layers.json`, written by
/// `scripts/keras_activation_layers_reference.py` and run by `KerasLayerCaseTests`.
@Suite("Activation layers")
struct ActivationLayerTests {
    static let x: [Float] = [-2, -0.5, 0, 0.3, 1.5, 7]

    /// `layer` on one sample of `x` (through the tape, outside a model).
    static func apply(_ layer: any Layer, _ x: [Float] = x) throws -> Tensor {
        var generator = RandomGenerator(seed: 0)
        _ = try layer.build(inputShape: [x.count], generator: &generator)
        return try layer.forward(Tensor([x]), training: false)
    }

    @Test func reluValues() throws {
        expectValues(try Self.apply(ReLU()), [0, 0, 0, 0.3, 1.5, 7], shape: [1, 6])
        expectValues(try Self.apply(ReLU(maxValue: 6)), [0, 0, 0, 0.3, 1.5, 6])
        expectValues(try Self.apply(ReLU(negativeSlope: 0.2)), [-0.4, -0.1, 0, 0.3, 1.5, 7])
        // x > 0.5 → min(x, 1); otherwise 0.1·(x − 0.5).
        expectValues(try Self.apply(ReLU(maxValue: 1, negativeSlope: 0.1, threshold: 0.5)), [-0.25, -0.1, -0.05, -0.02, 1, 1])
        // Threshold without a slope: x where x > 0.3 (0.3 itself is not above it), else 0.
        expectValues(try Self.apply(ReLU(threshold: 0.3)), [0, 0, 0, 0, 1.5, 7])
    }

    @Test func leakyReLUValues() throws {
        #expect(LeakyReLU().negativeSlope == 0.3)
        expectValues(try Self.apply(LeakyReLU()), [-0.6, -0.15, 0, 0.3, 1.5, 7])
        expectValues(try Self.apply(LeakyReLU(negativeSlope: 0.01)), [-0.02, -0.005, 0, 0.3, 1.5, 7])
    }

    @Test func activationLayerValues() throws {
        expectValues(try Self.apply(ActivationLayer(.relu)), [0, 0, 0, 0.3, 1.5, 7])
        expectValues(try Self.apply(ActivationLayer(.sigmoid), [0, 2]), [0.5, 0.880797078])
        expectValues(try Self.apply(ActivationLayer(.tanh), [0, 1]), [0, 0.761594156])
        expectValues(try Self.apply(ActivationLayer(.softmax), [1, 2, 3]), [0.090030573, 0.244728471, 0.665240956])
    }

    @Test func softmaxValues() throws {
        expectValues(try Self.apply(Softmax(), [1, 2, 3]), [0.090030573, 0.244728471, 0.665240956])
        // Along axis 1 of [1, 2, 2]: each column on its own, softmax(1, 3) and softmax(2, 5).
        let layer = Softmax(axis: 1)
        var generator = RandomGenerator(seed: 0)
        _ = try layer.build(inputShape: [2, 2], generator: &generator)
        #expect(layer.activation == .linear)
        expectValues(try layer.forward(Tensor([[[1, 2], [3, 5]]]), training: false),
                     [0.119202922, 0.047425873, 0.880797078, 0.952574127], shape: [1, 2, 2])
        let last = Softmax(axis: 2)
        _ = try last.build(inputShape: [2, 2], generator: &generator)
        #expect(last.activation == .softmax)
    }

    @Test func configurationsUseKerasNames() throws {
        #expect(ActivationLayer(.relu).configuration == ["activation": .string("relu")])
        #expect(ActivationLayer(.relu).typeName == "Activation")
        #expect(ReLU().configuration == ["max_value": .null, "negative_slope": .number(0), "threshold": .number(0)])
        #expect(ReLU(maxValue: 6).configuration["max_value"] == .number(6))
        #expect(LeakyReLU().configuration == ["negative_slope": .number(Double(Float(0.3)))])
        #expect(Softmax().configuration == ["axis": .number(-1)])
        // Keras's get_config() values rebuild the layers.
        let relu = try #require(try LayerRegistry.layer(ofType: "ReLU", named: "r",
                                                        configuration: ["max_value": .number(6), "negative_slope": .number(0.1), "threshold": .number(0)]) as? ReLU)
        #expect(relu.maxValue == 6 && relu.negativeSlope == Float(0.1) && relu.threshold == 0)
        let leaky = try #require(try LayerRegistry.layer(ofType: "LeakyReLU", named: "l", configuration: [:]) as? LeakyReLU)
        #expect(leaky.negativeSlope == 0.3)
        let activation = try #require(try LayerRegistry.layer(ofType: "Activation", named: "a",
                                                              configuration: ["activation": .string("tanh")]) as? ActivationLayer)
        #expect(activation.activation == .tanh)
        let softmax = try #require(try LayerRegistry.layer(ofType: "Softmax", named: "s", configuration: ["axis": .number(1)]) as? Softmax)
        #expect(softmax.axis == 1)
    }

    @Test func badArgumentsThrow() {
        var generator = RandomGenerator(seed: 0)
        expectSynapseError(.invalidArgument, mentioning: ["leaky", "negativeSlope", "-0.1"]) {
            _ = try LeakyReLU(negativeSlope: -0.1, name: "leaky").build(inputShape: [3], generator: &generator)
        }
        expectSynapseError(.invalidArgument, mentioning: ["relu", "maxValue", "-1"]) {
            _ = try ReLU(maxValue: -1, name: "relu").build(inputShape: [3], generator: &generator)
        }
        expectSynapseError(.invalidArgument, mentioning: ["relu", "threshold"]) {
            _ = try ReLU(threshold: -0.5, name: "relu").build(inputShape: [3], generator: &generator)
        }
        expectSynapseError(.invalidArgument, mentioning: ["softmax", "axis", "found 0"]) {
            _ = try Softmax(axis: 0, name: "softmax").build(inputShape: [3], generator: &generator)
        }
        expectSynapseError(.invalidArgument, mentioning: ["softmax", "found 3"]) {
            _ = try Softmax(axis: 3, name: "softmax").build(inputShape: [2, 2], generator: &generator)
        }
        expectSynapseError(.fileError, mentioning: ["activation"]) {
            _ = try LayerRegistry.layer(ofType: "Activation", named: "a", configuration: [:])
        }
    }

    /// A softmax layer at the output is fused with its cross-entropy: the loss comes from the
    /// logits, unclipped. Logits [0, 30, 0] for class 0 give 30 + log(1 + 2e⁻³⁰) ≈ 30; the clipped
    /// probabilities would give −log(1e-7) ≈ 16.1.
    @Test(arguments: ["Softmax", "Activation"])
    func softmaxLayersFuseWithCrossEntropy(_ kind: String) throws {
        let model = Sequential(seed: 2) {
            Input(1)
            Dense(3, useBias: false)
            if kind == "Softmax" { Softmax() } else { ActivationLayer(.softmax) }
        }
        try setWeights(try firstDense(model), kernel: [[0, 30, 0]])
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: SGD())
        let loss = try #require(try model.evaluate(Tensor([[1]]), Tensor([0]))["loss"])
        expectValue(loss, 30, tolerance: 1e-4)
        expectValues(try model.predict(Tensor([[1]])), [Float(exp(-30.0)), 1, Float(exp(-30.0))], tolerance: 1e-7)
    }

    /// `Input(4); Dense(8); LeakyReLU(); Dense(3); Softmax()` trains through `fit` exactly as the same
    /// network written with Dense activations does (from the same weights), and saves and loads.
    @Test func aModelWithActivationLayersTrainsSavesAndLoads() throws {
        let layered = Sequential(seed: 9) {
            Input(4)
            Dense(8)
            LeakyReLU()
            Dense(3)
            Softmax()
        }
        let dense = Sequential(seed: 9) {
            Input(4)
            Dense(8, activation: .leakyReLU(alpha: 0.3))
            Dense(3, activation: .softmax)
        }
        // The same starting weights (a layer's initial weights depend on its position).
        #expect(layered.parameters.count == 4)
        for (from, to) in zip(layered.parameters, dense.parameters) { try to.assign(from.value) }
        var generator = RandomGenerator(seed: 4)
        let x = Tensor((0..<30).map { _ in (0..<4).map { _ in generator.nextUniform(low: -1, high: 1) } })
        // Class 0 when x₀ + x₁ ≤ 0, else 2 when x₂ > 0, else 1.
        let values = x.scalars
        var classes: [Float] = []
        for row in 0..<30 {
            let first: Float = values[row * 4] + values[row * 4 + 1]
            classes.append(first <= 0 ? 0 : (values[row * 4 + 2] > 0 ? 2 : 1))
        }
        let y = Tensor(classes)
        var histories: [History] = []
        for model in [layered, dense] {
            try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: Adam(learningRate: 0.05), metrics: [.accuracy])
            histories.append(try model.fit(x, y, epochs: 15, batchSize: 8, shuffle: false, verbose: 0))
        }
        let losses = try #require(histories[0]["loss"]), denseLosses = try #require(histories[1]["loss"])
        expectValues(Tensor(losses), denseLosses, tolerance: 1e-4)
        #expect(losses.last! < 0.6 * losses.first!, "\(losses)")
        expectValues(try layered.predict(x), try dense.predict(x).scalars, tolerance: 1e-5)

        let folder = NSTemporaryDirectory() + "synapse-activation-layers-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/model.safetensors"
        try layered.save(to: path)
        let restored = try Model.load(from: path)
        #expect(restored.layers.map(\.typeName) == ["Dense", "LeakyReLU", "Dense", "Softmax"])
        #expect(try restored.predict(x) == (try layered.predict(x)))
        #expect(try restored.evaluate(x, y) == (try layered.evaluate(x, y)))
    }
}
