import Foundation
import Synapse
import Testing

@Suite("Dropout")
struct DropoutTests {
    @Test func invertedScalingWhileTraining() throws {
        let dropout = Dropout(0.25, seed: 7)
        var generator = RandomGenerator(seed: 0)
        #expect(try dropout.build(inputShape: [1000], generator: &generator) == [1000])
        let x = try Tensor(shape: [4, 1000], scalars: (0..<4000).map { Float($0 % 17) + 1 })
        let y = try dropout.forward(x, training: true)
        #expect(y.shape == x.shape)
        var dropped = 0
        for (input, output) in zip(x.scalars, y.scalars) {
            if output == 0 {
                dropped += 1
            } else {
                // Kept values are scaled by 1 / (1 − 0.25).
                expectValue(output, input / 0.75, tolerance: 1e-6)
            }
        }
        // About a quarter dropped (4000 draws: 1000 ± 4σ ≈ ±110).
        #expect((890...1110).contains(dropped), "dropped \(dropped) of 4000")
    }

    @Test func expectedValueIsPreserved() throws {
        let dropout = Dropout(0.5, seed: 3)
        var generator = RandomGenerator(seed: 0)
        _ = try dropout.build(inputShape: [10_000], generator: &generator)
        let y = try dropout.forward(Tensor(shape: [1, 10_000], repeating: 1), training: true)
        let mean = y.scalars.reduce(0, +) / 10_000
        #expect(Swift.abs(mean - 1) < 0.05, "mean \(mean)")
        #expect(Set(y.scalars) == [0, 2])
    }

    @Test func inactiveAtInference() throws {
        let dropout = Dropout(0.5, seed: 1)
        var generator = RandomGenerator(seed: 0)
        _ = try dropout.build(inputShape: [6], generator: &generator)
        let x = Tensor([[1, -2, 3, 4, 5, 6], [0.5, 0.25, -1, 2, 8, 9]])
        #expect(try dropout.forward(x, training: false) == x)
        #expect(try dropout.forward(x, training: false) == x)

        // In a model: predict is deterministic and equals the model without dropout.
        let withDropout = Sequential(seed: 4) {
            Input(6)
            Dense(5, activation: .relu)
            Dropout(0.5)
            Dense(2)
        }
        let first = try withDropout.predict(x)
        #expect(try withDropout.predict(x) == first)
        #expect(try withDropout(x, training: false) == first)
        let dense = withDropout.layers.compactMap { $0 as? Dense }
        var hidden = try dense[0].forward(x, training: false)
        hidden = try dense[1].forward(hidden, training: false)
        #expect(hidden == first)
        // While training, the same input gives different outputs.
        #expect(try withDropout(x, training: true) != first)
    }

    @Test func rateZeroIsTheIdentityEvenWhileTraining() throws {
        let dropout = Dropout(0)
        var generator = RandomGenerator(seed: 0)
        _ = try dropout.build(inputShape: [3], generator: &generator)
        let x = Tensor([[1, 2, 3]])
        #expect(try dropout.forward(x, training: true) == x)
    }

    @Test func gradientFlowsOnlyThroughKeptUnits() throws {
        let dropout = Dropout(0.5, seed: 9)
        var generator = RandomGenerator(seed: 0)
        _ = try dropout.build(inputShape: [8], generator: &generator)
        let x = Tensor([[1, 2, 3, 4, 5, 6, 7, 8]])
        var output = x
        let (_, gradient) = try valueWithGradient(at: x) { t in
            output = try dropout.forward(t, training: true)
            return output.sum()
        }
        // d(sum)/dx is the mask: 2 where kept, 0 where dropped.
        let expected = output.detached.scalars.map { $0 == 0 ? Float(0) : 2 }
        #expect(gradient.scalars == expected)
    }

    @Test func rateIsValidated() throws {
        for rate: Float in [1, 1.5, -0.1] {
            var generator = RandomGenerator(seed: 0)
            expectError(SynapseError.invalidArgument, mentioning: ["my_dropout", "[0, 1)", "\(rate)"]) {
                _ = try Dropout(rate, name: "my_dropout").build(inputShape: [3], generator: &generator)
            }
        }
        // Added to a model with a known input shape, the error surfaces at once.
        let model = Sequential()
        try model.add(Input(3))
        expectError(SynapseError.invalidArgument, mentioning: ["dropout", "1.0"]) {
            try model.add(Dropout(1))
        }
        // From the builder, it surfaces on first use.
        let built = Sequential {
            Input(3)
            Dropout(2)
        }
        expectError(SynapseError.invalidArgument, mentioning: ["2.0"]) {
            _ = try built.predict(Tensor([[1, 2, 3]]))
        }
    }
}
