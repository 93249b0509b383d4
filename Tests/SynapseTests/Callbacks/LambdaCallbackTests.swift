import Foundation
import Synapse
import Testing

@Suite("LambdaCallback")
struct LambdaCallbackTests {
    @Test func everyHookRunsWithItsArguments() throws {
        var events: [String] = []
        let callback = LambdaCallback(
            onEpochBegin: { events.append("epochBegin \($0)") },
            onEpochEnd: { epoch, logs in events.append("epochEnd \(epoch) \(logs.keys.sorted())") },
            onBatchBegin: { events.append("batchBegin \($0)") },
            onBatchEnd: { batch, logs in events.append("batchEnd \(batch) \(logs.keys.sorted())") },
            onTrainBegin: { events.append("trainBegin") },
            onTrainEnd: { events.append("trainEnd") })
        // 8 rows in batches of 5: two batches per epoch.
        try tinyRegressionModel().fit(callbackX, callbackY, epochs: 2, batchSize: 5, validationData: (callbackX, callbackY),
                                      verbose: 0, callbacks: [callback])
        let epoch = { (e: Int) in
            ["epochBegin \(e)", "batchBegin 0", "batchEnd 0 [\"loss\"]", "batchBegin 1", "batchEnd 1 [\"loss\"]",
             "epochEnd \(e) [\"loss\", \"val_loss\"]"]
        }
        #expect(events == ["trainBegin"] + epoch(0) + epoch(1) + ["trainEnd"])
    }

    @Test func unsetHooksAreSkipped() throws {
        var losses: [Float] = []
        let history = try tinyRegressionModel().fit(callbackX, callbackY, epochs: 3, verbose: 0,
                                                    callbacks: [LambdaCallback(onEpochEnd: { _, logs in losses.append(logs["loss"]!) })])
        #expect(losses == history["loss"])
    }

    @Test func anErrorThrownByAHookEndsFit() throws {
        struct Stop: Error, Equatable { let epoch: Int }
        let model = try tinyRegressionModel()
        #expect(throws: Stop(epoch: 1)) {
            try model.fit(callbackX, callbackY, epochs: 5, verbose: 0,
                          callbacks: [LambdaCallback(onEpochEnd: { epoch, _ in if epoch == 1 { throw Stop(epoch: epoch) } })])
        }
        #expect(model.epochsTrained == 2)
    }
}
