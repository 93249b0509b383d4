import Foundation
import Synapse
import Testing

/// The original framework's first example, end to end.
@Suite("XOR")
struct XORTests {
    static var x: Tensor { Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]) }
    static var y: Tensor { Tensor([[0], [1], [1], [0]]) }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func isLearned(seed: UInt64) throws {
        // 2-16-16-1, ReLU then a sigmoid output, binary cross-entropy, SGD with rate 0.1, full batch.
        let model = Sequential(seed: seed) {
            Input(2)
            Dense(16, activation: .relu)
            Dense(16, activation: .relu)
            Dense(1, activation: .sigmoid)
        }
        try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(learningRate: 0.1), metrics: [.accuracy])
        let history = try model.fit(Self.x, Self.y, epochs: 2000, batchSize: 4, verbose: 0)

        let predictions = try model.predict(Self.x)
        #expect(predictions.shape == [4, 1])
        let p = predictions.scalars
        #expect(p[0] < 0.5 && p[1] > 0.5 && p[2] > 0.5 && p[3] < 0.5, "predictions \(p)")
        #expect(history["accuracy"]?.last == 1)
        let losses = try #require(history["loss"])
        #expect(losses.count == 2000)
        #expect(losses.last! < 0.1 && losses.last! < losses.first! / 5, "loss \(losses.first!) → \(losses.last!)")
        #expect(try model.evaluate(Self.x, Self.y)["accuracy"] == 1)
    }
}
