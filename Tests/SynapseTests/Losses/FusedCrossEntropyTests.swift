import Foundation
import Synapse
import Testing

/// A softmax (sigmoid) output trained with its cross-entropy is computed from the logits — the
/// fused path. Where nothing is clipped it must equal the unfused loss on the probabilities.
@Suite("Fused softmax/sigmoid cross-entropy")
struct FusedCrossEntropyTests {
    let x = Tensor([[0.5, -1, 2, 0.1], [1, 1, -0.5, 0.3], [-2, 0.5, 0.5, 1], [0.2, 0.2, 0.2, -1], [1.5, -0.3, 0, 0.7]])

    func model(outputs: Int, activation: Activation) -> Sequential {
        Sequential(seed: 3) {
            Input(4)
            Dense(6, activation: .tanh)
            Dense(outputs, activation: activation)
        }
    }

    @Test func softmaxWithCategoricalCrossEntropy() throws {
        let model = model(outputs: 3, activation: .softmax)
        let y = Tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]])
        try model.compile(loss: .categoricalCrossEntropy, optimizer: SGD())
        let fused = try #require(model.evaluate(x, y)["loss"])
        let unfused = try Loss.categoricalCrossEntropy(labels: y, predictions: model.predict(x)).item()
        expectValue(fused, unfused, tolerance: 1e-5)
    }

    @Test func softmaxWithSparseCategoricalCrossEntropy() throws {
        let model = model(outputs: 3, activation: .softmax)
        let y = Tensor([0, 1, 2, 1, 0])
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: SGD())
        let fused = try #require(model.evaluate(x, y, batchSize: 2)["loss"])
        let unfused = try Loss.sparseCategoricalCrossEntropy(labels: y, predictions: model.predict(x)).item()
        expectValue(fused, unfused, tolerance: 1e-5)
    }

    @Test func sigmoidWithBinaryCrossEntropy() throws {
        let model = model(outputs: 2, activation: .sigmoid)
        let y = Tensor([[1, 0], [0, 0], [1, 1], [0, 1], [1, 0]])
        try model.compile(loss: .binaryCrossEntropy, optimizer: SGD())
        let fused = try #require(model.evaluate(x, y)["loss"])
        let unfused = try Loss.binaryCrossEntropy(labels: y, predictions: model.predict(x)).item()
        expectValue(fused, unfused, tolerance: 1e-5)
    }

    @Test func fusedTrainingStepFollowsTheUnfusedGradient() throws {
        // One full-batch SGD step with rate 1 moves every weight by exactly −gradient; the fused
        // gradient (softmax − y from the logits) must match the unfused one.
        let y = Tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]])
        let reference = model(outputs: 3, activation: .softmax)
        let (_, gradients) = try valueWithGradient(at: reference.trainableParameters) {
            try Loss.categoricalCrossEntropy(labels: y, predictions: reference(x, training: true))
        }
        let trained = model(outputs: 3, activation: .softmax)
        try trained.compile(loss: .categoricalCrossEntropy, optimizer: SGD(learningRate: 1))
        try trained.fit(x, y, epochs: 1, batchSize: 5, shuffle: false, verbose: 0)
        for (index, (before, after)) in zip(reference.trainableParameters, trained.trainableParameters).enumerated() {
            let step = try after.value - before.value
            expectValues(step, (-gradients[index]).scalars, shape: before.value.shape, tolerance: 1e-5, before.path)
        }
    }

    @Test func saturatedSoftmaxIsNotClippedOnTheFusedPath() throws {
        // Logits (40, 0) for a row labelled 1: the true cost is ≈ 40; clipped probabilities cap it at
        // −log(1e-7) ≈ 16.1. Keras computes the fused loss from the logits.
        let model = Sequential {
            Input(1)
            Dense(2, activation: .softmax)
        }
        try setWeights(try firstDense(model), kernel: [[40, 0]], bias: [0, 0])
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: SGD())
        let fused = try #require(model.evaluate(Tensor([[1]]), Tensor([1]))["loss"])
        expectValue(fused, 40, tolerance: 1e-5)
        let unfused = try Loss.sparseCategoricalCrossEntropy(labels: Tensor([1]), predictions: model.predict(Tensor([[1]]))).item()
        expectValue(unfused, -log(Float(1e-7)), tolerance: 1e-4)
    }

    @Test func otherActivationsAreNotFused() throws {
        // A linear output with cross-entropy on logits is evaluated as given.
        let model = model(outputs: 3, activation: .linear)
        let y = Tensor([2, 1, 0, 0, 1])
        try model.compile(loss: .sparseCategoricalCrossEntropy(fromLogits: true), optimizer: SGD())
        let value = try #require(model.evaluate(x, y)["loss"])
        let expected = try Loss.sparseCategoricalCrossEntropy(fromLogits: true)(labels: y, predictions: model.predict(x)).item()
        expectValue(value, expected, tolerance: 1e-6)
    }
}
