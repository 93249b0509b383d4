import Foundation
import Synapse
import Testing

/// L1/L2 weight penalties: their values by hand, their gradients, the loss `fit` and `evaluate`
/// report (against Keras, `Fixtures/keras_regularization.json` from
/// `scripts/keras_metric_reference.py`), errors, and saving.
@Suite("Regularizers")
struct RegularizerTests {
    static var weights: Tensor { Tensor([[0.5, -1.5, 2], [-0.25, 0, 1]]) }
    // Σ|w| = 5.25, Σw² = 0.25 + 2.25 + 4 + 0.0625 + 0 + 1 = 7.5625.

    @Test func penaltiesByHand() throws {
        expectValue(try #require(try Regularizer.l1(0.1).penalty(Self.weights)).item(), 0.525, tolerance: 1e-6)
        expectValue(try #require(try Regularizer.l2(0.01).penalty(Self.weights)).item(), 0.075625, tolerance: 1e-6)
        expectValue(try #require(try Regularizer.l1l2(l1: 0.1, l2: 0.01).penalty(Self.weights)).item(), 0.600625, tolerance: 1e-6)
        // Keras's defaults: L1 and L2 0.01, L1L2 nothing.
        #expect(Regularizer.l1() == Regularizer(l1: 0.01, l2: 0))
        #expect(Regularizer.l2() == Regularizer(l1: 0, l2: 0.01))
        #expect(Regularizer.l1l2() == Regularizer(l1: 0, l2: 0))
        #expect(try Regularizer.l1l2().penalty(Self.weights) == nil)
        #expect(try Regularizer.l1(0.1).penalty(Self.weights)?.shape == [])
        #expect("\(Regularizer.l2(0.5))" == "L2(0.5)")
    }

    @Test func gradientsOfThePenalty() throws {
        let w = try awayFromZeroTensor([3, 4], seed: 21)
        for regularizer in [Regularizer.l1(0.3), .l2(0.2), .l1l2(l1: 0.05, l2: 0.4)] {
            try expectGradientCheck(at: [w], step: 1e-2, "\(regularizer)") { t in try #require(try regularizer.penalty(t[0])) }
            // Analytically: l1·sign(w) + 2·l2·w.
            let (_, gradient) = try valueWithGradient(at: w) { try #require(try regularizer.penalty($0)) }
            expectValues(gradient, w.scalars.map { regularizer.l1 * ($0 > 0 ? 1 : -1) + 2 * regularizer.l2 * $0 }, tolerance: 1e-6)
        }
    }

    @Test func denseAddsItsKernelAndBiasPenalties() throws {
        let model = Sequential {
            Input(2)
            Dense(3, kernelRegularizer: .l1l2(l1: 0.1, l2: 0.01), biasRegularizer: .l2(0.5))
            Dense(1)
        }
        let dense = try firstDense(model)
        try setWeights(dense, kernel: [[0.5, -1.5, 2], [-0.25, 0, 1]], bias: [1, -2, 0])
        #expect(dense.kernelRegularizer == .l1l2(l1: 0.1, l2: 0.01))
        #expect(dense.biasRegularizer == .l2(0.5))
        // 0.600625 + 0.5·(1 + 4).
        expectValue(try #require(try dense.regularizationLoss).item(), 3.100625, tolerance: 1e-6)
        expectValue(try #require(try model.regularizationLoss).item(), 3.100625, tolerance: 1e-6)
        #expect(try model.layers[1].regularizationLoss == nil)
        // A frozen parameter is not penalised (Keras regularises trainable weights only).
        dense.kernel!.isTrainable = false
        expectValue(try #require(try model.regularizationLoss).item(), 2.5, tolerance: 1e-6)
        #expect(try Sequential { Input(2); Dense(3) }.regularizationLoss == nil)
    }

    /// The loss of the first batch in `fit` (learning rate 0) and of `evaluate` is the data loss plus
    /// the penalty, as in Keras — whichever path (fused dense kernels or the autodiff graph) runs.
    @Test(arguments: [true, false])
    func reportedLossIncludesThePenalty(usesKernels: Bool) throws {
        try checkReportedLoss(usesKernels: usesKernels)
    }

    func checkReportedLoss(usesKernels: Bool) throws {
        let x = Tensor([[0.9, -0.3], [0.4, 0.8], [-0.6, 0.1]]), y = Tensor([[1], [0], [1]])  // as `rows`, `targets`
        func model() throws -> Sequential {
            let model = Sequential {
                Input(2)
                Dense(1, activation: .sigmoid, kernelRegularizer: .l2(0.1), biasRegularizer: .l1(0.2))
            }
            try setWeights(try firstDense(model), kernel: [[0.7], [-1.2]], bias: [0.3])
            try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(learningRate: 0))
            model.usesKernels = usesKernels
            return model
        }
        let rows: [[Float]] = [[0.9, -0.3], [0.4, 0.8], [-0.6, 0.1]], targets: [Float] = [1, 0, 1]
        func bce(_ row: Int) -> Float {
            let z: Float = 0.7 * rows[row][0] - 1.2 * rows[row][1] + 0.3
            let p = referenceSigmoid(z), t = targets[row]
            return -(t * log(p) + (1 - t) * log(1 - p))
        }
        let dataLoss = (bce(0) + bce(1) + bce(2)) / 3
        let penalty: Float = 0.1 * (0.49 + 1.44) + 0.2 * 0.3
        let recorder = RecordingCallback()
        let history = try model().fit(x, y, batchSize: 2, shuffle: false, verbose: 0, callbacks: [recorder])
        let firstBatch = (bce(0) + bce(1)) / 2
        expectValue(recorder.batchLogs[0]["loss"]!, firstBatch + penalty, tolerance: 1e-5)
        expectValue(try #require(history["loss"]?.first), dataLoss + penalty, tolerance: 1e-5)
        expectValue(try #require(try model().evaluate(x, y)["loss"]), dataLoss + penalty, tolerance: 1e-5)
    }

    // MARK: Keras reference

    struct KerasReference: Decodable {
        struct Layer: Decodable {
            let units: Int
            let activation: String
            let kernel: [[Float]]
            let bias: [Float]
            let kernelRegularizer: [String: Float]
            let biasRegularizer: [String: Float]
            enum CodingKeys: String, CodingKey {
                case units, activation, kernel, bias, kernelRegularizer = "kernel_regularizer", biasRegularizer = "bias_regularizer"
            }
        }
        let keras: String
        let x: [[Float]]
        let labels: [Float]
        let layers: [Layer]
        let penalty: Float
        let dataLoss: Float
        let evaluateLoss: Float
        let learningRate: Float
        let fitLoss: Float
        let weightsAfterOneStep: [JSONValue]
        enum CodingKeys: String, CodingKey {
            case keras, x, labels, layers, penalty, dataLoss = "data_loss", evaluateLoss = "evaluate_loss",
                 learningRate = "learning_rate", fitLoss = "fit_loss", weightsAfterOneStep = "weights_after_one_step"
        }
    }

    static func kerasReference() throws -> KerasReference {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/keras_regularization.json")
        return try JSONDecoder().decode(KerasReference.self, from: Data(contentsOf: url))
    }

    static func model(_ reference: KerasReference, learningRate: Float, regularized: Bool = true,
                      usesKernels: Bool = true) throws -> Sequential {
        let model = Sequential(seed: 1)
        model.usesKernels = usesKernels
        try model.add(Input(reference.x[0].count))
        for layer in reference.layers {
            let activation: Activation = layer.activation == "tanh" ? .tanh : .softmax
            func regularizer(_ factors: [String: Float]) -> Regularizer? {
                regularized ? .l1l2(l1: factors["l1"] ?? 0, l2: factors["l2"] ?? 0) : nil
            }
            try model.add(Dense(layer.units, activation: activation, kernelRegularizer: regularizer(layer.kernelRegularizer),
                                biasRegularizer: regularizer(layer.biasRegularizer)))
        }
        for (dense, layer) in zip(model.layers.compactMap { $0 as? Dense }, reference.layers) {
            try setWeights(dense, kernel: layer.kernel, bias: layer.bias)
        }
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: SGD(learningRate: learningRate))
        return model
    }

    static func flatten(_ value: JSONValue) -> [Float] {
        switch value {
        case .number(let n): return [Float(n)]
        case .array(let items): return items.flatMap(flatten)
        default: return []
        }
    }

    @Test(arguments: [true, false])
    func matchesKerasPenaltyLossesAndTrainingStep(usesKernels: Bool) throws {
        try checkKerasReference(usesKernels: usesKernels)
    }

    func checkKerasReference(usesKernels: Bool) throws {
        let reference = try Self.kerasReference()
        let x = Tensor(reference.x), y = Tensor(reference.labels)
        let model = try Self.model(reference, learningRate: reference.learningRate, usesKernels: usesKernels)
        expectValue(try #require(try model.regularizationLoss).item(), reference.penalty, tolerance: 1e-6)
        expectValue(try #require(try model.evaluate(x, y)["loss"]), reference.evaluateLoss, tolerance: 1e-5)
        expectValue(reference.evaluateLoss - reference.penalty, reference.dataLoss, tolerance: 1e-5, "Keras evaluates data loss + penalty")
        let history = try model.fit(x, y, batchSize: x.shape[0], shuffle: false, verbose: 0)
        expectValue(try #require(history["loss"]?.first), reference.fitLoss, tolerance: 1e-5)
        // One SGD step on loss + penalty lands on Keras's weights: the penalty's gradient is applied.
        let after = model.parameters.map(\.value)
        #expect(after.count == reference.weightsAfterOneStep.count)
        for (index, (tensor, expected)) in zip(after, reference.weightsAfterOneStep).enumerated() {
            expectValues(tensor, Self.flatten(expected), tolerance: 1e-5, "parameter \(index) after one step")
        }
        // Without the penalty the step would differ: the reference is sensitive to it.
        let unregularized = try Self.model(reference, learningRate: reference.learningRate, regularized: false,
                                           usesKernels: usesKernels)
        #expect(try unregularized.regularizationLoss == nil)
        expectValue(try #require(try unregularized.evaluate(x, y)["loss"]), reference.dataLoss, tolerance: 1e-5)
        try unregularized.fit(x, y, batchSize: x.shape[0], shuffle: false, verbose: 0)
        let difference = zip(unregularized.parameters[0].value.scalars, Self.flatten(reference.weightsAfterOneStep[0]))
            .map { Swift.abs($0 - $1) }.max()!
        #expect(difference > 1e-3)
    }

    // MARK: Configuration and saving

    @Test func configurationUsesKerasClassNames() {
        let dense = Dense(4, kernelRegularizer: .l2(0.5), biasRegularizer: .l1l2(l1: 0.25, l2: 0.125))
        #expect(dense.configuration["kernel_regularizer"] == .object(["class_name": .string("L2"), "config": .object(["l2": .number(0.5)])]))
        #expect(dense.configuration["bias_regularizer"] == .object([
            "class_name": .string("L1L2"), "config": .object(["l1": .number(0.25), "l2": .number(0.125)]),
        ]))
        #expect(Dense(4, kernelRegularizer: .l1(0.5)).configuration["kernel_regularizer"]
            == .object(["class_name": .string("L1"), "config": .object(["l1": .number(0.5)])]))
        #expect(Dense(4).configuration["kernel_regularizer"] == .null)
    }

    @Test func configurationRoundTrip() throws {
        for (kernel, bias) in [(Regularizer?.some(.l2(0.01)), Regularizer?.some(.l1(0.001))), (.l1l2(l1: 0.2, l2: 0.3), nil), (nil, nil)] {
            let dense = Dense(5, activation: .relu, kernelRegularizer: kernel, biasRegularizer: bias)
            let rebuilt = try Dense(configuration: Configuration(dense.configuration, owner: "Dense 'd'"), name: "d")
            #expect(rebuilt.kernelRegularizer == kernel)
            #expect(rebuilt.biasRegularizer == bias)
        }
        // Configurations saved before regularisers existed have none.
        let old = try Dense(configuration: Configuration(["units": .number(3)], owner: "Dense 'd'"), name: "d")
        #expect(old.kernelRegularizer == nil && old.biasRegularizer == nil)
    }

    @Test func saveAndLoadKeepTheRegularizersAndTheLoss() throws {
        let model = Sequential(seed: 4) {
            Input(3)
            Dense(4, activation: .tanh, kernelRegularizer: .l2(0.05), biasRegularizer: .l1(0.01))
            Dense(2, activation: .softmax, kernelRegularizer: .l1l2(l1: 0.02, l2: 0.03))
        }
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: Adam(learningRate: 0.01), metrics: [.accuracy])
        let x = try Tensor.randomNormal([12, 3], seed: 5), y = Tensor((0..<12).map { Float($0 % 2) })
        try model.fit(x, y, epochs: 2, batchSize: 4, verbose: 0)
        let folder = NSTemporaryDirectory() + "synapse-regularizer-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try model.save(to: folder + "/model.safetensors")
        let loaded = try Sequential.load(from: folder + "/model.safetensors")
        let denses = loaded.layers.compactMap { $0 as? Dense }
        #expect(denses.map(\.kernelRegularizer) == [.l2(0.05), .l1l2(l1: 0.02, l2: 0.03)])
        #expect(denses.map(\.biasRegularizer) == [.l1(0.01), nil])
        #expect(try #require(try loaded.regularizationLoss).item() == (try #require(try model.regularizationLoss).item()))
        #expect(try loaded.evaluate(x, y) == model.evaluate(x, y))
    }

    // MARK: Errors

    @Test func negativeOrNonFiniteFactorsAreRefusedWhenTheLayerIsBuilt() {
        let cases: [(Dense, [String])] = [
            (Dense(3, kernelRegularizer: .l2(-0.01), name: "hidden"), ["hidden", "kernelRegularizer", "l2", "-0.01", "≥ 0"]),
            (Dense(3, biasRegularizer: .l1(-1), name: "out"), ["out", "biasRegularizer", "l1", "-1.0"]),
            (Dense(3, kernelRegularizer: .l1l2(l1: .nan, l2: 0.1)), ["kernelRegularizer", "l1", "nan"]),
            (Dense(3, kernelRegularizer: .l1l2(l1: 0, l2: .infinity)), ["kernelRegularizer", "l2", "inf"]),
        ]
        for (dense, fragments) in cases {
            expectError(SynapseError.invalidArgument, mentioning: fragments) {
                var generator = RandomGenerator(seed: 1)
                _ = try dense.build(inputShape: [2], generator: &generator)
            }
        }
    }

    @Test func badSavedRegularizersAreFileErrors() {
        let cases: [(JSONValue, [String])] = [
            (.object(["class_name": .string("Orthogonal")]), ["Dense 'd' kernel_regularizer", "unknown regularizer 'Orthogonal'"]),
            (.object(["class_name": .string("L2"), "config": .object(["l2": .number(-2)])]), ["Dense 'd' kernel_regularizer", "l2", "-2"]),
            (.object(["class_name": .string("L1"), "config": .object(["l1": .string("big")])]), ["Dense 'd' kernel_regularizer (L1)", "l1 must be a number, found \"big\""]),
            (.string("l2"), ["Dense 'd' kernel_regularizer", "class_name"]),
        ]
        for (value, fragments) in cases {
            expectError(SynapseError.fileError, mentioning: fragments) {
                _ = try Dense(configuration: Configuration(["units": .number(3), "kernel_regularizer": value], owner: "Dense 'd'"), name: "d")
            }
        }
    }
}
