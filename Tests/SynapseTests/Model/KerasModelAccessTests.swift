import Foundation
import Synapse
import Testing

/// The Keras API users reach for (issue 10): weights as a list, layers by name, parameter counts,
/// and training, testing and predicting one batch at a time.
@Suite struct KerasModelAccessTests {
    static func model(seed: UInt64 = 4) throws -> Sequential {
        let model = Sequential(seed: seed) { Input(3); Dense(4, activation: .tanh, name: "hidden"); Dense(2, activation: .softmax) }
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: SGD(learningRate: 0.1), metrics: [.accuracy])
        return model
    }

    static var x: Tensor { Tensor([[0.5, -1, 2], [1, 0.3, -0.4], [0, 0, 1], [-1, 2, 0.5]]) }
    static var y: Tensor { Tensor([0, 1, 1, 0]) }

    @Test func weightsComeInKerasOrderAndGoBackShapeChecked() throws {
        let model = try Self.model()
        #expect(model.getWeights().map(\.shape) == [[3, 4], [4], [4, 2], [2]])
        #expect(model.countParameters() == 3 * 4 + 4 + 4 * 2 + 2)
        let hidden = try model.layer(named: "hidden")
        #expect(hidden.countParameters() == 16 && hidden.getWeights() == Array(model.getWeights()[..<2]))

        let zeros = try model.getWeights().map { try Tensor.zeros($0.shape) }
        try model.setWeights(zeros)
        #expect(model.getWeights() == zeros)
        #expect(try model.predict(Self.x) == Tensor(shape: [4, 2], repeating: 0.5))

        let before = model.getWeights()
        expectSynapseError(.shapeMismatch, mentioning: ["setWeights", "expected 4 tensors", "found 3"]) {
            try model.setWeights(Array(before.prefix(3)))
        }
        expectSynapseError(.shapeMismatch, mentioning: ["'dense.kernel'", "[4, 2]", "[2, 4]"]) {
            try model.setWeights([before[0], before[1], try Tensor.ones([2, 4]), before[3]])
        }
        #expect(model.getWeights() == before, "a refused setWeights changed nothing")
        try hidden.setWeights([try Tensor.ones([3, 4]), try Tensor.ones([4])])
        #expect(model.getWeights()[0] == (try Tensor.ones([3, 4])))
        expectSynapseError(.invalidArgument, mentioning: ["no layer is named 'output'", "'hidden'", "'dense'"]) {
            _ = try model.layer(named: "output")
        }
    }

    /// One `trainOnBatch` is one step of `fit` over the same rows; `testOnBatch` and `predictOnBatch`
    /// give what `evaluate` and `predict` give.
    @Test func onBatchCallsMatchFitEvaluateAndPredict() throws {
        let stepped = try Self.model(), fitted = try Self.model()
        let logs = try stepped.trainOnBatch(Self.x, Self.y)
        let history = try fitted.fit(Self.x, Self.y, epochs: 1, batchSize: 4, shuffle: false, verbose: 0)
        #expect(stepped.getWeights() == fitted.getWeights())
        #expect(logs["loss"] == history["loss"]?.first && logs["accuracy"] == history["accuracy"]?.first)
        #expect(try stepped.testOnBatch(Self.x, Self.y) == fitted.evaluate(Self.x, Self.y))
        #expect(try stepped.predictOnBatch(Self.x) == fitted.predict(Self.x))
        expectSynapseError(.invalidState, mentioning: ["compile"]) {
            _ = try Sequential { Input(3); Dense(1) }.trainOnBatch(Self.x, Self.y)
        }
    }
}
