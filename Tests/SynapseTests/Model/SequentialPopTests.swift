import Foundation
import Synapse
import Testing

/// `Sequential.pop()`, as Keras's: removes the last layer, keeps the others' weights, throws when empty.
@Suite("Sequential pop")
struct SequentialPopTests {
    @Test func popRemovesTheLastLayerAndRebuilds() throws {
        let model = Sequential(seed: 3) {
            Input(3)
            Dense(4, activation: .relu)
            Dense(2, activation: .softmax)
        }
        let x = try Tensor(shape: [2, 3], scalars: [0.1, -0.2, 0.3, 0.5, 0.4, -0.6])
        #expect(try model.predict(x).shape == [2, 2])
        let kernel = model.parameters[0].value
        let removed = try model.pop()
        #expect(removed.name == "dense_1")
        #expect(model.layers.map(\.name) == ["dense"])
        #expect(model.outputShape == [4])
        #expect(model.layerOutputShapes == [[4]])
        #expect(model.parameters.count == 2)
        #expect(model.parameters[0].value == kernel)
        let y = try model.predict(x)
        #expect(y.shape == [2, 4])
        #expect(y.scalars.allSatisfy { $0 >= 0 })
        try model.add(Dense(5, name: "dense_1"))
        #expect(model.outputShape == [5])
        #expect(try model.predict(x).shape == [2, 5])
    }

    @Test func popOnAnEmptyModelThrows() throws {
        let model = Sequential()
        #expect(throws: SynapseError.self) { try model.pop() }
        let one = Sequential { Input(2); Dense(1) }
        try one.pop()
        #expect(one.layers.isEmpty)
        #expect(throws: SynapseError.self) { try one.pop() }
    }
}
