import Foundation
import Synapse
import Testing

/// `sampleWeight` and `classWeight` in `fit`, `evaluate` and the batch methods, through each loss
/// path of the plan (fused softmax and sigmoid cross-entropy, the mean-squared-error kernel, the
/// tape), against Keras 3.15.1 (`scripts/keras_sample_weight_reference.py`: SGD(0.5), two epochs of
/// batches 4 + 2, no shuffling).
@Suite("Sample and class weights")
struct SampleWeightTests {
    static var x: Tensor {
        Tensor([[0.5, -1, 0.25, 2], [1, 0.5, -0.5, 0], [-1.5, 0.25, 1, 0.5], [0, 1, -1, 1.5], [2, -0.5, 0.5, -1], [0.25, 0.75, -0.25, 0.5]])
    }
    static var weights: Tensor { Tensor([1, 0.5, 2, 0, 1.5, 3]) }
    static var classes: Tensor { Tensor([0, 2, 1, 1, 0, 2]) }
    static var binary: Tensor { Tensor([[1], [0], [1], [1], [0], [0]]) }
    static var targets: Tensor { Tensor([[0.5], [-1], [2], [0], [1], [-0.5]]) }

    /// What Keras gave for one run.
    struct Reference {
        let losses: [Float]
        let kernel: [[Float]]
        let bias: [Float]
        let evaluated: Float
    }

    /// One Dense layer from the script's weights: kernel (i·units + j) mod 5 − 2, over 10; bias from −0.1 to 0.1.
    static func model(units: Int, activation: Activation, loss: Loss) throws -> Sequential {
        let model = Sequential { Input(4); Dense(units, activation: activation) }
        try model.compile(loss: loss, optimizer: SGD(learningRate: 0.5))
        let kernel = try Tensor(shape: [4, units], scalars: (0..<(4 * units)).map { Float($0 % 5 - 2) / 10 })
        let bias = Tensor(units == 1 ? [-0.1] : [-0.1, 0, 0.1])
        try model.setWeights([kernel, bias])
        return model
    }

    static func expect(_ model: Sequential, _ history: History, matches reference: Reference,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let losses = try #require(history["loss"], sourceLocation: sourceLocation)
        expectValues(Tensor(losses), reference.losses, tolerance: 1e-5, "loss per epoch", sourceLocation: sourceLocation)
        let weights = model.getWeights()
        expectValues(weights[0], reference.kernel.flatMap { $0 }, tolerance: 1e-5, "kernel", sourceLocation: sourceLocation)
        expectValues(weights[1], reference.bias, tolerance: 1e-5, "bias", sourceLocation: sourceLocation)
    }

    @Test func fusedSoftmaxCrossEntropyMatchesKeras() throws {
        let model = try Self.model(units: 3, activation: .softmax, loss: .sparseCategoricalCrossEntropy)
        let history = try model.fit(Self.x, Self.classes, epochs: 2, batchSize: 4, shuffle: false,
                                    sampleWeight: Self.weights, verbose: 0)
        try Self.expect(model, history, matches: Reference(
            losses: [1.6833024, 0.7581671],
            kernel: [[0.6551008, -0.8848159, -0.0702848], [-0.6122243, 0.0247213, 0.687503],
                     [0.1444666, 0.3577045, -0.5021712], [-0.1620405, -0.2496028, 0.3116434]],
            bias: [-0.1606822, -0.2967048, 0.457387], evaluated: 0.4470478))
        expectValue(try model.evaluate(Self.x, Self.classes, sampleWeight: Self.weights).loss, 0.4470478)
    }

    @Test func classWeightsMatchKeras() throws {
        let model = try Self.model(units: 3, activation: .softmax, loss: .sparseCategoricalCrossEntropy)
        let history = try model.fit(Self.x, Self.classes, epochs: 2, batchSize: 4, shuffle: false,
                                    classWeight: [0: 1, 1: 3, 2: 0.5], verbose: 0)
        try Self.expect(model, history, matches: Reference(
            losses: [1.8189055, 0.7425975],
            kernel: [[0.5994126, -0.7996849, -0.0997275], [-0.4956353, 0.5834326, 0.0122027],
                     [0.1551253, 0.0102814, -0.1654066], [-0.1786257, 0.2985778, -0.2199521]],
            bias: [-0.140272, 0.366398, -0.226126], evaluated: 1.093153))
        expectValue(try model.evaluate(Self.x, Self.classes, sampleWeight: Self.weights).loss, 1.093153)
    }

    /// Class weights are the sample weights of each row's class, for class indices and one-hot rows
    /// alike; a class not listed weighs 1.
    @Test func classWeightsAreSampleWeightsByClass() throws {
        let oneHot = try Tensor(shape: [6, 3], scalars: Self.classes.scalars.flatMap { c in (0..<3).map { Float($0) == c ? 1 : 0 } })
        let byClass = try Self.model(units: 3, activation: .softmax, loss: .categoricalCrossEntropy)
        let bySample = try Self.model(units: 3, activation: .softmax, loss: .categoricalCrossEntropy)
        let a = try byClass.fit(Self.x, oneHot, epochs: 2, batchSize: 4, shuffle: false, classWeight: [1: 3, 2: 0.5], verbose: 0)
        let b = try bySample.fit(Self.x, oneHot, epochs: 2, batchSize: 4, shuffle: false,
                                 sampleWeight: Tensor([1, 0.5, 3, 3, 1, 0.5]), verbose: 0)
        #expect(a == b)
        #expect(byClass.getWeights() == bySample.getWeights())
    }

    @Test func fusedSigmoidCrossEntropyMatchesKeras() throws {
        let model = try Self.model(units: 1, activation: .sigmoid, loss: .binaryCrossEntropy)
        let history = try model.fit(Self.x, Self.binary, epochs: 2, batchSize: 4, shuffle: false,
                                    sampleWeight: Self.weights, verbose: 0)
        try Self.expect(model, history, matches: Reference(
            losses: [0.7729666, 0.4941572], kernel: [[-0.9439517], [-0.571699], [0.310959], [0.2924561]],
            bias: [-0.6066426], evaluated: 0.3617162))
        expectValue(try model.evaluate(Self.x, Self.binary, sampleWeight: Self.weights).loss, 0.3617162)
    }

    static let meanSquaredErrorReference = Reference(
        losses: [4.8458076, 20.2772083], kernel: [[-11.0613508], [0.5695741], [2.5095479], [3.1459632]],
        bias: [-1.874759], evaluated: 298.3911743)

    @Test func meanSquaredErrorMatchesKeras() throws {
        let model = try Self.model(units: 1, activation: .linear, loss: .meanSquaredError)
        let history = try model.fit(Self.x, Self.targets, epochs: 2, batchSize: 4, shuffle: false,
                                    sampleWeight: Self.weights, verbose: 0)
        try Self.expect(model, history, matches: Self.meanSquaredErrorReference)
        expectValue(try model.evaluate(Self.x, Self.targets, sampleWeight: Self.weights).loss, 298.3911743, tolerance: 1e-5)
    }

    /// A custom loss of one value per sample runs through the tape, weighted the same way.
    @Test func aCustomLossOnTheTapeMatchesKeras() throws {
        let squared = Loss.custom(name: "squared_error_per_sample") { p, y in try (p - y).pow(2).mean(alongAxis: -1) }
        let model = try Self.model(units: 1, activation: .linear, loss: squared)
        let history = try model.fit(Self.x, Self.targets, epochs: 2, batchSize: 4, shuffle: false,
                                    sampleWeight: Self.weights, verbose: 0)
        try Self.expect(model, history, matches: Self.meanSquaredErrorReference)
    }

    /// `trainOnBatch` weighs the batch as one step of `fit` does, and `testOnBatch` and
    /// `computeLoss` report that batch's weighted loss.
    @Test func theBatchMethodsWeighToo() throws {
        let model = try Self.model(units: 3, activation: .softmax, loss: .sparseCategoricalCrossEntropy)
        let twin = try Self.model(units: 3, activation: .softmax, loss: .sparseCategoricalCrossEntropy)
        let first = try model.testOnBatch(Self.x, Self.classes, sampleWeight: Self.weights).loss
        expectValue(try model.computeLoss(Self.x, Self.classes, sampleWeight: Self.weights), first)
        let logs = try model.trainOnBatch(Self.x, Self.classes, sampleWeight: Self.weights)
        expectValue(logs.loss, first)
        try twin.fit(Self.x, Self.classes, epochs: 1, batchSize: 6, shuffle: false, sampleWeight: Self.weights, verbose: 0)
        #expect(model.getWeights() == twin.getWeights())
    }

    /// With a validation split, the held-out rows keep their weights for the validation loss.
    @Test func aValidationSplitSplitsTheWeights() throws {
        let model = try Self.model(units: 3, activation: .softmax, loss: .sparseCategoricalCrossEntropy)
        let history = try model.fit(Self.x, Self.classes, epochs: 1, batchSize: 6, validationSplit: 0.5,
                                    sampleWeight: Self.weights, verbose: 0)
        let heldOut = try model.evaluate(Self.x.rows(3..<6), Self.classes.rows(3..<6), sampleWeight: Self.weights.rows(3..<6))
        expectValue(try #require(history["val_loss"]).first!, heldOut.loss)
    }

    /// Weights that are missing, doubled or zero do what they say; the metrics are not weighted.
    @Test func weightsScaleTheLossButNotTheMetrics() throws {
        let model = try Self.model(units: 3, activation: .softmax, loss: .sparseCategoricalCrossEntropy)
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: SGD(), metrics: [.accuracy])
        let plain = try model.evaluate(Self.x, Self.classes, batchSize: 4)
        let doubled = try model.evaluate(Self.x, Self.classes, batchSize: 4, sampleWeight: Tensor([Float](repeating: 2, count: 6)))
        let zero = try model.evaluate(Self.x, Self.classes, sampleWeight: Tensor([Float](repeating: 0, count: 6)))
        expectValue(doubled.loss, 2 * plain.loss)
        #expect(zero.loss == 0)
        #expect(doubled["accuracy"] == plain["accuracy"])
        #expect(zero["accuracy"] == plain["accuracy"])
    }

    @Test func badWeightsAreRefused() throws {
        let model = try Self.model(units: 3, activation: .softmax, loss: .sparseCategoricalCrossEntropy)
        expectError(SynapseError.shapeMismatch, mentioning: ["sample weights", "[6]", "[5]"]) {
            try model.fit(Self.x, Self.classes, sampleWeight: Tensor([1, 1, 1, 1, 1]), verbose: 0)
        }
        expectError(SynapseError.invalidArgument, mentioning: ["sample weight", "-1", "row 2"]) {
            _ = try model.evaluate(Self.x, Self.classes, sampleWeight: Tensor([1, 1, -1, 1, 1, 1]))
        }
        expectError(SynapseError.invalidArgument, mentioning: ["not both"]) {
            try model.fit(Self.x, Self.classes, classWeight: [0: 2], sampleWeight: Self.weights, verbose: 0)
        }
        expectError(SynapseError.invalidArgument, mentioning: ["class weight of class 1", "nan"]) {
            try model.fit(Self.x, Self.classes, classWeight: [1: .nan], verbose: 0)
        }
        let before = model.getWeights()
        expectError(SynapseError.invalidArgument, mentioning: ["classWeight keys", "-2"]) {
            try model.trainOnBatch(Self.x, Self.classes, classWeight: [-2: 1])
        }
        #expect(model.getWeights() == before)
    }
}
