import Foundation
import Synapse
import Testing

/// Issue 10, defect 5: sizes given to models and layers are checked, and throw, instead of trapping on
/// overflow or aborting in the allocator.
@Suite struct ModelSizeLimitTests {
    @Test(arguments: [Int.max, 1 << 62, 1 << 40])
    func denseLayersTooLargeToHoldThrowWhenAdded(units: Int) {
        let model = Sequential { Input(4) }
        expectSynapseError(.invalidArgument, mentioning: ["dense", "kernel", "[4, \(units)]", "more than 2147483648 values"]) {
            try model.add(Dense(units))
        }
    }

    @Test func anInputTooLargeToHoldThrows() {
        let model = Sequential()
        expectSynapseError(.invalidArgument, mentioning: ["input", "[4611686018427387904, 4]"]) {
            try model.add(Input(shape: [1 << 62, 4]))
        }
    }

    /// A batch whose buffers would hold more than 2³¹ values is refused when the plan is made, before
    /// anything is allocated: here 2048 rows of 2²¹ + 1 padded steps.
    @Test func buffersTooLargeForTheBatchThrowWhenPlanned() throws {
        let model = Sequential { Input(shape: [1, 1]); ZeroPadding1D(padding: 1 << 20) }
        let x = try Tensor.zeros([2048, 1, 1])
        expectSynapseError(.invalidArgument, mentioning: ["2048 rows", "lower the batch size", "more than 2147483648 values"]) {
            _ = try model.predict(x, batchSize: 2048)
        }
        #expect(try model.predict(try Tensor.zeros([2, 1, 1])).shape == [2, (1 << 21) + 1, 1])
    }

    /// A batch size beyond the number of rows takes all of them at once, as in Keras, even Int.max.
    @Test func batchSizeOfIntMaxTrainsEvaluatesAndPredictsInOneBatch() throws {
        let model = Sequential(seed: 1) { Input(2); Dense(1) }
        try model.compile(loss: .meanSquaredError, optimizer: SGD())
        let x = Tensor([[0, 1], [1, 0], [1, 1]]), y = Tensor([[1], [0], [1]])
        let reference = Sequential(seed: 1) { Input(2); Dense(1) }
        try reference.compile(loss: .meanSquaredError, optimizer: SGD())
        let history = try model.fit(x, y, epochs: 2, batchSize: Int.max, shuffle: false, verbose: 0)
        try reference.fit(x, y, epochs: 2, batchSize: 3, shuffle: false, verbose: 0)
        #expect(history["loss"]?.count == 2)
        #expect(try model.predict(x, batchSize: Int.max) == reference.predict(x))
        #expect(try model.evaluate(x, y, batchSize: Int.max) == reference.evaluate(x, y, batchSize: 3))
    }
}
