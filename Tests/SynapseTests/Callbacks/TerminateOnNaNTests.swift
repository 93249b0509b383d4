import Foundation
import Synapse
import Testing

@Suite("TerminateOnNaN")
struct TerminateOnNaNTests {
    /// A linear model y = w·x with w = 1e19, trained one row at a time without shuffling: the first
    /// row (x = 0.001) gives a finite loss, the second (x = 10) a prediction of 1e20 whose square
    /// overflows the loss to infinity while the gradient stays finite.
    func overflowingRegression() throws -> (model: Sequential, x: Tensor, y: Tensor) {
        let model = Sequential(seed: 1) {
            Input(1)
            Dense(1)
        }
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.01))
        try setWeights(firstDense(model), kernel: [[1e19]], bias: [0])
        return (model, Tensor([[0.001], [10], [1], [2]]), Tensor([[0], [0], [0], [0]]))
    }

    @Test func stopsAtTheFirstBatchWithAnInvalidLoss() throws {
        let (model, x, y) = try overflowingRegression()
        let messages = MessageLog()
        let terminate = TerminateOnNaN(write: messages.write)
        var batches: [Int] = []
        var trainingEnded = false
        let watcher = LambdaCallback(onBatchEnd: { batch, _ in batches.append(batch) }, onTrainEnd: { trainingEnded = true })
        let history = try model.fit(x, y, epochs: 5, batchSize: 1, shuffle: false, verbose: 0, callbacks: [terminate, watcher])
        #expect(messages.lines == ["Batch 1: Invalid loss, terminating training"])
        #expect(terminate.stoppedAt?.epoch == 0 && terminate.stoppedAt?.batch == 1)
        // The batch that went wrong is the last one run; the epoch is still recorded, and the other
        // callbacks' end-of-training hooks run.
        #expect(batches == [0, 1])
        #expect(history.epochs == [0])
        #expect(history["loss"]?.first == .infinity)
        #expect(trainingEnded)
    }

    @Test func raiseErrorThrowsInstead() throws {
        let (model, x, y) = try overflowingRegression()
        let messages = MessageLog()
        expectSynapseError(.invalidData, mentioning: ["TerminateOnNaN", "batch 1", "inf"]) {
            try model.fit(x, y, epochs: 5, batchSize: 1, shuffle: false, verbose: 0,
                          callbacks: [TerminateOnNaN(raiseError: true, write: messages.write)])
        }
        #expect(messages.text == "")
    }

    @Test func healthyTrainingIsNotDisturbed() throws {
        let messages = MessageLog()
        let terminate = TerminateOnNaN(write: messages.write)
        let history = try tinyRegressionModel().fit(callbackX, callbackY, epochs: 3, batchSize: 2, verbose: 0,
                                                    callbacks: [terminate])
        #expect(history.epochs == [0, 1, 2])
        #expect(terminate.stoppedAt == nil)
        #expect(messages.text == "")
    }
}
