import Foundation
import Synapse
import Testing

@Suite("DecaySGD")
struct DecaySGDTests {
    static func formula(_ epoch: Int, initialRate: Float, decayAfter: Int, decayRate: Float) -> Float {
        initialRate * exp(-decayRate * Float(Swift.max(0, epoch - decayAfter + 1)))
    }

    @Test func rateFollowsTheFormula() {
        let optimizer = DecaySGD(initialRate: 0.2, decayAfter: 3, decayRate: 0.5)
        for epoch in 0..<8 {
            expectValue(optimizer.rate(forEpoch: epoch),
                        Self.formula(epoch, initialRate: 0.2, decayAfter: 3, decayRate: 0.5), tolerance: 1e-7)
        }
        // Epochs 0, 1, 2 at the initial rate; then × e^−0.5 per epoch.
        #expect(optimizer.rate(forEpoch: 2) == 0.2)
        expectValue(optimizer.rate(forEpoch: 3), 0.2 * 0.60653066, tolerance: 1e-6)
        expectValue(optimizer.rate(forEpoch: 5), 0.2 * 0.22313016, tolerance: 1e-6)
        let defaults = DecaySGD()
        #expect(defaults.initialRate == 0.1 && defaults.decayAfter == 5 && defaults.decayRate == 0.1)
        #expect(defaults.learningRate == 0.1)
    }

    @Test func fitUsesTheDecayedRateEachEpoch() throws {
        // One weight, MSE on a single sample x = 1, y = 0: the gradient is 2w, so each epoch's single
        // step multiplies w by (1 − 2·rate(epoch)).
        let model = Sequential {
            Input(1)
            Dense(1, useBias: false)
        }
        try setWeights(try firstDense(model), kernel: [[1]])
        let optimizer = DecaySGD(initialRate: 0.1, decayAfter: 2, decayRate: 0.7)
        try model.compile(loss: .meanSquaredError, optimizer: optimizer)
        let recorder = RecordingCallback()
        let epochs = 6
        try model.fit(Tensor([[1]]), Tensor([[0]]), epochs: epochs, batchSize: 1, verbose: 0, callbacks: [recorder])

        let expectedRates = (0..<epochs).map { Self.formula($0, initialRate: 0.1, decayAfter: 2, decayRate: 0.7) }
        expectValues(Tensor(recorder.learningRates), expectedRates, shape: [epochs], tolerance: 1e-6)
        var w: Float = 1
        for rate in expectedRates { w *= 1 - 2 * rate }
        let kernel = try #require(firstDense(model).kernel).value
        expectValues(kernel, [w], tolerance: 1e-6)
        // Plain SGD at the initial rate would have ended elsewhere.
        #expect(Swift.abs(w - pow(0.8, Float(epochs))) > 1e-3)
    }

    @Test func resumingStartsAtTheRateOfTheInitialEpoch() throws {
        let model = Sequential {
            Input(1)
            Dense(1)
        }
        let optimizer = DecaySGD(initialRate: 0.1, decayAfter: 1, decayRate: 1)
        try model.compile(loss: .meanSquaredError, optimizer: optimizer)
        let recorder = RecordingCallback()
        try model.fit(Tensor([[1]]), Tensor([[0]]), epochs: 5, initialEpoch: 3, verbose: 0, callbacks: [recorder])
        expectValues(Tensor(recorder.learningRates), [0.1 * exp(-3), 0.1 * exp(-4)], tolerance: 1e-7)
    }
}
