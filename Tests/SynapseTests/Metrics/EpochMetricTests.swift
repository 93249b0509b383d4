import Foundation
import Synapse
import Testing

/// Epoch values are exact over all rows, not means of batch means.
@Suite("Epoch metrics")
struct EpochMetricTests {
    // One-unit identity model: the predictions are the inputs. With a learning rate of 0 they stay
    // fixed while `fit` runs.
    let x = Tensor([[0.9], [0.4], [0.2], [0.7], [0.8]])
    // Batches of 2 without shuffling: [✓ ✗] [✓ ✗] [✓] → 3/5 = 0.6 (a mean of batch means would be 2/3).
    let y = Tensor([[1], [1], [0], [0], [1]])

    func bceTerm(_ p: Float, _ y: Float) -> Float { -(y * log(p) + (1 - y) * log(1 - p)) }

    @Test func unevenBatchesGiveExactEpochValues() throws {
        for shuffle in [false, true] {
            let model = try AccuracyTests.identityModel(1)
            try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(learningRate: 0), metrics: [.accuracy])
            let recorder = RecordingCallback()
            let history = try model.fit(x, y, epochs: 2, batchSize: 2, shuffle: shuffle, verbose: 0, callbacks: [recorder])
            let p = x.scalars, labels = y.scalars
            let expectedLoss = zip(p, labels).map(bceTerm).reduce(0, +) / 5
            #expect(history["accuracy"] == [0.6, 0.6], "shuffle \(shuffle)")
            expectValues(Tensor(try #require(history["loss"])), [expectedLoss, expectedLoss], tolerance: 1e-6)
            #expect(recorder.batchLogs.count == 6)
            if !shuffle {
                // Running values after each batch: 1/2, 2/4, 3/5.
                #expect(recorder.batchLogs.prefix(3).map { $0["accuracy"]! } == [0.5, 0.5, 0.6])
                let firstBatchLoss = (bceTerm(0.9, 1) + bceTerm(0.4, 1)) / 2
                expectValue(recorder.batchLogs[0]["loss"]!, firstBatchLoss, tolerance: 1e-6)
            }
        }
    }

    @Test func evaluateIsExactOverUnevenBatches() throws {
        let model = try AccuracyTests.identityModel(1)
        try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(), metrics: [.accuracy])
        let whole = try model.evaluate(x, y, batchSize: 32)
        for batchSize in [1, 2, 3, 4] {
            let batched = try model.evaluate(x, y, batchSize: batchSize)
            #expect(batched["accuracy"] == 0.6)
            expectValue(try #require(batched["loss"]), try #require(whole["loss"]), tolerance: 1e-6)
        }
    }
}
