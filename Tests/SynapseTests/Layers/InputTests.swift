import Foundation
import Synapse
import Testing

@Suite("Input")
struct InputTests {
    @Test func declaresTheSampleShape() throws {
        #expect(Input(784).shape == [784])
        #expect(Input(shape: [28, 28]).shape == [28, 28])
        let model = Sequential {
            Input(shape: [2, 3])
            Dense(4)
        }
        #expect(model.inputShape == [2, 3])
        // The Input is not a layer of the stack; it only fixes the shape.
        #expect(model.layers.count == 1)
    }

    @Test func rejectsBatchesOfAnotherShape() {
        let input = Input(shape: [3], name: "pixels")
        expectError(SynapseError.shapeMismatch, mentioning: ["pixels", "[3]", "[2, 4]"]) {
            _ = try input.forward(Tensor([[1, 2, 3, 4], [5, 6, 7, 8]]), training: false)
        }
        let model = Sequential {
            Input(3)
            Dense(1)
        }
        expectError(SynapseError.shapeMismatch, mentioning: ["[3]", "[1, 2]"]) {
            _ = try model.predict(Tensor([[1, 2]]))
        }
    }

    @Test func mustComeFirst() throws {
        let model = Sequential()
        try model.add(Dense(2))
        expectError(SynapseError.invalidArgument, mentioning: ["Input", "first"]) {
            try model.add(Input(3))
        }
    }
}
