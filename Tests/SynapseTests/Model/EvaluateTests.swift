import Foundation
import Synapse
import Testing

/// `evaluate` and `predict` against numbers computed by hand on tiny models with set weights.
@Suite("Evaluate and predict")
struct EvaluateTests {
    @Test func sigmoidUnitWithBinaryCrossEntropy() throws {
        let model = Sequential {
            Input(2)
            Dense(1, activation: .sigmoid)
        }
        try setWeights(try firstDense(model), kernel: [[0.5], [-1]], bias: [0.25])
        try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(), metrics: [.accuracy])
        let x: [[Float]] = [[1, 2], [3, -1], [0, 1], [-2, 0.5], [2, 0]]
        let y: [Float] = [1, 0, 1, 0, 1]

        var loss: Float = 0, correct: Float = 0
        var probabilities: [Float] = []
        for (row, label) in zip(x, y) {
            let p = referenceSigmoid(row[0] * 0.5 + row[1] * -1 + 0.25)
            probabilities.append(p)
            loss += -(label * log(p) + (1 - label) * log(1 - p))
            if (p > 0.5) == (label == 1) { correct += 1 }
        }
        let n = Float(x.count)
        // z = −1.25, 2.75, −0.75, −1.25, 1.25: right only for rows 3 and 4.
        #expect(correct == 2)

        expectValues(try model.predict(Tensor(x)), probabilities, shape: [5, 1], tolerance: 1e-6)
        for batchSize in [32, 2] {
            let scores = try model.evaluate(Tensor(x), Tensor(y.map { [$0] }), batchSize: batchSize)
            expectValue(try #require(scores["loss"]), loss / n, tolerance: 1e-6)
            #expect(scores["accuracy"] == correct / n)
            #expect(scores.names == ["loss", "accuracy"])
        }
    }

    @Test func twoLayerSoftmaxWithSparseLabels() throws {
        let model = Sequential {
            Input(2)
            Dense(2, activation: .relu)
            Dense(3, activation: .softmax)
        }
        let dense = model.layers.compactMap { $0 as? Dense }
        let k1: [[Float]] = [[1, -1], [0.5, 2]], b1: [Float] = [0, 0.5]
        let k2: [[Float]] = [[1, 0, -1], [-0.5, 1, 0.25]], b2: [Float] = [0.1, 0, -0.1]
        try setWeights(dense[0], kernel: k1, bias: b1)
        try setWeights(dense[1], kernel: k2, bias: b2)
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: Adam(), metrics: [.accuracy])
        let x: [[Float]] = [[1, 1], [2, -1], [-1, 0.5]]
        let labels = [1, 0, 2]

        var loss: Float = 0, correct: Float = 0
        var outputs: [Float] = []
        for (row, label) in zip(x, labels) {
            let hidden = (0..<2).map { j in Swift.max(0, row[0] * k1[0][j] + row[1] * k1[1][j] + b1[j]) }
            let logits = (0..<3).map { j in hidden[0] * k2[0][j] + hidden[1] * k2[1][j] + b2[j] }
            let p = referenceSoftmax(logits)
            outputs += p
            loss += -log(p[label])
            if p.firstIndex(of: p.max()!) == label { correct += 1 }
        }
        expectValues(try model.predict(Tensor(x)), outputs, shape: [3, 3], tolerance: 1e-6)
        let scores = try model.evaluate(Tensor(x), Tensor(labels.map(Float.init)))
        expectValue(try #require(scores["loss"]), loss / 3, tolerance: 1e-6)
        #expect(scores["accuracy"] == correct / 3)
    }

    @Test func linearUnitWithMeanSquaredError() throws {
        let model = Sequential {
            Input(3)
            Dense(2)
        }
        try setWeights(try firstDense(model), kernel: [[1, 0], [0, 2], [-1, 1]], bias: [0.5, -0.5])
        try model.compile(loss: .meanSquaredError, optimizer: SGD())
        // Outputs: [1+0.5−3, 4−0.5+3] = [−1.5, 6.5] and [0.5, −0.5]; errors 1.5, 0.5, 0.5, 1.5.
        let scores = try model.evaluate(Tensor([[1, 2, 3], [0, 0, 0]]), Tensor([[-3, 6], [0, -2]]))
        expectValue(try #require(scores["loss"]), (2.25 + 0.25 + 0.25 + 2.25) / 4)
        #expect(scores.names == ["loss"])
    }

    @Test func predictInBatchesEqualsOnePass() throws {
        let model = Sequential(seed: 9) {
            Input(3)
            Dense(4, activation: .relu)
            Dense(2, activation: .softmax)
        }
        let x = try Tensor.randomUniform([10, 3], low: -1, high: 1, seed: 4)
        let whole = try model.predict(x)
        #expect(whole.shape == [10, 2])
        expectValues(try model.predict(x, batchSize: 3), whole.scalars, shape: [10, 2], tolerance: 1e-6)
        expectError(SynapseError.invalidArgument, mentioning: ["batchSize", "0"]) {
            _ = try model.predict(x, batchSize: 0)
        }
    }
}
