import Foundation
import Synapse
import Testing

@Suite("Optimizer.apply")
struct OptimizerApplyTests {
    @Test func customTrainingLoopWithParameters() throws {
        // A custom loop: valueWithGradient over a model's parameters, then apply.
        let model = Sequential(seed: 2) {
            Input(2)
            Dense(1)
        }
        let x = Tensor([[1, 2], [3, -1], [0, 1], [2, 2]])
        let y = Tensor([[1], [0], [2], [3]])
        let optimizer = SGD(learningRate: 0.05)
        var losses: [Float] = []
        for _ in 0..<30 {
            let (loss, gradients) = try valueWithGradient(at: model.trainableParameters) {
                try Loss.meanSquaredError(labels: y, predictions: model(x, training: true))
            }
            #expect(gradients.map(\.shape) == model.trainableParameters.map(\.value.shape))
            try optimizer.apply(gradients, to: model.trainableParameters)
            losses.append(try loss.item())
        }
        #expect(losses.last! < losses.first! / 2)
        #expect(optimizer.iterations == 30)
        // Parameters are left detached: plain inference records nothing.
        #expect(!(try model.predict(x)).isRecording)
    }

    @Test func gradientsMatchTheHandDerivative() throws {
        // d/dw of mean((x·w + b − y)²) for one linear unit, by hand.
        let model = Sequential {
            Input(2)
            Dense(1)
        }
        try setWeights(try firstDense(model), kernel: [[0.5], [-1]], bias: [0.25])
        let x: [[Float]] = [[1, 2], [3, -1], [0, 1]]
        let y: [Float] = [1, 0, 2]
        let (_, gradients) = try valueWithGradient(at: model.trainableParameters) {
            try Loss.meanSquaredError(labels: Tensor(y.map { [$0] }), predictions: model(Tensor(x), training: true))
        }
        var dw: [Float] = [0, 0], db: Float = 0
        for (row, label) in zip(x, y) {
            let error = row[0] * 0.5 - row[1] + 0.25 - label
            dw[0] += 2 * error * row[0] / 3
            dw[1] += 2 * error * row[1] / 3
            db += 2 * error / 3
        }
        expectValues(gradients[0], dw, shape: [2, 1])
        expectValues(gradients[1], [db], shape: [1])
    }

    @Test func divergingTrainingStopsWithAClearError() throws {
        // A huge learning rate overflows to infinity and then NaN: fit throws instead of carrying on
        // with NaN weights.
        let model = Sequential(seed: 1) {
            Input(1)
            Dense(1)
        }
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 1e6))
        expectError(SynapseError.invalidData, mentioning: ["fit: the loss became", "diverged", "TerminateOnNaN()"]) {
            try model.fit(Tensor([[1], [2]]), Tensor([[1], [-1]]), epochs: 100, batchSize: 2, verbose: 0)
        }
        #expect(model.epochsTrained < 100)
        // The diverged batch changed nothing: the weights are still finite.
        #expect(model.parameters.allSatisfy { $0.value.scalars.allSatisfy(\.isFinite) })
    }

    @Test(arguments: [true, false])
    func terminateOnNaNStopsDivergingTrainingWithoutAnError(usesKernels: Bool) throws {
        let model = Sequential(seed: 1) {
            Input(1)
            Dense(1)
        }
        model.usesKernels = usesKernels
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 1e6))
        let terminate = TerminateOnNaN(write: { _ in })
        let history = try model.fit(Tensor([[1], [2]]), Tensor([[1], [-1]]), epochs: 100, batchSize: 2, verbose: 0,
                                    callbacks: [terminate])
        #expect(terminate.stoppedAt != nil)
        #expect(history.epochs.count < 100)
        #expect(!(history["loss"]!.last!.isFinite))
    }

    @Test func frozenParametersAreSkipped() throws {
        let sgd = SGD(learningRate: 1)
        let trainable = Parameter(name: "a", value: Tensor([1]))
        let frozen = Parameter(name: "b", value: Tensor([1]), isTrainable: false)
        try sgd.apply([Tensor([0.5]), Tensor([0.5])], to: [trainable, frozen])
        #expect(trainable.value == Tensor([0.5]))
        #expect(frozen.value == Tensor([1]))
    }

    @Test func mismatchesThrow() {
        let sgd = SGD()
        let w = Parameter(name: "w", value: Tensor([1, 2]))
        expectError(SynapseError.shapeMismatch, mentioning: ["2 gradients", "1 parameters"]) {
            try sgd.apply([Tensor([1, 1]), Tensor([1, 1])], to: [w])
        }
        expectError(SynapseError.shapeMismatch, mentioning: ["[3]", "[2]", "w"]) {
            try sgd.apply([Tensor([1, 1, 1])], to: [w])
        }
        // The documented check: a NaN gradient is refused before anything is updated.
        let other = Parameter(name: "other", value: Tensor([1]))
        expectError(SynapseError.invalidData, mentioning: ["NaN", "w"]) {
            try sgd.apply([Tensor([0.5]), Tensor([1, .nan])], to: [other, w])
        }
        #expect(other.value == Tensor([1]))
        #expect(w.value == Tensor([1, 2]))
        #expect(sgd.iterations == 0)
    }
}
