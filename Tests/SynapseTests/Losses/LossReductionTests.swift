import Foundation
import Synapse
import Testing

/// Losses called with labelled arguments, reduced by `sum_over_batch_size`, `sum` or not at all, and
/// weighted per sample — against values Keras 3.15.1 computed (`scripts/keras_sample_weight_reference.py`).
@Suite("Loss reductions and sample weights")
struct LossReductionTests {
    static var sampleWeights: Tensor { Tensor([0.5, 2, 0, 1]) }

    /// A loss's labels and predictions (4 samples), and Keras's values: unweighted and weighted, for
    /// `sum_over_batch_size`, `sum` and `None`.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let loss: @Sendable (Loss.Reduction) -> Loss
        let labelValues: [Float], labelShape: [Int]
        let predictionValues: [[Float]]
        var labels: Tensor { try! Tensor(shape: labelShape, scalars: labelValues) }
        var predictions: Tensor { Tensor(predictionValues) }
        let mean: (Float, Float)
        let sum: (Float, Float)
        let none: ([Float], [Float])
        var testDescription: String { name }
    }

    static let onehot: [Float] = [1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0]
    static let probabilities: [[Float]] = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.25, 0.5, 0.25]]
    static let crossEntropy = (mean: (Float(1.0671744), Float(1.3691638)), sum: (Float(4.2686977), Float(5.476655)),
                               none: ([Float(0.356675), 2.3025851, 0.9162907, 0.6931472], [Float(0.1783375), 4.6051702, 0, 0.6931472]))

    static let cases: [Case] = [
        Case(name: "mean squared error", loss: { Loss.meanSquaredError(reduction: $0) },
             labelValues: [0, -0.5, 1.5, 1, 0.5, 1, 2, -1], labelShape: [4, 2],
             predictionValues: [[0.5, -1], [2, 0.25], [-0.5, 1.5], [1, 1]],
             mean: (0.9453125, 0.859375), sum: (3.78125, 3.4375),
             none: ([0.25, 0.40625, 0.625, 2.5], [0.125, 0.8125, 0, 2.5])),
        Case(name: "binary cross-entropy", loss: { Loss.binaryCrossEntropy(reduction: $0) },
             labelValues: [1, 0, 1, 1, 0, 1, 0, 0], labelShape: [4, 2],
             predictionValues: [[0.9, 0.2], [0.4, 0.6], [0.1, 0.7], [0.5, 0.95]],
             mean: (0.7383169, 0.8384205), sum: (2.9532676, 3.353682),
             none: ([0.164252, 0.7135582, 0.2310178, 1.8444396], [0.082126, 1.4271164, 0, 1.8444396])),
        Case(name: "categorical cross-entropy", loss: { Loss.categoricalCrossEntropy(reduction: $0) },
             labelValues: onehot, labelShape: [4, 3], predictionValues: probabilities,
             mean: crossEntropy.mean, sum: crossEntropy.sum, none: crossEntropy.none),
        Case(name: "sparse categorical cross-entropy", loss: { Loss.sparseCategoricalCrossEntropy(reduction: $0) },
             labelValues: [0, 2, 2, 1], labelShape: [4], predictionValues: probabilities,
             mean: crossEntropy.mean, sum: crossEntropy.sum, none: crossEntropy.none),
    ]

    @Test(arguments: cases)
    func reductionsMatchKeras(_ c: Case) throws {
        let w = Self.sampleWeights
        let mean = c.loss(.sumOverBatchSize), sum = c.loss(.sum), none = c.loss(.none)
        expectValue(try mean(labels: c.labels, predictions: c.predictions).item(), c.mean.0)
        expectValue(try mean(labels: c.labels, predictions: c.predictions, sampleWeight: w).item(), c.mean.1)
        expectValue(try sum(labels: c.labels, predictions: c.predictions).item(), c.sum.0)
        expectValue(try sum(labels: c.labels, predictions: c.predictions, sampleWeight: w).item(), c.sum.1)
        expectValues(try none(labels: c.labels, predictions: c.predictions), c.none.0, shape: [4])
        expectValues(try none(labels: c.labels, predictions: c.predictions, sampleWeight: w), c.none.1, shape: [4])
        // Weights of shape [batch, 1] read the same.
        expectValue(try mean(labels: c.labels, predictions: c.predictions, sampleWeight: w.reshaped([4, 1])).item(), c.mean.1)
    }

    /// The default reduction is Keras's `sum_over_batch_size`: the weighted sum divided by the number
    /// of values, not by the sum of the weights.
    @Test func theDefaultDividesByTheBatchSize() throws {
        let loss = Loss.meanSquaredError
        #expect(loss.reduction == .sumOverBatchSize)
        let y = Tensor([[1], [1]]), p = Tensor([[3], [1]])
        expectValue(try loss(labels: y, predictions: p, sampleWeight: Tensor([0.5, 0])).item(), 0.5 * 4 / 2)
    }

    /// Weights per time step of a sequence output (Keras: 0.8307292); one weight per sample spreads over its steps.
    @Test func weightsPerStepAndPerSampleOfASequence() throws {
        let p = try Tensor(shape: [2, 3, 2], scalars: (0..<12).map { Float($0) / 4 })
        let y = try Tensor.ones([2, 3, 2])
        let perStep = try Loss.meanSquaredError(labels: y, predictions: p, sampleWeight: Tensor([[1, 0, 2], [0.5, 1, 1]]))
        expectValue(try perStep.item(), 0.8307292)
        let perSample = try Loss.meanSquaredError(labels: y, predictions: p, sampleWeight: Tensor([2, 0.5]))
        let broadcast = try Loss.meanSquaredError(labels: y, predictions: p, sampleWeight: Tensor([[2, 2, 2], [0.5, 0.5, 0.5]]))
        expectValue(try perSample.item(), try broadcast.item())
    }

    @Test func theWeightedLossHasTheWeightedGradient() throws {
        let y = Tensor([[0, -0.5], [1.5, 1], [0.5, 1]])
        let w = Tensor([0.5, 2, 1.5])
        try expectGradientCheck(at: [Tensor([[0.5, -1], [2, 0.25], [-0.5, 1.5]])]) { inputs in
            try Loss.meanSquaredError(reduction: .sum)(labels: y, predictions: inputs[0], sampleWeight: w)
        }
        try expectGradientCheck(at: [Tensor([[0.9, 0.2], [0.4, 0.6], [0.3, 0.7]])]) { inputs in
            try Loss.binaryCrossEntropy(labels: Tensor([[1, 0], [1, 1], [0, 1]]), predictions: inputs[0], sampleWeight: w)
        }
    }

    @Test func weightsOfAnotherShapeAreRefused() {
        expectError(SynapseError.shapeMismatch, mentioning: ["sample weights", "[3]", "[2]"]) {
            _ = try Loss.meanSquaredError(labels: Tensor([[1], [2], [3]]), predictions: Tensor([[1], [2], [3]]),
                                          sampleWeight: Tensor([1, 2]))
        }
    }

    /// A custom loss that returns one value per sample is reduced and weighted like a built-in one;
    /// one that returns the batch's mean cannot be weighted, and says so.
    @Test func customLossesPerSampleAndPerBatch() throws {
        let perSample = Loss.custom(name: "absolute_per_sample") { p, y in try (p - y).abs().mean(alongAxis: -1) }
        let perBatch = Loss.custom(name: "absolute_mean") { p, y in try (p - y).abs().mean() }
        let y = Tensor([[0, 1], [2, 2]]), p = Tensor([[1, 1], [2, 5]])
        // Per sample: 0.5 and 1.5.
        expectValue(try perSample(labels: y, predictions: p).item(), 1)
        expectValue(try perSample(labels: y, predictions: p, sampleWeight: Tensor([2, 0])).item(), 0.5)
        expectValues(try perSample.reduced(by: .none)(labels: y, predictions: p), [0.5, 1.5], shape: [2])
        expectValue(try perBatch(labels: y, predictions: p).item(), 1)
        expectError(SynapseError.invalidArgument, mentioning: ["absolute_mean", "one value per sample"]) {
            _ = try perBatch(labels: y, predictions: p, sampleWeight: Tensor([2, 0]))
        }
    }

    @Test func compileRefusesALossThatDoesNotReduce() throws {
        let model = Sequential { Input(2); Dense(1) }
        expectError(SynapseError.invalidArgument, mentioning: ["reduction 'none'"]) {
            try model.compile(loss: .meanSquaredError(reduction: .none), optimizer: SGD())
        }
    }

    /// A model compiled with `.sum` trains and evaluates on the summed loss, and saves it.
    @Test func aSummedLossTrainsEvaluatesAndSaves() throws {
        let x = Tensor([[1, 2], [0, 1], [2, -1]]), y = Tensor([[1], [0], [2]])
        let model = Sequential(seed: 3) { Input(2); Dense(1) }
        try model.compile(loss: .meanSquaredError, optimizer: SGD())
        let mean = try model.evaluate(x, y).loss
        try model.compile(loss: .meanSquaredError(reduction: .sum), optimizer: SGD())
        expectValue(try model.evaluate(x, y).loss, 3 * mean)   // one batch: the sum over its 3 rows
        #expect(model.compiled?.loss.description == "mean_squared_error(reduction: sum)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-sum-\(UUID()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try model.save(to: file)
        let loaded = try Sequential.load(from: file)
        #expect(loaded.compiled?.loss == .meanSquaredError(reduction: .sum))
        // The gradient of the sum is the mean's times the batch size: one SGD step of rate r on the
        // sum moves the weights as a step of 3r on the mean.
        let twin = Sequential(seed: 3) { Input(2); Dense(1) }
        try twin.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.03))
        try model.compile(loss: .meanSquaredError(reduction: .sum), optimizer: SGD(learningRate: 0.01))
        try twin.setWeights(model.getWeights())
        try model.trainOnBatch(x, y)
        try twin.trainOnBatch(x, y)
        for (a, b) in zip(model.getWeights(), twin.getWeights()) { expectValues(a, b.scalars) }
    }
}
