import Foundation
import Synapse
import Testing

/// `evaluate`'s result: loss first, then the compile order, read as Keras's list or dictionary.
@Suite("Evaluation result")
struct EvaluationResultTests {
    @Test func theLossComesFirstThenTheMetricsInCompileOrder() throws {
        let model = Sequential(seed: 2) { Input(2); Dense(1, activation: .sigmoid) }
        try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(), metrics: [.recall, .auc, .accuracy])
        let x = Tensor([[1, 0], [0, 1], [1, 1], [-1, 2]]), y = Tensor([1, 0, 1, 0])
        let result = try model.evaluate(x, y)
        #expect(result.names == ["loss", "recall", "auc", "accuracy"])
        #expect(result.count == 4)
        #expect(result[0] == result.loss)
        #expect(result[3] == result["accuracy"])
        #expect(result["precision"] == nil)
        #expect(Array(result) == result.values)
        #expect(result.dictionary == ["loss": result[0], "recall": result[1], "auc": result[2], "accuracy": result[3]])
        // The loss is the model's loss on the data, as the loss computes it from the predictions.
        let expected = try Loss.binaryCrossEntropy(labels: y.reshaped([4, 1]), predictions: model.predict(x)).item()
        expectValue(result.loss, expected, tolerance: 1e-5)
    }

    @Test func itPrintsAsTheProgressBarDoes() throws {
        let result = try EvaluationResult(names: ["loss", "accuracy"], values: [0.21344, 0.94])
        #expect(result.description == "loss: 0.2134 - accuracy: 0.9400")
    }

    @Test func namesAndValuesMustPair() {
        expectError(SynapseError.invalidArgument, mentioning: ["distinct names"]) {
            _ = try EvaluationResult(names: ["loss", "loss"], values: [1, 2])
        }
        expectError(SynapseError.invalidArgument, mentioning: ["1 values"]) {
            _ = try EvaluationResult(names: ["loss", "accuracy"], values: [1])
        }
    }

    /// `computeLoss` is the loss `fit` computes — from the logits when softmax feeds its
    /// cross-entropy: a saturated output gives the true 40, not the clipped −log(1e-7) ≈ 16.1.
    @Test func computeLossTakesTheFusedPath() throws {
        let model = Sequential { Input(1); Dense(2, activation: .softmax) }
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: SGD())
        try model.setWeights([Tensor([[20, -20]]), Tensor([0, 0])])
        expectValue(try model.computeLoss(Tensor([[1]]), Tensor([1])), 40, tolerance: 1e-5)
    }

    /// It adds the regularisation penalty, as `fit`'s loss does.
    @Test func computeLossAddsThePenalty() throws {
        let model = Sequential { Input(2); Dense(1, useBias: false, kernelRegularizer: .l2(0.5)) }
        try model.compile(loss: .meanSquaredError, optimizer: SGD())
        try model.setWeights([Tensor([[1], [2]])])
        // Predictions 3 and 1 against 0: mean squared error 5; penalty 0.5·(1 + 4) = 2.5.
        expectValue(try model.computeLoss(Tensor([[1, 1], [1, 0]]), Tensor([[0], [0]])), 7.5)
    }
}
